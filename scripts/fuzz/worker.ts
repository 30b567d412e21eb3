/**
 * A worker thread of a fuzz run: it builds and runs the case ranges the main thread sends and
 * reports each case's start (for the hang watchdog) and result. Loading this module in a worker
 * started by `workerEntry()` starts the loop.
 */
import { isMainThread, parentPort, workerData } from "node:worker_threads";
import { type CaseKind, type CaseOptions, type FuzzCase, makeCase } from "./cases.js";
import { loadCorpus } from "./corpus.js";
import { type CaseResult, crashOf, runCase } from "./run.js";

/**
 * Workers load this file through tsx's API: Node 20 does not pass the tsx loader of the main
 * thread (`--import`) on to worker threads, so a worker could not load TypeScript by itself.
 */
export const workerEntry = (): URL =>
  new URL(
    `data:text/javascript,${encodeURIComponent(
      `import { tsImport } from ${JSON.stringify(import.meta.resolve("tsx/esm/api"))};
await tsImport(${JSON.stringify(import.meta.url)}, ${JSON.stringify(import.meta.url)});`,
    )}`,
  );

export interface WorkerJob {
  ordFuzzWorker: true;
  seed: number;
  shared: string;
  options: CaseOptions;
}

export type ToMain =
  | { type: "start"; index: number }
  | { type: "done"; result: CaseResult; ops: string[]; kind: CaseKind }
  | { type: "idle" };

export type ToWorker = { type: "range"; from: number; to: number } | { type: "stop" };

/**
 * The yaml package reports unresolved tags (`!!js/function`...) as process warnings; thousands of
 * them would bury the summary.
 */
export function quietWarnings(): void {
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

if (!isMainThread && (workerData as Partial<WorkerJob> | undefined)?.ordFuzzWorker) {
  workerMain();
}
