/**
 * The steps of a check whose time is told (see {@link Timings}): check() reports the first four;
 * `output` is rendering and writing the report (the Action's outputs, job summary and
 * annotations); `publish` is the Action's review and summary comment, that is GitHub's time.
 */
export type Phase = "load" | "compare" | "judge" | "report" | "output" | "publish";

/**
 * Where a run's time went, without a profiler: the CLI prints it to stderr with
 * `ORD_VERSION_GUARD_TIMING=1`, the Action to its debug log. In milliseconds; `start` runs from
 * the process's start (node, the bundle, finding the files) to the check, `total` to the end.
 */
export class Timings {
  readonly #spans: [string, number][] = [["start", performance.now()]];

  readonly record = (phase: Phase, ms: number): void => {
    this.#spans.push([phase, ms]);
  };

  /** Runs `step` and records its time as `phase`. */
  async time<T>(phase: Phase, step: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await step();
    } finally {
      this.record(phase, performance.now() - start);
    }
  }

  line(): string {
    const spans = [...this.#spans, ["total", performance.now()] as const];
    return `timing (ms): ${spans.map(([name, ms]) => `${name} ${Math.round(ms)}`).join(" · ")}`;
  }
}
