import { describe, expect, it } from "vitest";
import { checkSources } from "../../src/check.js";
import type { Finding, Report } from "../../src/types.js";
import { NOW, api, doc, event, findingsOf, pkg, run, side } from "../helpers.js";

// Expectations come from the versioning rules as docs/rules/README.md ("Identity and major
// version", "Scope, verdict and configuration") and each rule's page in docs/rules/ state them
// (the product spec's §1, §2, §5 "Scope", "Documents", "Entities without releaseStatus",
// "Identity and major version"), not from src/.

const ID = (name: string, major = 1) => `sap.xref:apiResource:${name}:v${major}`;
const DATE = "2026-11-01T00:00:00Z";
const tomb = (ordId: string) => ({ ordId, removalDate: DATE });
const LATER = "2027-06-01T00:00:00Z";
const deprecated = { releaseStatus: "deprecated", deprecationDate: DATE, sunsetDate: LATER };

const MISMATCH = "major-version-mismatch";
const NO_BREAKING = "major-version-without-breaking-change";
const NO_TOMB = "entity-removed-without-tombstone";
const NO_DEPR = "entity-removed-without-deprecation";
const CHANGED = "ord-id-changed";

/** 1-based line of the `occurrence`-th line holding `needle` in the document as `side` writes it. */
function lineOf(d: unknown, needle: string, occurrence = 1): number {
  let seen = 0;
  const index = JSON.stringify(d, null, 2)
    .split("\n")
    .findIndex((l) => l.includes(needle) && ++seen === occurrence);
  if (index < 0) throw new Error(`"${needle}" not in document`);
  return index + 1;
}
const idLine = (d: unknown, ordId: string, n = 1) => lineOf(d, `"ordId": "${ordId}"`, n);

/** Exactly one finding of `ruleId` with this severity, ordId and line; its message names `mentions`. */
function expectOne(
  report: Report,
  ruleId: string,
  severity: Finding["severity"],
  ordId: string,
  line: number,
  mentions: string[] = [ordId],
  file = "ord.json",
): void {
  const found = findingsOf(report, ruleId);
  expect(found, ruleId).toHaveLength(1);
  expect(found[0]).toMatchObject({ ruleId, severity, ordId, location: { file, line } });
  for (const m of mentions) expect(found[0]!.message).toContain(m);
}
const expectNone = (report: Report, ...ruleIds: string[]) =>
  ruleIds.forEach((id) => expect(findingsOf(report, id), id).toEqual([]));
const loud = (r: Report) => r.findings.filter((f) => f.severity !== "notice").map((f) => f.ruleId);
const multi = (base: Record<string, unknown>, head: Record<string, unknown>, scope?: "all") =>
  checkSources({ base: side(base), head: side(head) }, { now: NOW, scope });

describe("breaking-change-without-new-major / breaking-change-exempt", () => {
  const [WITHOUT, EXEMPT] = ["breaking-change-without-new-major", "breaking-change-exempt"];
  it.each([
    ["active", "active", WITHOUT, "error"],
    ["deprecated", "deprecated", WITHOUT, "error"],
    ["active", "deprecated", WITHOUT, "error"],
    ["beta", "active", WITHOUT, "error"],
    ["beta", "beta", EXEMPT, "notice"],
    ["development", "development", EXEMPT, "notice"],
    ["active", "beta", EXEMPT, "notice"],
  ] as const)("base %s → head %s with a breaking change: %s (%s)", (from, to, rule, severity) => {
    const status = (s: string) => (s === "deprecated" ? deprecated : { releaseStatus: s });
    const head = doc({ apiResources: [api("stars", { ...status(to), apiProtocol: "odata-v4" })] });
    const report = run(doc({ apiResources: [api("stars", status(from))] }), head);
    expectNone(report, rule === EXEMPT ? WITHOUT : EXEMPT);
    // The fix the rules file names: a successor ...:v<N+1>.
    const mentions = rule === EXEMPT ? [to] : [ID("stars"), ID("stars", 2)];
    expectOne(report, rule, severity, ID("stars"), lineOf(head, '"apiProtocol"'), mentions);
  });

  it("a package (no releaseStatus) with a breaking change (vendor changed) counts as active", () => {
    const head = doc({ packages: [pkg("astronomy", { vendor: "xref:vendor:Other:" })] });
    const report = run(doc({ packages: [pkg("astronomy")] }), head);
    expectNone(report, EXEMPT);
    expectOne(report, WITHOUT, "error", "sap.xref:package:astronomy:v1", lineOf(head, '"vendor"'));
  });

  // An invalid or missing head releaseStatus must not switch the gate off: base's valid status
  // counts, else active (docs/rules/breaking-change-without-new-major.md).
  const broken = { entryPoints: ["/stars/v1", "/api/stars/v1"] };
  it.each([
    ["active", "Active", "2.0.0", WITHOUT, "error", '"Active"'],
    ["active", undefined, "1.0.1", WITHOUT, "error", "no releaseStatus"],
    ["active", "stable", "2.0.0", WITHOUT, "error", '"stable"'],
    ["Beta", "BETA", "2.0.0", WITHOUT, "error", '"BETA"'],
    [undefined, "Beta", "2.0.0", WITHOUT, "error", '"Beta"'],
    ["beta", "Beta", "2.0.0", EXEMPT, "notice", '"Beta"'],
    ["deprecated", "Deprecated", "2.0.0", WITHOUT, "error", '"Deprecated"'],
  ] as const)(
    "base %s → head %s (invalid) with a breaking change, version %s: %s (%s)",
    (from, to, version, rule, severity, named) => {
      const base = doc({ apiResources: [api("stars", { ...broken, releaseStatus: from })] });
      const head = doc({ apiResources: [api("stars", { version, releaseStatus: to })] });
      const report = run(base, head);
      expectNone(report, rule === EXEMPT ? WITHOUT : EXEMPT);
      const line = lineOf(base, '"/api/stars/v1"');
      const mentions = rule === EXEMPT ? ["beta", named] : [ID("stars"), named];
      expectOne(report, rule, severity, ID("stars"), line, mentions);
      // The message says where the status it went by comes from, not that head's is valid; the
      // version major raised under the same ORD ID is only a warning, so this rule decides.
      expect(findingsOf(report, rule)[0]!.message).not.toMatch(/releaseStatus is (Active|Beta)/);
      expect(report.verdict).toBe(rule === WITHOUT ? "fail" : "pass");
    },
  );

  it("additive and patch changes on an active resource are not breaking", () => {
    const changed = { version: "1.1.0", title: "Star API", entryPoints: ["/stars/v1", "/x"] };
    const base = doc({ apiResources: [api("stars")] });
    const report = run(base, doc({ apiResources: [api("stars", changed)] }));
    expectNone(report, WITHOUT, EXEMPT);
  });
});

describe(MISMATCH, () => {
  it.each([
    [ID("stars"), "2.0.0", true],
    [ID("stars", 0), "1.0.0", true],
    [ID("stars"), "0.9.0", true],
    [ID("stars", 0), "0.3.0", false],
    [ID("stars", 2), "2.4.1", false],
  ])("%s with version %s: fires %s", (ordId, version, fires) => {
    const head = doc({ apiResources: [api("stars", { ordId, version, releaseStatus: "beta" })] });
    const report = run(doc({ apiResources: [] }), head);
    if (!fires) return expectNone(report, MISMATCH);
    const major = ordId.slice(ordId.lastIndexOf(":"));
    const line = lineOf(head, `"version": "${version}"`);
    expectOne(report, MISMATCH, "warning", ordId, line, [version, major]);
  });

  it("is never an error by default: the mismatch alone does not fail the run", () => {
    const head = doc({ apiResources: [api("stars", { version: "2.0.0" })] });
    const report = run(doc({ apiResources: [] }), head);
    expect(findingsOf(report, MISMATCH).map((f) => f.severity)).toEqual(["warning"]);
    expect(report.findings.filter((f) => f.severity === "error")).toEqual([]);
    expect(report.verdict).toBe("pass");
  });
});

describe(NO_BREAKING, () => {
  const v1 = api("stars", { entryPoints: ["/stars", "/stars/old"] });
  it.each([
    ["an entry point added", { entryPoints: ["/stars", "/stars/old", "/new"] }, true],
    ["a title change", { entryPoints: ["/stars", "/stars/old"], title: "Stars" }, true],
    ["an entry point removed", { entryPoints: ["/stars"] }, false],
  ])("new :v2 beside base :v1 with %s: fires %s", (_, overrides, fires) => {
    const v2 = api("stars", { ordId: ID("stars", 2), version: "2.0.0", ...overrides });
    const head = doc({ apiResources: [v1, v2] });
    const report = run(doc({ apiResources: [v1] }), head);
    if (!fires) return expectNone(report, NO_BREAKING);
    const line = idLine(head, ID("stars", 2));
    const mentions = [ID("stars", 2), ID("stars")];
    expectOne(report, NO_BREAKING, "warning", ID("stars", 2), line, mentions);
  });

  it("a :v2 that only catches up with a version base already had at 2.x does not fire", () => {
    // cap-js/ord's ID fix: v1 at version 2.0.0 (major-version-mismatch) renamed to v2 at 2.0.0.
    // The major was raised before this change; the ID now follows it, as the mismatch rule asks.
    const same = { version: "2.0.0", entryPoints: ["/stars"] };
    const old = api("stars", same);
    const v2 = api("stars", { ...same, ordId: ID("stars", 2) });
    const report = run(doc({ apiResources: [old] }), doc({ apiResources: [old, v2] }));
    expectNone(report, NO_BREAKING);
    // Base at 1.x: the same v2 is a needless new major.
    const older = api("stars", { ...same, version: "1.4.0" });
    const raised = run(doc({ apiResources: [older] }), doc({ apiResources: [older, v2] }));
    expect(findingsOf(raised, NO_BREAKING)).toHaveLength(1);
  });
});

describe(CHANGED, () => {
  const v2 = api("stars", { ordId: ID("stars", 2), version: "2.0.0", entryPoints: ["/stars/v2"] });
  const v3 = api("stars", { ordId: ID("stars", 3), version: "3.0.0", entryPoints: ["/stars/v3"] });
  const oldV1 = api("stars", { ...deprecated, successors: [ID("stars", 2)] });

  it.each([
    ["without a tombstone", []],
    ["with a tombstone", [tomb(ID("stars"))]],
  ])("v1 removed and v2 added in the same series (%s) → error", (_, tombstones) => {
    const head = doc({ apiResources: [v2], tombstones });
    const report = run(doc({ apiResources: [api("stars")] }), head);
    const mentions = [ID("stars"), ID("stars", 2)];
    expectOne(report, CHANGED, "error", ID("stars"), idLine(head, ID("stars", 2)), mentions);
  });

  it("same entity type, same localId, different name → error", () => {
    const head = doc({ apiResources: [api("planets", { localId: "Stars" })] });
    const report = run(doc({ apiResources: [api("stars", { localId: "Stars" })] }), head);
    const mentions = [ID("stars"), ID("planets")];
    expectOne(report, CHANGED, "error", ID("stars"), idLine(head, ID("planets")), mentions);
  });

  const gone = [tomb(ID("stars"))];
  it.each([
    ["v1 stays beside the new v2", [api("stars")], [api("stars", { successors: [v2.ordId] }), v2]],
    ["v1 tombstoned while v2 already existed in base", [oldV1, v2], [v2], gone],
    ["same localId, another type", [api("stars", { localId: "S" })], [], gone, "S"],
  ])("no ord-id-changed: %s", (_, baseApis, headApis, tombstones = [], localId = undefined) => {
    const events = localId ? [event("stars", { localId })] : [];
    const head = doc({ apiResources: headApis, eventResources: events, tombstones });
    expectNone(run(doc({ apiResources: baseApis }), head), CHANGED);
  });

  it("no ord-id-changed: old v1 tombstoned while v2 already existed, beside a new v3", () => {
    const head = doc({ apiResources: [v2, v3], tombstones: [tomb(ID("stars"))] });
    expectNone(run(doc({ apiResources: [oldV1, v2] }), head), CHANGED);
  });
});

describe("entity removal", () => {
  it("entity-removed-without-tombstone: gone from head, no tombstone → error at the base line", () => {
    const base = doc({ apiResources: [api("planets"), api("stars")] });
    const report = run(base, doc({ apiResources: [api("planets")] }));
    expectOne(report, NO_TOMB, "error", ID("stars"), idLine(base, ID("stars")));
  });

  it("entity-removed-without-tombstone: a head tombstone names it (any case, any document) → none", () => {
    const gone = api("stars", deprecated);
    const cased = tomb("sap.xref:apiResource:Stars:v1");
    expectNone(run(doc({ apiResources: [gone] }), doc({ tombstones: [cased] })), NO_TOMB);
    const base = { "a.json": doc({ apiResources: [api("planets"), gone] }) };
    const tombstones = [tomb(ID("stars"))];
    const head = {
      "a.json": doc({ apiResources: [api("planets")] }),
      "b.json": doc({ tombstones }),
    };
    expectNone(multi(base, head), NO_TOMB);
  });

  it.each([
    ["active", true],
    ["deprecated", false],
    ["sunset", false],
    ["beta", false],
    ["development", false],
    // Not a valid value: one spelled in other case counts as that status, anything else as
    // active, the strictest reading (a typo must not let an active resource go unannounced).
    ["Active", true],
    ["Deprecated", false],
    ["stable", true],
  ])("%s, removed with a tombstone: entity-removed-without-deprecation %s", (status, fires) => {
    const base = doc({ apiResources: [api("planets"), api("stars", { releaseStatus: status })] });
    const head = doc({ apiResources: [api("planets")], tombstones: [tomb(ID("stars"))] });
    const report = run(base, head);
    expectNone(report, NO_TOMB);
    if (!fires) return expectNone(report, NO_DEPR);
    expectOne(report, NO_DEPR, "error", ID("stars"), idLine(base, ID("stars")));
  });

  // Sunset is removal in all but name (docs/rules/entity-removed-without-deprecation.md): an
  // active resource set straight to sunset skipped its deprecation just as a removed one did.
  const sunset = { releaseStatus: "sunset", sunsetDate: DATE };
  it.each([
    ["active", true],
    ["deprecated", false],
    ["beta", false],
    ["sunset", false],
  ])("%s, set to sunset with a tombstone: entity-removed-without-deprecation %s", (from, fires) => {
    const was = from === "deprecated" ? deprecated : { releaseStatus: from, sunsetDate: DATE };
    const base = doc({ apiResources: [api("planets"), api("stars", was)] });
    const head = doc({
      apiResources: [api("planets"), api("stars", sunset)],
      tombstones: [tomb(ID("stars"))],
    });
    const report = run(base, head);
    expectNone(report, NO_TOMB);
    if (!fires) {
      expectNone(report, NO_DEPR);
      return expect(report.verdict).toBe("pass");
    }
    const line = lineOf(head, '"releaseStatus": "sunset"');
    const mentions = [ID("stars"), "set to sunset while it was active", "deprecate it first"];
    expectOne(report, NO_DEPR, "error", ID("stars"), line, mentions);
    expect(report.verdict).toBe("fail");
  });

  it('a mistyped "Sunset" is a sunset, and a base "Active" counts as active: the message says so', () => {
    const base = doc({ apiResources: [api("planets"), api("stars", { releaseStatus: "Active" })] });
    const head = doc({
      apiResources: [api("planets"), api("stars", { ...sunset, releaseStatus: "Sunset" })],
      tombstones: [tomb(ID("stars"))],
    });
    const report = run(base, head);
    const line = lineOf(head, '"releaseStatus": "Sunset"');
    const mentions = ["set to sunset while it was active", 'base had releaseStatus "Active"'];
    expectOne(report, NO_DEPR, "error", ID("stars"), line, mentions);
  });

  // A sunset resource is exempt from breaking-change-without-new-major, and the raised version
  // major is only a warning, so nothing else fails this run.
  it("entity-removed-without-deprecation: active set to sunset with a breaking change fails the run", () => {
    const base = doc({ apiResources: [api("stars", { entryPoints: ["/stars/v1", "/old"] })] });
    const gone = api("stars", { ...sunset, version: "2.0.0" });
    const report = run(base, doc({ apiResources: [gone], tombstones: [tomb(ID("stars"))] }));
    expect(report.findings.filter((f) => f.severity === "error").map((f) => f.ruleId)).toEqual([
      NO_DEPR,
    ]);
    expect(report.verdict).toBe("fail");
  });

  it("entity-removed-without-deprecation: a package (no releaseStatus, cannot be deprecated) does not fire", () => {
    const id = "sap.xref:package:old:v1";
    const base = doc({ packages: [pkg("astronomy"), pkg("old")] });
    const head = doc({ packages: [pkg("astronomy")], tombstones: [tomb(id)] });
    expectNone(run(base, head), NO_DEPR, NO_TOMB);
  });
});

describe("ord-id-duplicate", () => {
  it.each([
    ["identical copies", ID("stars"), 2],
    ["copies differing only in case", "sap.xref:apiResource:Stars:v1", 1],
  ])("two copies in head (%s) → one error at a copy", (_, second, n) => {
    const head = doc({ apiResources: [api("stars"), api("stars", { ordId: second })] });
    const found = findingsOf(run(doc({ apiResources: [api("stars")] }), head), "ord-id-duplicate");
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: "error", location: { file: "ord.json" } });
    expect(found[0]!.ordId!.toLowerCase()).toBe(ID("stars").toLowerCase());
    expect([idLine(head, ID("stars")), idLine(head, second, n)]).toContain(
      found[0]!.location!.line,
    );
  });

  it("a duplicate already in base: reported only when a copy changed, or with scope all", () => {
    const base = doc({ apiResources: [api("stars"), api("stars")] });
    expectNone(run(base, base), "ord-id-duplicate");
    const all = findingsOf(run(base, base, { scope: "all" }), "ord-id-duplicate");
    expect(all.map((f) => [f.severity, f.ordId])).toEqual([["error", ID("stars")]]);
    const head = doc({ apiResources: [api("stars"), api("stars", { title: "Stars" })] });
    expect(findingsOf(run(base, head), "ord-id-duplicate").map((f) => f.ordId)).toEqual([
      ID("stars"),
    ]);
  });

  it("copies in two head documents → error", () => {
    const one = doc({ apiResources: [api("stars")] });
    const report = multi({ "a.json": one }, { "a.json": one, "b.json": one });
    expect(findingsOf(report, "ord-id-duplicate").map((f) => [f.severity, f.ordId])).toEqual([
      ["error", ID("stars")],
    ]);
  });
});

describe("ord-id-invalid", () => {
  it.each([
    ["sap.xref:apiResource:stars", "apiResources", true],
    ["SAP.xref:apiResource:stars:v1", "apiResources", true],
    ["sap.xref:api:stars:v1", "apiResources", true],
    ["sap.xref:apiResource:stars:v01", "apiResources", true],
    ["sap.xref:apiResource:stars:v1", "apiResources", false],
    ["sap.xref:product:astronomy:v1", "products", true],
    ["sap.xref:product:astronomy:", "products", false],
    ["xref:vendor:Other:", "vendors", false],
  ])("%s in %s: fires %s", (ordId, array, fires) => {
    const value =
      array === "apiResources"
        ? api("stars", { ordId })
        : { ordId, title: "x", shortDescription: "x" };
    const head = doc({ [array]: [value] });
    const report = run(doc(), head);
    if (!fires) return expectNone(report, "ord-id-invalid");
    expectOne(report, "ord-id-invalid", "error", ordId, idLine(head, ordId));
  });
});

describe("ord-id-case-changed", () => {
  it("base and head IDs match only case-insensitively → warning, not a removal", () => {
    const changed = "sap.xref:apiResource:Stars:v1";
    const head = doc({ apiResources: [api("stars", { ordId: changed })] });
    const report = run(doc({ apiResources: [api("stars")] }), head);
    expectOne(report, "ord-id-case-changed", "warning", changed, idLine(head, changed), [
      ID("stars"),
      changed,
    ]);
    expectNone(report, NO_TOMB, CHANGED, "ord-id-invalid");
  });
});

describe("matching across documents, documents and scope", () => {
  it("an entity moved from a.json to b.json is neither removed nor added, and unchanged", () => {
    const base = { "a.json": doc({ apiResources: [api("planets"), api("stars")] }) };
    const head = {
      "a.json": doc({ apiResources: [api("planets")] }),
      "b.json": doc({ apiResources: [api("stars")] }),
    };
    const report = multi(base, head);
    expect(loud(report)).toEqual([]);
    expect(report.entities.filter((e) => e.status !== "unchanged")).toEqual([]);
  });

  it("entities of an unreadable head document are not judged as removed", () => {
    const planets = doc({ apiResources: [api("planets")] });
    const report = multi(
      { "a.json": doc({ apiResources: [api("stars")] }), "b.json": planets },
      { "a.json": "{ not json", "b.json": planets },
    );
    const unreadable = findingsOf(report, "document-unreadable");
    expect(unreadable).toMatchObject([
      { severity: "error", location: { file: "a.json", line: 1 } },
    ]);
    expectNone(report, NO_TOMB, NO_DEPR, CHANGED);
    // Under the default scope only new or changed head files are reported as unreadable.
    expectNone(
      multi({ "a.json": "{ not json" }, { "a.json": "{ not json" }),
      "document-unreadable",
    );
  });

  it("reordering entities and set-like arrays is not a change", () => {
    const stars = (order: string[]) => api("stars", { entryPoints: order, tags: order });
    const base = doc({ apiResources: [api("planets"), stars(["/a", "/b"])] });
    const report = run(base, doc({ apiResources: [stars(["/b", "/a"]), api("planets")] }));
    expect(report.findings).toEqual([]);
    expect(report.entities.filter((e) => e.status !== "unchanged")).toEqual([]);
  });

  it("a document full of head-state problems compared with itself gives no error or warning", () => {
    const d = doc({
      apiResources: [
        api("mismatch", { version: "2.0.0" }),
        api("early", { ordId: ID("early", 0), version: "0.9.0" }),
        api("bad", { ordId: "sap.xref:apiResource:bad" }),
        api("dup"),
        api("dup"),
        api("old", { releaseStatus: "deprecated" }),
        api("gone", { releaseStatus: "sunset" }),
        api("stars"),
        api("stars", { ordId: ID("stars", 2), version: "2.0.0" }),
        api("live", { successors: [ID("nowhere", 2)] }),
      ],
      tombstones: [tomb(ID("live"))],
    });
    const report = run(d, d);
    expect(loud(report)).toEqual([]);
    expect(report.verdict).toBe("pass");
    const audit = [MISMATCH, "ord-id-duplicate", "ord-id-invalid", "successor-not-referenced"];
    expect(loud(run(d, d, { scope: "all" }))).toEqual(expect.arrayContaining(audit));
  });

  it("major-version-mismatch on an unchanged entity: only with scope all", () => {
    const mismatch = api("stars", { version: "2.0.0" });
    const base = doc({ apiResources: [mismatch, api("planets")] });
    const head = doc({
      apiResources: [mismatch, api("planets", { title: "Planets", version: "1.0.1" })],
    });
    expectNone(run(base, head), MISMATCH);
    const all = run(base, head, { scope: "all" });
    expectOne(all, MISMATCH, "warning", ID("stars"), lineOf(head, '"version": "2.0.0"'), ["2.0.0"]);
  });
});
