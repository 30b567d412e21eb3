// The config file (issue 16): validated by its JSON schema, with messages that say where and
// what to fix; found as .yml or .yaml; ignored findings counted everywhere.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG_PATHS, loadConfig, parseConfig, parseConfigText } from "../src/config.js";
import { renderReport } from "../src/report/render.js";
import { RULES } from "../src/rules/index.js";
import type { Report } from "../src/types.js";
import { api, cli, doc, NOW, ROOT, run, workspace } from "./helpers.js";

const require = createRequire(import.meta.url);
const SCHEMA = JSON.parse(
  readFileSync(path.join(ROOT, "ord-version-guard.schema.json"), "utf8"),
) as { definitions: { ruleId: { enum: string[] } } };

function message(text: string, name = ".github/ord-version-guard.yml"): string {
  try {
    parseConfigText(text, name);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("the config was accepted");
}

describe("the config's JSON schema", () => {
  it("lists every rule ID, and only those", () => {
    expect([...SCHEMA.definitions.ruleId.enum].sort()).toEqual(RULES.map((r) => r.id).sort());
  });

  it("is what the precompiled validator was generated from (npm run build regenerates it)", () => {
    const { default: Ajv } = require("ajv") as typeof import("ajv");
    const { default: standaloneCode } = require("ajv/dist/standalone") as {
      default: (ajv: InstanceType<typeof Ajv>, validate: unknown) => string;
    };
    const ajv = new Ajv({ allErrors: true, strict: true, code: { source: true } });
    const generated = readFileSync(path.join(ROOT, "src/generated/config-validator.cjs"), "utf8");
    expect(generated).toContain(standaloneCode(ajv, ajv.compile(SCHEMA)));
  });

  it("accepts the README's example config", () => {
    const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Config file"));
    const example = /```yaml\n([\s\S]*?)```/.exec(section)![1]!;
    expect(example).toContain("# yaml-language-server: $schema=");
    const config = parseConfigText(example, "README");
    expect(config.rules.get("version-increment-unneeded")).toBe("off");
    expect(config.ignore[0]).toMatchObject({ rule: "ord-id-changed", until: "2027-06-30" });
  });
});

describe("config messages", () => {
  it("name the file, line and column, and suggest the key meant", () => {
    const text = "scope: changed\nfial-on: warning\n";
    expect(message(text)).toBe(
      '.github/ord-version-guard.yml:2:1: unknown key "fial-on"; did you mean "fail-on"? (known: fail-on, scope, rules, ignore, change-classes, definitions, approval-rules, max-document-size)',
    );
  });

  it("suggest the rule ID meant, wherever a rule ID is written", () => {
    const text = [
      "rules:",
      "  version-increment-too-smal: warning",
      "ignore:",
      "  - rule: ord-id-chnged",
      "    reason: renamed before release",
      "approval-rules: [breaking-change-without-new-majr]",
    ].join("\n");
    const lines = message(text).split("\n");
    expect(lines).toContain(
      '.github/ord-version-guard.yml:2:3: rules: unknown rule "version-increment-too-smal"; did you mean "version-increment-too-small"? (docs/rules/README.md lists the rules)',
    );
    expect(
      lines.some((l) => l.startsWith(".github/ord-version-guard.yml:4:11: ignore[0].rule")),
    ).toBe(true);
    expect(message(text)).toContain('did you mean "ord-id-changed"?');
    expect(message(text)).toContain('did you mean "breaking-change-without-new-major"?');
  });

  it("say what to write instead, for every mistake of the file at once", () => {
    const text = [
      "fail-on: sometimes",
      "ignore:",
      "  - rule: ord-id-changed",
      "    until: soon",
      "max-document-size: 50MB",
      "definitions:",
      "  - url: /ord/",
    ].join("\n");
    const all = message(text);
    expect(all).toContain(
      ':1:10: "fail-on" must be one of error, warning, notice, never (got "sometimes")',
    );
    expect(all).toContain(':3:5: ignore[0] needs "reason"');
    expect(all).toContain(':4:12: "ignore[0].until" must be a date like 2027-06-30');
    expect(all).toContain(
      ':5:20: "max-document-size" must be a number of bytes, e.g. 52428800 for 50 MB',
    );
    expect(all).toContain(':7:5: definitions[0] needs "path"');
  });

  it("locate YAML syntax errors and refuse a config that is no mapping", () => {
    expect(message("rules: [\n")).toMatch(
      /^cannot read config \.github\/ord-version-guard\.yml:\d+:\d+: /,
    );
    expect(message("- fail-on\n")).toContain("must be a YAML mapping");
  });

  it("keep accepting what YAML gives: off, false, and lists emptied by comments", () => {
    const config = parseConfigText(
      "rules:\n  version-invalid: off\n  ord-id-invalid: false\nignore:\n  # none yet\n",
      "c.yml",
    );
    expect([...config.rules]).toEqual([
      ["version-invalid", "off"],
      ["ord-id-invalid", "off"],
    ]);
    expect(config.ignore).toEqual([]);
    expect(() => parseConfig({ ignore: [{ rule: "version-invalid", reason: " " }] })).toThrow(
      "needs a reason",
    );
  });
});

describe("settings files that exhaust a parser (the CLI)", () => {
  const document = doc({ apiResources: [api("stars")] });
  const run = (file: string, text: string, flag = "--config") =>
    cli(
      ["check", "--base", "d.json", "--head", "d.json", flag, file],
      workspace({ "d.json": document, [file]: text }),
    );
  // Nine aliases of nine aliases of ...: 9^9 strings once expanded.
  const bomb =
    'a: &a ["x","x","x","x","x","x","x","x","x"]\n' +
    [..."bcdefghi"]
      .map((name, i) => {
        const previous = "abcdefgh"[i]!;
        return `${name}: &${name} [${Array(9).fill(`*${previous}`).join(",")}]\n`;
      })
      .join("");

  it.each([
    ["an alias bomb", bomb, "bomb.yml: too many YAML aliases"],
    ["[ nested 100,000 deep", "[".repeat(100_000), "deep.yml: nested too deeply"],
    ["balanced [ ] nested 100,000 deep", "[".repeat(1e5) + "]".repeat(1e5), "deep.yml: nested"],
    ["a second --- document", "fail-on: error\n---\nscope: all\n", "two.yml:2:1: more than one"],
  ])("%s: exit 2 naming the file and the reason in plain words", async (_, text, expected) => {
    const file = expected.split(":")[0]!;
    const { status, stderr } = await run(file, text);
    expect(status).toBe(2);
    expect(stderr).toContain(`cannot read config ${expected}`);
    expect(stderr).not.toMatch(/internal error|call stack|parseAllDocuments|resource exhaustion/i);
  });

  it("a --schema nested 100,000 deep says so", async () => {
    for (const text of [
      "[".repeat(100_000),
      '{"items":'.repeat(20_000) + "{}" + "}".repeat(20_000),
    ]) {
      const { status, stderr } = await run("schema.json", text, "--schema");
      expect(status).toBe(2);
      expect(stderr).toMatch(/schema schema\.json: nested too deeply/);
      expect(stderr).not.toMatch(/internal error|call stack/i);
    }
  });

  it.each([
    ["[]", "an array"],
    ["5", "number"],
    ["null", "null"],
  ])(
    "a --schema of %s is refused (exit 2): ajv would take it and check nothing",
    async (text, kind) => {
      const { status, stderr } = await run("schema.json", text, "--schema");
      expect(status).toBe(2);
      expect(stderr).toContain(
        `cannot compile schema schema.json: a JSON schema is an object (or true or false), not ${kind}`,
      );
    },
  );
});

describe("finding the config", () => {
  it("looks for .yml and .yaml, says which it used, and refuses both", async () => {
    expect(DEFAULT_CONFIG_PATHS).toEqual([
      ".github/ord-version-guard.yml",
      ".github/ord-version-guard.yaml",
    ]);
    const document = doc({ apiResources: [api("stars")] });
    const dir = workspace({
      "d.json": document,
      ".github/ord-version-guard.yaml": "fail-on: never\n",
    });
    expect(loadConfig(undefined, dir)).toMatchObject({
      failOn: "never",
      file: ".github/ord-version-guard.yaml",
    });
    const { stderr } = await cli(["check", "--base", "d.json", "--head", "d.json"], dir);
    expect(stderr).toContain("using config .github/ord-version-guard.yaml");
    writeFileSync(path.join(dir, ".github/ord-version-guard.yml"), "fail-on: error\n");
    const both = await cli(["check", "--base", "d.json", "--head", "d.json"], dir);
    expect(both.status).toBe(2);
    expect(both.stderr).toContain(
      "both .github/ord-version-guard.yml and .github/ord-version-guard.yaml exist",
    );
  });
});

describe("ignored findings", () => {
  const base = doc({ apiResources: [api("stars")] });
  const head = doc({
    apiResources: [api("stars", { entryPoints: [], lastUpdate: "2026-03-01T00:00:00Z" })],
  });
  const ignoring = (until?: string): Report =>
    run(base, head, {
      config: parseConfig({
        ignore: [
          {
            rule: "breaking-change-without-new-major",
            reason: "nobody calls it yet",
            ...(until && { until }),
          },
        ],
      }),
    });

  it("are counted in every summary and listed with their reason", () => {
    const report = ignoring();
    expect(report.findings.map((f) => f.ruleId)).not.toContain("breaking-change-without-new-major");
    expect(report.summary.ignored).toBe(1);
    expect(report.ignored).toEqual([
      expect.objectContaining({
        ruleId: "breaking-change-without-new-major",
        ignored: { reason: "nobody calls it yet" },
      }),
    ]);
    expect(renderReport(report, "text")).toContain("(1 ignored by the config)");
    expect(renderReport(report, "text")).toContain("reason: nobody calls it yet");
    const markdown = renderReport(report, "markdown");
    expect(markdown).toContain("(1 ignored by the config)");
    expect(markdown).toContain("1 finding ignored by the config");
    const json = JSON.parse(renderReport(report, "json")) as Report;
    expect(json.summary.ignored).toBe(1);
    expect(json.ignored[0]!.ignored.reason).toBe("nobody calls it yet");
  });

  it("become SARIF results with an accepted suppression", () => {
    const sarif = JSON.parse(renderReport(ignoring(), "sarif")) as {
      runs: { results: { ruleId: string; suppressions?: unknown[] }[] }[];
    };
    const suppressed = sarif.runs[0]!.results.filter((r) => r.suppressions);
    expect(suppressed).toEqual([
      expect.objectContaining({
        ruleId: "breaking-change-without-new-major",
        suppressions: [
          { kind: "external", status: "accepted", justification: "nobody calls it yet" },
        ],
      }),
    ]);
  });

  it("an ignore whose until has passed says that it expired", () => {
    const day = NOW.toISOString().slice(0, 10);
    expect(ignoring(day).summary.ignored).toBe(1); // until is inclusive
    const expired = ignoring("2026-01-31");
    expect(expired.summary.ignored).toBe(0);
    const finding = expired.findings.find((f) => f.ruleId === "breaking-change-without-new-major");
    expect(finding?.message).toContain("the config's ignore for this expired on 2026-01-31");
  });
});
