/**
 * Synthetic base/head ORD document pairs for the benchmark: all entity types in realistic
 * proportions, packages, bundles, tombstones, changelog entries and deprecated series with
 * successors; head = base plus a seeded mix of patch, additive, breaking and lifecycle changes,
 * moves between documents, and removals with and without tombstones.
 */

type Json = Record<string, unknown>;

/** Small deterministic PRNG (mulberry32): the same seed gives byte-identical documents. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Share of each entity type among the generated entities (sums to 1). */
const MIX: [string, string, number][] = [
  ["apiResources", "apiResource", 0.25],
  ["eventResources", "eventResource", 0.15],
  ["entityTypes", "entityType", 0.2],
  ["dataProducts", "dataProduct", 0.05],
  ["integrationDependencies", "integrationDependency", 0.05],
  ["capabilities", "capability", 0.03],
  ["agents", "agent", 0.02],
  ["packages", "package", 0.15],
  ["consumptionBundles", "consumptionBundle", 0.08],
  ["products", "product", 0.02],
];

const NS = "sap.bench";
const DAY = "2026-01-01T00:00:00Z";

function entity(concept: string, i: number, rnd: () => number): Json {
  const name = `${concept}-${i}`;
  const common: Json = {
    ordId: concept === "product" ? `${NS}:product:${name}:` : `${NS}:${concept}:${name}:v1`,
    title: `Generated ${concept} ${i}`,
    shortDescription: `Short description of ${name}`,
    description: `A longer description of ${name}, as providers write them: what it offers, for whom, and how it is meant to be used.`,
  };
  if (concept === "product") return { ...common, vendor: "sap:vendor:SAP:" };
  const versioned: Json = {
    ...common,
    version: `1.${Math.floor(rnd() * 5)}.${Math.floor(rnd() * 9)}`,
  };
  if (concept === "package")
    return {
      ...versioned,
      vendor: "sap:vendor:SAP:",
      partOfProducts: [`${NS}:product:product-0:`],
    };
  if (concept === "consumptionBundle") {
    return {
      ...versioned,
      credentialExchangeStrategies: [{ type: "custom", customType: "sap:oauth:v1" }],
    };
  }
  const resource: Json = {
    ...versioned,
    releaseStatus: "active",
    visibility: rnd() < 0.8 ? "public" : "internal",
    partOfPackage: `${NS}:package:package-${i % 50}:v1`,
    lastUpdate: DAY,
    tags: ["generated", `group-${i % 7}`],
    labels: { domain: [`d${i % 11}`] },
    links: [{ title: "Docs", url: `https://example.com/${name}` }],
  };
  if (concept === "apiResource") {
    return {
      ...resource,
      apiProtocol: "rest",
      entryPoints: [`/${name}/v1`],
      partOfConsumptionBundles: [
        { ordId: `${NS}:consumptionBundle:consumptionBundle-${i % 20}:v1` },
      ],
      resourceDefinitions: [
        {
          type: "openapi-v3",
          mediaType: "application/json",
          url: `/ord/${name}.oas3.json`,
          accessStrategies: [{ type: "open" }],
        },
      ],
      changelogEntries: [
        { version: resource.version, releaseStatus: "active", date: "2026-01-01" },
      ],
    };
  }
  if (concept === "entityType") return { ...resource, localId: `Entity${i}`, level: "aggregate" };
  if (concept === "dataProduct") {
    return {
      ...resource,
      type: "primary",
      category: "business-object",
      responsible: "sap:ach:BENCH",
      outputPorts: [{ ordId: `${NS}:apiResource:apiResource-${i}:v1` }],
    };
  }
  if (concept === "integrationDependency")
    return { ...resource, mandatory: false, aspects: [{ title: `Aspect ${i}`, mandatory: false }] };
  if (concept === "capability")
    return { ...resource, type: "custom", customType: "sap.bench:capability:v1" };
  return resource;
}

export interface Pair {
  base: Record<string, Json>;
  head: Record<string, Json>;
  entities: number;
}

function bump(version: string, part: "major" | "minor" | "patch"): string {
  const [major, minor, patch] = version.split(".").map(Number) as [number, number, number];
  if (part === "major") return `${major + 1}.0.0`;
  if (part === "minor") return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}

export interface PairOptions {
  /**
   * Share of the entities that change in head (default 0.12, the mix a busy pull request of a
   * large provider shows); the kinds of change keep their proportions.
   */
  changed?: number;
  /**
   * Documents come and go too: a few head documents are new (with new entities), a few base
   * documents are gone (their entities merged into the next one) and a few are moved to another
   * folder unchanged.
   */
  documentChurn?: number;
}

/** New API resources in each document that `documentChurn` adds to head. */
const ADDED_ENTITIES = 12;

/**
 * `entities` entities spread over `documents` documents. About 12% of the entities change in
 * head unless `options.changed` says otherwise.
 */
export function generatePair(
  entities: number,
  documents: number,
  seed = 42,
  options: PairOptions = {},
): Pair {
  const rnd = random(seed);
  // The default keeps the roll as it is: the existing sizes stay byte-identical.
  const scale = options.changed === undefined ? 1 : 0.12 / options.changed;
  const base: Json[] = [];
  MIX.forEach(([array, concept, share]) => {
    const count = Math.max(1, Math.round(entities * share));
    for (let i = 0; i < count; i++) base.push({ array, ...entity(concept, i, rnd) });
  });
  // Each entity lives in one document, and head keeps it there unless it moves: placing head's
  // entities by their position in head's list instead shifted every entity after an insertion
  // or removal into another document, a reshuffle no pull request makes.
  base.forEach((item, index) => (item.home = index % documents));
  const head: Json[] = [];
  const tombstones: Json[] = [];
  for (const item of base) {
    const e = structuredClone(item);
    const roll = rnd() * scale;
    const later = { lastUpdate: "2026-06-01T00:00:00Z" };
    if (typeof e.version !== "string" || roll > 0.12) {
      head.push(e);
    } else if (roll < 0.05) {
      head.push({
        ...e,
        ...later,
        description: `${String(e.description)} Now clearer.`,
        version: bump(e.version, "patch"),
      });
    } else if (roll < 0.08) {
      // Additive with a correct minor bump, or (one in four) a too-small patch bump.
      const version = bump(e.version, rnd() < 0.75 ? "minor" : "patch");
      const widened =
        e.array === "apiResources"
          ? { entryPoints: [...(e.entryPoints as string[]), "/extra"] }
          : { visibility: "public", tags: [...((e.tags as string[]) ?? []), "new"] };
      head.push({ ...e, ...later, ...widened, version });
    } else if (roll < 0.09 && e.array === "apiResources") {
      // Breaking: half keep the ORD ID (an error), half add a successor and deprecate.
      if (rnd() < 0.5)
        head.push({ ...e, ...later, entryPoints: [], version: bump(e.version, "major") });
      else {
        const successor = String(e.ordId).replace(/:v1$/, ":v2");
        head.push({
          ...e,
          ...later,
          releaseStatus: "deprecated",
          deprecationDate: later.lastUpdate,
          successors: [successor],
        });
        head.push({
          ...e,
          ...later,
          ordId: successor,
          version: "2.0.0",
          entryPoints: [`/v2/${String(e.ordId)}`],
          changelogEntries: [],
        });
      }
    } else if (roll < 0.1 && e.releaseStatus) {
      head.push({
        ...e,
        ...later,
        releaseStatus: "deprecated",
        deprecationDate: later.lastUpdate,
        sunsetDate: "2027-01-01T00:00:00Z",
      });
    } else if (roll < 0.105) {
      tombstones.push({ ordId: e.ordId, removalDate: later.lastUpdate });
    } else if (roll < 0.107) {
      // Removed without a tombstone: an error the check must report.
    } else {
      head.push({ ...e, home: (Number(e.home) + 1) % documents });
    }
  }
  const pair = {
    base: distribute(base, [], documents, false),
    head: distribute(head, tombstones, documents, true),
    entities: base.length,
  };
  if (options.documentChurn) churn(pair.head, options.documentChurn, rnd);
  return pair;
}

/**
 * `count` head documents each: removed (entities merged into the next document), moved to
 * `moved/` unchanged, and added with new API resources. Document 0 (tombstones) stays.
 */
function churn(head: Record<string, Json>, count: number, rnd: () => number): void {
  const names = Object.keys(head).slice(1);
  const pick = (): string => names.splice(Math.floor(rnd() * names.length), 1)[0]!;
  for (let i = 0; i < count; i++) {
    const gone = pick();
    const into = head[names[0]!]!;
    for (const [key, list] of Object.entries<unknown>(head[gone]!)) {
      if (Array.isArray(list))
        into[key] = [...((into[key] as Json[] | undefined) ?? []), ...(list as Json[])];
    }
    delete head[gone];
  }
  for (let i = 0; i < count; i++) {
    const name = pick();
    head[`moved/${name}`] = head[name]!;
    delete head[name];
  }
  for (let i = 0; i < count; i++) {
    const apiResources = Array.from({ length: ADDED_ENTITIES }, (_, k) => {
      const e = entity("apiResource", 900000 + i * ADDED_ENTITIES + k, rnd);
      return { ...e, version: "1.0.0", changelogEntries: [] };
    });
    head[`added-${i}.json`] = { ...documentHeader(true), apiResources };
  }
}

function documentHeader(isHead: boolean): Json {
  return {
    $schema:
      "https://open-resource-discovery.github.io/specification/spec-v1/interfaces/Document.schema.json",
    openResourceDiscovery: "1.12",
    description: "Generated benchmark document",
    policyLevel: "none",
    describedSystemVersion: { version: isHead ? "2.0.0" : "1.0.0" },
  };
}

/** Puts each entity into its `home` document (a successor shares its predecessor's home). */
function distribute(
  items: Json[],
  tombstones: Json[],
  documents: number,
  isHead: boolean,
): Record<string, Json> {
  const docs: Json[] = Array.from({ length: documents }, () => documentHeader(isHead));
  for (const { array, home, ...e } of items) {
    ((docs[Number(home)]![String(array)] ??= []) as Json[]).push(e);
  }
  if (tombstones.length > 0) docs[0]!.tombstones = tombstones;
  return Object.fromEntries(docs.map((doc, i) => [`doc-${String(i).padStart(3, "0")}.json`, doc]));
}
