import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { RULE_BY_ID, RULES } from "../../src/rules/index.js";
import type { Finding, Report } from "../../src/types.js";
import { api, doc, findingsOf, run } from "../helpers.js";

// Scope applies to rules by what they judge (docs/rules/README.md, "Scope, verdict and
// configuration"): a transition between base and head is reported wherever base and head
// differ, whatever the scope; a state of head only where the pull request touched it, unless
// the run audits everything (`scope: all`).

const ROOT = path.resolve(import.meta.dirname, "../..");
const ID = (name: string) => `sap.xref:apiResource:${name}:v1`;
const DATE = "2026-06-01T00:00:00Z";

/**
 * One pull request with transitions (a version decreased, an active API removed without a
 * tombstone) and states of head, some touched (a new deprecated API without a date) and some
 * untouched (a deprecated API without a date, an invalid version, a tombstone with an invalid ORD
 * ID, all as in base).
 */
const untouched = [
  api("planets", { releaseStatus: "deprecated" }),
  api("suns", { version: "1.0" }),
];
const tombstones = [{ ordId: "not an ord id", removalDate: DATE }];
const base = doc({
  apiResources: [api("stars", { version: "1.2.0" }), api("moons"), ...untouched],
  tombstones,
});
const head = doc({
  apiResources: [
    api("stars", { version: "1.1.0" }),
    api("comets", { releaseStatus: "deprecated" }),
    ...untouched,
  ],
  tombstones,
});
const changed = run(base, head);
const all = run(base, head, { scope: "all" });

const judging = (report: Report, kind: "transition" | "state"): Finding[] =>
  report.findings.filter((f) => RULE_BY_ID.get(f.ruleId)!.judges === kind);
const about = (findings: Finding[], ruleId: string): (string | undefined)[] =>
  findings
    .filter((f) => f.ruleId === ruleId)
    .map((f) => f.ordId)
    .sort();

describe("rules judge transitions or states, and the engine applies the scope", () => {
  it("a transition is reported alike under scope changed and scope all", () => {
    const transitions = judging(changed, "transition");
    expect(transitions).toEqual(judging(all, "transition"));
    expect(about(transitions, "version-decreased")).toEqual([ID("stars")]);
    expect(about(transitions, "entity-removed-without-tombstone")).toEqual([ID("moons")]);
    expect(about(transitions, "entity-removed-without-deprecation")).toEqual([ID("moons")]);
  });

  it("a state of head is reported where the pull request touched it, and everywhere with scope all", () => {
    const [touched, audit] = [judging(changed, "state"), judging(all, "state")];
    expect(about(touched, "deprecation-date-missing")).toEqual([ID("comets")]);
    expect(about(audit, "deprecation-date-missing")).toEqual([ID("comets"), ID("planets")]);
    expect(about(touched, "version-invalid")).toEqual([]);
    expect(about(audit, "version-invalid")).toEqual([ID("suns")]);
    // Tombstones too: the unchanged one with an invalid ORD ID only in the audit.
    expect(about(touched, "ord-id-invalid")).toEqual([]);
    expect(about(audit, "ord-id-invalid")).toEqual(["not an ord id"]);
    // What the default scope reports, the audit reports as well.
    expect(audit).toEqual(expect.arrayContaining(touched));
  });

  it("a new tombstone with an invalid ORD ID is reported under the default scope", () => {
    const withNew = doc({
      ...head,
      tombstones: [...tombstones, { ordId: "bad", removalDate: DATE }],
    });
    expect(about(findingsOf(run(base, withNew), "ord-id-invalid"), "ord-id-invalid")).toEqual([
      "bad",
    ]);
  });

  it("an entity that did not change is no transition, even with scope all", () => {
    // A version that is an object (invalid) in both sides, the document only reformatted: the
    // two parses are different objects with the same content, and nothing changed.
    const entity = api("stars", { version: { major: 1 } });
    const report = run(
      JSON.stringify(doc({ apiResources: [entity] }), null, 2),
      JSON.stringify(doc({ apiResources: [entity] }), null, 4),
      { scope: "all" },
    );
    expect(findingsOf(report, "version-changed-without-change")).toEqual([]);
    expect(findingsOf(report, "version-invalid")).toHaveLength(1);
  });

  it("every rule declares what it judges, and docs/rules/README.md names the state rules", () => {
    const readme = readFileSync(path.join(ROOT, "docs/rules/README.md"), "utf8");
    const sentence = /The rules about the state of head are ([^;]+);/.exec(
      readme.replace(/\s+/g, " "),
    );
    const documented = [...sentence![1]!.matchAll(/`([a-z-]+)`/g)].map((m) => m[1]).sort();
    for (const rule of RULES) expect(["transition", "state"]).toContain(rule.judges);
    expect(documented).toEqual(
      RULES.filter((r) => r.judges === "state")
        .map((r) => r.id)
        .sort(),
    );
  });
});
