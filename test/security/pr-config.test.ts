import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { api, doc, git as gitIn } from "../helpers.js";

/**
 * The check gates merges, so the pull request must not be able to switch it off. Its documents
 * are judged by the repository's rules, i.e. the config of the base commit, not the one the pull
 * request brings along.
 */

const ROOT = path.resolve(import.meta.dirname, "../..");
let dir: string | undefined;

afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** Runs the Action from source on a pull request whose head adds `headConfig`; its verdict. */
function verdictWithPrConfig(headConfig: string | undefined): string {
  dir = mkdtempSync(path.join(tmpdir(), "ovg-prconfig-"));
  const repo = path.join(dir, "repo");
  const runner = path.join(dir, "runner");
  mkdirSync(path.join(repo, "ord"), { recursive: true });
  mkdirSync(runner);
  const git = (...args: string[]): string => gitIn(repo, ...args);
  git("init", "-q");
  const write = (title: string): void =>
    writeFileSync(
      path.join(repo, "ord/document.json"),
      JSON.stringify(doc({ apiResources: [api("astro", { title })] }), null, 2),
    );
  write("Astronomy");
  git("add", "-A");
  git("commit", "-q", "-m", "base");
  const baseSha = git("rev-parse", "HEAD");
  // The pull request: a change without a version increment (an error) ...
  write("Astronomy, renamed");
  // ... and, maybe, a config that silences it.
  if (headConfig !== undefined) {
    mkdirSync(path.join(repo, ".github"));
    writeFileSync(path.join(repo, ".github/ord-version-guard.yml"), headConfig);
  }
  git("add", "-A");
  git("commit", "-q", "-m", "head");
  const event = path.join(runner, "event.json");
  writeFileSync(
    event,
    JSON.stringify({
      pull_request: {
        number: 1,
        base: { sha: baseSha },
        head: { sha: git("rev-parse", "HEAD") },
        labels: [],
      },
    }),
  );
  writeFileSync(path.join(runner, "output"), "");
  writeFileSync(path.join(runner, "summary"), "");
  const loader = pathToFileURL(createRequire(import.meta.url).resolve("tsx/esm")).href;
  spawnSync(process.execPath, ["--import", loader, path.join(ROOT, "src/index.ts")], {
    cwd: repo,
    encoding: "utf8",
    env: {
      PATH: process.env.PATH,
      HOME: dir,
      GITHUB_WORKSPACE: repo,
      GITHUB_EVENT_PATH: event,
      GITHUB_REPOSITORY: "owner/repo",
      GITHUB_API_URL: "http://127.0.0.1:9",
      GITHUB_OUTPUT: path.join(runner, "output"),
      GITHUB_STEP_SUMMARY: path.join(runner, "summary"),
      RUNNER_TEMP: runner,
      "INPUT_GITHUB-TOKEN": "",
      INPUT_DOCUMENTS: "ord/**/*.json",
      INPUT_COMMENT: "none",
      "INPUT_APPROVAL-LABEL": "ord-breaking-change-approved",
      INPUT_SCHEMA: "bundled",
      INPUT_CONFIG: ".github/ord-version-guard.yml",
    },
  });
  const output = readFileSync(path.join(runner, "output"), "utf8");
  return /verdict<<(\S+)\n(.*)\n/.exec(output)?.[2] ?? `no verdict in ${JSON.stringify(output)}`;
}

describe("the pull request cannot configure its own gate", () => {
  it("without a config, the unversioned change fails", () => {
    expect(verdictWithPrConfig(undefined)).toBe("fail");
  });

  // Was a bug (fixed in 5baab70): the Action loads the config from the workspace
  // (loadConfig(configPath, ctx.workspace) in src/action/run.ts), which is the pull request's head:
  // a pull request that adds or edits .github/ord-version-guard.yml with `fail-on: never`, `rules:
  // {<rule>: off}`, an `ignore` entry or its own `approval-rules` passes the required check with
  // the very errors the check exists to stop. Reproducer: a head commit that bumps nothing but adds
  // the config "fail-on: never". Desired: read the config from the base commit (git show
  // <base>:<config>), as the base side of the documents is read; a config change in the pull
  // request takes effect once merged.
  it("a config added by the pull request does not change its verdict", () => {
    for (const config of [
      "fail-on: never\n",
      "rules:\n  version-not-incremented: off\n  last-update-not-advanced: off\n",
      "ignore:\n  - rule: version-not-incremented\n    reason: mine\n",
    ]) {
      expect(verdictWithPrConfig(config), config).toBe("fail");
    }
  });
});
