import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import pkg from "../../package.json" with { type: "json" };
import { main } from "../../src/cli/main.js";
import { commentBody } from "../../src/github/review.js";
import {
  actionDocsSource,
  packageDocsSource,
  ruleDocUrl,
  useDocsSource,
} from "../../src/report/docs-link.js";
import { renderReport } from "../../src/report/render.js";
import type { Report } from "../../src/types.js";
import { check } from "../../src/check.js";
import { NOW, doc, api } from "../helpers.js";
import { actionFromSource, pullRequestRepo } from "../security/action-from-source.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const RELEASED = `https://github.com/ord-version-guard/ord-version-guard/blob/v${pkg.version}/docs/rules`;

afterEach(() => useDocsSource(packageDocsSource()));

describe("rule documentation links", () => {
  it("outside the Action point at the package's repository at the tag of its version", () => {
    expect(ruleDocUrl("version-invalid")).toBe(`${RELEASED}/version-invalid.md`);
  });

  it("every linked rule page exists in the repository", () => {
    const report: Report = check({
      base: "examples/base",
      head: "examples/head",
      cwd: ROOT,
      now: NOW,
    });
    const sarif = JSON.parse(renderReport(report, "sarif")) as {
      runs: { tool: { driver: { rules: { helpUri: string }[] } } }[];
    };
    for (const { helpUri } of sarif.runs[0]!.tool.driver.rules) {
      const file = helpUri.slice(helpUri.indexOf("/docs/rules/") + 1);
      expect(readFileSync(path.join(ROOT, file), "utf8")).not.toBe("");
    }
  });

  it("in the Action point at the action's own repository and ref", () => {
    const source = actionDocsSource({
      GITHUB_ACTION_REPOSITORY: "acme/ord-guard-fork",
      GITHUB_ACTION_REF: "v1",
    });
    useDocsSource(source);
    expect(ruleDocUrl("ord-id-changed")).toBe(
      "https://github.com/acme/ord-guard-fork/blob/v1/docs/rules/ord-id-changed.md",
    );
    // A commit SHA or a branch with a slash is a ref too.
    useDocsSource(
      actionDocsSource({ GITHUB_ACTION_REPOSITORY: "a/b", GITHUB_ACTION_REF: "feature/x" }),
    );
    expect(ruleDocUrl("ord-id-changed")).toBe(
      "https://github.com/a/b/blob/feature/x/docs/rules/ord-id-changed.md",
    );
  });

  it("fall back to the package when the runner gives no usable action repository or ref", () => {
    const fallback = packageDocsSource();
    // `uses: ./` (a local action) leaves both empty; a run step has neither.
    expect(actionDocsSource({})).toEqual(fallback);
    expect(actionDocsSource({ GITHUB_ACTION_REPOSITORY: "", GITHUB_ACTION_REF: "" })).toEqual(
      fallback,
    );
    expect(actionDocsSource({ GITHUB_ACTION_REPOSITORY: "a/b", GITHUB_ACTION_REF: "" })).toEqual(
      fallback,
    );
    // Values that would break out of a Markdown link or a URL path are not used.
    for (const [repository, ref] of [
      ["a/b", "v1) [x](https://evil.example"],
      ["a/b", "../../evil/evil/blob/main"],
      ["a/b c", "v1"],
      ["../x", "v1"],
      ["a/b/c", "v1"],
    ])
      expect(
        actionDocsSource({ GITHUB_ACTION_REPOSITORY: repository, GITHUB_ACTION_REF: ref }),
      ).toEqual(fallback);
  });

  it("every surface takes its links from the one source: Markdown, SARIF, review comments, help", async () => {
    useDocsSource({ repository: "acme/fork", ref: "v9" });
    const base = "https://github.com/acme/fork/blob/v9/docs/rules";
    const report = check({ base: "examples/base", head: "examples/head", cwd: ROOT, now: NOW });
    const finding = report.findings[0]!;
    expect(renderReport(report, "markdown")).toContain(`(${base}/${finding.ruleId}.md)`);
    const sarif = JSON.parse(renderReport(report, "sarif")) as {
      runs: { tool: { driver: { informationUri: string; rules: { helpUri: string }[] } } }[];
    };
    const driver = sarif.runs[0]!.tool.driver;
    expect(driver.informationUri).toBe("https://github.com/acme/fork/tree/v9/docs/rules");
    expect(driver.rules.every((r) => r.helpUri.startsWith(`${base}/`))).toBe(true);
    expect(commentBody(finding, undefined, "print")).toContain(`(${base}/${finding.ruleId}.md)`);
    let help = "";
    await main(["--help"], ROOT, { stdout: (t) => (help += t), stderr: () => {}, tty: false });
    expect(help).toContain("https://github.com/acme/fork/tree/v9/docs/rules");
  });
});

describe("the Action started by the runner", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("links the job summary's findings to the docs of the action's repository and ref", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "ovg-docs-link-"));
    dirs.push(dir);
    const repo = path.join(dir, "repo");
    const runner = path.join(dir, "runner");
    const base = doc({ apiResources: [api("astronomy")] });
    const head = doc({
      apiResources: [api("astronomy", { description: "Reads and writes stars." })],
    });
    const baseSha = pullRequestRepo(repo, base, head);
    const { args, cwd, env } = actionFromSource({ repo, runner, home: dir, baseSha });
    const run = spawnSync(process.execPath, args, {
      cwd,
      env: { ...env, GITHUB_ACTION_REPOSITORY: "acme/ord-guard-fork", GITHUB_ACTION_REF: "v1.4.2" },
      encoding: "utf8",
      timeout: 60_000,
    });
    const summary = readFileSync(path.join(runner, "summary"), "utf8");
    expect(summary, run.stdout + run.stderr).toContain(
      "(https://github.com/acme/ord-guard-fork/blob/v1.4.2/docs/rules/version-not-incremented.md)",
    );
  }, 60_000);
});

describe("on GitHub Enterprise Server (issue 13 item 5)", () => {
  const env = { GITHUB_ACTION_REPOSITORY: "acme/ord-guard", GITHUB_ACTION_REF: "v1" };

  it("links the action's repository on the runner's server", () => {
    useDocsSource(actionDocsSource({ ...env, GITHUB_SERVER_URL: "https://ghe.example.com/" }));
    expect(ruleDocUrl("ord-id-changed")).toBe(
      "https://ghe.example.com/acme/ord-guard/blob/v1/docs/rules/ord-id-changed.md",
    );
    useDocsSource(actionDocsSource({ ...env, GITHUB_SERVER_URL: "https://github.com" }));
    expect(ruleDocUrl("ord-id-changed")).toBe(
      "https://github.com/acme/ord-guard/blob/v1/docs/rules/ord-id-changed.md",
    );
  });

  it("a server address that is no plain http(s) URL is not used: the package's docs then", () => {
    for (const server of [
      "javascript:alert(1)",
      "https://ghe.example.com/x) [y](https://evil.example",
      "https://user:pass@ghe.example.com",
      "https://ghe.example.com/?q=1",
      "not a url",
    ])
      expect(actionDocsSource({ ...env, GITHUB_SERVER_URL: server }), server).toEqual(
        packageDocsSource(),
      );
  });
});
