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

// The fuzzer lives in scripts/fuzz/, one module per concern:
//   rng.ts              the seeded PRNG (every pick goes through it)
//   corpus.ts           the documents and definitions cases start from
//   json.ts             JSON value helpers, entity picks, document read/write, the ORD oracle
//   hostile.ts          hostile values, the --avoid features, ORD ID and version benders
//   structured.ts       the structured family's list (its order is load-bearing) and applier
//   structured-json.ts  structured mutations of any JSON value
//   structured-ord.ts   structured mutations of ORD entities and fields
//   bytes.ts            byte-level mutations
//   extreme.ts          deep nesting, huge strings, arrays, objects, numbers and keys
//   definitions.ts      definition files: resourceDefinitions entries and their mutated files
//   multi.ts            several documents per side
//   cases.ts            makeCase: picks a kind and a document, calls the family
//   run.ts              runCase: both directions, both scopes, every renderer; report checks
//   worker.ts, cli.ts   worker threads, the run's summary, replay and dump
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { fuzzMain } from "./fuzz/cli.js";

export { BYTES } from "./fuzz/bytes.js";
export {
  type CaseKind,
  type CaseOptions,
  type FileSet,
  type FuzzCase,
  makeCase,
} from "./fuzz/cases.js";
export {
  type Corpus,
  type CorpusDefinition,
  type CorpusDocument,
  type DefinitionKind,
  loadCorpus,
  SHARED,
} from "./fuzz/corpus.js";
export { type ExtremeScale, FULL_SCALE, SMALL_SCALE } from "./fuzz/extreme.js";
export { type Feature, FEATURES, PROTO_KEYS } from "./fuzz/hostile.js";
export { isOrdDocument } from "./fuzz/json.js";
export { caseSeed, mulberry32, Rng } from "./fuzz/rng.js";
export { type CaseResult, type Crash, NOW, runCase, sideOf } from "./fuzz/run.js";
export { STRUCTURED } from "./fuzz/structured.js";

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  fuzzMain(process.argv.slice(2), fileURLToPath(import.meta.url)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(2);
    },
  );
}
