/** The steps of a check whose time is told (see {@link Timings}). */
export type Phase = "load" | "compare" | "judge" | "report" | "output";

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

  line(): string {
    const spans = [...this.#spans, ["total", performance.now()] as const];
    return `timing (ms): ${spans.map(([name, ms]) => `${name} ${Math.round(ms)}`).join(" · ")}`;
  }
}
