import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { check } from "../src/check.js";
import { HAS_SHARED, NOW, SHARED } from "./helpers.js";

// The real documents of ../shared (not part of this repository): skipped cleanly when absent.
const CORPUS = path.join(SHARED, "ord-corpus");

/** The report of one before/after pair of the corpus's `pairs/` folder. */
const checkPair = (name: string) => {
  const dir = path.join(CORPUS, "pairs", name);
  return check({ base: path.join(dir, "base.json"), head: path.join(dir, "head.json"), now: NOW });
};
const documents = HAS_SHARED
  ? ["documents", "generated"].flatMap((folder) =>
      readdirSync(path.join(CORPUS, folder))
        .filter((name) => !name.endsWith(".md"))
        .map((name) => path.join(CORPUS, folder, name)),
    )
  : [];

describe.skipIf(!HAS_SHARED)("real ORD documents compared with themselves", () => {
  it("finds 64 corpus documents", () => expect(documents).toHaveLength(64));

  it.each(documents.map((file) => [path.basename(file), file]))(
    "%s passes without errors or warnings",
    (_name, file) => {
      const report = check({ base: file, head: file, now: NOW });
      expect(report.verdict).toBe("pass");
      expect(report.findings.filter((f) => f.severity !== "notice")).toEqual([]);
      expect(report.entities.every((e) => e.status === "unchanged")).toBe(true);
    },
  );

  it.each(documents.map((file) => [path.basename(file), file]))(
    "%s audited with scope all gives only schema and state findings, never a crash",
    (_name, file) => {
      const report = check({ base: file, head: file, now: NOW, scope: "all" });
      const comparing = [
        "version-decreased",
        "version-not-incremented",
        "version-increment-too-small",
        "breaking-change-without-new-major",
        "entity-removed-without-tombstone",
        "ord-id-changed",
      ];
      expect(report.findings.filter((f) => comparing.includes(f.ruleId))).toEqual([]);
    },
  );
});

/** What each real before/after pair must report (from its NOTE.md). */
const PAIRS: [string, string[]][] = [
  ["capjs-version-decrease", ["version-decreased"]],
  [
    "capjs-version-major-bump-same-ordid",
    ["major-version-mismatch", "breaking-change-without-new-major"],
  ],
  ["capjs-beta-version-major-bump", ["major-version-mismatch"]],
  [
    "capjs-apiresource-ordid-major-v1-to-v2",
    ["ord-id-changed", "entity-removed-without-tombstone"],
  ],
  [
    "capjs-entitytype-ordid-and-version-major",
    ["ord-id-changed", "entity-removed-without-tombstone"],
  ],
  ["capjs-entitytype-ordid-major-decrease", ["ord-id-changed", "entity-removed-without-tombstone"]],
  [
    "capjs-package-major-v1-to-v2",
    ["major-version-without-breaking-change", "entity-removed-without-tombstone"],
  ],
  ["capjs-package-major-v2-to-v1", ["entity-removed-without-tombstone"]],
  ["capjs-package-patch-bump", ["major-version-without-breaking-change"]],
  ["spec-dataproduct-minor-bump-additive", []],
];

describe.skipIf(!HAS_SHARED)("real before/after pairs", () => {
  it.each(PAIRS)("%s reports %j", (pair, expected) => {
    const report = checkPair(pair);
    const ids = new Set(report.findings.map((f) => f.ruleId));
    for (const id of expected) expect(ids).toContain(id);
    if (expected.length === 0) expect(report.verdict).toBe("pass");
  });

  it("capjs-package-major-v2-to-v1: a package stub that gains its vendor (required) breaks nobody", () => {
    const report = checkPair("capjs-package-major-v2-to-v1");
    const ordId = "sap.test.cdsrc.sample:package:capirebookshopordsample-event:v1";
    const entity = report.entities.find((e) => e.ordId === ordId)!;
    expect(entity.changes.find((c) => c.path === "vendor")).toMatchObject({
      kind: "added",
      class: "patch",
    });
    expect(entity).toMatchObject({ changeLevel: "patch", requiredIncrement: "patch" });
    const breaking = report.findings.filter(
      (f) => f.ordId === ordId && f.ruleId === "breaking-change-without-new-major",
    );
    expect(breaking).toEqual([]);
  });

  it("capjs-entitytype-ordid-major-decrease: v2 replaced by v1 is not advised to name v1 its successor", () => {
    const report = checkPair("capjs-entitytype-ordid-major-decrease");
    const [finding] = report.findings.filter(
      (f) => f.ruleId === "ord-id-changed" && f.ordId === "customer.foo:entityType:Genres:v2",
    );
    expect(finding?.message).toContain("Keep customer.foo:entityType:Genres:v2");
    expect(finding?.message).not.toContain('successors: ["customer.foo:entityType:Genres:v1"]');
  });

  it.each(["capjs-apiresource-ordid-major-v1-to-v2"])(
    "%s: v1 at version 2.0.0 renamed v2 is an ID change, not a needless new major",
    (name) => {
      const report = checkPair(name);
      const ids = report.findings.map((f) => f.ruleId);
      expect(ids).toContain("ord-id-changed");
      expect(ids).not.toContain("major-version-without-breaking-change");
    },
  );

  it("the additive data-product pair classifies the new definition as additive and the minor bump as enough", () => {
    const report = checkPair("spec-dataproduct-minor-bump-additive");
    const entity = report.entities.find(
      (e) => e.ordId === "sap.xref:apiResource:CustomerOrderDeltaSharing:v1",
    )!;
    expect(entity).toMatchObject({
      changeLevel: "additive",
      requiredIncrement: "minor",
      actualIncrement: "minor",
    });
  });
});
