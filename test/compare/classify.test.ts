/**
 * Classification of metadata changes, written from the rules file §2 / §2.1 (not from the code):
 * one block per row of the §2.1 table, one case per column of that row that is not "—".
 */
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.js";
import type { Change, ChangeLevel, EntityReport } from "../../src/types.js";
import { api, doc, entity, event, pkg, run } from "../helpers.js";

type Fields = Record<string, unknown>;
type On = "api" | "event" | "pkg" | "bundle" | "cap" | "dp" | "et" | "dep";

const ON: Record<On, [string, (f: Fields) => Fields]> = {
  api: ["apiResources", (f) => api("stars", f)],
  event: ["eventResources", (f) => event("stars", f)],
  pkg: ["packages", (f) => pkg("stars", f)],
  bundle: ["consumptionBundles", (f) => entity("consumptionBundle", "stars", f)],
  cap: ["capabilities", (f) => entity("capability", "stars", f)],
  dp: ["dataProducts", (f) => entity("dataProduct", "stars", f)],
  et: ["entityTypes", (f) => entity("entityType", "stars", f)],
  dep: ["integrationDependencies", (f) => entity("integrationDependency", "stars", f)],
};

const docOf = (on: On, f: Fields): Fields => doc({ [ON[on][0]]: [ON[on][1](f)] });
const text = (d: unknown): string => `${JSON.stringify(d, null, 2)}\n`;
const lineOf = (content: string, needle: string): number =>
  content.split("\n").findIndex((line) => line.includes(needle)) + 1;

/** The report entry of the single entity after comparing base fields with head fields. */
function compare(on: On, base: Fields, head: Fields, config?: Fields): EntityReport {
  // Scope all: an unchanged entity is listed too, so its classification can be asserted.
  const options = { scope: "all" as const, ...(config ? { config: parseConfig(config) } : {}) };
  const found = run(docOf(on, base), docOf(on, head), options).entities.find(
    (e) => e.entityType === ON[on][0],
  );
  expect(found, "entity in report").toBeDefined();
  return found!;
}

/** A reason is a human sentence (several words) naming the field (or its words) or the value. */
function expectReason(change: Change): void {
  expect(change.reason.trim()).toMatch(/\S+\s+\S+\s+\S+/);
  const words = change.path.split(/[.[\],]+/).filter(Boolean);
  const human = (w: string): string =>
    w
      .replace(/([a-z])([A-Z])/g, "$1 $2")
      .replace(/ies$/, "y")
      .replace(/s$/, "");
  const reason = change.reason.toLowerCase();
  expect(
    words.flatMap((w) => [w, human(w)]).some((w) => reason.includes(w.toLowerCase())),
    `reason "${change.reason}" names none of ${words.join(", ")}`,
  ).toBe(true);
}

const RANK: Record<ChangeLevel, number> = { none: 0, patch: 1, additive: 2, breaking: 3 };
/** "kind class path": path is matched case-insensitively (ORD IDs), `*` matches anything. */
function expectChanges(entry: EntityReport, expected: string[]): void {
  const pattern = (p: string): RegExp =>
    new RegExp(`^${p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\\\*/g, ".*")}$`, "i");
  const wanted = expected.map((e) => {
    const [kind, cls, path] = e.split(" ");
    return {
      kind,
      class: cls,
      path: (path ? expect.stringMatching(pattern(path)) : expect.any(String)) as unknown,
    };
  });
  const actual = entry.changes.map((ch) => ({ kind: ch.kind, class: ch.class, path: ch.path }));
  expect(actual).toHaveLength(wanted.length);
  expect(actual).toEqual(expect.arrayContaining(wanted));
  for (const change of entry.changes) {
    expect(change.source).toBe("metadata");
    expectReason(change);
  }
  const level = wanted.reduce<ChangeLevel>(
    (a, w) => (RANK[w.class as ChangeLevel] > RANK[a] ? (w.class as ChangeLevel) : a),
    "none",
  );
  expect(entry.changeLevel).toBe(level);
}

const MORE = "/stars/v1/more";
const EP = "/stars/v1";
const RD = (type: string, extra: Fields = {}): Fields => ({
  type,
  mediaType: "application/json",
  url: `/defs/${type}.json`,
  accessStrategies: [{ type: "sap:oauth-client-credentials:v1" }],
  ...extra,
});
const AS = (...accessStrategies: Fields[]): Fields[] => [RD("openapi-v3", { accessStrategies })];
const OAUTH = { type: "sap:oauth-client-credentials:v1" };
const BASIC = { type: "sap.businesshub:basic-auth:v1" };
const CUSTOM = (d: string, t = "sap.xref:strategy:v1"): Fields => ({
  type: "custom",
  customType: t,
  customDescription: d,
});
const CB_A = { ordId: "sap.xref:consumptionBundle:a:v1" };
const CB_B = { ordId: "sap.xref:consumptionBundle:b:v1" };
const P_A = { ordId: "sap.xref:apiResource:a:v1" };
const P_B = { ordId: "sap.xref:apiResource:b:v1" };
const P_A1 = { ...P_A, "x-note": "v1.1" };
const P_A2 = { ...P_A, "x-note": "v1.2" };
const ASPECT = (mandatory: boolean, description = "orders"): Fields => ({
  title: "Orders",
  mandatory,
  description,
  apiResources: [{ ordId: "sap.s4:apiResource:orders:v1" }],
});
const STD = "sap:ord-document-api:v1";
const CW_A = "sap.s4:apiResource:a:v1";
const CW_B = "sap.s4:apiResource:b:v1";
const _ = undefined;

/**
 * [case, entity, field, base value, head value, expected changes]; `undefined` = field absent.
 * Only that one field differs between base and head.
 */
type Row = [string, On, string, unknown, unknown, string[]];

// prettier-ignore
const TABLE: Record<string, Row[]> = {
  "entryPoints (API)": [
    ["removed", "api", "entryPoints", [EP, MORE], [EP], [`removed breaking entryPoints[${MORE}]`]],
    ["added", "api", "entryPoints", [EP], [EP, MORE], [`added additive entryPoints[${MORE}]`]],
    ["changed value", "api", "entryPoints", [EP], [MORE], [`removed breaking entryPoints[${EP}]`, `added additive entryPoints[${MORE}]`]],
  ],
  "apiProtocol (API), direction (API)": [
    ["apiProtocol removed", "api", "apiProtocol", "rest", _, ["removed breaking apiProtocol"]],
    ["apiProtocol changed", "api", "apiProtocol", "rest", "odata-v4", ["changed breaking apiProtocol"]],
    ["direction removed (absent means the default inbound)", "api", "direction", "outbound", _, ["changed breaking direction"]],
    ["direction added at its default inbound: no change", "api", "direction", _, "inbound", []],
    ["direction added as outbound (was the default inbound)", "api", "direction", _, "outbound", ["changed breaking direction"]],
    ["direction changed", "api", "direction", "inbound", "outbound", ["changed breaking direction"]],
  ],
  "resourceDefinitions / definitions entry": [
    ["removed", "api", "resourceDefinitions", [RD("openapi-v3"), RD("edmx")], [RD("openapi-v3")], ["removed breaking resourceDefinitions[edmx*]"]],
    ["added", "api", "resourceDefinitions", [RD("openapi-v3")], [RD("edmx"), RD("openapi-v3")], ["added additive resourceDefinitions[edmx*]"]],
    ["added (event)", "event", "resourceDefinitions", _, [RD("asyncapi-v2")], ["added additive resourceDefinitions[asyncapi-v2*]"]],
    ["definitions added (capability)", "cap", "definitions", _, [RD("sap.mdo:mdi-capability-definition:v1")], ["added additive definitions[*]"]],
    ["url changed: patch", "api", "resourceDefinitions", [RD("edmx")], [RD("edmx", { url: "/x.xml" })], ["changed patch resourceDefinitions[edmx*].url"]],
    ["mediaType changed: patch", "api", "resourceDefinitions", [RD("edmx")], [RD("edmx", { mediaType: "text/xml" })], ["changed patch resourceDefinitions[edmx*].mediaType"]],
  ],
  "accessStrategies of a definition, credentialExchangeStrategies (bundle)": [
    ["access strategy removed", "api", "resourceDefinitions", AS(OAUTH, BASIC), AS(OAUTH), ["removed breaking resourceDefinitions[*].accessStrategies[*]"]],
    ["access strategy added", "api", "resourceDefinitions", AS(OAUTH), AS(BASIC, OAUTH), ["added additive resourceDefinitions[*].accessStrategies[*]"]],
    ["access strategy changed (another customType)", "api", "resourceDefinitions", AS(CUSTOM("a")), AS(CUSTOM("a", "sap.xref:other:v1")), ["removed breaking resourceDefinitions[*].accessStrategies[*]", "added additive resourceDefinitions[*].accessStrategies[*]"]],
    ["access strategy customDescription changed: descriptive text", "api", "resourceDefinitions", AS(CUSTOM("a")), AS(CUSTOM("b")), ["changed patch resourceDefinitions[*].accessStrategies[*].customDescription"]],
    ["credential exchange strategy removed", "bundle", "credentialExchangeStrategies", [CUSTOM("a"), CUSTOM("b", "sap.xref:b:v1")], [CUSTOM("a")], ["removed breaking credentialExchangeStrategies[*]"]],
    ["credential exchange strategy added", "bundle", "credentialExchangeStrategies", [CUSTOM("a")], [CUSTOM("a"), CUSTOM("b", "sap.xref:b:v1")], ["added additive credentialExchangeStrategies[*]"]],
    ["credential exchange strategy changed (callbackUrl)", "bundle", "credentialExchangeStrategies", [{ ...CUSTOM("a"), callbackUrl: "/a" }], [{ ...CUSTOM("a"), callbackUrl: "/b" }], ["changed breaking credentialExchangeStrategies[*].callbackUrl"]],
    ["credential exchange strategy customDescription changed: descriptive text", "bundle", "credentialExchangeStrategies", [CUSTOM("a")], [CUSTOM("b")], ["changed patch credentialExchangeStrategies[*].customDescription"]],
  ],
  "visibility (any)": [
    ["public→internal", "api", "visibility", "public", "internal", ["changed breaking visibility"]],
    ["internal→private", "api", "visibility", "internal", "private", ["changed breaking visibility"]],
    ["public→private (event)", "event", "visibility", "public", "private", ["changed breaking visibility"]],
    ["internal→public", "api", "visibility", "internal", "public", ["changed additive visibility"]],
    ["private→internal (data product)", "dp", "visibility", "private", "internal", ["changed additive visibility"]],
  ],
  disabled: [
    ["false→true", "api", "disabled", false, true, ["changed breaking disabled"]],
    ["true→false", "api", "disabled", true, false, ["changed additive disabled"]],
    ["true→absent (the default false)", "api", "disabled", true, _, ["changed additive disabled"]],
    ["absent→true", "api", "disabled", _, true, ["changed breaking disabled"]],
    ["false→absent: no change", "dp", "disabled", false, _, []],
  ],
  "partOfConsumptionBundles entry": [
    ["removed", "api", "partOfConsumptionBundles", [CB_A, CB_B], [CB_A], [`removed breaking partOfConsumptionBundles[${CB_B.ordId}]`]],
    ["added", "api", "partOfConsumptionBundles", [CB_A], [CB_B, CB_A], [`added additive partOfConsumptionBundles[${CB_B.ordId}]`]],
  ],
  "implementationStandard, customImplementationStandard, compatibleWith entry": [
    ["standard removed", "api", "implementationStandard", STD, _, ["removed breaking implementationStandard"]],
    ["standard added", "api", "implementationStandard", _, STD, ["added additive implementationStandard"]],
    ["standard changed", "api", "implementationStandard", STD, "cff:open-service-broker:v2", ["changed breaking implementationStandard"]],
    ["custom standard changed", "api", "customImplementationStandard", "sap.xref:std:v1", "sap.xref:std:v2", ["changed breaking customImplementationStandard"]],
    ["compatibleWith entry removed", "api", "compatibleWith", [CW_A, CW_B], [CW_A], [`removed breaking compatibleWith[${CW_B}]`]],
    ["compatibleWith entry added", "api", "compatibleWith", [CW_A], [CW_B, CW_A], [`added additive compatibleWith[${CW_B}]`]],
    ["compatibleWith entry changed", "api", "compatibleWith", [CW_A], [CW_B], [`removed breaking compatibleWith[${CW_A}]`, `added additive compatibleWith[${CW_B}]`]],
  ],
  "supportedUseCases, usage (API)": [
    ["use case removed", "api", "supportedUseCases", ["mass-extraction", "snapshot"], ["mass-extraction"], ["removed breaking supportedUseCases[snapshot]"]],
    ["use case added", "api", "supportedUseCases", ["mass-extraction"], ["snapshot", "mass-extraction"], ["added additive supportedUseCases[snapshot]"]],
    ["use case changed", "api", "supportedUseCases", ["mass-extraction"], ["snapshot"], ["removed breaking supportedUseCases[mass-extraction]", "added additive supportedUseCases[snapshot]"]],
    ["usage removed (absent means the default external)", "api", "usage", "local", _, ["changed breaking usage"]],
    ["usage removed at its default external: no change", "api", "usage", "external", _, []],
    ["usage added at its default external: no change", "api", "usage", _, "external", []],
    ["usage added as local (was the default external)", "api", "usage", _, "local", ["changed breaking usage"]],
    ["usage changed", "api", "usage", "external", "local", ["changed breaking usage"]],
  ],
  "extensible.supported": [
    ["automatic→manual", "api", "extensible", { supported: "automatic" }, { supported: "manual" }, ["changed breaking extensible.supported"]],
    ["manual→no", "api", "extensible", { supported: "manual" }, { supported: "no" }, ["changed breaking extensible.supported"]],
    ["automatic→no (event)", "event", "extensible", { supported: "automatic" }, { supported: "no" }, ["changed breaking extensible.supported"]],
    ["no→manual", "api", "extensible", { supported: "no" }, { supported: "manual" }, ["changed additive extensible.supported"]],
    ["manual→automatic", "api", "extensible", { supported: "manual" }, { supported: "automatic" }, ["changed additive extensible.supported"]],
  ],
  "level (entity type), type/customType (capability, data product), category (data product)": [
    ["entity type level", "et", "level", "aggregate", "root-entity", ["changed breaking level"]],
    ["capability type", "cap", "type", "sap.mdo:mdi-capability:v1", "custom", ["changed breaking type"]],
    ["capability customType", "cap", "customType", "sap.xref:cap:v1", "sap.xref:cap:v2", ["changed breaking customType"]],
    ["data product type", "dp", "type", "primary", "derived", ["changed breaking type"]],
    ["data product customType", "dp", "customType", "sap.xref:dp:v1", "sap.xref:dp:v2", ["changed breaking customType"]],
    ["data product category", "dp", "category", "business-object", "analytical", ["changed breaking category"]],
  ],
  "data product outputPorts entry": [
    ["removed", "dp", "outputPorts", [P_A, P_B], [P_A], [`removed breaking outputPorts[${P_B.ordId}]`]],
    ["added", "dp", "outputPorts", [P_A], [P_B, P_A], [`added additive outputPorts[${P_B.ordId}]`]],
    ["changed", "dp", "outputPorts", [P_A1], [P_A2], [`changed breaking outputPorts[${P_A.ordId}]*`]],
  ],
  "data product inputPorts entry": [
    ["removed: additive", "dp", "inputPorts", [P_A, P_B], [P_A], [`removed additive inputPorts[${P_B.ordId}]`]],
    ["added: breaking", "dp", "inputPorts", [P_A], [P_B, P_A], [`added breaking inputPorts[${P_B.ordId}]`]],
    ["changed", "dp", "inputPorts", [P_A1], [P_A2], [`changed breaking inputPorts[${P_A.ordId}]*`]],
  ],
  "integration dependency mandatory": [
    ["true→false", "dep", "mandatory", true, false, ["changed additive mandatory"]],
    ["false→true", "dep", "mandatory", false, true, ["changed breaking mandatory"]],
  ],
  "integration dependency aspects entry": [
    ["removed: patch", "dep", "aspects", [ASPECT(true)], [], ["removed patch aspects[Orders]"]],
    ["mandatory aspect added", "dep", "aspects", [], [ASPECT(true)], ["added breaking aspects[Orders]"]],
    ["optional aspect added", "dep", "aspects", [], [ASPECT(false)], ["added additive aspects[Orders]"]],
    ["aspect mandatory false→true", "dep", "aspects", [ASPECT(false)], [ASPECT(true)], ["changed breaking aspects[Orders].mandatory"]],
    ["aspect mandatory true→false: patch", "dep", "aspects", [ASPECT(true)], [ASPECT(false)], ["changed patch aspects[Orders].mandatory"]],
    ["aspect description changed: patch", "dep", "aspects", [ASPECT(true)], [ASPECT(true, "all orders")], ["changed patch aspects[Orders].description"]],
  ],
  "package vendor, runtimeRestriction": [
    ["vendor", "pkg", "vendor", "sap:vendor:SAP:", "customer:vendor:acme:", ["changed breaking vendor"]],
    ["vendor removed", "pkg", "vendor", "sap:vendor:SAP:", _, ["removed breaking vendor"]],
    ["vendor set where it was absent: patch", "pkg", "vendor", _, "sap:vendor:SAP:", ["added patch vendor"]],
    ["vendor case only (ORD IDs compare case-insensitively): patch", "pkg", "vendor", "customer:vendor:customer:", "customer:vendor:Customer:", ["changed patch vendor"]],
    ["runtimeRestriction", "pkg", "runtimeRestriction", "sap.xref", "sap.other", ["changed breaking runtimeRestriction"]],
  ],
};

describe("§2.1 classification table", () => {
  for (const [row, cases] of Object.entries(TABLE)) {
    describe(row, () => {
      for (const [name, on, field, before, after, changes] of cases) {
        it(name, () => {
          const entry = compare(on, { [field]: before }, { [field]: after });
          expectChanges(entry, changes);
        });
      }
    });
  }
});

const ET_A = [{ ordId: "sap.xref:entityType:a:v1" }];
const ET_B = [{ ordId: "sap.xref:entityType:b:v1" }];
const LINK = (url: string, extra: Fields = {}): Fields => ({ title: "t", url, ...extra });
const TYPED = (type: string, url: string): Fields[] => [{ type, url }];

/** The patch row and unknown fields: [entity, field, one value, another value]. */
// prettier-ignore
const PATCH_FIELDS: [On, string, unknown, unknown][] = [
  ["api", "title", "Stars", "All stars"],
  ["api", "shortDescription", "Stars", "All stars"],
  ["api", "description", "Reads stars.", "Reads all stars."],
  ["api", "localId", "Stars", "StarsApi"],
  ["api", "correlationIds", ["sap.s4:scenario:A"], ["sap.s4:scenario:B"]],
  ["api", "partOfPackage", "sap.xref:package:astronomy:v1", "sap.xref:package:sky:v1"],
  ["api", "partOfGroups", ["sap.xref:group:a"], ["sap.xref:group:b"]],
  ["api", "partOfProducts", ["sap:product:S4HANA:"], ["sap:product:BTP:"]],
  ["api", "defaultConsumptionBundle", CB_A.ordId, CB_B.ordId],
  ["api", "responsible", "sap:ach:CIC", "sap:ach:CIC-X"],
  ["api", "links", [LINK("https://a.example")], [LINK("https://b.example")]],
  ["api", "apiResourceLinks", TYPED("console", "https://a.example"), TYPED("console", "https://b.example")],
  ["pkg", "packageLinks", TYPED("license", "https://a.example"), TYPED("license", "https://b.example")],
  ["api", "tags", ["a"], ["b"]],
  ["api", "exposedEntityTypes", ET_A, ET_B],
  ["api", "entityTypeMappings", [{ entityTypeTargets: ET_A }], [{ entityTypeTargets: ET_B }]],
  ["cap", "relatedEntityTypes", ET_A, ET_B],
  ["dp", "entityTypes", ET_A, ET_B],
  ["api", "labels", { team: ["a"] }, { team: ["b"] }],
  ["api", "documentationLabels", { "Go-live": ["2026"] }, { "Go-live": ["2027"] }],
  ["api", "countries", ["DE"], ["US"]],
  ["api", "industry", ["Retail"], ["Banking"]],
  ["api", "lineOfBusiness", ["Sales"], ["Finance"]],
  ["api", "policyLevel", "sap:core:v1", "sap:base:v1"],
  ["pkg", "policyLevels", ["sap:core:v1"], ["sap:base:v1"]],
  ["api", "customPolicyLevel", "sap.xref:policy:v1", "sap.xref:policy:v2"],
  ["api", "minSystemVersion", "1.0", "2.0"],
  ["pkg", "supportInfo", "Open a ticket.", "Call us."],
  ["pkg", "licenseType", "Apache-2.0", "MIT"],
  ["api", "x-custom", "a", "b"],
  ["event", "x-custom", { any: "thing" }, { any: "other" }],
  ["dep", "x-custom", [1], [2]],
];

/** Fields of the patch row the schema gives a default (src/ord/defaults.ts). */
const WITH_DEFAULT = new Set(["policyLevel"]);

describe("patch fields with a schema default: absent is the default", () => {
  it.each([
    ["systemInstanceAware false→absent", { systemInstanceAware: false }, {}, []],
    [
      "systemInstanceAware absent→true",
      {},
      { systemInstanceAware: true },
      ["changed patch systemInstanceAware"],
    ],
    [
      "systemInstanceAware true→absent",
      { systemInstanceAware: true },
      {},
      ["changed patch systemInstanceAware"],
    ],
    ["abstract (1.14+) absent→false", {}, { abstract: false }, []],
    ["abstract (1.14+) absent→true", {}, { abstract: true }, ["changed patch abstract"]],
    ["policyLevel none→absent", { policyLevel: "none" }, {}, []],
  ] as [string, Fields, Fields, string[]][])("%s", (_name, before, after, expected) => {
    expectChanges(compare("api", before, after), expected);
  });
});

describe("§2.1 patch row and unknown fields: removed, added and changed are all patch", () => {
  const variants = PATCH_FIELDS.flatMap(([on, field, v1, v2]) =>
    (
      [
        ["removed", v1, _],
        ["added", _, v2],
        ["changed", v1, v2],
      ] as const
    ).map(([kind, before, after]) => ({
      name: `${on} ${field} ${kind}`,
      on,
      field,
      kind,
      before,
      after,
    })),
  );
  it.each(variants)("$name", ({ on, field, kind, before, after }) => {
    const entry = compare(on, { [field]: before }, { [field]: after });
    expect(entry.changes.length).toBeGreaterThan(0);
    for (const change of entry.changes) {
      expect(change.class).toBe("patch");
      // Absent means the schema default, so adding or removing a defaulted field is a change of value.
      if (kind !== "changed" && !WITH_DEFAULT.has(field)) expect(change.kind).toBe(kind);
      if (WITH_DEFAULT.has(field)) expect(change.kind).toBe("changed");
      expect(change.path.startsWith(field)).toBe(true);
      expectReason(change);
    }
    expect(entry.changeLevel).toBe("patch");
  });
});

describe("arrays are sets by natural key (§2.1)", () => {
  const L1 = LINK("https://example.com/a");
  const L2 = LINK("https://example.com/b");
  it.each([
    ["entryPoints", [EP, MORE, "/stars/v1/other"]],
    ["tags", ["a", "b", "c"]],
    ["links", [L1, L2]],
    ["resourceDefinitions", [RD("openapi-v3"), RD("edmx")]],
  ])("reordering %s is no change at all", (field, list) => {
    const entry = compare("api", { [field]: list }, { [field]: [...list].reverse() });
    expect(entry.status).toBe("unchanged");
    expect(entry.changes).toEqual([]);
    expect(entry.changeLevel).toBe("none");
  });

  it("a changed links entry is a change on that link, keyed by url", () => {
    const before = [L2, LINK("https://example.com/a", { description: "old" })];
    const after = [LINK("https://example.com/a", { description: "new" }), L2];
    const entry = compare("api", { links: before }, { links: after });
    expect(entry.changes).toHaveLength(1);
    expect(entry.changes[0]).toMatchObject({ kind: "changed", class: "patch" });
    expect(entry.changes[0]!.path.startsWith("links[https://example.com/a]")).toBe(true);
    expect(entry.changeLevel).toBe("patch");
  });
});

describe("lifecycle bookkeeping fields are not changes (§2)", () => {
  const log = [{ version: "1.0.1", releaseStatus: "deprecated", date: "2026-06-01" }];
  it.each<[On, string, unknown]>([
    ["api", "version", "1.0.1"],
    ["api", "lastUpdate", "2026-06-01T00:00:00Z"],
    ["api", "releaseStatus", "deprecated"],
    ["api", "deprecationDate", "2026-06-01T00:00:00Z"],
    ["api", "sunsetDate", "2027-06-01T00:00:00Z"],
    ["api", "successors", ["sap.xref:apiResource:stars:v2"]],
    ["api", "changelogEntries", log],
    ["dp", "lifecycleStatus", "inactive"],
  ])("%s %s", (on, field, value) => {
    const entry = compare(on, {}, { [field]: value });
    expect(entry.changes).toEqual([]);
    expect(entry.changeLevel).toBe("none");
  });
});

describe("change paths and locations (cli-and-report.md)", () => {
  it("an added entry point: path entryPoints[...], head line and column of the value", () => {
    const headText = text(docOf("api", { entryPoints: [EP, MORE] }));
    const entry = compare("api", { entryPoints: [EP] }, { entryPoints: [EP, MORE] });
    expect(entry.changes).toHaveLength(1);
    const change = entry.changes[0]!;
    expect(change.path).toBe("entryPoints[/stars/v1/more]");
    expect(change.reason).toContain(MORE);
    const line = lineOf(headText, `"${MORE}"`);
    const column = headText.split("\n")[line - 1]!.indexOf('"') + 1;
    expect(change.location).toEqual({ file: "ord.json", line, column });
  });

  it("a removed entry point points at its line in the base file", () => {
    const before = ["/a/v1", EP, MORE];
    const entry = compare("api", { entryPoints: before }, { entryPoints: [EP] });
    const removed = entry.changes.find((ch) => ch.path === `entryPoints[${MORE}]`);
    expect(removed?.kind).toBe("removed");
    expect(removed?.location?.file).toBe("ord.json");
    expect(removed?.location?.line).toBe(lineOf(text(docOf("api", { entryPoints: before })), MORE));
  });

  it("changed and added fields point at their head line", () => {
    const base = { visibility: "public", "x-a": 1, "x-b": [1, 2] };
    const head = { visibility: "internal", "x-a": 1, "x-b": [1, 2], "x-c": 3 };
    const headText = text(docOf("api", head));
    const entry = compare("api", base, head);
    const at = (p: string): number | undefined =>
      entry.changes.find((ch) => ch.path === p)?.location?.line;
    expect(at("visibility")).toBe(lineOf(headText, '"visibility"'));
    expect(at("x-c")).toBe(lineOf(headText, '"x-c"'));
  });

  it("a removed field points at its line in the base file", () => {
    const base = { "x-a": 1, "x-old": "gone", apiProtocol: "odata-v4" };
    const baseText = text(docOf("api", base));
    const entry = compare("api", base, { "x-a": 1, apiProtocol: undefined });
    const at = (p: string): Change | undefined => entry.changes.find((ch) => ch.path === p);
    expect(at("x-old")).toMatchObject({ kind: "removed", class: "patch" });
    expect(at("x-old")?.location?.line).toBe(lineOf(baseText, '"x-old"'));
    expect(at("apiProtocol")).toMatchObject({ kind: "removed", class: "breaking" });
    expect(at("apiProtocol")?.location?.line).toBe(lineOf(baseText, '"apiProtocol"'));
  });
});

describe("change level and class overrides", () => {
  it("the change level is the highest class among the changes", () => {
    const entry = compare("api", {}, { title: "New", entryPoints: [EP, MORE] });
    expect(entry.changes.map((ch) => ch.class).sort()).toEqual(["additive", "patch"]);
    expect(entry.changeLevel).toBe("additive");
    expect(entry.requiredIncrement).toBe("minor");
  });

  it("change-classes { labels: breaking } turns a labels change breaking", () => {
    const config = { "change-classes": { labels: "breaking" } };
    const [before, after] = [{ labels: { a: ["x"] } }, { labels: { a: ["y"] } }];
    const entry = compare("api", before, after, config);
    expect(entry.changes.length).toBeGreaterThan(0);
    expect(entry.changes.every((ch) => ch.class === "breaking")).toBe(true);
    expect(entry.changeLevel).toBe("breaking");
    expect(compare("api", before, after).changeLevel).toBe("patch");
  });

  it('"apiResources.title": additive only affects API resources', () => {
    const config = { "change-classes": { "apiResources.title": "additive" } };
    const onApi = compare("api", {}, { title: "Renamed" }, config);
    expect(onApi.changes.map((ch) => [ch.path, ch.class])).toEqual([["title", "additive"]]);
    expect(onApi.changeLevel).toBe("additive");
    const onEvent = compare("event", {}, { title: "Renamed" }, config);
    expect(onEvent.changes.map((ch) => [ch.path, ch.class])).toEqual([["title", "patch"]]);
    expect(onEvent.changeLevel).toBe("patch");
  });
});
