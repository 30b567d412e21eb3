/**
 * The fuzzer's raw material: the real ORD documents of ../shared/ord-corpus (documents/,
 * generated/, pairs/) and its definitions, plus the OpenAPI pairs of ../shared/openapi-pairs, or
 * the project's examples/ when ../shared is absent; two GraphQL schemas are always added, since
 * neither source has any. Files are read in sorted order: a case picks documents by index.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { isObj } from "./json.js";

export interface CorpusDocument {
  name: string;
  bytes: Buffer;
  jsonc: boolean;
}

export type DefinitionKind = "openapi" | "asyncapi" | "graphql" | "other";

export interface CorpusDefinition {
  name: string;
  kind: DefinitionKind;
  syntax: "json" | "yaml" | "graphql" | "xml";
  text: string;
  /** A real later revision of the same definition (OpenAPI pairs, the examples' head side). */
  revision?: string;
}

export interface Corpus {
  source: string;
  documents: CorpusDocument[];
  definitions: CorpusDefinition[];
}

const ROOT = path.resolve(import.meta.dirname, "../..");
export const SHARED = path.resolve(ROOT, "../shared");

export const GRAPHQL_SAMPLES = [
  `"""The star catalogue."""
schema { query: Query mutation: Mutation }
type Query {
  star(id: ID!): Star
  stars(first: Int = 10, after: String, filter: StarFilter): [Star!]!
  bodies: [Body]
}
type Mutation { rename(id: ID!, name: String!): Star }
interface Node { id: ID! }
"""A star."""
type Star implements Node {
  id: ID!
  name: String!
  magnitude: Float
  constellation: Constellation
  planets(limit: Int): [Planet!]
}
type Planet implements Node { id: ID! name: String mass: Float @deprecated(reason: "use massKg") massKg: Float }
union Body = Star | Planet
enum Constellation { ORION LYRA CYGNUS CASSIOPEIA }
input StarFilter { name: String minMagnitude: Float = 0.0 constellations: [Constellation!] }
scalar DateTime
`,
  `type Query { observations(since: DateTime, telescope: String!): [Observation] }
type Observation { id: ID! at: DateTime! telescope: Telescope! notes: [String] }
type Telescope { name: String! aperture: Int kind: Kind }
enum Kind { OPTICAL RADIO INFRARED }
scalar DateTime
`,
];

function classifyDefinition(name: string, text: string): CorpusDefinition {
  const trimmed = text.trimStart();
  if (trimmed.startsWith("<")) return { name, kind: "other", syntax: "xml", text };
  const syntax = trimmed.startsWith("{") ? "json" : "yaml";
  let value: unknown;
  try {
    value = syntax === "json" ? JSON.parse(text) : parseYaml(text);
  } catch {
    return { name, kind: "other", syntax, text };
  }
  const kind: DefinitionKind = !isObj(value)
    ? "other"
    : "openapi" in value || "swagger" in value
      ? "openapi"
      : "asyncapi" in value
        ? "asyncapi"
        : "other";
  return { name, kind, syntax, text };
}

const listFiles = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((n) => !n.endsWith(".md"))
        .sort()
    : [];

/** The real documents and definitions of ../shared, or examples/ when it is absent. */
export function loadCorpus(shared: string = SHARED): Corpus {
  const corpusDir = path.join(shared, "ord-corpus");
  const documents: CorpusDocument[] = [];
  const definitions: CorpusDefinition[] = [];
  if (existsSync(corpusDir)) {
    for (const folder of ["documents", "generated"]) {
      for (const name of listFiles(path.join(corpusDir, folder))) {
        const bytes = readFileSync(path.join(corpusDir, folder, name));
        documents.push({ name: `${folder}/${name}`, bytes, jsonc: /\.jsonc$/i.test(name) });
      }
    }
    for (const pair of listFiles(path.join(corpusDir, "pairs"))) {
      for (const side of ["base.json", "head.json"]) {
        const file = path.join(corpusDir, "pairs", pair, side);
        if (existsSync(file)) {
          documents.push({
            name: `pairs/${pair}/${side}`,
            bytes: readFileSync(file),
            jsonc: false,
          });
        }
      }
    }
    for (const name of listFiles(path.join(corpusDir, "definitions"))) {
      const text = readFileSync(path.join(corpusDir, "definitions", name), "utf8");
      definitions.push(classifyDefinition(`definitions/${name}`, text));
    }
    const pairs = path.join(shared, "openapi-pairs");
    for (const pair of listFiles(pairs)) {
      const [base, revision] = ["base.yaml", "revision.yaml"].map((n) => path.join(pairs, pair, n));
      if (!existsSync(base!) || !existsSync(revision!)) continue;
      const definition = classifyDefinition(`openapi-pairs/${pair}`, readFileSync(base!, "utf8"));
      definitions.push({ ...definition, revision: readFileSync(revision!, "utf8") });
    }
    return {
      source: path.relative(ROOT, corpusDir),
      documents,
      definitions: withGraphQl(definitions),
    };
  }
  const examples = path.join(ROOT, "examples");
  for (const side of ["base", "head"]) {
    for (const name of listFiles(path.join(examples, side, "ord"))) {
      const bytes = readFileSync(path.join(examples, side, "ord", name));
      documents.push({
        name: `examples/${side}/ord/${name}`,
        bytes,
        jsonc: /\.jsonc$/i.test(name),
      });
    }
  }
  for (const name of listFiles(path.join(examples, "base", "definitions"))) {
    const text = readFileSync(path.join(examples, "base", "definitions", name), "utf8");
    const head = path.join(examples, "head", "definitions", name);
    const revision = existsSync(head) ? readFileSync(head, "utf8") : undefined;
    definitions.push({ ...classifyDefinition(`examples/definitions/${name}`, text), revision });
  }
  return { source: "examples", documents, definitions: withGraphQl(definitions) };
}

function withGraphQl(definitions: CorpusDefinition[]): CorpusDefinition[] {
  return [
    ...definitions,
    ...GRAPHQL_SAMPLES.map((text, i) => ({
      name: `graphql/sample-${i}.graphql`,
      kind: "graphql" as const,
      syntax: "graphql" as const,
      text,
    })),
  ];
}
