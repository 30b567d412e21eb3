/**
 * Structured mutations of an ORD document's meaning: entities deleted, duplicated (also under
 * another case or major of their ORD ID) and moved between arrays; ORD IDs, versions, release
 * statuses, dates, successors, tombstones, changelogs, entry points and definition URLs bent;
 * the top level retyped. They drive the matching and every rule family through the inputs where
 * a wrong verdict or a crash is likeliest.
 */
import { bendOrdId, bendVersion, DATES, P, RELEASE_STATUSES } from "./hostile.js";
import {
  appendTo,
  clone,
  ENTITY_ARRAYS,
  isObj,
  ordIdsOf,
  randomEntity,
  setOwn,
  type Obj,
} from "./json.js";
import type { Mutation } from "./structured.js";

export const deleteEntity: Mutation = {
  name: "delete-entity",
  apply(rng, doc) {
    const e = randomEntity(rng, doc.value);
    if (!e || !isObj(doc.value)) return undefined;
    (doc.value[e.array] as unknown[]).splice(e.index, 1);
    return `delete entity ${e.array}[${e.index}]`;
  },
};

export const duplicateEntity: Mutation = {
  name: "duplicate-entity",
  apply(rng, doc) {
    const e = randomEntity(rng, doc.value);
    if (!e || !isObj(doc.value)) return undefined;
    const copy = clone(e.value);
    const how = rng.pick(["same", "case", "major", "other-array"]);
    if (typeof copy.ordId === "string" && how === "case") copy.ordId = copy.ordId.toUpperCase();
    if (typeof copy.ordId === "string" && how === "major")
      copy.ordId = bendOrdId(rng, copy.ordId, []);
    const array = how === "other-array" ? rng.pick(ENTITY_ARRAYS) : e.array;
    const list = doc.value[array];
    if (Array.isArray(list)) list.splice(rng.int(list.length + 1), 0, copy);
    else setOwn(doc.value, array, [copy]);
    return `duplicate ${e.array}[${e.index}] (${how}) into ${array}`;
  },
};

export const moveEntity: Mutation = {
  name: "move-entity",
  apply(rng, doc) {
    const e = randomEntity(rng, doc.value);
    if (!e || !isObj(doc.value)) return undefined;
    (doc.value[e.array] as unknown[]).splice(e.index, 1);
    const array = rng.pick(ENTITY_ARRAYS.filter((a) => a !== e.array).concat(["tombstones"]));
    appendTo(doc.value, array, e.value);
    return `move ${e.array}[${e.index}] to ${array}`;
  },
};

export const protoValue: Mutation = {
  name: "proto-value",
  apply(rng, doc) {
    const e = randomEntity(rng, doc.value);
    if (!e) return undefined;
    const field = rng.pick([
      "ordId",
      "version",
      "releaseStatus",
      "partOfPackage",
      "visibility",
      "apiProtocol",
      "lastUpdate",
    ]);
    const value = rng.pick(P.protoKeys);
    setOwn(e.value, field, value);
    return `${e.array}[${e.index}].${field} = ${value}`;
  },
};

export const ordId: Mutation = {
  name: "ord-id",
  apply(rng, doc) {
    const e = randomEntity(rng, doc.value);
    if (!e) return undefined;
    const before = typeof e.value.ordId === "string" ? e.value.ordId : "sap.xref:apiResource:x:v1";
    const after = bendOrdId(rng, before, ordIdsOf(doc.value));
    e.value.ordId = after;
    return `${e.array}[${e.index}].ordId ${JSON.stringify(before)} → ${JSON.stringify(after.slice(0, 80))}`;
  },
};

export const version: Mutation = {
  name: "version",
  apply(rng, doc) {
    const e = randomEntity(rng, doc.value);
    if (!e) return undefined;
    const after = bendVersion(rng, e.value.version);
    setOwn(e.value, "version", after);
    return `${e.array}[${e.index}].version → ${JSON.stringify(after)}`;
  },
};

export const releaseStatus: Mutation = {
  name: "release-status",
  apply(rng, doc) {
    const e = randomEntity(rng, doc.value);
    if (!e) return undefined;
    const after = rng.chance(0.9) ? rng.pick(RELEASE_STATUSES) : rng.pick(P.odd)();
    setOwn(e.value, "releaseStatus", after);
    return `${e.array}[${e.index}].releaseStatus → ${JSON.stringify(after)}`;
  },
};

export const dates: Mutation = {
  name: "dates",
  apply(rng, doc) {
    const e = randomEntity(rng, doc.value);
    if (!e) return undefined;
    const field = rng.pick(["lastUpdate", "deprecationDate", "sunsetDate"]);
    const after = rng.chance(0.9) ? rng.pick(DATES) : rng.pick(P.odd)();
    setOwn(e.value, field, after);
    return `${e.array}[${e.index}].${field} → ${JSON.stringify(after)}`;
  },
};

export const successors: Mutation = {
  name: "successors",
  apply(rng, doc) {
    const e = randomEntity(rng, doc.value);
    if (!e) return undefined;
    const ids = ordIdsOf(doc.value);
    const own = typeof e.value.ordId === "string" ? e.value.ordId : "x";
    const after = rng.pick<unknown>([
      [own],
      ids.slice(0, 3),
      [bendOrdId(rng, own, ids)],
      ["sap.xref:apiResource:nowhere:v9"],
      own,
      [null, 1, {}],
      [],
    ]);
    setOwn(e.value, "successors", after);
    if (rng.chance(0.5)) e.value.releaseStatus = rng.pick(["deprecated", "sunset", "active"]);
    return `${e.array}[${e.index}].successors → ${JSON.stringify(after).slice(0, 80)}`;
  },
};

export const tombstones: Mutation = {
  name: "tombstones",
  apply(rng, doc) {
    if (!isObj(doc.value)) return undefined;
    const ids = ordIdsOf(doc.value);
    const id =
      ids.length > 0 && rng.chance(0.7)
        ? rng.pick(ids)
        : bendOrdId(rng, "sap.xref:apiResource:gone:v1", ids);
    const tombstone: Obj = { ordId: id, removalDate: rng.pick(DATES) };
    if (rng.chance(0.2)) setOwn(tombstone, rng.pick(["ordId", "removalDate"]), rng.pick(P.odd)());
    const list = doc.value.tombstones;
    if (Array.isArray(list) && rng.chance(0.5)) {
      if (list.length > 0 && rng.chance(0.5)) list.splice(rng.int(list.length), 1);
      else list.push(tombstone);
    } else {
      setOwn(doc.value, "tombstones", rng.chance(0.9) ? [tombstone] : rng.pick(P.odd)());
    }
    return `tombstone for ${JSON.stringify(id).slice(0, 80)}`;
  },
};

export const changelog: Mutation = {
  name: "changelog",
  apply(rng, doc) {
    const e = randomEntity(rng, doc.value);
    if (!e) return undefined;
    const entry: Obj = {
      version: bendVersion(rng, e.value.version),
      releaseStatus: rng.pick(RELEASE_STATUSES),
      date: rng.pick(DATES),
      description: rng.pick(P.weird),
    };
    setOwn(e.value, "changelogEntries", rng.chance(0.9) ? [entry] : rng.pick(P.odd)());
    return `${e.array}[${e.index}].changelogEntries`;
  },
};

export const entryPoints: Mutation = {
  name: "entry-points",
  apply(rng, doc) {
    const e = randomEntity(rng, doc.value);
    if (!e) return undefined;
    const after = rng.pick<unknown>([
      ["/api/v1"],
      ["/api/v2", "/api/v1"],
      ["/odata/v4/x", "/odata/v4/x"],
      [""],
      ["http://example.com/v3/x"],
      [1, null],
      "/api/v1",
      [],
    ]);
    setOwn(e.value, "entryPoints", after);
    return `${e.array}[${e.index}].entryPoints → ${JSON.stringify(after)}`;
  },
};

export const definitionUrl: Mutation = {
  name: "definition-url",
  apply(rng, doc) {
    const e = randomEntity(rng, doc.value);
    if (!e) return undefined;
    const url = rng.pick([
      "defs/api.json",
      "/defs/api.json",
      "../../../../etc/passwd",
      "http://127.0.0.1:9/x.json",
      "file:///etc/passwd",
      "",
      ".",
      "defs/",
      "%2e%2e/%2e%2e/x",
      "defs/api.json?x=1#/paths",
      "\u0000",
      "/".repeat(1000),
    ]);
    const after = rng.chance(0.8)
      ? [
          {
            type: rng.pick(["openapi-v3", "asyncapi-v2", "graphql-sdl", "custom", "edmx"]),
            mediaType: "application/json",
            url,
            accessStrategies: [{ type: "open" }],
          },
        ]
      : rng.pick(P.odd)();
    setOwn(e.value, rng.chance(0.8) ? "resourceDefinitions" : "definitions", after);
    return `${e.array}[${e.index}] definition url ${JSON.stringify(url).slice(0, 40)}`;
  },
};

export const topLevel: Mutation = {
  name: "top-level",
  apply(rng, doc) {
    if (!isObj(doc.value)) return undefined;
    const what = rng.int(6);
    if (what === 0) {
      const v = rng.pick<unknown>(["1.0", "1.9", "1.16", "99.0", "", 1, null, [], undefined]);
      if (v === undefined) delete doc.value.openResourceDiscovery;
      else doc.value.openResourceDiscovery = v;
      return `openResourceDiscovery → ${JSON.stringify(v)}`;
    }
    if (what === 1) {
      const array = rng.pick(ENTITY_ARRAYS.concat(["tombstones"]));
      const v = rng.pick<unknown>([{}, "x", null, 1, [null, 1, "s", []], { 0: {} }]);
      setOwn(doc.value, array, v);
      return `${array} → ${JSON.stringify(v)}`;
    }
    if (what === 2) {
      doc.value = rng.pick<unknown>([
        ["openResourceDiscovery"],
        "openResourceDiscovery",
        42,
        null,
        [doc.value],
      ]);
      return `document → ${JSON.stringify(doc.value).slice(0, 40)}`;
    }
    if (what === 3) {
      for (const array of ENTITY_ARRAYS)
        if (Array.isArray(doc.value[array])) setOwn(doc.value, array, []);
      return "all entity arrays emptied";
    }
    if (what === 4) {
      const system = { version: bendVersion(rng, "1.0.0") };
      setOwn(doc.value, "describedSystemVersion", rng.chance(0.8) ? system : rng.pick(P.odd)());
      return "describedSystemVersion bent";
    }
    const e = randomEntity(rng, doc.value);
    if (!e) return undefined;
    (doc.value[e.array] as unknown[])[e.index] = [e.value];
    return `${e.array}[${e.index}] wrapped in an array`;
  },
};
