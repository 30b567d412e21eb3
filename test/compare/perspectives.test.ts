import { describe, expect, it } from "vitest";
import { checkSources } from "../../src/check.js";
import type { Report } from "../../src/types.js";
import { api, doc, findingsOf, NOW, side } from "../helpers.js";

// Issue 11 item 6, rules file §5 `ord-id-duplicate`: a system may describe itself in a static
// (`system-version`) and a per-tenant (`system-instance`) document that list the same ORD IDs.
// Entities are matched base to head within their perspective; duplicates count within one.

const ID = "sap.xref:apiResource:stars:v1";
const DUP = "ord-id-duplicate";
const WITHOUT = "breaking-change-without-new-major";
const perspective = (p: string | undefined, content: Record<string, unknown>) =>
  p === undefined ? doc(content) : doc({ perspective: p, ...content });
const check = (base: Record<string, unknown>, head: Record<string, unknown>) =>
  checkSources({ base: side(base), head: side(head) }, { now: NOW });
const loud = (r: Report) => r.findings.filter((f) => f.severity !== "notice");

describe("perspectives", () => {
  const staticDoc = perspective("system-version", { apiResources: [api("stars")] });
  const tenantStars = api("stars", { title: "Stars (tenant view)" });
  const tenantDoc = perspective("system-instance", { apiResources: [tenantStars] });
  const files = { "a-static.json": staticDoc, "b-tenant.json": tenantDoc };

  it("the same ORD ID in a system-version and a system-instance document is no duplicate", () => {
    const report = check(files, files);
    expect(findingsOf(report, DUP)).toEqual([]);
    const all = checkSources({ base: side(files), head: side(files) }, { now: NOW, scope: "all" });
    expect(findingsOf(all, DUP)).toEqual([]);
  });

  it("a breaking change in the system-instance copy is judged there, located in its document", () => {
    const broken = perspective("system-instance", {
      apiResources: [{ ...tenantStars, apiProtocol: "odata-v4" }],
    });
    const report = check(files, { ...files, "b-tenant.json": broken });
    const [finding] = findingsOf(report, WITHOUT);
    expect(finding).toMatchObject({ ordId: ID, location: { file: "b-tenant.json" } });
    const changed = report.entities.filter((e) => e.status === "changed");
    expect(changed).toMatchObject([{ ordId: ID, file: "b-tenant.json", changeLevel: "breaking" }]);
  });

  it("a change in the system-version copy is judged against the base system-version copy", () => {
    const edited = perspective("system-version", {
      apiResources: [api("stars", { entryPoints: ["/stars/v1", "/more/v1"] })],
    });
    const report = check(files, { ...files, "a-static.json": edited });
    const changed = report.entities.filter((e) => e.status !== "unchanged");
    expect(changed).toMatchObject([{ ordId: ID, file: "a-static.json", changeLevel: "additive" }]);
    // The tenant copy differs from the static one (title) but did not change: nothing about it.
    expect(changed.flatMap((e) => e.changes).map((c) => c.path)).not.toContain("title");
  });

  it.each([
    ["two system-version documents", "system-version", "system-version"],
    [
      "a document without perspective and a system-instance one (its default)",
      undefined,
      "system-instance",
    ],
    [
      "a system-independent and a system-version document (no override allowed)",
      "system-independent",
      "system-version",
    ],
  ])("duplicates are still reported: %s", (_, first, second) => {
    const head = {
      "a.json": perspective(first, { apiResources: [api("stars")] }),
      "b.json": perspective(second, { apiResources: [api("stars")] }),
    };
    const found = findingsOf(check({}, head), DUP);
    expect(found.map((f) => [f.severity, f.ordId])).toEqual([["error", ID]]);
  });

  it("the system-instance copy dropped while the static copy stays: not a removal", () => {
    const report = check(files, {
      "a-static.json": staticDoc,
      "b-tenant.json": perspective("system-instance", {}),
    });
    expect(loud(report)).toEqual([]);
  });

  it("a document that declares its perspective for the first time: its entities are not removed and re-added", () => {
    const before = { "ord.json": doc({ apiResources: [api("stars")] }) };
    const after = { "ord.json": perspective("system-version", { apiResources: [api("stars")] }) };
    const report = check(before, after);
    expect(report.entities.filter((e) => e.status !== "unchanged")).toEqual([]);
    expect(loud(report)).toEqual([]);
  });

  it("removed from every perspective: one removal", () => {
    const report = check(files, {
      "a-static.json": perspective("system-version", {}),
      "b-tenant.json": perspective("system-instance", {}),
    });
    expect(findingsOf(report, "entity-removed-without-tombstone").map((f) => f.ordId)).toEqual([
      ID,
    ]);
  });
});
