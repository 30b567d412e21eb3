/**
 * Definition cases: an API or event resource of the document gets a resourceDefinitions entry
 * (declared type, URL relative, absolute, mapped by config or hostile) whose file in the
 * repository is then mutated: structured, by bytes, replaced by its real later revision, by
 * hostile YAML (alias bombs, `!!js/function`), by GraphQL edits, by another format, deleted, or
 * made extreme. They reach src/compare/definitions.ts and every contract differ.
 */
import path from "node:path";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { resolveDefinition, type DefinitionMapping } from "../../src/compare/definitions.js";
import { EMPTY_CONFIG, type Config } from "../../src/config.js";
import { applyBytes } from "./bytes.js";
import type { FileSet } from "./cases.js";
import {
  GRAPHQL_SAMPLES,
  type Corpus,
  type CorpusDefinition,
  type DefinitionKind,
} from "./corpus.js";
import { type ExtremeScale, withExtreme } from "./extreme.js";
import { bendVersion } from "./hostile.js";
import { clone, CONCEPTS, entitiesOf, isObj, serialize, setOwn, type Obj } from "./json.js";
import type { Rng } from "./rng.js";
import { applyStructured } from "./structured.js";

const DEF_TYPES: Record<DefinitionKind, string[]> = {
  openapi: ["openapi-v3", "openapi-v2", "openapi-v3.1+"],
  asyncapi: ["asyncapi-v2"],
  graphql: ["graphql-sdl"],
  other: ["custom", "edmx", "a2a-agent-card", "sap-csn-interop-effective-v1"],
};

function mutateDefinition(
  rng: Rng,
  def: CorpusDefinition,
  ops: string[],
  avoid: Set<string>,
  scale: ExtremeScale,
): string | Buffer | undefined {
  const how = rng.weighted([
    ["structured", 40],
    ["revision", def.revision ? 15 : 0],
    ["text", 20],
    ["yaml-hostile", def.syntax === "yaml" ? 6 : 0],
    ["graphql", def.kind === "graphql" ? 15 : 0],
    ["swap", 4],
    ["absent", 3],
    ["extreme", avoid.has("extreme") ? 0 : 1],
    ["same", 3],
  ] as const);
  ops.push(`definition ${def.name}: ${how}`);
  switch (how) {
    case "same":
      return def.text;
    case "absent":
      return undefined;
    case "revision":
      return rng.chance(0.7)
        ? def.revision!
        : applyBytes(rng, Buffer.from(def.revision!), 1, ops, avoid);
    case "swap":
      return rng.pick(
        GRAPHQL_SAMPLES.concat([
          '{"openapi":"3.0.0"}',
          '{"asyncapi":"2.6.0","channels":{}}',
          "openapi: 3.1.0\npaths: {}\n",
        ]),
      );
    case "text":
      return applyBytes(rng, Buffer.from(def.text), rng.range(1, 2), ops, avoid);
    case "yaml-hostile":
      return rng.pick([
        `a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\nopenapi: 3.0.0\n`,
        `${def.text}\nx: !!js/function "function () { require('fs').writeFileSync('/tmp/pwned', '') }"\n`,
        `${def.text}\ny: !!binary aGVsbG8=\n`,
        `openapi: 3.0.0\npaths:\n  /a: &p\n    get: *p\n`,
        `openapi: 3.0.0\nopenapi: 3.1.0\n`,
        `${"- ".repeat(2000)}x\n`,
        `openapi: 3.0.0\ninfo: ${"[".repeat(5000)}${"]".repeat(5000)}\n`,
        `%YAML 1.2\n---\nopenapi: 3.0.0\n---\nsecond: doc\n`,
      ]);
    case "graphql": {
      const lines = def.text.split("\n");
      const i = rng.int(lines.length);
      const edit = rng.int(7);
      if (edit === 0) lines.splice(i, 1);
      else if (edit === 1) lines[i] = lines[i]!.replace(/String/g, "Int");
      else if (edit === 2) lines[i] = lines[i]!.replace(/(\w+): (\w+)([ }])/, "$1: $2!$3");
      else if (edit === 3) lines.splice(i, 0, `type Extra${i} { f: String }`);
      else if (edit === 4) lines[i] = lines[i]!.replace(/\w+/, "");
      else if (edit === 5) lines.push(`type Deep { f: ${"[".repeat(2000)}Int${"]".repeat(2000)} }`);
      else lines.splice(i, 0, "}");
      ops.push(`graphql edit ${edit} at line ${i + 1}`);
      return lines.join("\n");
    }
    case "extreme": {
      if (def.syntax !== "json") return applyBytes(rng, Buffer.from(def.text), 1, ops, avoid);
      return withExtreme(rng, JSON.parse(def.text), scale, ops);
    }
    case "structured": {
      let parsed: unknown;
      try {
        parsed =
          def.syntax === "json"
            ? JSON.parse(def.text)
            : def.syntax === "yaml"
              ? parseYaml(def.text)
              : undefined;
      } catch {
        parsed = undefined;
      }
      if (parsed === undefined) return applyBytes(rng, Buffer.from(def.text), 1, ops, avoid);
      const mutated = applyStructured(rng, clone(parsed), rng.range(1, 4), ops, avoid);
      if (def.syntax === "yaml" && rng.chance(0.8)) {
        try {
          return stringifyYaml(mutated);
        } catch {
          return JSON.stringify(mutated);
        }
      }
      return JSON.stringify(mutated, null, 2);
    }
  }
}

export function definitionCase(
  rng: Rng,
  corpus: Corpus,
  value: unknown,
  rel: string,
  base: FileSet,
  head: FileSet,
  ops: string[],
  avoid: Set<string>,
  scale: ExtremeScale,
): Config {
  const def = rng.pick(corpus.definitions);
  const doc = isObj(value) ? clone(value) : { openResourceDiscovery: "1.12" };
  const array = def.kind === "asyncapi" ? "eventResources" : "apiResources";
  let list = doc[array];
  if (!Array.isArray(list)) setOwn(doc, array, (list = []));
  let entity = (list as unknown[]).find(isObj);
  if (!entity) {
    entity = {
      ordId: `sap.xref:${CONCEPTS[array]}:fuzz:v1`,
      title: "Fuzz",
      version: "1.0.0",
      releaseStatus: "active",
      visibility: "public",
      partOfPackage: "sap.xref:package:fuzz:v1",
    };
    (list as unknown[]).push(entity);
  }
  const ext =
    def.syntax === "graphql"
      ? "graphql"
      : def.syntax === "xml"
        ? "xml"
        : def.syntax === "yaml"
          ? "yaml"
          : "json";
  const declared = rng.chance(0.85)
    ? rng.pick(DEF_TYPES[def.kind])
    : rng.pick(Object.values(DEF_TYPES).flat());
  let config: Config = EMPTY_CONFIG;
  const mappings: DefinitionMapping[] = [];
  const urlKind = rng.weighted([
    ["relative", 60],
    ["slash", 15],
    ["mapped", 10],
    ["hostile", 15],
  ] as const);
  let url =
    urlKind === "relative"
      ? `defs/api.${ext}`
      : urlKind === "slash"
        ? `/ord/defs/api.${ext}`
        : urlKind === "mapped"
          ? `https://api.example.com/ord/api.${ext}`
          : rng.pick([
              `../../../outside/api.${ext}`,
              "http://127.0.0.1:9/api.json",
              "file:///etc/passwd",
              "",
              "defs/",
              `defs/api.${ext}?v=1#/paths`,
              "document.json",
              `/${"a/".repeat(500)}api.${ext}`,
            ]);
  if (urlKind === "mapped") {
    mappings.push({ url: "https://api.example.com/ord/", path: "ord/defs/" });
    config = { ...EMPTY_CONFIG, definitions: mappings };
  }
  if (rng.chance(0.05)) url = url.toUpperCase();
  const entry: Obj = {
    type: declared,
    mediaType: ext === "yaml" ? "application/yaml" : "application/json",
    url,
    accessStrategies: [{ type: "open" }],
  };
  setOwn(entity, "resourceDefinitions", [entry]);
  ops.push(`definition ${declared} at ${JSON.stringify(url).slice(0, 60)} in ${array}`);
  const baseDoc = serialize(rng, doc);
  base.docs.set(rel, baseDoc);
  let headDoc = baseDoc;
  if (rng.chance(0.3)) {
    const bump = clone(doc);
    if (isObj(entity) && typeof entity.version === "string") {
      const e = entitiesOf(bump).find((x) => x.value.ordId === entity.ordId);
      if (e) e.value.version = bendVersion(rng, entity.version);
    }
    headDoc = serialize(rng, rng.chance(0.5) ? applyStructured(rng, bump, 1, ops, avoid) : bump);
    ops.push("document changed too");
  }
  head.docs.set(rel, headDoc);
  const resolved = resolveDefinition(url, path.posix.dirname(rel), mappings);
  if (resolved !== undefined) {
    if (rng.chance(0.97)) base.extra.set(resolved, Buffer.from(def.text));
    else ops.push("definition absent in base");
    const mutated = mutateDefinition(rng, def, ops, avoid, scale);
    if (mutated !== undefined)
      head.extra.set(resolved, Buffer.isBuffer(mutated) ? mutated : Buffer.from(mutated));
  } else {
    ops.push("definition URL resolves to no repository file");
  }
  return config;
}
