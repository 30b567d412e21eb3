import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.js";
import type { CheckOptions } from "../../src/check.js";
import type { Report, Severity } from "../../src/types.js";
import { api, doc, findingsOf, pkg, run } from "../helpers.js";

// Expectations follow docs/rules/README.md, "Version", and the rules' pages in docs/rules/ (the
// product spec's §2, §4 and §5 "Version").

const DEFAULT_SEVERITY: Record<string, Severity> = {
  "version-invalid": "error",
  "version-decreased": "error",
  "version-not-incremented": "error",
  "version-increment-too-small": "error",
  "version-increment-unneeded": "notice",
  "version-changed-without-change": "notice",
};
const VERSION_RULES = Object.keys(DEFAULT_SEVERITY);

type Kind = "none" | "patch" | "additive" | "breaking";
const ID_V1 = "sap.xref:apiResource:stars:v1";
const ID_V0 = "sap.xref:apiResource:stars:v0";
// Entry points without a `v<K>` segment, so entry-point-version-mismatch stays out of the way.
const ENTRY_POINTS = ["/stars", "/stars/legacy"];
/** Realistic edits producing each change level (§2.1). */
const EDIT: Record<Kind, Record<string, unknown>> = {
  none: {},
  patch: { description: "Reads and writes stars; now with examples." },
  additive: { entryPoints: [...ENTRY_POINTS, "/stars/catalog"] },
  breaking: { entryPoints: ["/stars"] },
};

/** The stars API before and after `kind` of change; `beta`, so a breaking change is exempt. */
function scenario(
  kind: Kind,
  baseVersion: string,
  headVersion: string,
  fields: Record<string, unknown> = {},
  options: Omit<CheckOptions, "base" | "head"> = {},
) {
  const common = {
    ordId: baseVersion.startsWith("0.") ? ID_V0 : ID_V1,
    releaseStatus: "beta",
    entryPoints: ENTRY_POINTS,
    ...fields,
  };
  const baseDoc = doc({ apiResources: [api("stars", { ...common, version: baseVersion })] });
  const headDoc = doc({
    apiResources: [
      api("stars", {
        ...common,
        ...EDIT[kind],
        version: headVersion,
        ...(kind === "none" ? {} : { lastUpdate: "2026-02-01T00:00:00Z" }),
      }),
    ],
  });
  return { report: run(baseDoc, headDoc, options), headDoc };
}

const versionIds = (report: Report): string[] =>
  report.findings
    .filter((f) => VERSION_RULES.includes(f.ruleId))
    .map((f) => f.ruleId)
    .sort();

/** 1-based line and column of the value of `"version": <value>` in the serialised document. */
function versionPosition(document: unknown, value: string): { line: number; column: number } {
  const lines = JSON.stringify(document, null, 2).split("\n");
  const needle = `"version": ${JSON.stringify(value)}`;
  const index = lines.findIndex((l) => l.includes(needle));
  expect(index, `no line with ${needle}`).toBeGreaterThanOrEqual(0);
  return { line: index + 1, column: lines[index]!.indexOf(needle) + needle.indexOf(": ") + 3 };
}

describe("version rules fire or stay silent by change level and increment", () => {
  it.each<[Kind, string, string, string[], string?]>([
    // [change, base, head, version findings, suggestion]
    ["patch", "1.2.3", "1.2.4", []],
    ["patch", "1.2.3", "1.3.0", []],
    ["additive", "1.2.3", "1.3.0", []],
    ["breaking", "1.2.3", "2.0.0", []],
    ["additive", "1.2.3", "1.2.4", ["version-increment-too-small"], "1.3.0"],
    ["breaking", "1.2.3", "1.3.0", ["version-increment-too-small"], "2.0.0"],
    ["breaking", "1.2.3", "1.2.4", ["version-increment-too-small"], "2.0.0"],
    ["patch", "1.2.3", "1.2.3", ["version-not-incremented"], "1.2.4"],
    ["additive", "1.2.3", "1.2.3", ["version-not-incremented"], "1.3.0"],
    ["breaking", "1.2.3", "1.2.3", ["version-not-incremented"], "2.0.0"],
    ["patch", "1.2.3", "1.2.3+5", ["version-not-incremented"], "1.2.4"],
    ["additive", "1.2.3+4", "1.2.3+5", ["version-not-incremented"], "1.3.0"],
    // 0.x: minor satisfies breaking, patch satisfies additive and patch.
    ["breaking", "0.3.1", "0.4.0", []],
    ["additive", "0.3.1", "0.3.2", []],
    ["patch", "0.3.1", "0.3.2", []],
    ["breaking", "0.3.1", "0.3.2", ["version-increment-too-small"], "0.4.0"],
    ["breaking", "0.3.1", "0.3.1", ["version-not-incremented"], "0.4.0"],
    ["additive", "0.3.1", "0.3.1", ["version-not-incremented"], "0.3.2"],
    ["breaking", "0.3.1", "1.0.0", []],
    // prerelease base: any increase satisfies.
    ["breaking", "1.0.0-beta.1", "1.0.0-beta.2", []],
    ["breaking", "1.0.0-beta.1", "1.0.0", []],
    ["additive", "1.0.0-beta.1", "1.0.0-beta.2", []],
    ["patch", "1.0.0-beta.1", "1.0.0-rc.1", []],
    ["breaking", "1.0.0-beta.1", "1.0.0-beta.1", ["version-not-incremented"], "1.0.0-beta.2"],
    ["patch", "1.0.0-beta.1", "1.0.0-beta.1+b.7", ["version-not-incremented"], "1.0.0-beta.2"],
    // decrease
    ["none", "1.3.14", "1.0.0", ["version-changed-without-change", "version-decreased"]],
    ["none", "1.0.0", "1.0.0-rc.1", ["version-changed-without-change", "version-decreased"]],
    // a major raised without a breaking change
    ["patch", "1.2.3", "2.0.0", ["version-increment-unneeded"]],
    ["additive", "1.2.3", "2.0.0", ["version-increment-unneeded"]],
    ["additive", "0.3.1", "1.0.0", ["version-increment-unneeded"]],
    ["none", "1.2.3", "2.0.0", ["version-changed-without-change", "version-increment-unneeded"]],
    // only the version changed
    ["none", "1.2.3", "1.2.4", ["version-changed-without-change"]],
    ["none", "1.2.3", "1.2.3+5", ["version-changed-without-change"]],
    ["none", "1.2.3", "1.2.3", []],
  ])("%s change, %s → %s: %j", (kind, base, head, expected, suggested) => {
    const { report, headDoc } = scenario(kind, base, head);
    // The edit really produced the intended change level (JSON report, cli-and-report.md); an
    // untouched entity is counted, not listed, under the default scope.
    expect(report.summary.changed).toBe(base === head && kind === "none" ? 0 : 1);
    expect(report.entities[0]?.changeLevel ?? "none").toBe(kind);
    expect(versionIds(report)).toEqual(expected);
    const position = versionPosition(headDoc, head);
    for (const id of expected) {
      const [finding] = findingsOf(report, id);
      expect(finding!.severity).toBe(DEFAULT_SEVERITY[id]);
      expect(finding!.ordId).toBe(base.startsWith("0.") ? ID_V0 : ID_V1);
      expect(finding!.message).toContain(head);
      if (id !== "version-not-incremented") expect(finding!.message).toContain(base);
      expect(finding!.location).toEqual({ file: "ord.json", ...position });
      if (suggested) expect(finding!.suggestion).toEqual({ version: suggested });
    }
    const error = expected.some((id) => DEFAULT_SEVERITY[id] === "error");
    expect(report.verdict).toBe(error ? "fail" : "pass");
  });
});

describe("version-decreased", () => {
  it.each([
    ["none", "1.3.14", "1.0.0", "1.3.14"],
    ["patch", "1.3.14", "1.0.0", "1.3.15"],
    ["additive", "1.3.14", "1.3.13", "1.4.0"],
    ["breaking", "2.1.0", "1.9.9", "3.0.0"],
  ] as const)("%s change, %s → %s suggests %s", (kind, base, head, suggested) => {
    const { report } = scenario(kind, base, head);
    const [finding] = findingsOf(report, "version-decreased");
    expect(finding).toMatchObject({ severity: "error", suggestion: { version: suggested } });
    expect(finding!.message).toContain(base);
    expect(finding!.message).toContain(head);
    expect(findingsOf(report, "version-not-incremented")).toEqual([]);
    expect(report.verdict).toBe("fail");
  });
});

describe("version-invalid", () => {
  it.each(["v1.2.4", "1.2", "01.2.4", "1.2.4.0", "latest"])(
    "a head version %j is an error suggesting 1.2.4 for a patch change on 1.2.3",
    (head) => {
      const { report, headDoc } = scenario("patch", "1.2.3", head);
      const [finding] = findingsOf(report, "version-invalid");
      expect(finding).toMatchObject({ severity: "error", suggestion: { version: "1.2.4" } });
      expect(finding!.message).toContain(head);
      expect(finding!.location).toEqual({ file: "ord.json", ...versionPosition(headDoc, head) });
      expect(report.verdict).toBe("fail");
    },
  );

  it("accepts a full SemVer 2.0.0 version with prerelease and build", () => {
    const { report } = scenario("patch", "1.2.3", "1.2.4-rc.1+build.5");
    expect(findingsOf(report, "version-invalid")).toEqual([]);
  });

  it("applies to packages too (versioned entities)", () => {
    const base = doc({ packages: [pkg("astronomy")] });
    const head = doc({ packages: [pkg("astronomy", { title: "Astronomy", version: "1.0.1.0" })] });
    const [finding] = findingsOf(run(base, head), "version-invalid");
    expect(finding).toMatchObject({ severity: "error", suggestion: { version: "1.0.1" } });
  });

  it("reports an added entity with an invalid version", () => {
    const head = doc({ apiResources: [api("stars", { version: "v1.0.0" })] });
    const report = run(doc({ apiResources: [] }), head);
    expect(findingsOf(report, "version-invalid")).toHaveLength(1);
    expect(report.verdict).toBe("fail");
  });

  it("an untouched entity's invalid version is reported only with scope all", () => {
    const d = doc({ apiResources: [api("stars", { version: "1.0" })] });
    expect(findingsOf(run(d, d), "version-invalid")).toEqual([]);
    expect(findingsOf(run(d, d, { scope: "all" }), "version-invalid")).toHaveLength(1);
  });
});

describe("breaking change on an active resource", () => {
  it("fires breaking-change-without-new-major and version-not-incremented together", () => {
    const { report } = scenario("breaking", "1.2.3", "1.2.3", { releaseStatus: "active" });
    expect(findingsOf(report, "breaking-change-without-new-major")).toHaveLength(1);
    const [finding] = findingsOf(report, "version-not-incremented");
    expect(finding).toMatchObject({ severity: "error", suggestion: { version: "2.0.0" } });
    expect(finding!.message).toContain("1.2.3");
    expect(report.verdict).toBe("fail");
  });
});

describe("what is not a change does not need a version increment (§2)", () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ["releaseStatus", { releaseStatus: "beta" }, { releaseStatus: "active" }],
    ["lastUpdate", {}, { lastUpdate: "2026-03-01T00:00:00Z" }],
    [
      "reordered entryPoints",
      { entryPoints: ENTRY_POINTS },
      { entryPoints: ["/stars/legacy", "/stars"] },
    ],
  ])("%s changed, version kept", (_what, before, after) => {
    const base = api("stars", { entryPoints: ENTRY_POINTS, ...before });
    const head = api("stars", { entryPoints: ENTRY_POINTS, ...before, ...after });
    const report = run(doc({ apiResources: [base] }), doc({ apiResources: [head] }));
    expect(versionIds(report)).toEqual([]);
    expect(report.verdict).toBe("pass");
  });
});

describe("version-changed-without-change stays silent when something else changed", () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ["releaseStatus", { releaseStatus: "beta" }, { releaseStatus: "active" }],
    ["lastUpdate", {}, { lastUpdate: "2026-03-01T00:00:00Z" }],
    [
      "changelogEntries",
      { changelogEntries: [{ version: "1.2.3", releaseStatus: "beta", date: "2026-01-01" }] },
      {
        changelogEntries: [
          { version: "1.2.3", releaseStatus: "beta", date: "2026-01-01" },
          { version: "1.2.4", releaseStatus: "beta", date: "2026-03-01" },
        ],
      },
    ],
    ["title (metadata)", {}, { title: "Stars API (new title)" }],
  ])("%s changed too", (_what, before, after) => {
    const base = api("stars", { releaseStatus: "beta", version: "1.2.3", ...before });
    const head = api("stars", { releaseStatus: "beta", ...before, ...after, version: "1.2.4" });
    const report = run(doc({ apiResources: [base] }), doc({ apiResources: [head] }));
    expect(findingsOf(report, "version-changed-without-change")).toEqual([]);
  });
});

describe("config: severities and ignores", () => {
  const tooSmall = (config?: Record<string, unknown>) =>
    scenario("additive", "1.2.3", "1.2.4", {}, config ? { config: parseConfig(config) } : {})
      .report;

  it("without config the finding is an error and fails the check", () => {
    const report = tooSmall();
    expect(findingsOf(report, "version-increment-too-small")[0]!.severity).toBe("error");
    expect(report.verdict).toBe("fail");
  });

  it.each<[Severity, "pass" | "fail"]>([
    ["warning", "pass"],
    ["notice", "pass"],
    ["error", "fail"],
  ])("an override to %s changes severity and verdict (%s)", (severity, verdict) => {
    const report = tooSmall({ rules: { "version-increment-too-small": severity } });
    const [finding] = findingsOf(report, "version-increment-too-small");
    expect(finding).toMatchObject({ severity, suggestion: { version: "1.3.0" } });
    expect(report.verdict).toBe(verdict);
  });

  it("raising a notice rule to error fails the check", () => {
    const config = parseConfig({ rules: { "version-changed-without-change": "error" } });
    const { report } = scenario("none", "1.2.3", "1.2.4", {}, { config });
    expect(findingsOf(report, "version-changed-without-change")[0]!.severity).toBe("error");
    expect(report.verdict).toBe("fail");
  });

  it("off removes the rule's findings", () => {
    const report = tooSmall({ rules: { "version-increment-too-small": "off" } });
    expect(findingsOf(report, "version-increment-too-small")).toEqual([]);
    expect(report.verdict).toBe("pass");
  });

  const ignore = (entry: Record<string, unknown>) =>
    tooSmall({ ignore: [{ rule: "version-increment-too-small", reason: "agreed", ...entry }] });

  it.each([
    ["the ORD ID", { ordId: ID_V1 }],
    ["the ORD ID in another case", { ordId: ID_V1.toUpperCase() }],
    ["an until date after today", { ordId: ID_V1, until: "2026-12-31" }],
  ])("an ignore entry for %s removes the finding", (_what, entry) => {
    const report = ignore(entry);
    expect(findingsOf(report, "version-increment-too-small")).toEqual([]);
    expect(report.verdict).toBe("pass");
  });

  it.each([
    ["another ORD ID", { ordId: "sap.xref:apiResource:moons:v1" }],
    ["an until date before today", { ordId: ID_V1, until: "2026-11-20" }],
  ])("an ignore entry for %s does not apply", (_what, entry) => {
    const report = ignore(entry);
    expect(findingsOf(report, "version-increment-too-small")).toHaveLength(1);
    expect(report.verdict).toBe("fail");
  });
});
