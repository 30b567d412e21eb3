import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { check } from "../../src/check.js";
import { escapeMarkdown } from "../../src/report/markdown.js";
import { FORMATS, renderReport } from "../../src/report/render.js";
import { NOW } from "../helpers.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const GOLDEN = path.join(ROOT, "test/golden");
const EXTENSION = { text: "txt", markdown: "md", json: "json", sarif: "sarif" } as const;

// The bundled examples are the reference scenario: every renderer is compared byte for byte.
// After an intended change, regenerate with UPDATE_GOLDEN=1 npx vitest run test/report and review the diff.
const report = check({ base: "examples/base", head: "examples/head", cwd: ROOT, now: NOW });

describe.each(FORMATS)("%s renderer", (format) => {
  it("matches the golden file for the examples", () => {
    const file = path.join(GOLDEN, `examples.${EXTENSION[format]}`);
    const output = renderReport(report, format);
    if (process.env.UPDATE_GOLDEN || !existsSync(file)) writeFileSync(file, output);
    expect(output).toBe(readFileSync(file, "utf8"));
  });
});

describe("renderers", () => {
  it("colors text only when asked (TTY)", () => {
    expect(renderReport(report, "text", true)).toContain("\u001b[31m");
    expect(renderReport(report, "text", false)).not.toContain("\u001b[");
  });

  it("SARIF carries rule metadata with help URIs and located results", () => {
    const sarif = JSON.parse(renderReport(report, "sarif")) as {
      runs: {
        tool: { driver: { rules: { id: string; helpUri: string }[] } };
        results: { ruleId: string; locations: unknown[] }[];
      }[];
    };
    const run = sarif.runs[0]!;
    expect(run.tool.driver.rules).toHaveLength(39);
    expect(run.tool.driver.rules.every((r) => r.helpUri.endsWith(`/docs/rules/${r.id}.md`))).toBe(
      true,
    );
    expect(run.results.length).toBe(report.findings.length);
    expect(run.results.every((r) => r.locations.length === 1)).toBe(true);
  });

  it("markdown escapes document text so it cannot break tables, code or mention people", () => {
    const hostile = "x | y `code` <img src=x> @octocat\n# heading";
    const escaped = escapeMarkdown(hostile);
    expect(escaped).not.toMatch(/(^|[^\\])\|/);
    expect(escaped).not.toContain("<img");
    expect(escaped).not.toContain("@octocat");
    expect(escaped).not.toContain("\n");
  });

  it("a dollar sign shows as one but opens no GitHub math, next to a # that is escaped", () => {
    const escaped = escapeMarkdown("costs $5, $x$ and #1");
    expect(escaped).not.toContain("$");
    // The entity must reach GitHub whole: escaping its `#` would show "&#36;" as text.
    expect(escaped.replaceAll("&#36;", "$")).toContain("costs $5, $x$ and \\#");
  });

  it("the JSON report keys follow the contract order", () => {
    const json = JSON.parse(renderReport(report, "json")) as Record<string, unknown> & {
      findings: Record<string, unknown>[];
    };
    expect(Object.keys(json)).toEqual([
      "tool",
      "verdict",
      "failOn",
      "summary",
      "entities",
      "findings",
      "ignored",
    ]);
    expect(Object.keys(json.findings.find((f) => "suggestion" in f)!)).toEqual([
      "ruleId",
      "severity",
      "ordId",
      "message",
      "suggestion",
      "location",
    ]);
  });
});
