import { describe, expect, it } from "vitest";
import { checkSources } from "../../src/check.js";
import type { Finding, Report } from "../../src/types.js";
import { NOW, api, doc, entity, event, findingsOf, pkg, run, side } from "../helpers.js";

// Expectations come from the versioning rules as docs/rules/README.md ("Lifecycle", "Scope,
// verdict and configuration") and each rule's page in docs/rules/ state them (the product spec's
// §2 bookkeeping fields, §5 "Scope", "Documents", "Entities without releaseStatus", "Lifecycle"),
// not from src/.

const ID = (name: string, major = 1) => `sap.xref:apiResource:${name}:v${major}`;
const DATE = "2026-06-01T00:00:00Z";
const SUNSET = "2027-06-01T00:00:00Z";
const tomb = (ordId: string, removalDate = DATE) => ({ ordId, removalDate });
const daysFromNow = (days: number) => new Date(NOW.getTime() + days * 86_400_000).toISOString();
/** The fields a well-formed entity in this status has (so only the rule under test fires). */
const status = (s: string): Record<string, unknown> =>
  s === "deprecated"
    ? { releaseStatus: s, deprecationDate: DATE, sunsetDate: SUNSET }
    : s === "sunset"
      ? { releaseStatus: s, deprecationDate: DATE, sunsetDate: DATE }
      : { releaseStatus: s };

/** 1-based line of the `occurrence`-th line holding `needle` in the document as `side` writes it. */
function lineOf(d: unknown, needle: string, occurrence = 1): number {
  let seen = 0;
  const index = JSON.stringify(d, null, 2)
    .split("\n")
    .findIndex((l) => l.includes(needle) && ++seen === occurrence);
  if (index < 0) throw new Error(`"${needle}" not in document`);
  return index + 1;
}
const idLine = (d: unknown, ordId: string) => lineOf(d, `"ordId": "${ordId}"`);

/**
 * Exactly one finding of `ruleId` with this severity and ordId, at `line` (or one of `line`s when
 * the rules file leaves open which line of the entity a missing field is reported on).
 */
function expectOne(
  report: Report,
  ruleId: string,
  severity: Finding["severity"],
  ordId: string,
  line: number | number[],
  mentions: string[] = [ordId],
): void {
  const found = findingsOf(report, ruleId);
  expect(found, ruleId).toHaveLength(1);
  expect(found[0]).toMatchObject({ ruleId, severity, ordId, location: { file: "ord.json" } });
  expect([line].flat()).toContain(found[0]!.location!.line);
  for (const m of mentions) expect(found[0]!.message).toContain(m);
}
const expectNone = (report: Report, ...ruleIds: string[]) =>
  ruleIds.forEach((id) => expect(findingsOf(report, id), id).toEqual([]));
/** Base: `stars` active; head: `stars` with `overrides` (plus `extra` head entities). */
const change = (
  overrides: Record<string, unknown>,
  extra: object[] = [],
  tombstones: object[] = [],
) => {
  const head = doc({ apiResources: [api("stars", overrides), ...extra], tombstones });
  return { head, report: run(doc({ apiResources: [api("stars")] }), head) };
};
const statusLines = (head: unknown, ordId = ID("stars")) => [
  idLine(head, ordId),
  lineOf(head, '"releaseStatus"'),
];

describe("release-status-regressed / release-status-reactivated", () => {
  it.each([
    ["active", "beta", true],
    ["active", "development", true],
    ["deprecated", "development", true],
    ["deprecated", "beta", true],
    ["beta", "development", true],
    ["sunset", "active", true],
    ["sunset", "deprecated", true],
    ["development", "beta", false],
    ["beta", "active", false],
    ["development", "active", false],
    ["active", "deprecated", false],
    ["deprecated", "sunset", false],
  ])("%s → %s: regressed %s", (from, to, fires) => {
    const head = doc({ apiResources: [api("stars", status(to))] });
    const report = run(doc({ apiResources: [api("stars", status(from))] }), head);
    if (!fires) return expectNone(report, "release-status-regressed");
    const line = lineOf(head, '"releaseStatus"');
    expectOne(report, "release-status-regressed", "error", ID("stars"), line, [from, to]);
    expectNone(report, "release-status-reactivated");
  });

  it("deprecated → active is reactivated (warning), not regressed", () => {
    const head = doc({ apiResources: [api("stars")] });
    const report = run(doc({ apiResources: [api("stars", status("deprecated"))] }), head);
    const line = lineOf(head, '"releaseStatus"');
    const mentions = ["deprecated", "active"];
    expectOne(report, "release-status-reactivated", "warning", ID("stars"), line, mentions);
    expectNone(report, "release-status-regressed");
  });

  // A status that is not a valid value must not switch the gate off: "Beta" is a regression as
  // surely as "beta" (the schema says so only as a warning), and an unknown stage counts as one.
  it.each([
    ["active", "Beta", "counted as beta"],
    ["deprecated", "experimental", "one of development, beta"],
    ["sunset", "", "one of development, beta"],
  ])("%s → %j: regressed, and the message says the value is not valid", (from, to, reading) => {
    const head = doc({ apiResources: [api("stars", { ...status(from), releaseStatus: to })] });
    const report = run(doc({ apiResources: [api("stars", status(from))] }), head);
    const line = lineOf(head, '"releaseStatus"');
    const mentions = [from, `"${to}"`, "not a valid value", reading];
    expectOne(report, "release-status-regressed", "error", ID("stars"), line, mentions);
  });

  it('a base status that is not valid counts as active: "Active" → beta is regressed', () => {
    const head = doc({ apiResources: [api("stars", { releaseStatus: "beta" })] });
    const report = run(doc({ apiResources: [api("stars", { releaseStatus: "Active" })] }), head);
    const line = lineOf(head, '"releaseStatus"');
    expectOne(report, "release-status-regressed", "error", ID("stars"), line, ['"Active"', "beta"]);
  });

  it.each([
    ["development", "Beta"],
    ["development", "experimental"],
    ["beta", "Beta"],
    ["Active", "active"],
    ["Active", "Active"],
  ])("%s → %s: no regression", (from, to) => {
    const head = doc({ apiResources: [api("stars", { releaseStatus: to })] });
    const report = run(doc({ apiResources: [api("stars", { releaseStatus: from })] }), head);
    expectNone(report, "release-status-regressed");
  });

  it("beta → active is not a reactivation", () => {
    const head = doc({ apiResources: [api("stars")] });
    const report = run(doc({ apiResources: [api("stars", { releaseStatus: "beta" })] }), head);
    expectNone(report, "release-status-reactivated", "release-status-regressed");
  });
});

describe("deprecation-date-missing / sunset-date-recommended", () => {
  it.each([
    ["apiResources", api, "apiResource"],
    ["eventResources", event, "eventResource"],
  ])("%s deprecated without deprecationDate → warning", (array, make, concept) => {
    const id = `sap.xref:${concept}:stars:v1`;
    const head = doc({
      [array]: [make("stars", { releaseStatus: "deprecated", sunsetDate: SUNSET })],
    });
    const report = run(doc({ [array]: [make("stars")] }), head);
    expectOne(report, "deprecation-date-missing", "warning", id, statusLines(head, id));
  });

  it("with a deprecationDate → none", () => {
    expectNone(change(status("deprecated")).report, "deprecation-date-missing");
  });

  it("integrationDependencies have no deprecationDate field → none", () => {
    const dep = (s: string) => entity("integrationDependency", "needs", { releaseStatus: s });
    const base = doc({ integrationDependencies: [dep("active")] });
    const head = doc({ integrationDependencies: [dep("deprecated")] });
    expectNone(run(base, head), "deprecation-date-missing");
  });

  it("sunset-date-recommended: deprecated, no successors, no sunsetDate → notice", () => {
    const { head, report } = change({ releaseStatus: "deprecated", deprecationDate: DATE });
    expectOne(report, "sunset-date-recommended", "notice", ID("stars"), statusLines(head));
  });

  it.each([
    ["a sunsetDate", { sunsetDate: SUNSET }],
    ["successors", { successors: [ID("stars", 2)] }],
  ])("sunset-date-recommended: deprecated with %s → none", (_, extra) => {
    const v2 = api("stars", { ordId: ID("stars", 2), version: "2.0.0" });
    const overrides = { releaseStatus: "deprecated", deprecationDate: DATE, ...extra };
    expectNone(change(overrides, [v2]).report, "sunset-date-recommended");
  });

  it("scope: an unchanged deprecated entity without dates is judged only with scope all", () => {
    const d = doc({ apiResources: [api("stars", { releaseStatus: "deprecated" })] });
    expectNone(run(d, d), "deprecation-date-missing", "sunset-date-recommended");
    const all = run(d, d, { scope: "all" });
    expectOne(all, "deprecation-date-missing", "warning", ID("stars"), statusLines(d));
  });
});

describe("successor-not-referenced / successors-without-deprecation / successor-unknown", () => {
  const v2 = api("stars", { ordId: ID("stars", 2), version: "2.0.0" });
  const old = (extra: Record<string, unknown> = {}) => ({ ...status("deprecated"), ...extra });

  it("head has :v1 and :v2 and v1.successors lacks v2 → error on v1", () => {
    const { head, report } = change(old(), [v2]);
    const mentions = [ID("stars"), ID("stars", 2)];
    expectOne(
      report,
      "successor-not-referenced",
      "error",
      ID("stars"),
      idLine(head, ID("stars")),
      mentions,
    );
  });

  it.each([
    ["lists v2", [ID("stars", 2)]],
    ["lists v2 in another case", ["sap.xref:apiResource:Stars:v2"]],
  ])("v1.successors %s → none", (_, successors) => {
    expectNone(change(old({ successors }), [v2]).report, "successor-not-referenced");
  });

  it.each([
    ["integrationDependencies", "integrationDependency", true],
    ["entityTypes", "entityType", true],
    ["packages", "package", false],
    ["capabilities", "capability", false],
  ])("%s v1 beside a new v2, v1 without successors: fires %s", (array, concept, fires) => {
    const [id1, id2] = [1, 2].map((m) => `sap.xref:${concept}:c:v${m}`) as [string, string];
    const make = (ordId: string) =>
      concept === "package" ? pkg("c", { ordId }) : entity(concept, "c", { ordId });
    const head = doc({ [array]: [make(id1), make(id2)] });
    const report = run(doc({ [array]: [make(id1)] }), head);
    if (!fires) return expectNone(report, "successor-not-referenced");
    expectOne(report, "successor-not-referenced", "error", id1, idLine(head, id1), [id2]);
  });

  it("a pair already in base with neither member changed: only with scope all", () => {
    const d = doc({ apiResources: [api("stars", old()), v2] });
    expectNone(run(d, d), "successor-not-referenced");
    const all = run(d, d, { scope: "all" });
    expectOne(all, "successor-not-referenced", "error", ID("stars"), idLine(d, ID("stars")));
  });

  it("successors-without-deprecation: active with successors → warning at successors", () => {
    const { head, report } = change({ successors: [ID("stars", 2)] }, [v2]);
    const line = lineOf(head, '"successors"');
    expectOne(report, "successors-without-deprecation", "warning", ID("stars"), line);
  });

  it("successors-without-deprecation: deprecated with successors → none", () => {
    const report = change(old({ successors: [ID("stars", 2)] }), [v2]).report;
    expectNone(report, "successors-without-deprecation");
  });

  // A sunset resource has gone past deprecation; keeping its successors is what consumers need
  // to migrate, so the rule (written for "set but not deprecated") deliberately leaves it alone.
  it("successors-without-deprecation: sunset with successors → none (past deprecation)", () => {
    const overrides = { ...status("sunset"), successors: [ID("stars", 2)] };
    const { report } = change(overrides, [v2], [tomb(ID("stars"))]);
    expectNone(report, "successors-without-deprecation");
  });

  it("successor-unknown: a successor no document contains → notice at that entry", () => {
    const nowhere = "sap.xref:apiResource:nowhere:v2";
    const { head, report } = change(old({ successors: [nowhere] }));
    const line = lineOf(head, `"${nowhere}"`);
    expectOne(report, "successor-unknown", "notice", ID("stars"), line, [nowhere]);
    expectNone(change(old({ successors: [ID("stars", 2)] }), [v2]).report, "successor-unknown");
  });
});

describe("sunset-date-missing / sunset-without-tombstone", () => {
  const sunset = { releaseStatus: "sunset", deprecationDate: DATE };

  it("sunset without sunsetDate → error", () => {
    const { head, report } = change(sunset, [], [tomb(ID("stars"))]);
    expectOne(report, "sunset-date-missing", "error", ID("stars"), statusLines(head));
    expectNone(report, "sunset-without-tombstone", "tombstone-for-live-entity");
  });

  it("sunset with sunsetDate → none", () => {
    const report = change(status("sunset"), [], [tomb(ID("stars"))]).report;
    expectNone(report, "sunset-date-missing", "sunset-without-tombstone");
  });

  it("sunset without a head tombstone → error", () => {
    const { head, report } = change(status("sunset"));
    expectOne(report, "sunset-without-tombstone", "error", ID("stars"), statusLines(head));
  });

  it('a mistyped "Sunset" without sunsetDate or tombstone → both errors, as for sunset', () => {
    const { head, report } = change({ ...sunset, releaseStatus: "Sunset" });
    expectOne(report, "sunset-without-tombstone", "error", ID("stars"), statusLines(head));
    expectOne(report, "sunset-date-missing", "error", ID("stars"), statusLines(head));
  });
});

describe("tombstone-removed-early", () => {
  it.each([
    [10, true],
    [30, true],
    [-5, true],
    [31, false],
    [40, false],
  ])("base tombstone with removalDate %i days ago, gone from head: fires %s", (days, fires) => {
    const base = doc({
      apiResources: [api("planets")],
      tombstones: [tomb(ID("old"), daysFromNow(-days))],
    });
    const report = run(base, doc({ apiResources: [api("planets")] }));
    if (!fires) return expectNone(report, "tombstone-removed-early");
    expectOne(report, "tombstone-removed-early", "warning", ID("old"), idLine(base, ID("old")));
  });

  it("a tombstone moved to another document, or in an unreadable head document, is not removed", () => {
    const t = doc({ tombstones: [tomb(ID("old"), daysFromNow(-10))] });
    const planets = doc({ apiResources: [api("planets")] });
    const check = (head: Record<string, unknown>) =>
      checkSources(
        { base: side({ "a.json": t, "b.json": planets }), head: side(head) },
        { now: NOW },
      );
    expectNone(check({ "a.json": planets, "b.json": t }), "tombstone-removed-early");
    const unreadable = check({ "a.json": "{ not json", "b.json": planets });
    expect(findingsOf(unreadable, "document-unreadable")).toHaveLength(1);
    expectNone(unreadable, "tombstone-removed-early");
  });
});

describe("tombstone-for-live-entity", () => {
  it("a head tombstone names an entity head still lists as active → warning", () => {
    const { head, report } = change({}, [], [tomb(ID("stars"))]);
    const lines = [lineOf(head, `"ordId": "${ID("stars")}"`, 2), idLine(head, ID("stars"))];
    expectOne(report, "tombstone-for-live-entity", "warning", ID("stars"), lines);
  });

  it("the entity is sunset → none", () => {
    const report = change(status("sunset"), [], [tomb(ID("stars"))]).report;
    expectNone(report, "tombstone-for-live-entity");
  });
});

describe("release-status-version-mismatch", () => {
  it.each([
    ["active", 0, "0.9.0", true],
    ["active", 1, "1.0.0-rc.1", true],
    ["beta", 0, "0.9.0", false],
    ["beta", 1, "1.0.0-rc.1", false],
    ["active", 1, "1.0.0", false],
    ["active", 1, "1.0.0+build.5", false],
  ])("%s, :v%i, version %s: fires %s", (releaseStatus, major, version, fires) => {
    const ordId = ID("stars", major);
    const head = doc({ apiResources: [api("stars", { ordId, version, releaseStatus })] });
    const report = run(doc(), head);
    if (!fires) return expectNone(report, "release-status-version-mismatch");
    const line = lineOf(head, `"version": "${version}"`);
    expectOne(report, "release-status-version-mismatch", "warning", ordId, line, [version]);
  });
});

describe("lifecycle bookkeeping fields are not classified as changes (§2)", () => {
  it("status, dates, successors, version and lastUpdate changes give change level none", () => {
    const v2 = api("stars", { ordId: ID("stars", 2), version: "2.0.0" });
    const bookkeeping = { ...status("deprecated"), successors: [ID("stars", 2)], version: "1.0.1" };
    const { report } = change({ ...bookkeeping, lastUpdate: "2026-11-01T00:00:00Z" }, [v2]);
    const stars = report.entities.find((e) => e.ordId === ID("stars"));
    expect(stars).toMatchObject({ status: "changed", changeLevel: "none", changes: [] });
  });
});
