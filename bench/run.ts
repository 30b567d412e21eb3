/**
 * The benchmark (npm run bench): generates base/head pairs at 1,000, 10,000 and 40,000 entities,
 * as one document and as 200 documents, and measures side by side, each in its own process:
 * the JSON.parse floor, a generic keyed diff (json-diff-ts alone) and the full check of the
 * committed CLI bundle (load with positions, validate, match, compare, judge, JSON report).
 * `--small` runs only the smallest size (CI: crashes and explosions show, no timing asserts).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { cleanUp, exampleFiles, openPullRequest, runAction } from "../test/e2e/action-harness.js";
import { startGitHubStandIn } from "../test/e2e/github/server.js";
import { generatePair } from "./generate.js";

const ROOT = path.resolve(import.meta.dirname, "..");
const OUT = path.join(ROOT, "bench/out");
const small = process.argv.includes("--small");
const SIZES = small ? [1000] : [1000, 10000, 40000];
const LAYOUTS = [1, 200];
const RUNS = small ? 1 : 3;

interface Measure {
  ms: number;
  maxRssKb: number;
}

function write(dir: string, files: Record<string, unknown>): number {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let bytes = 0;
  for (const [name, doc] of Object.entries(files)) {
    const text = `${JSON.stringify(doc, null, 2)}\n`;
    writeFileSync(path.join(dir, name), text);
    bytes += Buffer.byteLength(text);
  }
  return bytes;
}

/** Median of RUNS runs of a child process that reports its own time and peak RSS. */
function measure(command: string[], external: boolean): Measure {
  const results: Measure[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const child = spawnSync("/usr/bin/time", ["-f", "%M", ...command], {
      encoding: "utf8",
      maxBuffer: 1 << 30,
    });
    const wall = performance.now() - start;
    if (child.status !== 0 && child.status !== 1)
      throw new Error(`${command.join(" ")} failed: ${child.stderr}`);
    const rssKb = Number(child.stderr.trim().split("\n").at(-1));
    const reported = external ? undefined : (JSON.parse(child.stdout) as Measure);
    results.push({ ms: reported?.ms ?? wall, maxRssKb: rssKb });
  }
  results.sort((a, b) => a.ms - b.ms);
  return results[Math.floor(results.length / 2)]!;
}

const rows: string[] = [];
const line = (...cells: (string | number)[]): void => {
  rows.push(`| ${cells.join(" | ")} |`);
};
line(
  "entities",
  "documents",
  "input MB",
  "measure",
  "time ms",
  "× floor",
  "peak RSS MB",
  "RSS × input",
  "entities/s",
);
line(...Array<string>(9).fill("---"));
const checkTimes = new Map<string, number>();
for (const size of SIZES) {
  for (const documents of LAYOUTS) {
    const pair = generatePair(size, documents);
    const dir = path.join(OUT, `${size}-${documents}`);
    const bytes =
      write(path.join(dir, "base"), pair.base) + write(path.join(dir, "head"), pair.head);
    const sides = [path.join(dir, "base"), path.join(dir, "head")];
    // Every measure is a whole process timed from outside (start-up, reading and parsing
    // included): the same yardstick for all three, and what a user waits for.
    const floor = measure(["node", "bench/floor.mjs", ...sides], true);
    const generic = measure(["node", "bench/generic-diff.mjs", ...sides], true);
    const check = measure(
      [
        "node",
        "dist/cli.js",
        "check",
        "--base",
        sides[0]!,
        "--head",
        sides[1]!,
        "--format",
        "json",
        "--output",
        path.join(dir, "report.json"),
      ],
      true,
    );
    checkTimes.set(`${size}-${documents}`, check.ms);
    for (const [name, m] of [
      ["JSON.parse floor", floor],
      ["json-diff-ts", generic],
      ["full check", check],
    ] as const) {
      const mb = m.maxRssKb / 1024;
      line(
        pair.entities,
        documents,
        (bytes / 1e6).toFixed(1),
        name,
        m.ms.toFixed(0),
        (m.ms / floor.ms).toFixed(2),
        mb.toFixed(0),
        ((mb * 1024 * 1024) / bytes).toFixed(2),
        Math.round(pair.entities / (m.ms / 1000)),
      );
    }
  }
}

const startup = measure(["node", "dist/cli.js", "--version"], true);

/**
 * The Action's start-up: from spawning `node dist/index.js` on the examples' pull request (as a
 * runner does, the same harness as the end-to-end tests) to its first request to the GitHub
 * stand-in. Median of RUNS runs.
 */
async function actionStartup(): Promise<number> {
  const gh = await startGitHubStandIn();
  try {
    const firsts: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const { workspace, pull } = openPullRequest(gh, exampleFiles());
      gh.requests.length = 0;
      const run = await runAction({ gh, workspace, pull });
      const first = gh.requests[0];
      if (run.exitCode === null || !first) throw new Error(`the Action did not run: ${run.stderr}`);
      firsts.push(first.receivedAt - run.spawnedAt);
    }
    return firsts.sort((a, b) => a - b)[Math.floor(firsts.length / 2)]!;
  } finally {
    await gh.close();
    cleanUp();
  }
}
const actionFirstRequest = await actionStartup();
const sizes = ["cli.js", "index.js"].map(
  (f) => `${f} ${(statSync(path.join(ROOT, "dist", f)).size / 1024).toFixed(0)} KiB`,
);
const scaling = SIZES.includes(40000)
  ? LAYOUTS.map(
      (d) =>
        `${d} document${d === 1 ? "" : "s"}: 40k/10k = ${(checkTimes.get(`40000-${d}`)! / checkTimes.get(`10000-${d}`)!).toFixed(2)}×`,
    ).join("; ")
  : "run without --small for the 40k/10k ratio";
const node = execFileSync("node", ["--version"]).toString().trim();
const report = [
  "# Benchmark results",
  "",
  `Measured by \`npm run bench\` on this machine (${node}, ${readdirSync("/sys/devices/system/cpu").filter((n) => /^cpu\d+$/.test(n)).length} CPUs), median of ${RUNS} runs each; every measure is a whole \`node\` process timed from outside (start-up included).`,
  "Targets: full check of 10,000 entities ≤ 3× the JSON.parse floor; peak RSS ≤ 6× input; 40,000 entities ≤ 4.5× the 10,000 case; start-up < 300 ms.",
  "",
  ...rows,
  "",
  `Scaling: ${scaling}.`,
  "",
  `Start-up (target < 300 ms): \`node dist/cli.js --version\` ${startup.ms.toFixed(0)} ms; the Action (\`node dist/index.js\` on the examples' pull request) to its first GitHub API request ${actionFirstRequest.toFixed(0)} ms. Bundles: ${sizes.join(", ")}.`,
  "",
].join("\n");
process.stdout.write(report);
if (!small) writeFileSync(path.join(ROOT, "bench/results.md"), report);
