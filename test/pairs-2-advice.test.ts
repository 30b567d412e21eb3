import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { check } from "../src/check.js";
import type { Report } from "../src/types.js";
import { NOW, SHARED } from "./helpers.js";

// Issue 11 items 5 and 7 on real pull requests of the shared corpus's ord-corpus/pairs-2 (SHARED in
// helpers.ts, not part of this repository; its README names each pair's repository and commit).
// Skips when the corpus is absent.

const PAIRS = path.join(SHARED, "ord-corpus", "pairs-2");
const HAS_PAIRS = existsSync(PAIRS);
const pair = (name: string): Report =>
  check({
    base: path.join(PAIRS, name, "base"),
    head: path.join(PAIRS, name, "head"),
    now: NOW,
  });
const about = (report: Report, ruleId: string, ordId: string) =>
  report.findings.filter((f) => f.ruleId === ruleId && f.ordId === ordId);

describe.skipIf(!HAS_PAIRS)("pairs-2: advice a user can follow", () => {
  it.each([
    [
      "capjs-default-consumption-bundle-removed",
      "capireordintegrationtest:consumptionBundle:noAuth:v1",
    ],
    ["spec-package-namespace-sub", "sap.foo:package:ord-reference-app:v0"],
    ["spec-entitytypes-namespace-moved", "sap.odm:package:OdmEntities:v1"],
  ])("%s: the removed %s is asked for a tombstone, never for a deprecation", (name, ordId) => {
    const report = pair(name);
    expect(about(report, "entity-removed-without-deprecation", ordId)).toEqual([]);
    expect(about(report, "entity-removed-without-tombstone", ordId)).toHaveLength(1);
    const advice = report.findings.filter((f) => f.ordId === ordId).map((f) => f.message);
    for (const message of advice) expect(message).not.toMatch(/deprecat|releaseStatus/);
  });

  it("spec-entitytypes-namespace-moved: the removed active entity type is still asked to be deprecated first", () => {
    const report = pair("spec-entitytypes-namespace-moved");
    expect(
      about(report, "entity-removed-without-deprecation", "sap.odm:entityType:BusinessPartner:v1"),
    ).toHaveLength(1);
  });

  it("sap-dataproduct-type-base-to-primary: the breaking change on v1 names the existing v2 and the free v3", () => {
    const [finding] = about(
      pair("sap-dataproduct-type-base-to-primary"),
      "breaking-change-without-new-major",
      "sap.xref:dataProduct:Customer:v1",
    );
    expect(finding?.message).toContain("sap.xref:dataProduct:Customer:v2 already exists");
    expect(finding?.message).toContain("sap.xref:dataProduct:Customer:v3");
    expect(finding?.message).not.toContain(
      "publish the change as sap.xref:dataProduct:Customer:v2",
    );
  });
});

describe.skipIf(!HAS_PAIRS)("pairs-2: definitions never vanish silently", () => {
  it("spec-nginx-oas-paths-added: /metadata/astronomy-v1.oas3.json is found by suffix and the new paths are additive", () => {
    const report = pair("spec-nginx-oas-paths-added");
    const entity = report.entities.find((e) => e.ordId === "sap.foo:apiResource:astronomy:v1");
    expect(entity).toMatchObject({ status: "changed", changeLevel: "additive" });
    const added = entity!.changes.filter((c) => c.source === "definition" && c.kind === "added");
    expect(added.length).toBeGreaterThan(0);
    expect(added.every((c) => c.class === "additive")).toBe(true);
    const [notice] = report.findings.filter((f) => f.ruleId === "definition-resolved-by-suffix");
    expect(notice?.message).toContain(
      "examples/implementation/nginx-no-auth/metadata/astronomy-v1.oas3.json",
    );
    expect(report.findings.some((f) => f.ruleId === "version-not-incremented")).toBe(true);
  });

  it("capjs-java-regenerated-lastupdate: /ord/v1/<ordId>/<file> without the built files says what was looked for", () => {
    const unchecked = pair("capjs-java-regenerated-lastupdate").findings.filter(
      (f) => f.ruleId === "definition-unchecked",
    );
    expect(unchecked.length).toBeGreaterThan(0);
    for (const f of unchecked) expect(f.message).toMatch(/no file of head ends with [^/\s]+:v1\//);
  });

  it("a2a-agent-card-url-moved: the moved agent-card URLs are unresolved, and no namesake changed", () => {
    const unchecked = pair("a2a-agent-card-url-moved").findings.filter(
      (f) => f.ruleId === "definition-unchecked",
    );
    expect(unchecked.map((f) => f.message).join("\n")).toContain("/solar/.well-known/agent.json");
    for (const f of unchecked) expect(f.message).not.toContain("this pull request changed");
  });
});
