/**
 * Agreement of the OData differ with a careful reviewer (issue 14):
 *
 *   npx tsx bench/contracts/agreement-odata.ts [--pairs <dir>] [--verbose]
 *   npm run bench:contracts   (runs this after agreement.ts)
 *
 * Every pair of ../shared/contract-pairs/odata (one change each) is wrapped as one ORD API
 * resource with an `edmx` resource definition and run through the public check(); the entity's
 * change level must equal the pair's label in labels-odata.ts (breaking, additive, patch, or none
 * when nothing changed). No OData diff tool is compared: none classifies metadata changes by the
 * protocol's versioning rules. Nothing of the pairs is copied into the repository.
 */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Level } from "./labels.js";
import { ODATA_LABELS } from "./labels-odata.js";
import { classifyWrappedPair, printAgreement, readLabelledPairs, type Pair } from "./pairs.js";

export type ODataPair = Pair;

/** The labelled pairs of `<dir>/odata`, in name order. */
export function readODataPairs(dir: string): ODataPair[] {
  return readLabelledPairs(join(dir, "odata"), ODATA_LABELS);
}

/**
 * Runs the public check() on one pair, the file as the one `edmx` (or `csdl-json`) definition of
 * an API resource; the level is the entity's change level, `none` when it is not reported changed.
 */
export function classifyODataPair(pair: ODataPair): Level {
  const json = pair.ext === ".json";
  return classifyWrappedPair(pair, {
    kind: "apiResource",
    file: "metadata",
    resource: { apiProtocol: "odata-v4" },
    definition: {
      type: json ? "csdl-json" : "edmx",
      mediaType: json ? "application/json" : "application/xml",
    },
  });
}

function run(pairsDir: string, verbose: boolean): void {
  const pairs = readODataPairs(pairsDir);
  if (pairs.length === 0) {
    console.log(`no odata pairs at ${pairsDir}: skipped`);
    return;
  }
  const title = `odata: ${pairs.length} labelled pairs from ${join(pairsDir, "odata")}`;
  printAgreement(title, pairs, pairs.map(classifyODataPair), verbose);
}

// only when run as a script: the test imports readODataPairs and classifyODataPair
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const at = args.indexOf("--pairs");
  const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
  const pairs = (at >= 0 ? args[at + 1] : undefined) ?? join(root, "../shared/contract-pairs");
  run(resolve(pairs), args.includes("--verbose"));
}
