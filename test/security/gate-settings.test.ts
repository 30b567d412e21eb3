import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Report } from "../../src/types.js";
import { api, doc, git } from "../helpers.js";
import { actionFromSource } from "./action-from-source.js";

/**
 * The settings of the gate cannot be changed or abused by the pull request it judges (issue 12
 * items 4, 5, 9 and 11): the base commit reaches git only as a commit, the schema comes from the
 * base commit like the config, the config's `fail-on` takes effect, and the config and schema are
 * read only as bounded regular files. Runs that hung before the fix are child processes with a
 * time limit, so a regression fails the test instead of hanging the suite.
 */

const ROOT = path.resolve(import.meta.dirname, "../..");
const SECRET = "S3CRET-0123456789";
/** Long enough for a run under load; a run that hangs on a FIFO is killed after it. */
const TIMEOUT = 60_000;

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "ovg-gate-"));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

type Tree = Record<string, string | { symlink: string } | { fifo: true }>;

function writeTree(root: string, tree: Tree): void {
  for (const [file, content] of Object.entries(tree)) {
    const target = path.join(root, file);
    mkdirSync(path.dirname(target), { recursive: true });
    rmSync(target, { force: true });
    if (typeof content === "string") writeFileSync(target, content);
    else if ("symlink" in content) symlinkSync(content.symlink, target);
    else spawnSync("mkfifo", [target]);
  }
}

/** A checked-out pull request: base commit `base`, head commit `base` + `head`. Its base SHA. */
function pullRequest(repo: string, base: Tree, head: Tree, untracked: Tree = {}): string {
  mkdirSync(repo, { recursive: true });
  git(repo, "init", "-q");
  writeTree(repo, base);
  git(repo, "add", "-A");
  git(repo, "commit", "-q", "-m", "base");
  const baseSha = git(repo, "rev-parse", "HEAD");
  writeTree(repo, head);
  git(repo, "add", "-A");
  git(repo, "commit", "-q", "-m", "head");
  // FIFOs cannot be committed; they stand for what a checkout could hold.
  writeTree(repo, untracked);
  return baseSha;
}

const json = (value: unknown): string => JSON.stringify(value, null, 2);
const DOC = "ord/document.json";
const document = (resource: Record<string, unknown> = {}): string =>
  json(doc({ apiResources: [api("astro", resource)] }));
/** A change with only a warning: a major increment where a patch would do. */
const warningOnly = document({
  version: "2.0.0",
  title: "Astronomy",
  lastUpdate: "2026-03-01T00:00:00Z",
});

interface ActionRun {
  verdict: string | undefined;
  report: Report | undefined;
  log: string;
  status: number | null;
}

/** Runs the Action from source on the pull request in `<dir>/repo`. */
function runAction(baseSha: string, inputs: Record<string, string> = {}): ActionRun {
  const repo = path.join(dir, "repo");
  const runner = path.join(dir, "runner");
  const run = actionFromSource({ repo, runner, home: dir, baseSha, inputs });
  const result = spawnSync(process.execPath, run.args, {
    cwd: run.cwd,
    env: run.env,
    encoding: "utf8",
    timeout: TIMEOUT,
  });
  const output = readFileSync(path.join(runner, "output"), "utf8");
  const reportFile = path.join(runner, "ord-version-guard-report.json");
  return {
    verdict: /verdict<<(\S+)\n(.*)\n/.exec(output)?.[2],
    report: existsSync(reportFile)
      ? (JSON.parse(readFileSync(reportFile, "utf8")) as Report)
      : undefined,
    log: `${result.stdout}${result.stderr}`,
    status: result.status,
  };
}

/** Runs the CLI from source in `cwd` as a child process. */
function runCli(args: string[], cwd: string): { status: number | null; stderr: string } {
  const loader = pathToFileURL(createRequire(import.meta.url).resolve("tsx/esm")).href;
  const result = spawnSync(
    process.execPath,
    ["--import", loader, path.join(ROOT, "src/cli.ts"), ...args],
    { cwd, encoding: "utf8", timeout: TIMEOUT },
  );
  return { status: result.status, stderr: result.stderr };
}

describe("base-ref and the event's base SHA reach git only as a commit (issue 12 item 4)", () => {
  /** A pull request whose `origin` is a local repository: git would run `--upload-pack` for it. */
  function withOrigin(): { marker: string; attack: string } {
    const origin = path.join(dir, "origin");
    mkdirSync(origin);
    git(origin, "init", "-q");
    const repo = path.join(dir, "repo");
    pullRequest(repo, { [DOC]: document() }, { [DOC]: warningOnly });
    git(repo, "remote", "add", "origin", origin);
    const marker = path.join(dir, "PWNED");
    return { marker, attack: `--upload-pack=touch ${marker};` };
  }

  // Was a bug: `git fetch --no-tags --depth=1 origin <base-ref>` took an input starting with `-`
  // as an option, and `--upload-pack=<command>` runs the command.
  it("a base-ref input that is a git option runs nothing; the run fails and names the input", () => {
    const { marker, attack } = withOrigin();
    const run = runAction("0".repeat(40), { "INPUT_BASE-REF": attack });
    expect(existsSync(marker)).toBe(false);
    expect(run.status).toBe(1);
    expect(run.log).toContain("base-ref must be a commit SHA or a ref name");
  });

  it("an event whose base SHA is a git option runs nothing either", () => {
    const { marker, attack } = withOrigin();
    const run = runAction(attack);
    expect(existsSync(marker)).toBe(false);
    expect(run.status).toBe(1);
    expect(run.log).toContain("base SHA of the pull_request event is not a commit SHA");
  });

  it("the CLI refuses git:<ref> that starts with '-'", () => {
    const repo = path.join(dir, "repo");
    pullRequest(repo, { [DOC]: document() }, { [DOC]: warningOnly });
    const { status, stderr } = runCli(["check", "--base", "git:--output=x", "--head", "ord"], repo);
    expect(status).toBe(2);
    expect(stderr).toContain('git:--output=x: a revision cannot start with "-"');
  });
});

describe("the schema input is read from the base commit (issue 12 item 5)", () => {
  /** The repository's schema: API resources need an owner. The head document has none. */
  const ownerSchema = json({
    $schema: "https://json-schema.org/draft/2020-12/schema",
    type: "object",
    properties: { apiResources: { items: { required: ["x-owner"] } } },
  });

  // Was a bug: the schema was read from the workspace (the pull request's head), so the pull
  // request could replace it with `{}` (nothing is checked) or a pattern that backtracks for ever.
  it.each([
    ["an empty schema", "{}"],
    [
      "a catastrophic regex",
      json({
        properties: { apiResources: { items: { properties: { title: { pattern: "^(a+)+$" } } } } },
      }),
    ],
  ])(
    "a pull request that replaces the schema with %s is judged by the base's schema",
    (_, evil) => {
      const headDoc = document({ version: "1.0.1", title: `${"a".repeat(40)}!` });
      const baseSha = pullRequest(
        path.join(dir, "repo"),
        { [DOC]: document(), "schema.json": ownerSchema },
        { [DOC]: headDoc, "schema.json": evil },
      );
      const run = runAction(baseSha, { INPUT_SCHEMA: "schema.json" });
      const violations = run.report?.findings.filter(
        (f) => f.ruleId === "document-schema-violation",
      );
      expect(violations?.map((f) => f.message)).toEqual([
        "schema: /apiResources/0 must have required property 'x-owner'",
      ]);
    },
  );

  // Was a bug: the head's schema.json, a symlink to a file outside the workspace, was read and
  // JSON.parse's message quoted its first bytes.
  it("a schema symlinked outside the workspace: its bytes appear nowhere, the bundled schema applies", () => {
    writeFileSync(path.join(dir, "secret.txt"), `${SECRET}\n`);
    const baseSha = pullRequest(
      path.join(dir, "repo"),
      { [DOC]: document() },
      { [DOC]: warningOnly, "schema.json": { symlink: path.join(dir, "secret.txt") } },
    );
    const run = runAction(baseSha, { INPUT_SCHEMA: "schema.json" });
    expect(run.log).not.toContain(SECRET.slice(0, 6));
    expect(JSON.stringify(run.report)).not.toContain(SECRET.slice(0, 6));
    expect(run.log).toContain("schema.json is not in the base commit");
    expect(run.verdict).toBe("pass");
  });

  it("the CLI: a schema that is not JSON is reported with its line and column, not its bytes", () => {
    const repo = path.join(dir, "repo");
    writeTree(repo, { "schema.json": `{\n  "a": ${SECRET}\n}\n`, "d.json": document() });
    const { status, stderr } = runCli(
      ["check", "--base", "d.json", "--head", "d.json", "--schema", "schema.json"],
      repo,
    );
    expect(status).toBe(2);
    expect(stderr).toContain("cannot read schema schema.json: not valid JSON at line 2, column 8");
    expect(stderr).not.toContain(SECRET.slice(0, 6));
  });
});

describe("the config's fail-on takes effect in the Action (issue 12 item 9)", () => {
  // Was a bug: action.yml gave `fail-on` the default `error`, so the input always won and the
  // config's `fail-on` never applied.
  it("fail-on: warning in the base's config fails a pull request with only warnings", () => {
    const baseSha = pullRequest(
      path.join(dir, "repo"),
      { [DOC]: document(), ".github/ord-version-guard.yml": "fail-on: warning\n" },
      { [DOC]: warningOnly },
    );
    const run = runAction(baseSha);
    expect(run.report?.summary.errors).toBe(0);
    expect(run.report?.summary.warnings).toBeGreaterThan(0);
    expect(run.report?.failOn).toBe("warning");
    expect(run.verdict).toBe("fail");
  });

  it("an explicit fail-on input still wins over the config", () => {
    const baseSha = pullRequest(
      path.join(dir, "repo"),
      { [DOC]: document(), ".github/ord-version-guard.yml": "fail-on: warning\n" },
      { [DOC]: warningOnly },
    );
    const run = runAction(baseSha, { "INPUT_FAIL-ON": "error" });
    expect(run.report?.failOn).toBe("error");
    expect(run.verdict).toBe("pass");
  });
});

describe("the config and the schema are read only as bounded regular files (issue 12 item 11)", () => {
  // Was a bug: the CLI read the config and the schema with readFileSync, which follows a symlink
  // to /dev/zero (reads until memory runs out) or to a FIFO (waits for ever).
  const CONFIG = ".github/ord-version-guard.yml";
  const DEVICE = "a symbolic link to a file outside the working directory";
  it.each([
    ["a FIFO", CONFIG, { [CONFIG]: { fifo: true as const } }, "not a regular file"],
    ["a link to /dev/zero", CONFIG, { [CONFIG]: { symlink: "/dev/zero" } }, DEVICE],
    ["/dev/zero named on the command line", "/dev/zero", {}, "not a regular file"],
  ])("the CLI: a config that is %s is refused at once (exit 2)", (_, file, tree, reason) => {
    const repo = path.join(dir, "repo");
    writeTree(repo, { "d.json": document(), ...tree });
    const { status, stderr } = runCli(
      ["check", "--base", "d.json", "--head", "d.json", "--config", file],
      repo,
    );
    expect(status).toBe(2);
    expect(stderr).toContain(`cannot read config ${file}: ${reason}`);
  });

  it.each([
    ["a FIFO", "schema.json", { "schema.json": { fifo: true as const } }, "not a regular file"],
    ["a link to /dev/zero", "schema.json", { "schema.json": { symlink: "/dev/zero" } }, DEVICE],
    ["/dev/zero named on the command line", "/dev/zero", {}, "not a regular file"],
  ])("the CLI: a schema that is %s is refused at once (exit 2)", (_, file, tree, reason) => {
    const repo = path.join(dir, "repo");
    writeTree(repo, { "d.json": document(), ...tree });
    const { status, stderr } = runCli(
      ["check", "--base", "d.json", "--head", "d.json", "--schema", file],
      repo,
    );
    expect(status).toBe(2);
    expect(stderr).toContain(`cannot read schema ${file}: ${reason}`);
  });

  it("the CLI: a config larger than 1 MiB is refused (exit 2)", () => {
    const repo = path.join(dir, "repo");
    const huge = `# ${"x".repeat(1024)}\n`.repeat(1100);
    writeTree(repo, { "d.json": document(), "c.yml": huge });
    const { status, stderr } = runCli(
      ["check", "--base", "d.json", "--head", "d.json", "--config", "c.yml"],
      repo,
    );
    expect(status).toBe(2);
    expect(stderr).toContain("cannot read config c.yml: larger than 1 MiB");
  });

  it("the CLI: a config symlinked out of the working directory is refused, its bytes unquoted", () => {
    writeFileSync(path.join(dir, "secret.yml"), `${SECRET}: 1\n`);
    const repo = path.join(dir, "repo");
    writeTree(repo, {
      "d.json": document(),
      ".github/ord-version-guard.yml": { symlink: path.join(dir, "secret.yml") },
    });
    const { status, stderr } = runCli(["check", "--base", "d.json", "--head", "d.json"], repo);
    expect(status).toBe(2);
    expect(stderr).toContain("outside the working directory");
    expect(stderr).not.toContain(SECRET.slice(0, 6));
  });

  // Was a bug: the Action read the head's config (to say that it differs from the base's) and
  // its schema with readFileSync.
  it("the Action: a config and a schema that are FIFOs in the head do not stall the run", () => {
    const baseSha = pullRequest(
      path.join(dir, "repo"),
      { [DOC]: document(), ".github/ord-version-guard.yml": "fail-on: warning\n" },
      { [DOC]: warningOnly },
      { ".github/ord-version-guard.yml": { fifo: true }, "schema.json": { fifo: true } },
    );
    const run = runAction(baseSha, { INPUT_SCHEMA: "schema.json" });
    expect(run.status).toBe(1);
    expect(run.verdict).toBe("fail"); // the base's fail-on: warning
  });
});
