/**
 * Seeded fuzzer for the check pipeline: every case must end with a report, never an exception or
 * a hang.
 *
 *   npx tsx scripts/fuzz.ts                       full mode: 100,000 cases, seed 1
 *   npx tsx scripts/fuzz.ts --cases 5000 --seed 7 a shorter run
 *   npx tsx scripts/fuzz.ts --seed 7 --case 1234  replays one case in-process, with stacks
 *   npx tsx scripts/fuzz.ts --seed 7 --case 1234 --dump /tmp/case
 *                                                 writes its base/ and head/ trees for the CLI
 *
 * Options: --avoid f1,f2 (leave out the inputs of known bugs: see FEATURES), --scale small (the
 * CI test's smaller extremes), --workers N (default: CPUs, at most 4), --slow MS (cases reported
 * as slow, default 5000), --timeout MS (a case running longer is a hang: its worker is stopped,
 * default 60000), --out FILE (every crash as JSON).
 *
 * Inputs: the real documents of ../shared/ord-corpus (documents/, generated/, pairs/) and its
 * definitions (plus the OpenAPI pairs of ../shared/openapi-pairs), or the project's examples/
 * when ../shared is absent. A case takes one document (sometimes two or three files), mutates
 * it (fields and entities deleted, duplicated, retyped, reordered and moved; ORD IDs, versions,
 * dates and statuses bent; `__proto__`/`constructor` keys; bytes truncated and corrupted,
 * invalid UTF-8, BOMs, CRLF, duplicate keys, comments; deep nesting, huge strings, huge arrays)
 * or wraps one of its API resources with a resourceDefinitions entry whose definition file
 * (OpenAPI, AsyncAPI, GraphQL, YAML or JSON) is mutated. Each case runs base = original, head =
 * mutated and the reverse, in both scopes, through checkSources (in memory) and every renderer.
 *
 * A case's mutations depend only on (seed, case number), so any case replays alone.
 * Exit status: 0 without crashes, hangs and invariant violations; 1 otherwise; 2 bad arguments.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { parseTree, type ParseError } from "jsonc-parser";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { checkSources } from "../src/check.js";
import { resolveDefinition, type DefinitionMapping } from "../src/compare/definitions.js";
import { ENTITY_TYPES } from "../src/ord/entity-types.js";
import { EMPTY_CONFIG, type Config } from "../src/config.js";
import type { SideSource, SourceFile } from "../src/ord/sources.js";
import { FORMATS, renderReport } from "../src/report/render.js";
import type { FailOn, Report, Scope } from "../src/types.js";

/* ------------------------------------------------------------------------------------------ */
/* Randomness                                                                                  */
/* ------------------------------------------------------------------------------------------ */

/** mulberry32: a small, fast, well-mixed 32-bit PRNG. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One 32-bit seed per (run seed, case number), so a case replays without its predecessors. */
export function caseSeed(seed: number, index: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (const part of [index & 0xffff, index >>> 16, seed >>> 0]) {
    h = Math.imul(h ^ part, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

export class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  range(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(list: readonly T[]): T {
    if (list.length === 0) throw new Error("pick from an empty list");
    return list[this.int(list.length)]!;
  }
  weighted<T>(list: readonly (readonly [T, number])[]): T {
    const total = list.reduce((sum, [, w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [value, w] of list) {
      if ((r -= w) < 0) return value;
    }
    return list[list.length - 1]![0];
  }
  shuffle<T>(list: T[]): T[] {
    for (let i = list.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [list[i], list[j]] = [list[j]!, list[i]!];
    }
    return list;
  }
}

/* ------------------------------------------------------------------------------------------ */
/* Corpus                                                                                      */
/* ------------------------------------------------------------------------------------------ */

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

const ROOT = path.resolve(import.meta.dirname, "..");
export const SHARED = path.resolve(ROOT, "../shared");

const GRAPHQL_SAMPLES = [
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

/* ------------------------------------------------------------------------------------------ */
/* JSON value helpers                                                                          */
/* ------------------------------------------------------------------------------------------ */

type Obj = Record<string, unknown>;
type Container = Obj | unknown[];

function isObj(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Sets an own property, also for `__proto__` (a plain assignment would change the prototype). */
function setOwn(target: Obj, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

function setAt(parent: Container, key: string | number, value: unknown): void {
  if (Array.isArray(parent)) parent[key as number] = value;
  else setOwn(parent, String(key), value);
}

function getAt(parent: Container, key: string | number): unknown {
  return Array.isArray(parent) ? parent[key as number] : parent[String(key)];
}

/** A deep copy that keeps own `__proto__` keys (JSON.parse defines them as own properties). */
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value) ?? "null") as T;

interface Slot {
  parent: Container;
  key: string | number;
  path: string;
}

/** Every (container, key) of a value, breadth-first, at most `limit`. */
function slotsOf(root: unknown, limit = 20_000): Slot[] {
  const slots: Slot[] = [];
  const queue: [unknown, string][] = [[root, ""]];
  for (let q = 0; q < queue.length && slots.length < limit; q++) {
    const [node, at] = queue[q]!;
    if (Array.isArray(node)) {
      node.forEach((v, i) => {
        slots.push({ parent: node, key: i, path: `${at}[${i}]` });
        queue.push([v, `${at}[${i}]`]);
      });
    } else if (isObj(node)) {
      for (const k of Object.keys(node)) {
        slots.push({ parent: node, key: k, path: `${at}.${k}` });
        queue.push([node[k], `${at}.${k}`]);
      }
    }
  }
  return slots;
}

function containersOf(root: unknown): { node: Container; path: string }[] {
  const found: { node: Container; path: string }[] = [];
  if (Array.isArray(root) || isObj(root)) found.push({ node: root, path: "" });
  for (const slot of slotsOf(root)) {
    const v = getAt(slot.parent, slot.key);
    if (Array.isArray(v) || isObj(v)) found.push({ node: v, path: slot.path });
  }
  return found;
}

// The catalog's entity types, in its order (the fuzzer's picks depend on it).
const ENTITY_ARRAYS = ENTITY_TYPES.map((t) => t.array);
const CONCEPTS: Record<string, string> = Object.fromEntries(
  ENTITY_TYPES.map((t) => [t.array, t.concept]),
);

interface EntityRef {
  array: string;
  index: number;
  value: Obj;
}

function entitiesOf(doc: unknown): EntityRef[] {
  if (!isObj(doc)) return [];
  const found: EntityRef[] = [];
  for (const array of ENTITY_ARRAYS) {
    const list = doc[array];
    if (!Array.isArray(list)) continue;
    list.forEach((value, index) => {
      if (isObj(value)) found.push({ array, index, value });
    });
  }
  return found;
}

function ordIdsOf(doc: unknown): string[] {
  return entitiesOf(doc)
    .map((e) => e.value.ordId)
    .filter((id): id is string => typeof id === "string");
}

/* ------------------------------------------------------------------------------------------ */
/* Hostile values                                                                              */
/* ------------------------------------------------------------------------------------------ */

export const PROTO_KEYS = [
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "valueOf",
  "hasOwnProperty",
  "isPrototypeOf",
  "__defineGetter__",
  "length",
];

const WEIRD_STRINGS = [
  "",
  " ",
  "\t\n",
  "\u0000",
  "\u0000\u0001\u001f\u007f",
  "\ud800",
  "\udfff\ud800",
  "😀🚀",
  "\u202e\u2066rtl",
  "\u200b\u200d",
  "ｓａｐ.ｘｒｅｆ",
  "İıßſ",
  "<!-- ord-version-guard:summary:0123456789ab -->",
  "<!-- ord-version-guard:finding:0123456789abcdef -->",
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  "@admin @org/team",
  "&commat;admin &lt;b&gt;",
  "```\n</details>\n# heading",
  "| a | b |\n|---|---|",
  "\r\n\r---\r",
  "${process.env.GITHUB_TOKEN}",
  "%s%n%x",
  "../../../../etc/passwd",
  "C:\\Windows\\system32",
  "NaN",
  "Infinity",
  "-0",
  "1e999",
  "true",
  "null",
  "sap.xref:apiResource:astronomy:v1",
  "SAP.XREF:APIRESOURCE:ASTRONOMY:V1",
  "1.0.0",
  "999999999999999999999.0.0",
  `1.0.0-${"a.".repeat(300)}a`,
  "a".repeat(10_000),
  "(a+)+$".repeat(50),
  ...PROTO_KEYS,
];

const ODD_VALUES: (() => unknown)[] = [
  () => null,
  () => 0,
  () => -1,
  () => 1.5,
  () => 1e308,
  () => 2 ** 53 + 2,
  () => -1e-300,
  () => "",
  () => "x",
  () => true,
  () => false,
  () => [],
  () => ({}),
  () => [null],
  () => [1, "a", null, [], {}],
  () => ({ a: { b: [] } }),
  () => ({ ordId: "sap.xref:apiResource:x:v1" }),
  () => "1.0.0",
  () => ["1.0.0"],
  () => ({ __proto__: null, toString: 1 }),
];

const VERSIONS = [
  "0.0.0",
  "0.0.1",
  "0.1.0",
  "0.9.9",
  "1.0.0",
  "1.0.1",
  "1.1.0",
  "2.0.0",
  "10.20.30",
  "1.0.0-alpha",
  "1.0.0-alpha.1",
  "1.0.0-0.3.7",
  "1.0.0-x.7.z.92",
  "1.0.0+build.1",
  "1.0.0-rc.1+build.5",
  "v1.0.0",
  "1.0",
  "1",
  "01.0.0",
  "1.0.0.0",
  "",
  " 1.0.0",
  "1.0.0 ",
  "999999999999999999999.0.0",
  "9007199254740993.0.0",
  "1.2.3-",
  "1.2.3+",
  "1.2.3-01",
  "-1.0.0",
  "1.-1.0",
  "١.٠.٠",
  "1.0.0\n",
  "latest",
];

const RELEASE_STATUSES = [
  "development",
  "beta",
  "active",
  "deprecated",
  "sunset",
  "Active",
  "retired",
  "",
];

const DATES = [
  "2020-01-01T00:00:00Z",
  "2026-10-01T00:00:00Z",
  "2026-11-21T12:00:00Z",
  "2026-12-31T00:00:00Z",
  "2099-12-31T23:59:59Z",
  "1970-01-01T00:00:00Z",
  "2026-02-30T00:00:00Z",
  "2026-13-01",
  "2026-11-21",
  "not a date",
  "",
  "+275760-09-13T00:00:00Z",
  "-000001-01-01T00:00:00Z",
  "2026-11-21T12:00:00+14:00",
  "2026-11-21T12:00:00.123456789Z",
];

/**
 * Inputs a run may leave out (`CaseOptions.avoid`), so the CI test can keep running while a
 * known bug is open: each names the inputs of one bug class.
 */
export const FEATURES = [
  /** `__proto__`, `constructor`, `toString`... as object keys. */
  "proto-keys",
  /** Objects with an own non-callable `toString` (`{"toString": 1}`) where strings belong. */
  "toString-values",
  /** Versions the SemVer pattern accepts but the semver package rejects (> 2^53, > 256 chars). */
  "unparseable-semver",
  /** Nesting 1,000 to 100,000 levels deep. */
  "deep",
  /** Objects with 100,000 keys inside an entity. */
  "huge-object",
  /** A file re-encoded as UTF-16 (NUL bytes between the characters of every key). */
  "utf16",
  /** Every extreme input (deep, huge strings, arrays, objects, numbers, keys). */
  "extreme",
] as const;
export type Feature = (typeof FEATURES)[number];

const UNPARSEABLE_SEMVER = (v: string): boolean =>
  /^\d+\.\d+\.\d+/.test(v) &&
  (v.length > 256 ||
    v
      .split(/[.+-]/)
      .slice(0, 3)
      .some((n) => Number(n) > Number.MAX_SAFE_INTEGER));

interface Pools {
  avoid: ReadonlySet<string>;
  weird: string[];
  odd: (() => unknown)[];
  versions: string[];
  protoKeys: string[];
  dupKeys: string[];
}

function poolsFor(avoid: ReadonlySet<string>): Pools {
  const protoKeys = avoid.has("proto-keys") ? ["notProto"] : PROTO_KEYS;
  const keep = (v: string): boolean =>
    !(avoid.has("proto-keys") && PROTO_KEYS.includes(v)) &&
    !(avoid.has("unparseable-semver") && UNPARSEABLE_SEMVER(v));
  const odd = avoid.has("toString-values")
    ? ODD_VALUES.filter((f) => {
        const v = f();
        return !(isObj(v) && Object.hasOwn(v, "toString"));
      })
    : ODD_VALUES;
  return {
    avoid,
    weird: WEIRD_STRINGS.filter(keep),
    odd,
    versions: VERSIONS.filter(keep),
    protoKeys,
    dupKeys: [
      "ordId",
      "version",
      "openResourceDiscovery",
      "a",
      ...(avoid.has("proto-keys") ? [] : ["__proto__"]),
    ],
  };
}

/** The pools of the case being built (cases are built one at a time, synchronously). */
let P: Pools = poolsFor(new Set());

/** Variants of an ORD ID: case, major, concept, namespace, garbage. */
function bendOrdId(rng: Rng, id: string, others: string[]): string {
  const major = /:v(\d+)$/;
  switch (rng.int(14)) {
    case 0:
      return id.toUpperCase();
    case 1:
      return id.replace(/[a-z]/, (c) => c.toUpperCase());
    case 2:
      return major.test(id) ? id.replace(major, `:v${rng.pick([0, 1, 2, 3, 10])}`) : `${id}:v2`;
    case 3:
      return id.replace(major, ":v99999999999999999999");
    case 4:
      return id.replace(major, "");
    case 5: {
      const parts = id.split(":");
      if (parts.length > 1) parts[1] = rng.pick(Object.values(CONCEPTS));
      return parts.join(":");
    }
    case 6:
      return id.replace(/^[^:]*/, rng.pick(["other.ns", "SAP", "", "a..b", "sap.xref"]));
    case 7:
      return others.length > 0 ? rng.pick(others) : id;
    case 8:
      return `${id} `;
    case 9:
      return rng.pick(P.weird);
    case 10:
      return ":::";
    case 11:
      return `${id}:${id}`;
    case 12:
      return id.replace(/:[^:]*:v/, `:${"x".repeat(rng.pick([1, 255, 5000]))}:v`);
    default:
      return `${id}\u0000`;
  }
}

function bendVersion(rng: Rng, version: unknown): unknown {
  const m = typeof version === "string" ? /^(\d+)\.(\d+)\.(\d+)/.exec(version) : null;
  if (m && rng.chance(0.6)) {
    const [a, b, c] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return rng.pick([
      `${a + 1}.0.0`,
      `${a}.${b + 1}.0`,
      `${a}.${b}.${c + 1}`,
      `${Math.max(0, a - 1)}.${b}.${c}`,
      `${a}.${b}.${c}-rc.1`,
      `${a}.${b}.${c}+meta`,
      `${a}.${b}`,
      a,
    ]);
  }
  return rng.chance(0.9) ? rng.pick(P.versions) : rng.pick(P.odd)();
}

/* ------------------------------------------------------------------------------------------ */
/* Structured mutations (on a parsed document or definition)                                   */
/* ------------------------------------------------------------------------------------------ */

interface Mutation {
  name: string;
  /** Applies the mutation; returns a description, or undefined when it does not apply. */
  apply(rng: Rng, doc: { value: unknown }): string | undefined;
}

function randomSlot(
  rng: Rng,
  root: unknown,
  filter?: (v: unknown, s: Slot) => boolean,
): Slot | undefined {
  let slots = slotsOf(root);
  if (filter) slots = slots.filter((s) => filter(getAt(s.parent, s.key), s));
  return slots.length > 0 ? rng.pick(slots) : undefined;
}

function randomEntity(rng: Rng, doc: unknown): EntityRef | undefined {
  const list = entitiesOf(doc);
  return list.length > 0 ? rng.pick(list) : undefined;
}

function randomObject(
  rng: Rng,
  root: unknown,
  entityBias: number,
): { node: Obj; path: string } | undefined {
  const entity = rng.chance(entityBias) ? randomEntity(rng, root) : undefined;
  if (entity) return { node: entity.value, path: `${entity.array}[${entity.index}]` };
  const objects = containersOf(root).filter((c): c is { node: Obj; path: string } => isObj(c.node));
  return objects.length > 0 ? rng.pick(objects) : undefined;
}

function rebuildKeys(target: Obj, keys: string[]): void {
  const values = keys.map((k) => target[k]);
  for (const k of keys) delete target[k];
  keys.forEach((k, i) => setOwn(target, k, values[i]));
}

export const STRUCTURED: Mutation[] = [
  {
    name: "delete-field",
    apply(rng, doc) {
      const target = randomObject(rng, doc.value, 0.6);
      const keys = target ? Object.keys(target.node) : [];
      if (!target || keys.length === 0) return undefined;
      const key = rng.pick(keys);
      delete target.node[key];
      return `delete ${target.path}.${key}`;
    },
  },
  {
    name: "delete-entity",
    apply(rng, doc) {
      const e = randomEntity(rng, doc.value);
      if (!e || !isObj(doc.value)) return undefined;
      (doc.value[e.array] as unknown[]).splice(e.index, 1);
      return `delete entity ${e.array}[${e.index}]`;
    },
  },
  {
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
  },
  {
    name: "duplicate-field",
    apply(rng, doc) {
      const from = randomSlot(rng, doc.value, (_v, s) => isObj(s.parent));
      const to = randomObject(rng, doc.value, 0.5);
      if (!from || !to) return undefined;
      setOwn(to.node, String(from.key), clone(getAt(from.parent, from.key)));
      return `copy ${from.path} into ${to.path}`;
    },
  },
  {
    name: "retype",
    apply(rng, doc) {
      const slot = randomSlot(rng, doc.value);
      if (!slot) return undefined;
      const odd = rng.pick(P.odd)();
      setAt(slot.parent, slot.key, odd);
      return `retype ${slot.path} = ${JSON.stringify(odd)}`;
    },
  },
  {
    name: "number-for-string",
    apply(rng, doc) {
      const slot = randomSlot(rng, doc.value, (v) => typeof v === "string");
      if (!slot) return undefined;
      const text = getAt(slot.parent, slot.key) as string;
      const parsed = Number.parseFloat(text);
      const n = rng.pick([
        Number.isFinite(parsed) ? parsed : 1,
        0,
        -1,
        1.5,
        1e21,
        2 ** 53 + 2,
        1e-7,
      ]);
      setAt(slot.parent, slot.key, n);
      return `number for string ${slot.path} = ${n}`;
    },
  },
  {
    name: "reorder-keys",
    apply(rng, doc) {
      const target = randomObject(rng, doc.value, 0.4);
      if (!target) return undefined;
      rebuildKeys(target.node, rng.shuffle(Object.keys(target.node)));
      return `reorder keys of ${target.path || "document"}`;
    },
  },
  {
    name: "reorder-array",
    apply(rng, doc) {
      const arrays = containersOf(doc.value).filter(
        (c) => Array.isArray(c.node) && c.node.length > 1,
      );
      if (arrays.length === 0) return undefined;
      const target = rng.pick(arrays);
      rng.shuffle(target.node as unknown[]);
      return `reorder ${target.path}`;
    },
  },
  {
    name: "move-entity",
    apply(rng, doc) {
      const e = randomEntity(rng, doc.value);
      if (!e || !isObj(doc.value)) return undefined;
      (doc.value[e.array] as unknown[]).splice(e.index, 1);
      const array = rng.pick(ENTITY_ARRAYS.filter((a) => a !== e.array).concat(["tombstones"]));
      const list = doc.value[array];
      if (Array.isArray(list)) list.push(e.value);
      else setOwn(doc.value, array, [e.value]);
      return `move ${e.array}[${e.index}] to ${array}`;
    },
  },
  {
    name: "proto-key",
    apply(rng, doc) {
      const target = randomObject(rng, doc.value, 0.6);
      if (!target) return undefined;
      const key = rng.pick(P.protoKeys);
      const value = rng.pick(P.odd)();
      setOwn(target.node, key, value);
      return `key ${target.path || "document"}.${key} = ${JSON.stringify(value)}`;
    },
  },
  {
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
  },
  {
    name: "ord-id",
    apply(rng, doc) {
      const e = randomEntity(rng, doc.value);
      if (!e) return undefined;
      const before =
        typeof e.value.ordId === "string" ? e.value.ordId : "sap.xref:apiResource:x:v1";
      const after = bendOrdId(rng, before, ordIdsOf(doc.value));
      e.value.ordId = after;
      return `${e.array}[${e.index}].ordId ${JSON.stringify(before)} → ${JSON.stringify(after.slice(0, 80))}`;
    },
  },
  {
    name: "version",
    apply(rng, doc) {
      const e = randomEntity(rng, doc.value);
      if (!e) return undefined;
      const after = bendVersion(rng, e.value.version);
      setOwn(e.value, "version", after);
      return `${e.array}[${e.index}].version → ${JSON.stringify(after)}`;
    },
  },
  {
    name: "release-status",
    apply(rng, doc) {
      const e = randomEntity(rng, doc.value);
      if (!e) return undefined;
      const after = rng.chance(0.9) ? rng.pick(RELEASE_STATUSES) : rng.pick(P.odd)();
      setOwn(e.value, "releaseStatus", after);
      return `${e.array}[${e.index}].releaseStatus → ${JSON.stringify(after)}`;
    },
  },
  {
    name: "dates",
    apply(rng, doc) {
      const e = randomEntity(rng, doc.value);
      if (!e) return undefined;
      const field = rng.pick(["lastUpdate", "deprecationDate", "sunsetDate"]);
      const after = rng.chance(0.9) ? rng.pick(DATES) : rng.pick(P.odd)();
      setOwn(e.value, field, after);
      return `${e.array}[${e.index}].${field} → ${JSON.stringify(after)}`;
    },
  },
  {
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
  },
  {
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
  },
  {
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
  },
  {
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
  },
  {
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
  },
  {
    name: "weird-string",
    apply(rng, doc) {
      const slot = randomSlot(rng, doc.value, (v) => typeof v === "string");
      if (!slot) return undefined;
      const after = rng.pick(P.weird);
      setAt(slot.parent, slot.key, after);
      return `${slot.path} = ${JSON.stringify(after).slice(0, 40)}`;
    },
  },
  {
    name: "weird-key",
    apply(rng, doc) {
      const target = randomObject(rng, doc.value, 0.5);
      if (!target) return undefined;
      const key = rng.pick(P.weird);
      setOwn(target.node, key, rng.pick(P.odd)());
      return `key ${JSON.stringify(key).slice(0, 40)} in ${target.path || "document"}`;
    },
  },
  {
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
  },
];

/* ------------------------------------------------------------------------------------------ */
/* Byte mutations                                                                              */
/* ------------------------------------------------------------------------------------------ */

interface ByteMutation {
  name: string;
  apply(rng: Rng, bytes: Buffer): { bytes: Buffer; what: string } | undefined;
}

const INVALID_UTF8 = [
  [0xff],
  [0xfe],
  [0xc3, 0x28],
  [0xa0, 0xa1],
  [0xe2, 0x28, 0xa1],
  [0xe2, 0x82],
  [0xf0, 0x28, 0x8c, 0xbc],
  [0xf8, 0xa1, 0xa1, 0xa1, 0xa1],
  [0xc0, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
];

const at = (rng: Rng, bytes: Buffer): number => rng.int(bytes.length + 1);
const splice = (
  bytes: Buffer,
  start: number,
  remove: number,
  insert: Buffer | number[] = [],
): Buffer =>
  Buffer.concat([bytes.subarray(0, start), Buffer.from(insert), bytes.subarray(start + remove)]);

/** Offsets just after the opening quote of a string value (`: "`), so inserts land in strings. */
function stringStarts(text: string): number[] {
  const found: number[] = [];
  for (const m of text.matchAll(/:\s*"/g)) found.push(m.index + m[0].length);
  return found;
}

export const BYTES: ByteMutation[] = [
  {
    name: "truncate",
    apply(rng, bytes) {
      const n = at(rng, bytes);
      return { bytes: bytes.subarray(0, n), what: `truncate at ${n}` };
    },
  },
  {
    name: "corrupt",
    apply(rng, bytes) {
      if (bytes.length === 0) return undefined;
      const out = Buffer.from(bytes);
      const n = rng.range(1, 8);
      for (let i = 0; i < n; i++) out[rng.int(out.length)] = rng.int(256);
      return { bytes: out, what: `corrupt ${n} bytes` };
    },
  },
  {
    name: "invalid-utf8",
    apply(rng, bytes) {
      const seq = rng.pick(INVALID_UTF8);
      const starts = stringStarts(bytes.toString("latin1"));
      const offset = starts.length > 0 && rng.chance(0.7) ? rng.pick(starts) : at(rng, bytes);
      return {
        bytes: splice(bytes, offset, 0, seq),
        what: `invalid UTF-8 ${seq.map((b) => b.toString(16)).join(" ")} at ${offset}`,
      };
    },
  },
  {
    name: "bom",
    apply(rng, bytes) {
      const how = rng.int(P.avoid.has("utf16") ? 3 : 5);
      const bom = [0xef, 0xbb, 0xbf];
      if (how === 0) return { bytes: splice(bytes, 0, 0, bom), what: "UTF-8 BOM" };
      if (how === 1)
        return { bytes: splice(bytes, 0, 0, [...bom, ...bom]), what: "two UTF-8 BOMs" };
      if (how === 2) {
        const offset = at(rng, bytes);
        return { bytes: splice(bytes, offset, 0, bom), what: `BOM at ${offset}` };
      }
      if (how === 3) {
        const text = bytes.toString("utf8");
        return {
          bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]),
          what: "UTF-16LE with BOM",
        };
      }
      return {
        bytes: Buffer.from(bytes.toString("utf8"), "utf16le"),
        what: "UTF-16LE without BOM",
      };
    },
  },
  {
    name: "line-endings",
    apply(rng, bytes) {
      const text = bytes.toString("latin1");
      const how = rng.pick(["crlf", "cr", "mixed", "ls"]);
      const out =
        how === "crlf"
          ? text.replace(/\r?\n/g, "\r\n")
          : how === "cr"
            ? text.replace(/\r?\n/g, "\r")
            : how === "mixed"
              ? text.replace(/\n/g, () => rng.pick(["\n", "\r\n", "\r", "\n\n"]))
              : text;
      if (how === "ls")
        return {
          bytes: Buffer.from(bytes.toString("utf8").replace(/\n/g, "\u2028\n"), "utf8"),
          what: "U+2028 line separators",
        };
      return { bytes: Buffer.from(out, "latin1"), what: `${how} line endings` };
    },
  },
  {
    name: "minify",
    apply(_rng, bytes) {
      try {
        return {
          bytes: Buffer.from(JSON.stringify(JSON.parse(bytes.toString("utf8")))),
          what: "minified",
        };
      } catch {
        return undefined;
      }
    },
  },
  {
    name: "duplicate-key-line",
    apply(rng, bytes) {
      const lines = bytes.toString("utf8").split("\n");
      const candidates = lines
        .map((l, i) => [l, i] as const)
        .filter(([l]) => /^\s*"[^"]+"\s*:\s*[^{[]*,\s*$/.test(l));
      if (candidates.length === 0) return undefined;
      const [line, i] = rng.pick(candidates);
      const changed = rng.chance(0.5) ? line : line.replace(/:\s*.*,/, ': "other",');
      lines.splice(i + 1, 0, changed);
      return {
        bytes: Buffer.from(lines.join("\n")),
        what: `duplicate key line ${i + 1}: ${line.trim().slice(0, 40)}`,
      };
    },
  },
  {
    name: "duplicate-key-insert",
    apply(rng, bytes) {
      const text = bytes.toString("utf8");
      const braces = [...text.matchAll(/\{/g)].map((m) => m.index);
      if (braces.length === 0) return undefined;
      const offset = rng.pick(braces) + 1;
      const key = rng.pick(P.dupKeys);
      const insert = `"${key}": 1, "${key}": "2",`;
      return {
        bytes: Buffer.from(text.slice(0, offset) + insert + text.slice(offset)),
        what: `duplicate key "${key}" at ${offset}`,
      };
    },
  },
  {
    name: "comments",
    apply(rng, bytes) {
      const text = bytes.toString("utf8");
      const lines = text.split("\n");
      const i = rng.int(lines.length);
      const comment = rng.pick(["// comment", "/* block */", "/* unterminated", "# hash", "//"]);
      lines.splice(i, 0, comment);
      return {
        bytes: Buffer.from(lines.join("\n")),
        what: `comment ${JSON.stringify(comment)} at line ${i + 1}`,
      };
    },
  },
  {
    name: "trailing-comma",
    apply(rng, bytes) {
      const text = bytes.toString("utf8");
      const closers = [...text.matchAll(/\n(\s*)[}\]]/g)].map((m) => m.index);
      if (closers.length === 0) return undefined;
      const offset = rng.pick(closers);
      return {
        bytes: Buffer.from(`${text.slice(0, offset)},${text.slice(offset)}`),
        what: `trailing comma at ${offset}`,
      };
    },
  },
  {
    name: "control-char",
    apply(rng, bytes) {
      const starts = stringStarts(bytes.toString("latin1"));
      const offset = starts.length > 0 ? rng.pick(starts) : at(rng, bytes);
      const c = rng.pick([0, 1, 8, 9, 10, 13, 27, 0x7f]);
      return { bytes: splice(bytes, offset, 0, [c]), what: `raw control char ${c} at ${offset}` };
    },
  },
  {
    name: "escapes",
    apply(rng, bytes) {
      const starts = stringStarts(bytes.toString("latin1"));
      if (starts.length === 0) return undefined;
      const offset = rng.pick(starts);
      const esc = rng.pick([
        "\\ud800",
        "\\udc00\\ud800",
        "\\u0000",
        "\\uZZZZ",
        "\\x41",
        "\\",
        "\\u00",
        '\\"\\\\\\/\\b\\f\\n\\r\\t',
      ]);
      return {
        bytes: splice(bytes, offset, 0, Buffer.from(esc)),
        what: `escape ${esc} at ${offset}`,
      };
    },
  },
  {
    name: "number-literal",
    apply(rng, bytes) {
      const text = bytes.toString("utf8");
      const strings = [...text.matchAll(/:\s*("(?:[^"\\]|\\.)*")/g)];
      if (strings.length === 0) return undefined;
      const m = rng.pick(strings);
      const literal = rng.pick([
        "1e999",
        "-1e999",
        "1.2.3",
        "-0",
        "0.1e-999",
        "123456789012345678901234567890",
        "01",
        "1.",
        ".5",
        "+1",
        "0x10",
        "NaN",
        "Infinity",
        "1".repeat(5000),
      ]);
      const start = m.index + m[0].length - m[1]!.length;
      return {
        bytes: Buffer.from(text.slice(0, start) + literal + text.slice(start + m[1]!.length)),
        what: `number literal ${literal.slice(0, 20)} for ${m[1]!.slice(0, 30)}`,
      };
    },
  },
  {
    name: "chunks",
    apply(rng, bytes) {
      if (bytes.length < 4) return undefined;
      const a = rng.int(bytes.length);
      const len = rng.range(1, Math.min(200, bytes.length - a));
      const chunk = bytes.subarray(a, a + len);
      const how = rng.int(3);
      if (how === 0) return { bytes: splice(bytes, a, len), what: `delete ${len} bytes at ${a}` };
      if (how === 1)
        return {
          bytes: splice(bytes, a, 0, Buffer.from(chunk)),
          what: `repeat ${len} bytes at ${a}`,
        };
      const b = rng.int(bytes.length - len + 1);
      const without = splice(bytes, a, len);
      return {
        bytes: splice(without, Math.min(b, without.length), 0, Buffer.from(chunk)),
        what: `move ${len} bytes ${a} → ${b}`,
      };
    },
  },
  {
    name: "empty",
    apply(rng) {
      const v = rng.pick([
        "",
        " ",
        "\n",
        "\u0000",
        "null",
        "{}",
        "[]",
        '"openResourceDiscovery"',
        '{"openResourceDiscovery"',
        "\ufeff",
      ]);
      return { bytes: Buffer.from(v), what: `file is ${JSON.stringify(v)}` };
    },
  },
];

/* ------------------------------------------------------------------------------------------ */
/* Extreme inputs: deep nesting, huge strings, huge arrays                                     */
/* ------------------------------------------------------------------------------------------ */

export interface ExtremeScale {
  /** Length of huge strings (default 5 MB). */
  hugeString: number;
  /** Nesting depths to pick from. */
  depths: number[];
  /** Elements of huge arrays and objects. */
  hugeArray: number;
}

export const FULL_SCALE: ExtremeScale = {
  hugeString: 5 * 1024 * 1024,
  depths: [1_000, 10_000, 100_000],
  hugeArray: 100_000,
};

/** The CI test's extremes (`--scale small`): the same shapes at a size CI runs in seconds. */
export const SMALL_SCALE: ExtremeScale = {
  hugeString: 512 * 1024,
  depths: [300, 1_000, 10_000],
  hugeArray: 5_000,
};

const PLACEHOLDER = "@@FUZZ-PLACEHOLDER@@";

function nested(rng: Rng, depth: number): string {
  const kind = rng.pick(["array", "object", "mixed"]);
  if (kind === "array") return "[".repeat(depth) + "1" + "]".repeat(depth);
  if (kind === "object") return '{"a":'.repeat(depth) + "1" + "}".repeat(depth);
  let open = "";
  let close = "";
  for (let i = 0; i < depth; i++) {
    if (i % 2) {
      open += '{"k":';
      close = `}${close}`;
    } else {
      open += "[";
      close = `]${close}`;
    }
  }
  return `${open}null${close}`;
}

/**
 * An extreme value placed somewhere in a document: in an entity field (so the diff walks it), at
 * top level, or in a tombstone. Returns the text to substitute for the placeholder.
 */
function extremeValue(
  rng: Rng,
  scale: ExtremeScale,
): { text: string; what: string; keyName?: string } {
  const kinds = (
    [
      ["deep", 5],
      ["huge-string", 2],
      ["huge-array", 1],
      ["huge-object", 0.5],
      ["huge-number", 1],
      ["huge-key", 1],
    ] as const
  ).filter(([k]) => !P.avoid.has(k));
  const kind = rng.weighted(kinds.length > 0 ? kinds : ([["huge-number", 1]] as const));
  switch (kind) {
    case "deep": {
      const depth = rng.pick(scale.depths);
      return { text: nested(rng, depth), what: `nesting depth ${depth}` };
    }
    case "huge-string": {
      const unit = rng.pick(["x", "é", "😀", "\\", " "]);
      const text = JSON.stringify(
        unit.repeat(Math.floor(scale.hugeString / Buffer.byteLength(unit))),
      );
      return {
        text,
        what: `string of ${(text.length / 1048576).toFixed(1)} MB of ${JSON.stringify(unit)}`,
      };
    }
    case "huge-array":
      return {
        text: `[${Array.from({ length: scale.hugeArray }, (_, i) => `"v${i}"`).join(",")}]`,
        what: `array of ${scale.hugeArray}`,
      };
    case "huge-object":
      return {
        text: `{${Array.from({ length: scale.hugeArray }, (_, i) => `"k${i}":${i}`).join(",")}}`,
        what: `object of ${scale.hugeArray} keys`,
      };
    case "huge-number":
      return {
        text: "9".repeat(scale.hugeString / 50),
        what: `number of ${scale.hugeString / 50} digits`,
      };
    case "huge-key":
      return {
        text: "1",
        keyName: "k".repeat(scale.hugeString / 5),
        what: `key of ${scale.hugeString / 5} characters`,
      };
  }
}

/** Places an extreme value in a parsed document; returns the serialised text. */
function withExtreme(rng: Rng, value: unknown, scale: ExtremeScale, ops: string[]): string {
  const x = extremeValue(rng, scale);
  const doc = clone(value);
  let where = "document";
  const e = randomEntity(rng, doc);
  const spot = rng.weighted([
    ["entity-field", 6],
    ["entity-new-field", 3],
    ["top", 1],
    ["version", 1],
    ["ord-id", 1],
  ] as const);
  const key = x.keyName ?? PLACEHOLDER.toLowerCase();
  if (e && spot === "entity-field") {
    const keys = Object.keys(e.value);
    const field = keys.length > 0 ? rng.pick(keys) : "labels";
    setOwn(e.value, field, PLACEHOLDER);
    where = `${e.array}[${e.index}].${field}`;
  } else if (e && (spot === "version" || spot === "ord-id")) {
    const field = spot === "version" ? "version" : "ordId";
    setOwn(e.value, field, PLACEHOLDER);
    where = `${e.array}[${e.index}].${field}`;
  } else if (e && spot === "entity-new-field") {
    setOwn(e.value, key, PLACEHOLDER);
    where = `${e.array}[${e.index}].<new>`;
  } else if (isObj(doc)) {
    setOwn(doc, key, PLACEHOLDER);
    where = "top level";
  }
  ops.push(`extreme: ${x.what} at ${where}`);
  const text = JSON.stringify(doc, null, rng.pick([0, 2]));
  return text.replace(`"${PLACEHOLDER}"`, () => x.text);
}

/* ------------------------------------------------------------------------------------------ */
/* Cases                                                                                       */
/* ------------------------------------------------------------------------------------------ */

/** The files of one side: documents (candidates) and other files (definitions). */
export interface FileSet {
  docs: Map<string, Buffer>;
  extra: Map<string, Buffer>;
}

export interface FuzzCase {
  seed: number;
  index: number;
  kind: CaseKind;
  ops: string[];
  base: FileSet;
  head: FileSet;
  config: Config;
  failOn?: FailOn;
  /** Head documents that are no valid ORD document while base has one at that path. */
  expectUnreadable: string[];
}

export type CaseKind = "structured" | "bytes" | "mixed" | "definition" | "multi" | "extreme";

export interface CaseOptions {
  scale?: ExtremeScale;
  /** Mutation names (structured, byte, or `extreme`) never chosen. */
  avoid?: readonly string[];
}

const KINDS: readonly (readonly [CaseKind, number])[] = [
  ["structured", 42],
  ["bytes", 20],
  ["mixed", 10],
  ["definition", 18],
  ["multi", 8],
  ["extreme", 2],
];

function parseDocument(bytes: Buffer, jsonc: boolean): unknown {
  let text = bytes.toString("utf8");
  if (text.startsWith("\ufeff")) text = text.slice(1);
  if (!jsonc) return JSON.parse(text);
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0 || !tree) throw new Error("unparseable JSONC");
  // Plain JSON of the JSONC value: comments go, own keys stay own keys.
  return JSON.parse(jsoncToJson(text));
}

/** Strips comments and trailing commas (JSONC → JSON) with jsonc-parser's own scanner rules. */
function jsoncToJson(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (c === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n" && text[i] !== "\r") i++;
    } else if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      i = end === -1 ? text.length : end + 2;
    } else {
      out += c;
      i++;
    }
  }
  return out.replace(/,(\s*[}\]])/g, "$1");
}

/** Whether bytes are a readable ORD document, by the same rules the checker states. */
export function isOrdDocument(bytes: Buffer, jsonc: boolean): boolean {
  let text: string;
  try {
    // Exactly one leading BOM is allowed (RFC 8259 §8.1 lets readers ignore one).
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return false;
  }
  if (text.startsWith("\ufeff")) text = text.slice(1);
  if (jsonc) {
    const errors: ParseError[] = [];
    let tree: ReturnType<typeof parseTree>;
    try {
      tree = parseTree(text, errors, {
        allowTrailingComma: true,
        disallowComments: false,
        allowEmptyContent: false,
      });
    } catch {
      return false; // nested too deep for jsonc-parser's recursion: no document a reader accepts
    }
    return (
      errors.length === 0 &&
      tree?.type === "object" &&
      (tree.children ?? []).some((p) => p.children?.[0]?.value === "openResourceDiscovery")
    );
  }
  try {
    const value: unknown = JSON.parse(text);
    return isObj(value) && "openResourceDiscovery" in value;
  } catch {
    return false;
  }
}

function serialize(rng: Rng, value: unknown): Buffer {
  const indent = rng.weighted<number | string>([
    [2, 8],
    [0, 2],
    [4, 1],
    ["\t", 1],
  ]);
  return Buffer.from(`${JSON.stringify(value, null, indent) ?? "null"}\n`);
}

function applyStructured(
  rng: Rng,
  value: unknown,
  count: number,
  ops: string[],
  avoid: Set<string>,
): unknown {
  const doc = { value };
  const pool = STRUCTURED.filter((m) => !avoid.has(m.name));
  for (let i = 0, tries = 0; i < count && tries < count * 5; tries++) {
    const m = rng.pick(pool);
    const what = m.apply(rng, doc);
    if (what === undefined) continue;
    ops.push(what);
    i++;
  }
  return doc.value;
}

function applyBytes(
  rng: Rng,
  bytes: Buffer,
  count: number,
  ops: string[],
  avoid: Set<string>,
): Buffer {
  let out = bytes;
  const pool = BYTES.filter((m) => !avoid.has(m.name));
  for (let i = 0, tries = 0; i < count && tries < count * 5; tries++) {
    const m = rng.pick(pool);
    const result = m.apply(rng, out);
    if (!result) continue;
    ops.push(result.what);
    out = result.bytes;
    i++;
  }
  return out;
}

const emptySet = (): FileSet => ({ docs: new Map(), extra: new Map() });

/** Builds case `index` of run `seed`: deterministic in both. */
export function makeCase(
  corpus: Corpus,
  seed: number,
  index: number,
  options: CaseOptions = {},
): FuzzCase {
  const rng = new Rng(caseSeed(seed, index));
  const scale = options.scale ?? FULL_SCALE;
  const avoid = new Set<string>(options.avoid ?? []);
  P = poolsFor(avoid);
  const kinds = KINDS.filter(([k]) => !(k === "extreme" && avoid.has("extreme")));
  const kind = rng.weighted(kinds);
  const source = rng.pick(corpus.documents);
  const ops: string[] = [`${kind} on ${source.name}`];
  const rel = `ord/document.${source.jsonc ? "jsonc" : "json"}`;
  const base = emptySet();
  const head = emptySet();
  let config: Config = EMPTY_CONFIG;
  base.docs.set(rel, source.bytes);
  let value: unknown;
  try {
    value = parseDocument(source.bytes, source.jsonc);
  } catch {
    value = undefined;
  }

  const mutateDocument = (bytes: Buffer, parsed: unknown, k: CaseKind): Buffer => {
    if (k === "structured" && parsed !== undefined) {
      return serialize(rng, applyStructured(rng, clone(parsed), rng.range(1, 4), ops, avoid));
    }
    if (k === "mixed" && parsed !== undefined) {
      const structured = serialize(
        rng,
        applyStructured(rng, clone(parsed), rng.range(1, 3), ops, avoid),
      );
      return applyBytes(rng, structured, rng.range(1, 2), ops, avoid);
    }
    return applyBytes(rng, bytes, rng.range(1, 3), ops, avoid);
  };

  switch (kind) {
    case "structured":
    case "bytes":
    case "mixed":
      head.docs.set(rel, mutateDocument(source.bytes, value, kind));
      break;
    case "extreme": {
      if (value === undefined) {
        head.docs.set(rel, mutateDocument(source.bytes, value, "bytes"));
        break;
      }
      const text = withExtreme(rng, value, scale, ops);
      head.docs.set(rel, Buffer.from(text));
      if (rng.chance(0.3)) {
        // Both sides extreme, different at the bottom: the diff has to walk all of it.
        base.docs.set(
          rel,
          Buffer.from(text.replace(/1([\]}]+)$/m, "2$1").replace('"a":1}', '"a":2}')),
        );
        ops.push("base: the same extreme value, another leaf");
      }
      break;
    }
    case "definition": {
      config = definitionCase(rng, corpus, value, rel, base, head, ops, avoid, scale);
      break;
    }
    case "multi":
      multiCase(rng, corpus, base, head, ops, avoid);
      break;
  }

  // Occasionally: a file renamed, or the head side's extension changed (JSON ↔ JSONC).
  if (kind !== "multi" && rng.chance(0.02)) {
    const bytes = head.docs.get(rel)!;
    head.docs.delete(rel);
    const renamed = rng.pick([
      "ord/renamed.json",
      rel.endsWith(".jsonc") ? "ord/document.json" : "ord/document.jsonc",
      "ord/sub/document.json",
    ]);
    head.docs.set(renamed, bytes);
    ops.push(`head file renamed to ${renamed}`);
  }
  const failOn = rng.chance(0.1)
    ? rng.pick<FailOn>(["error", "warning", "notice", "never"])
    : undefined;

  const expectUnreadable: string[] = [];
  for (const [name, bytes] of head.docs) {
    const before = base.docs.get(name);
    const jsonc = /\.jsonc$/i.test(name);
    if (before && isOrdDocument(before, jsonc) && !isOrdDocument(bytes, jsonc))
      expectUnreadable.push(name);
  }
  return { seed, index, kind, ops, base, head, config, failOn, expectUnreadable };
}

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

function definitionCase(
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

function multiCase(
  rng: Rng,
  corpus: Corpus,
  base: FileSet,
  head: FileSet,
  ops: string[],
  avoid: Set<string>,
): void {
  base.docs.clear();
  const count = rng.range(2, 3);
  const picked = Array.from({ length: count }, () => rng.pick(corpus.documents));
  picked.forEach((d, i) => {
    const name = `ord/${String.fromCharCode(97 + i)}.${d.jsonc ? "jsonc" : "json"}`;
    base.docs.set(name, d.bytes);
    head.docs.set(name, d.bytes);
  });
  ops.push(`files ${picked.map((d) => d.name).join(", ")}`);
  const names = [...base.docs.keys()];
  const what = rng.int(6);
  if (what === 0) {
    const [a, b] = rng.shuffle([...names]);
    head.docs.set(a!, base.docs.get(b!)!);
    head.docs.set(b!, base.docs.get(a!)!);
    ops.push(`contents of ${a} and ${b} swapped`);
  } else if (what === 1) {
    const name = rng.pick(names);
    head.docs.delete(name);
    ops.push(`${name} removed in head`);
  } else if (what === 2) {
    const name = rng.pick(names);
    base.docs.delete(name);
    ops.push(`${name} added in head`);
  } else if (what === 3) {
    // Move one entity from one file to another.
    const [a, b] = rng.shuffle([...names]);
    try {
      const va = parseDocument(base.docs.get(a!)!, a!.endsWith(".jsonc"));
      const vb = parseDocument(base.docs.get(b!)!, b!.endsWith(".jsonc"));
      const e = randomEntity(rng, va);
      if (e && isObj(va) && isObj(vb)) {
        (va[e.array] as unknown[]).splice(e.index, 1);
        const list = vb[e.array];
        if (Array.isArray(list)) list.push(e.value);
        else setOwn(vb, e.array, [e.value]);
        head.docs.set(a!, serialize(rng, va));
        head.docs.set(b!, serialize(rng, vb));
        ops.push(`${e.array}[${e.index}] moved from ${a} to ${b}`);
      }
    } catch {
      ops.push("move skipped (unparseable)");
    }
  } else {
    const name = rng.pick(names);
    const bytes = head.docs.get(name)!;
    let parsed: unknown;
    try {
      parsed = parseDocument(bytes, name.endsWith(".jsonc"));
    } catch {
      parsed = undefined;
    }
    head.docs.set(
      name,
      what === 4 && parsed !== undefined
        ? serialize(rng, applyStructured(rng, clone(parsed), rng.range(1, 3), ops, avoid))
        : applyBytes(rng, bytes, 1, ops, avoid),
    );
    ops.push(`${name} mutated`);
  }
  // Files in another order than base: pairing is by path and matching by ORD ID, never by order.
  const order = rng.shuffle([...head.docs]);
  head.docs.clear();
  for (const [name, bytes] of order) head.docs.set(name, bytes);
  ops.push(`head file order ${order.map(([name]) => name).join(", ")}`);
}

/* ------------------------------------------------------------------------------------------ */
/* Running a case                                                                              */
/* ------------------------------------------------------------------------------------------ */

/** An in-memory side, like a directory: documents are candidates, other files readable by path. */
export function sideOf(set: FileSet, order?: (files: SourceFile[]) => SourceFile[]): SideSource {
  const files: SourceFile[] = [...set.docs].map(([rel, bytes]) => ({
    path: rel,
    rel,
    bytes: () => bytes,
    explicit: false,
    dir: path.posix.dirname(rel),
  }));
  return {
    files: order ? order(files) : files,
    read: (relative) => set.extra.get(relative) ?? set.docs.get(relative),
    display: (relative) => relative,
    // Listed like a real side, so definition URLs get the same suffix lookup as in a checkout.
    list: () => [...new Set([...set.docs.keys(), ...set.extra.keys()])].sort(),
  };
}

export const NOW = new Date("2026-11-21T12:00:00Z");

export interface Crash {
  run: string;
  name: string;
  message: string;
  stack: string;
  /** Error name, message shape and first frame in src/ or node_modules/: groups equal crashes. */
  signature: string;
}

export interface CaseResult {
  index: number;
  ms: number;
  crashes: Crash[];
  /** Reports that break a promise of the checker (a broken document that passes unnoticed...). */
  violations: string[];
  verdicts: string[];
}

/** The first frame in src/ (where the checker went wrong), else the first in node_modules/. */
function firstFrame(stack: string): string {
  const frames = stack
    .split("\n")
    .slice(1)
    .map((line) => /((?:src|node_modules)\/[^():]+):(\d+):\d+\)?$/.exec(line.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => `${m[1]}:${m[2]}`);
  return frames.find((f) => f.startsWith("src/")) ?? frames[0] ?? "?";
}

function crashOf(run: string, error: unknown): Crash {
  const e = error instanceof Error ? error : new Error(String(error));
  const stack = e.stack ?? "";
  const shape = e.message
    .split("\n")[0]!
    .replace(/"[^"]*"|'[^']*'/g, "…")
    .replace(/\d+/g, "N")
    .slice(0, 120);
  return {
    run,
    name: e.name,
    message: e.message.slice(0, 500),
    stack,
    signature: `${e.name}: ${shape} @ ${firstFrame(stack)}`,
  };
}

function checkReport(
  report: Report,
  fc: FuzzCase,
  run: string,
  forward: boolean,
  violations: string[],
): void {
  if (report.verdict !== "pass" && report.verdict !== "fail")
    violations.push(`${run}: verdict ${String(report.verdict)}`);
  const counts = { error: 0, warning: 0, notice: 0 };
  for (const f of report.findings) {
    counts[f.severity]++;
    const l = f.location;
    if (
      l &&
      !(Number.isInteger(l.line) && l.line >= 1 && Number.isInteger(l.column) && l.column >= 1)
    ) {
      violations.push(`${run}: ${f.ruleId} has location ${JSON.stringify(l)}`);
    }
  }
  const s = report.summary;
  if (s.errors !== counts.error || s.warnings !== counts.warning || s.notices !== counts.notice) {
    violations.push(`${run}: summary counts differ from the findings`);
  }
  if (forward) {
    for (const file of fc.expectUnreadable) {
      const found = report.findings.some(
        (f) => f.ruleId === "document-unreadable" && f.location?.file === file,
      );
      if (!found)
        violations.push(
          `${run}: ${file} is no longer a readable ORD document but no document-unreadable finding names it`,
        );
    }
  }
}

/** Runs base → head and head → base, in both scopes, through checkSources and every renderer. */
export function runCase(fc: FuzzCase): CaseResult {
  const started = performance.now();
  const crashes: Crash[] = [];
  const violations: string[] = [];
  const verdicts: string[] = [];
  for (const forward of [true, false]) {
    for (const scope of ["changed", "all"] as Scope[]) {
      const run = `${forward ? "base=original head=mutated" : "base=mutated head=original"} scope=${scope}`;
      let report: Report;
      try {
        const [b, h] = forward ? [fc.base, fc.head] : [fc.head, fc.base];
        report = checkSources(
          { base: sideOf(b), head: sideOf(h) },
          { now: NOW, scope, config: fc.config, failOn: fc.failOn },
        );
      } catch (error) {
        crashes.push(crashOf(run, error));
        continue;
      }
      verdicts.push(report.verdict);
      checkReport(report, fc, run, forward, violations);
      for (const format of FORMATS) {
        try {
          const text = renderReport(report, format);
          if (format === "json" || format === "sarif") JSON.parse(text);
        } catch (error) {
          crashes.push(crashOf(`${run} render=${format}`, error));
        }
      }
    }
  }
  return { index: fc.index, ms: performance.now() - started, crashes, violations, verdicts };
}

/* ------------------------------------------------------------------------------------------ */
/* Command line                                                                                */
/* ------------------------------------------------------------------------------------------ */

/**
 * Workers load this file through tsx's API: Node 20 does not pass the tsx loader of the main
 * thread (`--import`) on to worker threads, so a worker could not load TypeScript by itself.
 */
const workerEntry = (): URL =>
  new URL(
    `data:text/javascript,${encodeURIComponent(
      `import { tsImport } from ${JSON.stringify(import.meta.resolve("tsx/esm/api"))};
await tsImport(${JSON.stringify(import.meta.url)}, ${JSON.stringify(import.meta.url)});`,
    )}`,
  );

interface WorkerJob {
  ordFuzzWorker: true;
  seed: number;
  shared: string;
  options: CaseOptions;
}

type ToMain =
  | { type: "start"; index: number }
  | { type: "done"; result: CaseResult; ops: string[]; kind: CaseKind }
  | { type: "idle" };

type ToWorker = { type: "range"; from: number; to: number } | { type: "stop" };

/**
 * The yaml package reports unresolved tags (`!!js/function`...) as process warnings; thousands of
 * them would bury the summary.
 */
function quietWarnings(): void {
  process.removeAllListeners("warning");
}

function workerMain(): void {
  const job = workerData as WorkerJob;
  const corpus = loadCorpus(job.shared);
  const port = parentPort!;
  quietWarnings();
  port.on("message", (message: ToWorker) => {
    if (message.type === "stop") {
      process.exit(0);
    }
    for (let index = message.from; index < message.to; index++) {
      port.postMessage({ type: "start", index } satisfies ToMain);
      let fc: FuzzCase;
      let result: CaseResult;
      try {
        fc = makeCase(corpus, job.seed, index, job.options);
        result = runCase(fc);
      } catch (error) {
        // A fuzzer bug (case generation): reported like a crash, so it is never silent.
        const crash = crashOf("generating the case", error);
        port.postMessage({
          type: "done",
          result: { index, ms: 0, crashes: [crash], violations: [], verdicts: [] },
          ops: ["(generation failed)"],
          kind: "structured",
        } satisfies ToMain);
        continue;
      }
      port.postMessage({ type: "done", result, ops: fc.ops, kind: fc.kind } satisfies ToMain);
    }
    port.postMessage({ type: "idle" } satisfies ToMain);
  });
}

interface Record_ {
  index: number;
  ops: string[];
  kind: CaseKind;
  ms: number;
}

const fmtMs = (ms: number): string =>
  ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`;

async function fuzzMain(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      cases: { type: "string" },
      seed: { type: "string" },
      case: { type: "string" },
      dump: { type: "string" },
      workers: { type: "string" },
      slow: { type: "string" },
      timeout: { type: "string" },
      out: { type: "string" },
      avoid: { type: "string" },
      scale: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    const text = readFileSync(fileURLToPath(import.meta.url), "utf8");
    console.log(/\/\*\*([\s\S]*?)\*\//.exec(text)?.[1]?.replace(/^ \* ?/gm, "") ?? "");
    return 0;
  }
  const num = (v: string | undefined, fallback: number, name: string): number => {
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer`);
    return n;
  };
  const seed = num(values.seed, 1, "seed");
  const cases = num(values.cases, 100_000, "cases");
  const slowMs = num(values.slow, 5_000, "slow");
  const timeoutMs = num(values.timeout, 60_000, "timeout");
  const corpus = loadCorpus();
  const avoid = (values.avoid ?? "").split(",").filter((f) => f !== "");
  for (const f of avoid) {
    if (!(FEATURES as readonly string[]).includes(f)) {
      throw new Error(`--avoid: unknown feature "${f}" (known: ${FEATURES.join(", ")})`);
    }
  }
  if (values.scale !== undefined && values.scale !== "small" && values.scale !== "full") {
    throw new Error('--scale must be "full" or "small"');
  }
  const options: CaseOptions = {
    avoid,
    scale: values.scale === "small" ? SMALL_SCALE : FULL_SCALE,
  };
  /** The flags that make `--case` rebuild the same case. */
  const flags = `${avoid.length > 0 ? ` --avoid ${avoid.join(",")}` : ""}${values.scale === "small" ? " --scale small" : ""}`;

  if (values.case !== undefined)
    return replay(corpus, seed, num(values.case, 0, "case"), values.dump, options);

  const workerCount = Math.max(
    1,
    Math.min(num(values.workers, Math.min(4, os.availableParallelism()), "workers"), cases || 1),
  );
  console.log(
    `ord-version-guard fuzz: seed ${seed}, ${cases.toLocaleString("en")} cases × 4 checks, corpus ${corpus.source} (${corpus.documents.length} documents, ${corpus.definitions.length} definitions), ${workerCount} workers`,
  );

  const started = performance.now();
  const crashesBySignature = new Map<
    string,
    { count: number; first: Record_ & { crash: Crash } }
  >();
  const crashedCases = new Set<number>();
  const violations: (Record_ & { message: string })[] = [];
  const hangs: number[] = [];
  const slow: Record_[] = [];
  const slowest: Record_[] = [];
  const allCrashes: unknown[] = [];
  const kindStats = new Map<CaseKind, { n: number; ms: number }>();
  const durations: number[] = [];
  let verdictPass = 0;
  let verdictFail = 0;
  let done = 0;

  const pending: { from: number; to: number }[] = [];
  const CHUNK = 50;
  for (let from = 0; from < cases; from += CHUNK)
    pending.push({ from, to: Math.min(cases, from + CHUNK) });

  interface Slot_ {
    worker: Worker;
    range?: { from: number; to: number };
    current?: { index: number; since: number };
  }

  await new Promise<void>((resolve) => {
    const slots: Slot_[] = [];
    let live = 0;
    const spawn = (): void => {
      const worker = new Worker(workerEntry(), {
        workerData: { ordFuzzWorker: true, seed, shared: SHARED, options } satisfies WorkerJob,
        // The stack of Node's main thread (984 KB for V8 plus Node's 192 KB reserve), where the
        // CLI and the Action run: a worker's default 4 MB would hide stack overflows users hit.
        resourceLimits: { stackSizeMb: 1.15 },
      });
      const slot: Slot_ = { worker };
      slots.push(slot);
      live++;
      const feed = (): void => {
        const range = pending.shift();
        slot.range = range;
        if (range) worker.postMessage({ type: "range", ...range } satisfies ToWorker);
        else worker.postMessage({ type: "stop" } satisfies ToWorker);
      };
      worker.on("message", (message: ToMain) => {
        if (message.type === "start") {
          slot.current = { index: message.index, since: performance.now() };
        } else if (message.type === "done") {
          slot.current = undefined;
          const { result, ops, kind } = message;
          done++;
          durations.push(result.ms);
          const stats = kindStats.get(kind) ?? { n: 0, ms: 0 };
          stats.n++;
          stats.ms += result.ms;
          kindStats.set(kind, stats);
          verdictPass += result.verdicts.filter((v) => v === "pass").length;
          verdictFail += result.verdicts.filter((v) => v === "fail").length;
          const record = { index: result.index, ops, kind, ms: result.ms };
          if (result.ms > slowMs) slow.push(record);
          slowest.push(record);
          slowest.sort((a, b) => b.ms - a.ms);
          slowest.length = Math.min(slowest.length, 10);
          for (const crash of result.crashes) {
            crashedCases.add(result.index);
            const known = crashesBySignature.get(crash.signature);
            if (known) known.count++;
            else crashesBySignature.set(crash.signature, { count: 1, first: { ...record, crash } });
            if (allCrashes.length < 5000)
              allCrashes.push({ seed, case: result.index, ops, ...crash });
          }
          for (const message of result.violations) violations.push({ ...record, message });
          if (done % 5000 === 0) {
            const elapsed = (performance.now() - started) / 1000;
            process.stderr.write(
              `  ${done.toLocaleString("en")} cases, ${crashedCases.size} crashing, ${elapsed.toFixed(0)} s\n`,
            );
          }
        } else {
          feed();
        }
      });
      worker.on("exit", () => {
        live--;
        if (live === 0 && pending.length === 0) resolve();
      });
      worker.on("error", (error) => {
        // A worker that dies (out of memory...) loses its current case: a crash of that case.
        const index = slot.current?.index ?? -1;
        crashedCases.add(index);
        const crash = crashOf("worker died", error);
        crashesBySignature.set(crash.signature, {
          count: 1,
          first: { index, ops: [], kind: "structured", ms: 0, crash },
        });
        if (slot.range && index >= 0 && index + 1 < slot.range.to)
          pending.unshift({ from: index + 1, to: slot.range.to });
        slot.current = undefined;
        if (pending.length > 0) spawn();
      });
      feed();
    };
    const watchdog = setInterval(() => {
      for (const slot of slots) {
        if (!slot.current || performance.now() - slot.current.since < timeoutMs) continue;
        const { index } = slot.current;
        hangs.push(index);
        done++;
        slot.current = undefined;
        if (slot.range && index + 1 < slot.range.to)
          pending.unshift({ from: index + 1, to: slot.range.to });
        slot.range = undefined;
        void slot.worker.terminate();
        spawn();
      }
    }, 250);
    for (let i = 0; i < workerCount; i++) spawn();
    const finish = setInterval(() => {
      if (live === 0) {
        clearInterval(finish);
        clearInterval(watchdog);
        resolve();
      }
    }, 500);
  });

  const wall = (performance.now() - started) / 1000;
  durations.sort((a, b) => a - b);
  const q = (p: number): number =>
    durations[Math.min(durations.length - 1, Math.floor(p * durations.length))] ?? 0;
  const reproduce = (index: number): string =>
    `npx tsx scripts/fuzz.ts --seed ${seed} --case ${index}${flags}`;
  console.log(
    `\n${done.toLocaleString("en")} cases in ${wall.toFixed(1)} s wall (${((wall * 1000) / Math.max(1, done)).toFixed(2)} s per 1,000 cases with ${workerCount} workers); per case (4 checks + 16 renders): median ${fmtMs(q(0.5))}, p99 ${fmtMs(q(0.99))}, max ${fmtMs(q(1))}`,
  );
  console.log(`verdicts: ${verdictPass} pass, ${verdictFail} fail`);
  console.log(
    `by kind: ${[...kindStats].map(([k, s]) => `${k} ${s.n} (${(s.ms / s.n).toFixed(1)} ms avg)`).join(", ")}`,
  );
  console.log(`\ncrashes: ${crashedCases.size} cases in ${crashesBySignature.size} signatures`);
  for (const [signature, { count, first }] of [...crashesBySignature].sort(
    (a, b) => b[1].count - a[1].count,
  )) {
    console.log(
      `\n  ${signature}\n    ${count} crashing runs; first: case ${first.index} (${first.crash.run})`,
    );
    console.log(`    reproduce: ${reproduce(first.index)}`);
    console.log(`    message: ${first.crash.message.split("\n")[0]!.slice(0, 200)}`);
    for (const op of first.ops.slice(0, 8)) console.log(`    - ${op.slice(0, 160)}`);
  }
  console.log(`\ninvariant violations: ${violations.length}`);
  for (const v of violations.slice(0, 20)) {
    console.log(
      `  case ${v.index}: ${v.message}\n    reproduce: ${reproduce(v.index)}\n    ops: ${v.ops.join(" · ").slice(0, 300)}`,
    );
  }
  console.log(`\nhangs (over ${fmtMs(timeoutMs)}, worker stopped): ${hangs.length}`);
  for (const index of hangs) console.log(`  case ${index}: ${reproduce(index)}`);
  console.log(`slow cases (over ${fmtMs(slowMs)}): ${slow.length}`);
  for (const s of slow.slice(0, 20))
    console.log(`  case ${s.index} ${fmtMs(s.ms)}: ${s.ops.join(" · ").slice(0, 200)}`);
  console.log("slowest cases:");
  for (const s of slowest)
    console.log(`  case ${s.index} ${fmtMs(s.ms)}: ${s.ops.join(" · ").slice(0, 200)}`);
  if (values.out)
    writeFileSync(
      values.out,
      `${JSON.stringify({ seed, cases, wall, crashes: allCrashes, violations, hangs, slow }, null, 2)}\n`,
    );
  return crashedCases.size > 0 || hangs.length > 0 || violations.length > 0 ? 1 : 0;
}

function replay(
  corpus: Corpus,
  seed: number,
  index: number,
  dump: string | undefined,
  options: CaseOptions,
): number {
  quietWarnings();
  const fc = makeCase(corpus, seed, index, options);
  console.log(`case ${index} of seed ${seed} (${fc.kind})`);
  for (const op of fc.ops) console.log(`  - ${op.slice(0, 300)}`);
  if (fc.config !== EMPTY_CONFIG)
    console.log(`  config definitions: ${JSON.stringify(fc.config.definitions)}`);
  if (dump) {
    for (const [side, set] of [
      ["base", fc.base],
      ["head", fc.head],
    ] as const) {
      for (const [rel, bytes] of [...set.docs, ...set.extra]) {
        const file = path.join(dump, side, rel);
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, bytes);
      }
    }
    console.log(
      `  files written to ${dump}/base and ${dump}/head (check --base ${dump}/base --head ${dump}/head)`,
    );
  }
  const result = runCase(fc);
  console.log(`  ${fmtMs(result.ms)}; verdicts ${result.verdicts.join(", ")}`);
  for (const crash of result.crashes) console.log(`\nCRASH ${crash.run}\n${crash.stack}`);
  for (const v of result.violations) console.log(`\nVIOLATION ${v}`);
  return result.crashes.length > 0 || result.violations.length > 0 ? 1 : 0;
}

if (!isMainThread && (workerData as Partial<WorkerJob> | undefined)?.ordFuzzWorker) {
  workerMain();
} else if (
  process.argv[1] &&
  import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href
) {
  fuzzMain(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(2);
    },
  );
}
