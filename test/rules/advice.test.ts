import { describe, expect, it } from "vitest";
import { api, doc, entity, findingsOf, pkg, run } from "../helpers.js";

// Issue 11 item 5: the advice in a message must be something the user can do. Expectations from
// docs/rules/README.md (the rule index and "Lifecycle"; the product spec's §5 "Entities without
// releaseStatus"): packages and consumption bundles cannot be deprecated, and a fix never names a
// major that is already taken.

const DATE = "2026-11-01T00:00:00Z";
const tomb = (ordId: string) => ({ ordId, removalDate: DATE });
const ID = (name: string, major = 1) => `sap.xref:apiResource:${name}:v${major}`;
const WITHOUT = "breaking-change-without-new-major";
const NO_DEPR = "entity-removed-without-deprecation";
const NO_TOMB = "entity-removed-without-tombstone";
const bundle = (name: string, overrides: Record<string, unknown> = {}) =>
  entity("consumptionBundle", name, {
    releaseStatus: undefined,
    visibility: undefined,
    partOfPackage: undefined,
    ...overrides,
  });

/** Words that tell the user to set a lifecycle field an entity type does not have. */
const DEPRECATE = /deprecat|releaseStatus|successors|sunset/i;

describe("entities without releaseStatus are never advised to be deprecated", () => {
  it.each([
    ["packages", pkg("old"), "sap.xref:package:old:v1"],
    ["consumptionBundles", bundle("old"), "sap.xref:consumptionBundle:old:v1"],
  ])("a removed %s entry with a tombstone: no deprecation finding", (array, removed, id) => {
    const base = doc({ packages: [pkg("astronomy")], [array]: [removed] });
    const head = doc({ packages: [pkg("astronomy")], tombstones: [tomb(id)] });
    if (array === "packages") base.packages = [pkg("astronomy"), removed];
    const report = run(base, head);
    expect(findingsOf(report, NO_DEPR)).toEqual([]);
    expect(findingsOf(report, NO_TOMB)).toEqual([]);
  });

  it("a removed consumption bundle without a tombstone: only the tombstone advice, no deprecation", () => {
    const id = "sap.xref:consumptionBundle:old:v1";
    const report = run(doc({ consumptionBundles: [bundle("old")] }), doc());
    expect(findingsOf(report, NO_DEPR)).toEqual([]);
    const [tombstone] = findingsOf(report, NO_TOMB);
    expect(tombstone?.message).toContain(id);
    expect(tombstone?.message).not.toMatch(DEPRECATE);
  });

  it("a breaking change on a package advises a new package major, not deprecation or successors", () => {
    const head = doc({ packages: [pkg("astronomy", { vendor: "xref:vendor:Other:" })] });
    const [finding] = findingsOf(run(doc({ packages: [pkg("astronomy")] }), head), WITHOUT);
    expect(finding?.message).toContain("sap.xref:package:astronomy:v2");
    expect(finding?.message).not.toMatch(DEPRECATE);
  });

  it("a tombstone for a live package does not advise setting releaseStatus", () => {
    const id = "sap.xref:package:astronomy:v1";
    const head = doc({ packages: [pkg("astronomy")], tombstones: [tomb(id)] });
    const [finding] = findingsOf(
      run(doc({ packages: [pkg("astronomy")] }), head),
      "tombstone-for-live-entity",
    );
    expect(finding?.message).toContain(id);
    expect(finding?.message).not.toMatch(/releaseStatus|sunset/);
  });

  it("a replacement with a lower major is never advised as the successor", () => {
    const base = doc({ apiResources: [api("stars", { ordId: ID("stars", 2), version: "2.0.0" })] });
    const head = doc({ apiResources: [api("stars")] });
    const [finding] = findingsOf(run(base, head), "ord-id-changed");
    expect(finding?.message).toContain(`Keep ${ID("stars", 2)}`);
    expect(finding?.message).not.toMatch(/successors: \["sap\.xref:apiResource:stars:v1"\]/);
    expect(finding?.message).toMatch(/lower major/);
  });

  it("the replacement of a package's ORD ID is not advised to be deprecated", () => {
    const base = doc({ packages: [pkg("astronomy", { localId: "A" })] });
    const head = doc({
      packages: [pkg("astro", { localId: "A" })],
      tombstones: [tomb("sap.xref:package:astronomy:v1")],
    });
    const [finding] = findingsOf(run(base, head), "ord-id-changed");
    expect(finding?.message).toContain("sap.xref:package:astro:v1");
    expect(finding?.message).not.toMatch(DEPRECATE);
  });
});

describe("breaking-change-without-new-major names a major that is free", () => {
  const breaking = { apiProtocol: "odata-v4" };

  it("v2 already exists: the fix names v2 as the existing successor and v3 as the next free major", () => {
    const v2 = api("stars", { ordId: ID("stars", 2) });
    const base = doc({ apiResources: [api("stars", { successors: [ID("stars", 2)] }), v2] });
    const head = doc({
      apiResources: [api("stars", { successors: [ID("stars", 2)], ...breaking }), v2],
    });
    const [finding] = findingsOf(run(base, head), WITHOUT);
    expect(finding?.message).toContain(ID("stars", 2));
    expect(finding?.message).toContain(ID("stars", 3));
    expect(finding?.message).not.toMatch(new RegExp(`publish the change as ${ID("stars", 2)}`));
    expect(finding?.message).toContain("3.0.0");
  });

  it("v2 was tombstoned: the next free major is v3, never the retired v2", () => {
    const base = doc({ apiResources: [api("stars")], tombstones: [tomb(ID("stars", 2))] });
    const head = doc({
      apiResources: [api("stars", breaking)],
      tombstones: [tomb(ID("stars", 2))],
    });
    const [finding] = findingsOf(run(base, head), WITHOUT);
    expect(finding?.message).toContain(ID("stars", 3));
    expect(finding?.message).not.toContain(ID("stars", 2));
  });

  it("no newer major anywhere: the fix is v<N+1> as before", () => {
    const head = doc({ apiResources: [api("stars", breaking)] });
    const [finding] = findingsOf(run(doc({ apiResources: [api("stars")] }), head), WITHOUT);
    expect(finding?.message).toContain(`publish the change as ${ID("stars", 2)} (version 2.0.0)`);
  });
});
