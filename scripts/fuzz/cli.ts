/**
 * The command line of scripts/fuzz.ts: a full run spreads case ranges over worker threads, stops
 * a worker whose case runs past the timeout (a hang), and prints crashes grouped by signature,
 * invariant violations, hangs and slow cases, each with the command that replays it; `--case`
 * replays one case in this process with full stacks, `--dump` writes its files for the CLI.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";
import { EMPTY_CONFIG } from "../../src/config.js";
import { type CaseKind, type CaseOptions, makeCase } from "./cases.js";
import { type Corpus, loadCorpus, SHARED } from "./corpus.js";
import { FULL_SCALE, SMALL_SCALE } from "./extreme.js";
import { FEATURES } from "./hostile.js";
import { type Crash, crashOf, runCase } from "./run.js";
import {
  quietWarnings,
  type ToMain,
  type ToWorker,
  type WorkerJob,
  workerEntry,
} from "./worker.js";

interface CaseRecord {
  index: number;
  ops: string[];
  kind: CaseKind;
  ms: number;
}

const fmtMs = (ms: number): string =>
  ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`;

export async function fuzzMain(argv: string[], usageFile: string): Promise<number> {
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
    const text = readFileSync(usageFile, "utf8");
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
    { count: number; first: CaseRecord & { crash: Crash } }
  >();
  const crashedCases = new Set<number>();
  const violations: (CaseRecord & { message: string })[] = [];
  const hangs: number[] = [];
  const slow: CaseRecord[] = [];
  const slowest: CaseRecord[] = [];
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

  interface WorkerSlot {
    worker: Worker;
    range?: { from: number; to: number };
    current?: { index: number; since: number };
  }

  await new Promise<void>((resolve) => {
    const slots: WorkerSlot[] = [];
    let live = 0;
    const spawn = (): void => {
      const worker = new Worker(workerEntry(), {
        workerData: { ordFuzzWorker: true, seed, shared: SHARED, options } satisfies WorkerJob,
        // The stack of Node's main thread (984 KB for V8 plus Node's 192 KB reserve), where the
        // CLI and the Action run: a worker's default 4 MB would hide stack overflows users hit.
        resourceLimits: { stackSizeMb: 1.15 },
      });
      const slot: WorkerSlot = { worker };
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
