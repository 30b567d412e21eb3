/**
 * Issue 11 items 2-4: what is compared is the value, not the text; a property at its schema
 * default is the same as an absent one; descriptive text is patch wherever it sits.
 */
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.js";
import type { Report } from "../../src/types.js";
import { api, doc, entity, findingsOf, ruleIds, run } from "../helpers.js";

const entry = (report: Report, ordId: string) => report.entities.find((e) => e.ordId === ordId);
const STARS = "sap.xref:apiResource:stars:v1";

describe("nothing unchanged is reported again (item 2)", () => {
  // A 1.12 document with an unknown top-level property: a schema violation that base has too.
  const legacy = (stars: Record<string, unknown> = {}) =>
    doc({ "x-unknown": 1, customTopLevel: { a: [1, 2] }, apiResources: [api("stars", stars)] });

  it("a whitespace-only reformat (tabs to spaces) reports no schema problem of untouched top-level properties", () => {
    const value = legacy();
    const tabs = JSON.stringify(value, null, "\t");
    const spaces = JSON.stringify(value, null, 2);
    // Under scope all the problem exists: the document does break the schema.
    expect(
      findingsOf(run(tabs, spaces, { scope: "all" }), "document-schema-violation"),
    ).not.toEqual([]);
    const report = run(tabs, spaces);
    expect(ruleIds(report)).toEqual([]);
    expect(report.summary.changed).toBe(0);
  });

  it("an entity edit elsewhere in the document does not re-report an untouched top-level property", () => {
    const before = JSON.stringify(legacy(), null, "\t");
    const after = JSON.stringify(legacy({ description: "New text.", version: "1.0.1" }), null, 2);
    const report = run(before, after);
    expect(findingsOf(report, "document-schema-violation")).toEqual([]);
  });

  it("a top-level property added by the pull request is still reported", () => {
    const base = doc({ apiResources: [api("stars")] });
    const head = doc({ customTopLevel: true, apiResources: [api("stars")] });
    const [finding] = findingsOf(run(base, head), "document-schema-violation");
    expect(finding?.message).toContain("customTopLevel");
  });
});

describe("defaults are not changes (item 3)", () => {
  const dataProduct = (fields: Record<string, unknown>) =>
    entity("dataProduct", "orders", {
      lastUpdate: "2026-01-01T00:00:00Z",
      type: "primary",
      ...fields,
    });

  it.each([
    [
      "data product disabled: false dropped",
      "dataProducts",
      dataProduct({ disabled: false }),
      dataProduct({}),
    ],
    [
      "data product disabled: false added",
      "dataProducts",
      dataProduct({}),
      dataProduct({ disabled: false }),
    ],
    [
      "API direction: inbound dropped",
      "apiResources",
      api("stars", { direction: "inbound" }),
      api("stars"),
    ],
    [
      "API usage: external added",
      "apiResources",
      api("stars"),
      api("stars", { usage: "external" }),
    ],
    [
      "API systemInstanceAware: false added",
      "apiResources",
      api("stars"),
      api("stars", { systemInstanceAware: false }),
    ],
    [
      "event policyLevel: none dropped",
      "eventResources",
      entity("eventResource", "e", { policyLevel: "none" }),
      entity("eventResource", "e"),
    ],
  ])("%s changes nothing", (_name, array, before, after) => {
    const report = run(doc({ [array]: [before] }), doc({ [array]: [after] }));
    expect(ruleIds(report)).toEqual([]);
    expect(report.summary.changed).toBe(0);
  });

  it.each([
    ["disabled: true added (was the default false)", {}, { disabled: true }, "breaking"],
    ["disabled: true dropped (back to the default false)", { disabled: true }, {}, "additive"],
    [
      "direction: outbound added (was the default inbound)",
      {},
      { direction: "outbound" },
      "breaking",
    ],
    ["usage: local added (was the default external)", {}, { usage: "local" }, "breaking"],
  ])("%s is judged against the default", (_name, before, after, level) => {
    const report = run(
      doc({ apiResources: [api("stars", before)] }),
      doc({ apiResources: [api("stars", after)] }),
      { scope: "all" },
    );
    const stars = entry(report, STARS)!;
    expect(stars.changeLevel).toBe(level);
    expect(stars.changes).toHaveLength(1);
    expect(stars.changes[0]!.kind).toBe("changed");
    expect(stars.changes[0]!.reason).toMatch(/default/);
  });
});

describe("descriptive text is patch wherever it sits (item 4)", () => {
  const custom = (customDescription: string) => ({
    type: "custom",
    customType: "sap.xref:strategy:v1",
    customDescription,
  });
  const withStrategy = (description: string, fields: Record<string, unknown> = {}) =>
    api("stars", {
      resourceDefinitions: [
        {
          type: "openapi-v3",
          mediaType: "application/json",
          url: "/defs/stars.json",
          accessStrategies: [custom(description)],
        },
      ],
      ...fields,
    });

  it("an access strategy's customDescription moving to another URL is patch, not breaking", () => {
    const report = run(
      doc({ apiResources: [withStrategy("See https://example.com/blob/master/auth.md")] }),
      doc({
        apiResources: [
          withStrategy("See https://example.com/blob/main/auth.md", {
            version: "1.0.1",
            lastUpdate: "2026-02-01T00:00:00Z",
          }),
        ],
      }),
    );
    const stars = entry(report, STARS)!;
    expect(stars.changeLevel).toBe("patch");
    expect(stars.changes.map((c) => c.class)).toEqual(["patch"]);
    expect(ruleIds(report)).not.toContain("breaking-change-without-new-major");
    expect(report.verdict).toBe("pass");
  });

  it("a credential exchange strategy's customDescription is patch too", () => {
    const bundle = (d: string, version = "1.0.0") =>
      entity("consumptionBundle", "b", { version, credentialExchangeStrategies: [custom(d)] });
    const report = run(
      doc({ consumptionBundles: [bundle("old text")] }),
      doc({ consumptionBundles: [bundle("new text", "1.0.1")] }),
      { scope: "all" },
    );
    expect(report.entities[0]!.changeLevel).toBe("patch");
  });

  it("a config override still wins over the descriptive-text rule", () => {
    const report = run(
      doc({ apiResources: [withStrategy("a")] }),
      doc({ apiResources: [withStrategy("b", { version: "2.0.0" })] }),
      {
        config: parseConfig({
          "change-classes": {
            "resourceDefinitions.accessStrategies.customDescription": "breaking",
          },
        }),
      },
    );
    expect(entry(report, STARS)!.changeLevel).toBe("breaking");
  });
});
