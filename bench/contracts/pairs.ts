/**
 * What agreement.ts (AsyncAPI, GraphQL) and agreement-odata.ts (OData) share: reading the labelled
 * pairs of one format, running the public check() on one pair wrapped as an ORD resource, and
 * printing how often our level agrees with the label (docs/contracts/ describes the differs).
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
import { join } from "node:path";
import { check } from "../../src/check.js";
import type { Label, Level } from "./labels.js";

export interface Pair {
  name: string;
  /** The definition file's extension: `.yaml`, `.json`, `.graphql`, `.xml`. */
  ext: string;
  base: string;
  head: string;
  label: Label;
}

/** The pairs in `folder` that have a label, in name order (skips folders without one). */
export function readLabelledPairs(folder: string, labels: Record<string, Label>): Pair[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => Object.hasOwn(labels, name))
    .sort()
    .map((name) => {
      const files = readdirSync(join(folder, name));
      const file = (side: string) => files.find((f) => f.startsWith(`${side}.`)) ?? side;
      const read = (side: string) => readFileSync(join(folder, name, file(side)), "utf8");
      const base = file("base");
      return {
        name,
        ext: base.slice(base.indexOf(".")),
        base: read("base"),
        head: read("head"),
        label: labels[name]!,
      };
    });
}

/** How a pair's file is listed in the ORD document that wraps it. */
export interface Wrapping {
  kind: "apiResource" | "eventResource";
  /** The file's name in the document folder, without the pair's extension. */
  file: string;
  /** More fields of the resource, e.g. `apiProtocol`. */
  resource?: Record<string, unknown>;
  /** The resource definition's `type` (and `customType`) and `mediaType`; `url` is added. */
  definition: Record<string, unknown>;
}

/**
 * Runs the public check() (the pipeline of `ord-version-guard check`) on `pair`, its file the one
 * resource definition of the one resource of an ORD document on both sides. The level is that
 * entity's change level in the report, `none` when it is not reported as changed.
 */
export function classifyWrappedPair(pair: Pair, wrapping: Wrapping): Level {
  const url = `${wrapping.file}${pair.ext}`;
  const ordId = `bench.pairs:${wrapping.kind}:pair:v1`;
  const wrapper = JSON.stringify({
    openResourceDiscovery: "1.12",
    [`${wrapping.kind}s`]: [
      {
        ordId,
        title: "Pair",
        shortDescription: "A contract pair",
        description: "One contract pair wrapped as one resource.",
        version: "1.0.0",
        releaseStatus: "active",
        visibility: "public",
        partOfPackage: "bench.pairs:package:pairs:v1",
        ...wrapping.resource,
        resourceDefinitions: [{ ...wrapping.definition, url }],
      },
    ],
  });
  const dir = mkdtempSync(join(tmpdir(), "ovg-contract-pair-"));
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

/** A peer's answer: breaking or not, or none (no verdict, or the tool failed). */
export type Verdict = "breaking" | "non-breaking" | "no verdict";

/** A peer tool's row: its verdicts, or why it did not run and what was measured before. */
export interface PeerRow {
  name: string;
  missing?: string;
  reference?: string;
  verdicts: Verdict[];
}

const pad = (text: string, n: number) => text.padEnd(n);
const pct = (n: number, of: number) => `${n}/${of} (${((100 * n) / of).toFixed(1)}%)`;

/**
 * Prints the agreement table of one format: our level against the label (exactly, and breaking
 * or not), the peer's breaking-or-not agreement when there is a peer, the pairs we get wrong,
 * and with `verbose` one line a pair.
 */
export function printAgreement(
  title: string,
  pairs: Pair[],
  ours: Level[],
  verbose: boolean,
  peer?: PeerRow,
): void {
  const n = pairs.length;
  const breaking = (p: Pair) => p.label.level === "breaking";
  const exact = pairs.filter((p, i) => ours[i] === p.label.level).length;
  const oursBinary = pairs.filter((p, i) => (ours[i] === "breaking") === breaking(p)).length;
  console.log(`\n${title}`);
  const head = `${pad("tool", 30)}${pad("level agrees", 20)}${peer ? `${pad("breaking-or-not agrees", 26)}no verdict` : "breaking-or-not agrees"}`;
  console.log(head);
  console.log("-".repeat(head.length));
  console.log(
    `${pad("ord-version-guard", 30)}${pad(pct(exact, n), 20)}${peer ? `${pad(pct(oursBinary, n), 26)}0` : pct(oursBinary, n)}`,
  );
  if (peer?.missing)
    console.log(`${pad(peer.name, 30)}${peer.missing}; reference: ${peer.reference}`);
  else if (peer) {
    const theirs = peer.verdicts;
    const theirsBinary = pairs.filter(
      (p, i) => theirs[i] !== "no verdict" && (theirs[i] === "breaking") === breaking(p),
    ).length;
    const noVerdict = theirs.filter((v) => v === "no verdict").length;
    console.log(`${pad(peer.name, 30)}${pad("-", 20)}${pad(pct(theirsBinary, n), 26)}${noVerdict}`);
  }
  const wrong = pairs.filter((p, i) => ours[i] !== p.label.level);
  console.log(
    `pairs where our level differs from the label: ${wrong.map((p) => `${p.name} (ours ${ours[pairs.indexOf(p)]}, label ${p.label.level})`).join(", ") || "none"}`,
  );
  if (verbose)
    pairs.forEach((p, i) =>
      console.log(
        peer
          ? `  ${pad(p.name, 54)}${pad(p.label.level, 10)}${pad(ours[i] ?? "", 10)}${peer.verdicts[i]}`
          : `  ${pad(p.name, 60)}${pad(p.label.level, 10)}${ours[i] ?? ""}`,
      ),
    );
}
