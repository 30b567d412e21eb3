import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkSources } from "../src/check.js";
import { NOW, side } from "./helpers.js";

const ROOT = path.resolve(import.meta.dirname, "..");
const example = JSON.parse(
  readFileSync(path.join(ROOT, "examples/head/ord/document.json"), "utf8"),
) as Record<string, unknown>;
const ODD_VALUES: unknown[] = [null, 0, -1, "x", true, [], {}, [1, "a", null], { a: { b: [] } }];

/** Every variant of the example with one field of one entity (or one top-level key) retyped. */
function* variants(): Generator<[string, Record<string, unknown>]> {
  for (const key of Object.keys(example)) {
    for (const odd of ODD_VALUES)
      yield [`${key} = ${JSON.stringify(odd)}`, { ...example, [key]: odd }];
    const list = example[key];
    if (!Array.isArray(list) || typeof list[0] !== "object") continue;
    for (const field of Object.keys(list[0] as object)) {
      for (const odd of ODD_VALUES) {
        const head = structuredClone(example);
        (head[key] as Record<string, unknown>[])[0]![field] = odd;
        yield [`${key}[0].${field} = ${JSON.stringify(odd)}`, head];
      }
    }
  }
}

describe("wrong types anywhere give a report, never a crash", () => {
  it("retyping each field of the example, in both directions and in audit scope", () => {
    let cases = 0;
    for (const [, head] of variants()) {
      for (const [b, h] of [
        [example, head],
        [head, example],
      ]) {
        const report = checkSources(
          { base: side({ "d.json": b }), head: side({ "d.json": h }) },
          { now: NOW, scope: "all" },
        );
        expect(["pass", "fail"]).toContain(report.verdict);
        cases++;
      }
    }
    expect(cases).toBeGreaterThan(1000);
  });

  it("a retyped version is version-invalid with a suggestion, not a crash", () => {
    const head = structuredClone(example);
    (head.apiResources as Record<string, unknown>[])[0]!.version = 3;
    const report = checkSources(
      { base: side({ "d.json": example }), head: side({ "d.json": head }) },
      { now: NOW },
    );
    const finding = report.findings.find((f) => f.ruleId === "version-invalid");
    expect(finding?.suggestion?.version).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
