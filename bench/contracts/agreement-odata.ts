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
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { check } from "../../src/check.js";
import type { Label, Level } from "./labels.js";
import { ODATA_LABELS } from "./labels-odata.js";

export interface ODataPair {
  name: string;
  /** The definition file's extension: `.xml`, `.json`. */
  ext: string;
  base: string;
  head: string;
  label: Label;
}

/** The labelled pairs of `<dir>/odata`, in name order. */
export function readODataPairs(dir: string): ODataPair[] {
  const folder = join(dir, "odata");
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => Object.hasOwn(ODATA_LABELS, name))
    .sort()
    .map((name) => {
      const files = readdirSync(join(folder, name));
      const file = (side: string) => files.find((f) => f.startsWith(`${side}.`)) ?? side;
      const base = file("base");
      return {
        name,
        ext: base.slice(base.indexOf(".")),
        base: readFileSync(join(folder, name, base), "utf8"),
        head: readFileSync(join(folder, name, file("head")), "utf8"),
        label: ODATA_LABELS[name]!,
      };
    });
}

/**
 * Runs the public check() on one pair, the file as the one `edmx` (or `csdl-json`) definition of
 * an API resource; the level is the entity's change level, `none` when it is not reported changed.
 */
export function classifyODataPair(pair: ODataPair): Level {
  const json = pair.ext === ".json";
  const url = `metadata${pair.ext}`;
  const ordId = "bench.pairs:apiResource:pair:v1";
  const wrapper = JSON.stringify({
    openResourceDiscovery: "1.12",
    apiResources: [
      {
        ordId,
        title: "Pair",
        shortDescription: "A contract pair",
        description: "One contract pair wrapped as one resource.",
        version: "1.0.0",
        releaseStatus: "active",
        visibility: "public",
        partOfPackage: "bench.pairs:package:pairs:v1",
        apiProtocol: "odata-v4",
        resourceDefinitions: [
          {
            type: json ? "csdl-json" : "edmx",
            mediaType: json ? "application/json" : "application/xml",
            url,
          },
        ],
      },
    ],
  });
  const dir = mkdtempSync(join(tmpdir(), "ovg-odata-pair-"));
  try {
    for (const [side, text] of [
      ["base", pair.base],
      ["head", pair.head],
    ] as const) {
      mkdirSync(join(dir, side));
      writeFileSync(join(dir, side, "ord.json"), wrapper);
      writeFileSync(join(dir, side, url), text);
    }
    const report = check({ base: join(dir, "base"), head: join(dir, "head"), cwd: dir });
    return report.entities.find((e) => e.ordId === ordId)?.changeLevel ?? "none";
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const pct = (n: number, of: number) => `${n}/${of} (${((100 * n) / of).toFixed(1)}%)`;

function run(pairsDir: string, verbose: boolean): void {
  const pairs = readODataPairs(pairsDir);
  if (pairs.length === 0) {
    console.log(`no odata pairs at ${pairsDir}: skipped`);
    return;
  }
  const ours = pairs.map(classifyODataPair);
  const exact = pairs.filter((p, i) => ours[i] === p.label.level).length;
  const binary = pairs.filter(
    (p, i) => (ours[i] === "breaking") === (p.label.level === "breaking"),
  ).length;
  console.log(`\nodata: ${pairs.length} labelled pairs from ${join(pairsDir, "odata")}`);
  const head = `${"tool".padEnd(30)}${"level agrees".padEnd(20)}breaking-or-not agrees`;
  console.log(head);
  console.log("-".repeat(head.length));
  console.log(
    `${"ord-version-guard".padEnd(30)}${pct(exact, pairs.length).padEnd(20)}${pct(binary, pairs.length)}`,
  );
  const wrong = pairs.filter((p, i) => ours[i] !== p.label.level);
  console.log(
    `pairs where our level differs from the label: ${wrong.map((p) => `${p.name} (ours ${ours[pairs.indexOf(p)]}, label ${p.label.level})`).join(", ") || "none"}`,
  );
  if (verbose)
    pairs.forEach((p, i) =>
      console.log(`  ${p.name.padEnd(60)}${p.label.level.padEnd(10)}${ours[i] ?? ""}`),
    );
}

// only when run as a script: the test imports readODataPairs and classifyODataPair
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const at = args.indexOf("--pairs");
  const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
  const pairs = (at >= 0 ? args[at + 1] : undefined) ?? join(root, "../shared/contract-pairs");
  run(resolve(pairs), args.includes("--verbose"));
}
