import { describe, expect, it } from "vitest";
import { loadCorpus, makeCase, runCase, SMALL_SCALE, type CaseResult } from "../../scripts/fuzz.js";

/**
 * The seeded fuzzer of scripts/fuzz.ts in CI: the same cases on every run (the real documents of
 * ../shared when present, the project's examples/ otherwise), so a regression shows up as a case
 * number that `npx tsx scripts/fuzz.ts --seed 20261121 --case <n> --scale small` replays.
 */
const SEED = 20_261_121;
const CASES = 2_000;
const corpus = loadCorpus();

function run(from: number, to: number): CaseResult[] {
  const results: CaseResult[] = [];
  for (let index = from; index < to; index++) {
    results.push(runCase(makeCase(corpus, SEED, index, { scale: SMALL_SCALE })));
  }
  return results;
}

function failures(results: CaseResult[]): string[] {
  return results.flatMap((r) => [
    ...r.crashes.map(
      (c) =>
        `case ${r.index}: ${c.run}: ${c.signature} (replay: npx tsx scripts/fuzz.ts --seed ${SEED} --case ${r.index} --scale small)`,
    ),
    ...r.violations.map((v) => `case ${r.index}: ${v}`),
  ]);
}

describe(`seeded fuzzing (${corpus.source}, seed ${SEED})`, () => {
  it("the corpus has documents and OpenAPI and GraphQL definitions", () => {
    expect(corpus.documents.length).toBeGreaterThan(0);
    expect(corpus.definitions.some((d) => d.kind === "openapi")).toBe(true);
    expect(corpus.definitions.some((d) => d.kind === "graphql")).toBe(true);
  });

  it("a case is rebuilt from (seed, case number) alone", () => {
    const a = makeCase(corpus, SEED, 1234);
    const b = makeCase(corpus, SEED, 1234);
    expect(b.ops).toEqual(a.ops);
    expect([...b.head.docs.values()]).toEqual([...a.head.docs.values()]);
    expect(makeCase(corpus, SEED + 1, 1234).ops).not.toEqual(a.ops);
  });

  const PART = CASES / 4;
  for (let part = 0; part < 4; part++) {
    const [from, to] = [part * PART, (part + 1) * PART];
    it(`cases ${from}–${to - 1} end with a report, both directions, both scopes`, () => {
      const results = run(from, to);
      expect(failures(results)).toEqual([]);
      // Every run that did not crash produced a verdict.
      for (const r of results)
        expect(r.verdicts.length + r.crashes.filter((c) => !c.run.includes("render=")).length).toBe(
          4,
        );
    }, 120_000); // a hang guard that holds on a loaded machine, not a speed claim
  }
});
