import { describe, expect, it } from "vitest";
import type { CheckOptions } from "../../src/check.js";
import { checkSources } from "../../src/check.js";
import { api, doc, findingsOf, NOW, run, side } from "../helpers.js";

// Expectations follow docs/rules/README.md, "Change tracking" (the product spec's §5), and the
// rules' pages in docs/rules/.

const ID = "sap.xref:apiResource:stars:v1";
const JAN = "2026-01-01T00:00:00Z";
const FEB = "2026-02-01T00:00:00Z";
/** A patch change (description edited) with the matching patch increment. */
const PATCH = { description: "Reads and writes stars; now with examples.", version: "1.0.1" };

/** The stars API in base and head, each side with its own fields and document-level fields. */
function compare(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  docs: { base?: Record<string, unknown>; head?: Record<string, unknown> } = {},
  options: Omit<CheckOptions, "base" | "head"> = {},
) {
  const baseDoc = doc({ ...docs.base, apiResources: [api("stars", before)] });
  const headDoc = doc({ ...docs.head, apiResources: [api("stars", after)] });
  return { report: run(baseDoc, headDoc, options), headDoc };
}

/** 1-based line of the first line of the serialised document containing `needle`. */
function lineOf(document: unknown, needle: string): number {
  const index = JSON.stringify(document, null, 2)
    .split("\n")
    .findIndex((l) => l.includes(needle));
  expect(index, `no line with ${needle}`).toBeGreaterThanOrEqual(0);
  return index + 1;
}

describe("last-update-decreased", () => {
  it.each([
    ["an earlier timestamp", "2025-12-31T23:59:59Z"],
    ["an earlier instant written with an offset", "2026-01-01T01:00:00+02:00"],
  ])("fires as an error for %s", (_what, earlier) => {
    const { report, headDoc } = compare({ lastUpdate: JAN }, { ...PATCH, lastUpdate: earlier });
    const [finding] = findingsOf(report, "last-update-decreased");
    expect(finding).toMatchObject({ severity: "error", ordId: ID });
    expect(finding!.message).toContain(JAN);
    expect(finding!.message).toContain(earlier);
    expect(finding!.location?.line).toBe(lineOf(headDoc, `"lastUpdate": "${earlier}"`));
    expect(report.verdict).toBe("fail");
  });

  it("fires even when nothing but lastUpdate changed", () => {
    const { report } = compare({ lastUpdate: FEB }, { lastUpdate: JAN });
    expect(findingsOf(report, "last-update-decreased")).toHaveLength(1);
  });

  it.each([
    ["the same timestamp", JAN],
    ["the same instant with an offset", "2026-01-01T02:00:00+02:00"],
    ["a later timestamp", FEB],
  ])("stays silent for %s", (_what, head) => {
    const { report } = compare({ lastUpdate: JAN }, { ...PATCH, lastUpdate: head });
    expect(findingsOf(report, "last-update-decreased")).toEqual([]);
  });
});

describe("last-update-not-advanced", () => {
  it.each([
    ["a patch change", PATCH],
    ["an additive change", { entryPoints: ["/stars/v1", "/stars/v1/catalog"], version: "1.1.0" }],
    [
      "a patch change and the same instant with an offset",
      { ...PATCH, lastUpdate: "2026-01-01T01:00:00+01:00" },
    ],
    ["a patch change and lastUpdate removed", { ...PATCH, lastUpdate: undefined }],
  ])("warns for %s without an advanced lastUpdate", (_what, after) => {
    const { report } = compare({ lastUpdate: JAN }, { lastUpdate: JAN, ...after });
    const [finding] = findingsOf(report, "last-update-not-advanced");
    expect(finding).toMatchObject({ severity: "warning", ordId: ID });
    expect(report.verdict).toBe("pass");
  });

  it.each([
    ["lastUpdate advanced", { lastUpdate: JAN }, { ...PATCH, lastUpdate: FEB }],
    ["no change (only the version bumped)", { lastUpdate: JAN }, { version: "1.0.1" }],
    ["no lastUpdate in base", { lastUpdate: undefined }, { ...PATCH, lastUpdate: undefined }],
  ])("stays silent when %s", (_what, before, after) => {
    const { report } = compare(before, after);
    expect(findingsOf(report, "last-update-not-advanced")).toEqual([]);
  });

  it("a changed entity whose lastUpdate went backwards also did not advance", () => {
    const { report } = compare({ lastUpdate: FEB }, { ...PATCH, lastUpdate: JAN });
    expect(findingsOf(report, "last-update-decreased")).toHaveLength(1);
    expect(findingsOf(report, "last-update-not-advanced")).toHaveLength(1);
  });
});

const entry = (version: string, releaseStatus = "active") => ({
  version,
  releaseStatus,
  date: "2026-01-01",
});

describe("changelog-entry-missing", () => {
  it.each([
    [
      "the version changed",
      { changelogEntries: [entry("1.0.0")] },
      { ...PATCH, lastUpdate: FEB, changelogEntries: [entry("1.0.0")] },
      "1.0.1",
    ],
    [
      "the releaseStatus changed",
      { releaseStatus: "beta", changelogEntries: [entry("0.9.0", "beta")] },
      { releaseStatus: "active", changelogEntries: [entry("0.9.0", "beta")] },
      "1.0.0",
    ],
  ])("warns when %s and no entry is for the head version", (_what, before, after, head) => {
    const { report } = compare(before, after);
    const [finding] = findingsOf(report, "changelog-entry-missing");
    expect(finding).toMatchObject({ severity: "warning", ordId: ID });
    expect(finding!.message).toContain(head);
    expect(report.verdict).toBe("pass");
  });

  it.each([
    [
      "an entry is for the head version",
      { changelogEntries: [entry("1.0.0")] },
      { ...PATCH, lastUpdate: FEB, changelogEntries: [entry("1.0.0"), entry("1.0.1")] },
    ],
    ["the entity keeps no changelog", {}, { ...PATCH, lastUpdate: FEB }],
    [
      "neither version nor releaseStatus changed",
      { changelogEntries: [entry("0.9.0")] },
      { changelogEntries: [entry("0.9.0")], title: "Stars API (renamed)", lastUpdate: FEB },
    ],
  ])("stays silent when %s", (_what, before, after) => {
    const { report } = compare(before, after);
    expect(findingsOf(report, "changelog-entry-missing")).toEqual([]);
  });
});

describe("changelog-entry-mismatch", () => {
  it("warns when the entry for the head version names another releaseStatus", () => {
    const { report } = compare(
      { changelogEntries: [entry("1.0.0")] },
      { ...PATCH, lastUpdate: FEB, changelogEntries: [entry("1.0.0"), entry("1.0.1", "beta")] },
    );
    const [finding] = findingsOf(report, "changelog-entry-mismatch");
    expect(finding).toMatchObject({ severity: "warning", ordId: ID });
    expect(finding!.message).toContain("1.0.1");
    expect(finding!.message).toContain("beta");
    expect(finding!.message).toContain("active");
    expect(report.verdict).toBe("pass");
  });

  it.each([
    ["the head entry matches", [entry("1.0.0", "beta"), entry("1.0.1")]],
    ["only an older entry differs", [entry("1.0.0", "beta")]],
  ])("stays silent when %s", (_what, entries) => {
    const { report } = compare(
      { changelogEntries: [entry("1.0.0", "beta")] },
      { ...PATCH, lastUpdate: FEB, changelogEntries: entries },
    );
    expect(findingsOf(report, "changelog-entry-mismatch")).toEqual([]);
  });

  it("an untouched entity's mismatch is reported only with scope all", () => {
    const d = doc({ apiResources: [api("stars", { changelogEntries: [entry("1.0.0", "beta")] })] });
    expect(findingsOf(run(d, d), "changelog-entry-mismatch")).toEqual([]);
    expect(findingsOf(run(d, d, { scope: "all" }), "changelog-entry-mismatch")).toHaveLength(1);
  });
});

describe("system-version-not-incremented", () => {
  const system = (version: string) => ({ describedSystemVersion: { version } });
  const changed = { ...PATCH, lastUpdate: FEB };

  it("warns when a document changed an entity but kept its system version", () => {
    const { report, headDoc } = compare({}, changed, {
      base: system("1.2.0"),
      head: system("1.2.0"),
    });
    const [finding] = findingsOf(report, "system-version-not-incremented");
    expect(finding!.severity).toBe("warning");
    expect(finding!.message).toContain("1.2.0");
    expect(finding!.location).toMatchObject({
      file: "ord.json",
      line: lineOf(headDoc, `"version": "1.2.0"`),
    });
    expect(report.verdict).toBe("pass");
  });

  it.each([
    ["the system version was raised", {}, changed, system("1.2.0"), system("1.3.0")],
    ["no entity changed", {}, {}, system("1.2.0"), system("1.2.0")],
    ["the document has no describedSystemVersion", {}, changed, {}, {}],
    ["head adds describedSystemVersion", {}, changed, {}, system("1.2.0")],
    // Judgement call (docs/rules/system-version-not-incremented.md): a regenerated document whose
    // only difference is a timestamp describes the same release.
    ["only lastUpdate moved forward", {}, { lastUpdate: FEB }, system("1.2.0"), system("1.2.0")],
    [
      "only lastUpdate moved back",
      { lastUpdate: FEB },
      { lastUpdate: JAN },
      system("1.2.0"),
      system("1.2.0"),
    ],
    [
      "only a property at its schema default was dropped",
      { disabled: false },
      {},
      system("1.2.0"),
      system("1.2.0"),
    ],
  ])("stays silent when %s", (_what, before, after, base, head) => {
    const { report } = compare(before, after, { base, head });
    expect(findingsOf(report, "system-version-not-incremented")).toEqual([]);
  });

  it.each([
    ["the version alone was raised", { version: "1.0.1" }],
    ["the entity was deprecated", { releaseStatus: "deprecated", deprecationDate: JAN }],
    ["a description changed with lastUpdate", changed],
  ])("warns when %s (more than lastUpdate)", (_what, after) => {
    const { report } = compare({}, after, { base: system("1.2.0"), head: system("1.2.0") });
    expect(findingsOf(report, "system-version-not-incremented")).toHaveLength(1);
  });

  it("judges each document by its own entities, naming the first that changed", () => {
    const system = { describedSystemVersion: { version: "1.2.0" } };
    const files = (apis: Record<string, Record<string, unknown>[]>) =>
      Object.fromEntries(
        Object.entries(apis).map(([name, list]) => [name, doc({ ...system, apiResources: list })]),
      );
    const report = checkSources(
      {
        base: side(
          files({
            "a.json": [api("a1"), api("a2")],
            "b.json": [api("b1"), api("b2")],
            "c.json": [api("c1")],
          }),
        ),
        head: side(
          files({
            "a.json": [api("a1"), api("a2", PATCH)],
            // b2 removed: the document no longer describes it, another release
            "b.json": [api("b1")],
            "c.json": [api("c1")],
          }),
        ),
      },
      { now: NOW },
    );
    const findings = findingsOf(report, "system-version-not-incremented");
    expect(findings.map((f) => [f.location?.file, f.ordId])).toEqual([
      ["a.json", "sap.xref:apiResource:a2:v1"],
      ["b.json", "sap.xref:apiResource:b2:v1"],
    ]);
  });
});
