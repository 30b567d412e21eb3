/**
 * The benchmark (npm run bench): generates base/head pairs at 1,000, 10,000 and 40,000 entities,
 * as one document and as 200 documents, and measures side by side, each in its own process:
 * the JSON.parse floor, a generic keyed diff (json-diff-ts alone) and the full check of the
 * committed CLI bundle (load with positions, validate, match, compare, judge, JSON report).
 * Two cases with targets of their own follow (issue 15): GitHub's REST description 21.0.0 →
 * 23.0.2 as one API resource's definition, and 500 documents per side (≈14,500 entities, 1%
 * changed, documents added, removed and moved), each next to its floor; then, without a target,
 * the usual pull request on those 500 documents: 5 changed, the rest untouched.
 * The measures of one case run interleaved (floor, check, floor, check, ...), so that the
 * machine's drift hits both alike; each ratio is taken within one round, and the table shows
 * the median round and the spread (lowest–highest) across rounds.
 * `--small` runs only the smallest sizes once (CI: crashes and explosions show, no timing
 * asserts). `--cli <file>` measures another bundle than dist/cli.js (a build of the working
 * tree, say). `--only sizes|github|many` measures that one part alone (quick, while working on
 * it); it prints its table and leaves bench/results.md alone.
 */
import { execFileSync, spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { cleanUp, exampleFiles, openPullRequest, runAction } from "../test/e2e/action-harness.js";
import { startGitHubStandIn } from "../test/e2e/github/server.js";
import { generatePair, type Pair } from "./generate.js";

const ROOT = path.resolve(import.meta.dirname, "..");
const OUT = path.join(ROOT, "bench/out");
const small = process.argv.includes("--small");
const onlyAt = process.argv.indexOf("--only");
const only = onlyAt > 0 ? process.argv[onlyAt + 1] : undefined;
if (only !== undefined && !["sizes", "github", "many"].includes(only))
  throw new Error(`--only takes sizes, github or many, not ${only}`);
const measures = (part: string): boolean => only === undefined || only === part;
const cliAt = process.argv.indexOf("--cli");
const CLI = cliAt > 0 ? path.resolve(process.argv[cliAt + 1]!) : path.join(ROOT, "dist/cli.js");
const SIZES = small ? [1000] : [1000, 10000, 40000];
const LAYOUTS = [1, 200];
const RUNS = small ? 1 : 3;
/** Rounds of the two cases with their own targets. */
const CASE_RUNS = small ? 1 : 5;

interface Measure {
  ms: number;
  maxRssKb: number;
  /** The check's own account of its steps (ORD_VERSION_GUARD_TIMING=1), in milliseconds. */
  phases?: Map<string, number>;
}

/** The steps of `ord-version-guard: timing (ms): start 152 · load 340 · ...` on stderr. */
function phasesOf(stderr: string): Map<string, number> | undefined {
  const told = /timing \(ms\): (.*)/.exec(stderr)?.[1];
  if (told === undefined) return undefined;
  return new Map(
    told.split(" · ").map((span) => {
      const [name, ms] = span.split(" ");
      return [name!, Number(ms)];
    }),
  );
}

function write(dir: string, files: Record<string, unknown>): number {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let bytes = 0;
  for (const [name, doc] of Object.entries(files)) {
    const text = `${JSON.stringify(doc, null, 2)}\n`;
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
    bytes += Buffer.byteLength(text);
  }
  return bytes;
}

/**
 * One run of a child process, timed from outside, with its peak RSS from /usr/bin/time. A check
 * exits 1 when findings fail it, so its report file must appear: a check that could not even
 * start (a missing bundle exits 1 too) must not pass for a fast one.
 */
function once(command: string[]): Measure {
  const output = command.includes("--output") ? command.at(-1)! : undefined;
  if (output) rmSync(output, { force: true });
  const start = performance.now();
  const child = spawnSync("/usr/bin/time", ["-f", "%M", ...command], {
    encoding: "utf8",
    maxBuffer: 1 << 30,
    env: { ...process.env, ORD_VERSION_GUARD_TIMING: "1" },
  });
  const ms = performance.now() - start;
  if (child.status !== 0 && child.status !== 1)
    throw new Error(`${command.join(" ")} failed: ${child.stderr}`);
  if (output && !existsSync(output))
    throw new Error(`${command.join(" ")} wrote no report: ${child.stderr}`);
  return {
    ms,
    maxRssKb: Number(child.stderr.trim().split("\n").at(-1)),
    phases: phasesOf(child.stderr),
  };
}

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * `runs` rounds of the commands, interleaved: each command once per round, in order. Per
 * command: the median time and peak RSS, and its time over the first command's (the floor)
 * within each round, as the median and the lowest and highest of the rounds.
 */
function interleaved(
  commands: string[][],
  runs: number,
): (Measure & { ratio: number; low: number; high: number })[] {
  const rounds = Array.from({ length: runs }, () => commands.map(once));
  return commands.map((_, k) => {
    const ratios = rounds.map((round) => round[k]!.ms / round[0]!.ms);
    const told = rounds.map((round) => round[k]!.phases);
    return {
      ms: median(rounds.map((round) => round[k]!.ms)),
      maxRssKb: median(rounds.map((round) => round[k]!.maxRssKb)),
      ratio: median(ratios),
      low: Math.min(...ratios),
      high: Math.max(...ratios),
      phases: told.every((p) => p !== undefined)
        ? new Map([...told[0]!.keys()].map((name) => [name, median(told.map((p) => p.get(name)!))]))
        : undefined,
    };
  });
}

/** Where a full check's time went: the median of each step over the rounds. */
const phaseRows: string[] = [];
function addPhases(name: string, m: Measure): void {
  if (!m.phases) return;
  if (phaseRows.length === 0) {
    phaseRows.push(`| case | ${[...m.phases.keys()].join(" | ")} |`);
    phaseRows.push(`| --- | ${[...m.phases.keys()].map(() => "---").join(" | ")} |`);
  }
  phaseRows.push(`| ${name} | ${[...m.phases.values()].map((ms) => ms.toFixed(0)).join(" | ")} |`);
}

const checkCommand = (sides: string[], report: string): string[] => [
  "node",
  CLI,
  "check",
  "--base",
  sides[0]!,
  "--head",
  sides[1]!,
  "--format",
  "json",
  "--output",
  report,
];

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
  "× floor (spread)",
  "peak RSS MB",
  "RSS × input",
  "entities/s",
);
line(...Array<string>(9).fill("---"));
const spread = (m: { ratio: number; low: number; high: number }): string =>
  `${m.ratio.toFixed(2)} (${m.low.toFixed(2)}–${m.high.toFixed(2)})`;
const checkTimes = new Map<string, number>();
for (const size of measures("sizes") ? SIZES : []) {
  for (const documents of LAYOUTS) {
    const pair = generatePair(size, documents);
    const dir = path.join(OUT, `${size}-${documents}`);
    const bytes =
      write(path.join(dir, "base"), pair.base) + write(path.join(dir, "head"), pair.head);
    const sides = [path.join(dir, "base"), path.join(dir, "head")];
    // Every measure is a whole process timed from outside (start-up, reading and parsing
    // included): the same yardstick for all three, and what a user waits for.
    const [floor, generic, check] = interleaved(
      [
        ["node", "bench/floor.mjs", ...sides],
        ["node", "bench/generic-diff.mjs", ...sides],
        checkCommand(sides, path.join(dir, "report.json")),
      ],
      RUNS,
    );
    checkTimes.set(`${size}-${documents}`, check!.ms);
    addPhases(
      `${pair.entities} entities, ${documents} document${documents === 1 ? "" : "s"}`,
      check!,
    );
    for (const [name, m] of [
      ["JSON.parse floor", floor!],
      ["json-diff-ts", generic!],
      ["full check", check!],
    ] as const) {
      const mb = m.maxRssKb / 1024;
      line(
        pair.entities,
        documents,
        (bytes / 1e6).toFixed(1),
        name,
        m.ms.toFixed(0),
        spread(m),
        mb.toFixed(0),
        ((mb * 1024 * 1024) / bytes).toFixed(2),
        Math.round(pair.entities / (m.ms / 1000)),
      );
    }
  }
}

interface Case {
  name: string;
  sides: string[];
  bytes: number;
  target: string;
}

/** The GitHub REST description pair (devDependencies), as one API resource's definition. */
function githubCase(): Case | undefined {
  const require = createRequire(path.join(ROOT, "package.json"));
  const dir = path.join(OUT, "github");
  let bytes = 0;
  const sides: string[] = [];
  for (const [side, pkg, version] of [
    ["base", "@octokit/openapi-21", "1.0.0"],
    ["head", "@octokit/openapi", "2.0.0"],
  ] as const) {
    let file: string;
    try {
      file = path.join(
        path.dirname(require.resolve(`${pkg}/package.json`)),
        "generated/api.github.com.json",
      );
    } catch {
      return undefined;
    }
    const at = path.join(dir, side);
    bytes += write(at, { "ord.json": githubWrapper(version) });
    copyFileSync(file, path.join(at, "api.github.com.json"));
    bytes += statSync(file).size;
    sides.push(at);
  }
  const versions = sides.map(
    (side) =>
      (
        JSON.parse(readFileSync(path.join(side, "api.github.com.json"), "utf8")) as {
          info: { version: string };
        }
      ).info.version,
  );
  return {
    name: `GitHub REST description ${versions.join(" → ")}, one API resource`,
    sides,
    bytes,
    target: "≤ 2.5× floor, RSS ≤ 6× input",
  };
}

function githubWrapper(version: string): Record<string, unknown> {
  return {
    openResourceDiscovery: "1.12",
    apiResources: [
      {
        ordId: "bench.github:apiResource:rest:v1",
        title: "GitHub REST API",
        shortDescription: "GitHub's REST description",
        description: "GitHub's published REST description as one API resource's definition.",
        version,
        releaseStatus: "active",
        visibility: "public",
        partOfPackage: "bench.github:package:rest:v1",
        apiProtocol: "rest",
        resourceDefinitions: [
          { type: "openapi-v3", mediaType: "application/json", url: "api.github.com.json" },
        ],
      },
    ],
  };
}

/** Many documents: 500 per side (50 with --small), 1% of the entities changed, churn. */
function manyDocumentsCase(): Case {
  const documents = small ? 50 : 500;
  const pair: Pair = generatePair(documents * 29, documents, 42, {
    changed: 0.01,
    documentChurn: 3,
  });
  const dir = path.join(OUT, `many-${documents}`);
  const sides = [path.join(dir, "base"), path.join(dir, "head")];
  const bytes = write(sides[0]!, pair.base) + write(sides[1]!, pair.head);
  return {
    name: `${documents} documents per side, ${pair.entities} entities, 1% changed, 3 documents each added, removed and moved`,
    sides,
    bytes,
    target: "≤ 3× floor, RSS ≤ 6× input + node's own start",
  };
}

/**
 * The usual pull request on the same repository: 5 of the 500 documents changed (each as in the
 * case above), the rest untouched. No target of its own; it shows what a run costs when most
 * files are the same on both sides.
 */
function fewDocumentsChangedCase(): Case {
  const documents = small ? 50 : 500;
  const pair: Pair = generatePair(documents * 29, documents, 42, { changed: 0.01 });
  const changed = Object.keys(pair.base).filter((_, i) => i % (documents / 5) === 1);
  const head = { ...pair.base, ...Object.fromEntries(changed.map((n) => [n, pair.head[n]])) };
  const dir = path.join(OUT, `few-${documents}`);
  const sides = [path.join(dir, "base"), path.join(dir, "head")];
  const bytes = write(sides[0]!, pair.base) + write(sides[1]!, head);
  return {
    name: `${documents} documents per side, ${pair.entities} entities, ${changed.length} documents changed (a usual pull request)`,
    sides,
    bytes,
    target: "",
  };
}

const caseRows: string[] = [
  "| case | input MB | measure | time ms | × floor (spread) | peak RSS MB | RSS × input | target |",
  "| --- | --- | --- | --- | --- | --- | --- | --- |",
];
for (const c of [
  small || !measures("github") ? undefined : githubCase(),
  measures("many") ? manyDocumentsCase() : undefined,
  measures("many") ? fewDocumentsChangedCase() : undefined,
]) {
  if (!c) continue;
  const [floor, check] = interleaved(
    [
      ["node", "bench/floor.mjs", ...c.sides],
      checkCommand(c.sides, path.join(path.dirname(c.sides[0]!), "report.json")),
    ],
    CASE_RUNS,
  );
  addPhases(c.name, check!);
  for (const [name, m] of [
    ["JSON.parse floor", floor!],
    ["full check", check!],
  ] as const) {
    const mb = m.maxRssKb / 1024;
    caseRows.push(
      `| ${c.name} | ${(c.bytes / 1e6).toFixed(1)} | ${name} | ${m.ms.toFixed(0)} | ${spread(m)} | ${mb.toFixed(0)} | ${((mb * 1024 * 1024) / c.bytes).toFixed(2)} | ${name === "full check" ? c.target : ""} |`,
    );
  }
}

if (only !== undefined) {
  process.stdout.write(
    `${[...(only === "sizes" ? rows : caseRows), "", ...phaseRows].join("\n")}\n`,
  );
  process.exit(0);
}

const startup = interleaved([["node", CLI, "--version"]], RUNS)[0]!;

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
const sizes = [CLI, path.join(ROOT, "dist/index.js")].map(
  (f) => `${path.basename(f)} ${(statSync(f).size / 1024).toFixed(0)} KiB`,
);
const scaling = SIZES.includes(40000)
  ? LAYOUTS.map(
      (d) =>
        `${d} document${d === 1 ? "" : "s"}: 40k/10k = ${(checkTimes.get(`40000-${d}`)! / checkTimes.get(`10000-${d}`)!).toFixed(2)}×`,
    ).join("; ")
  : "run without --small for the 40k/10k ratio";
const node = execFileSync("node", ["--version"]).toString().trim();
/** What fresh memory costs here (bench/touch.mjs prints milliseconds), median of 5 processes. */
const touchMs = median(
  Array.from({ length: 5 }, () => Number(execFileSync("node", ["bench/touch.mjs"], { cwd: ROOT }))),
);
const report = [
  "# Benchmark results",
  "",
  `Measured by \`npm run bench\` on this machine (${node}, ${readdirSync("/sys/devices/system/cpu").filter((n) => /^cpu\d+$/.test(n)).length} CPUs; touching 100 MB of new memory takes ${touchMs.toFixed(0)} ms, see bench/touch.mjs). Every measure is a whole \`node\` process timed from outside (start-up included); the measures of one case run interleaved, each ratio to the floor is taken within one round, and the table shows the median round with the lowest and highest across rounds.`,
  "",
  `Cases with their own targets (issue 15), ${CASE_RUNS} rounds each:`,
  "",
  ...caseRows,
  "",
  `Generated sizes, ${RUNS} rounds each. Targets: full check of 10,000 entities ≤ 2.5× the JSON.parse floor; peak RSS ≤ 6× input; 40,000 entities ≤ 4.5× the 10,000 case; start-up < 300 ms.`,
  "",
  ...rows,
  "",
  `Scaling: ${scaling}.`,
  "",
  "Where each full check's time went, by its own account (`ORD_VERSION_GUARD_TIMING=1`; median ms of the rounds): `start` is node, the bundle and finding the files, up to the check; `total` runs from the process's start to the end of `output` (rendering and writing the report).",
  "",
  ...phaseRows,
  "",
  `Start-up (target < 300 ms): \`node ${path.relative(ROOT, CLI)} --version\` ${startup.ms.toFixed(0)} ms; the Action (\`node dist/index.js\` on the examples' pull request) to its first GitHub API request ${actionFirstRequest.toFixed(0)} ms. Bundles: ${sizes.join(", ")}.`,
  "",
].join("\n");
process.stdout.write(report);
if (!small) writeFileSync(path.join(ROOT, "bench/results.md"), report);
