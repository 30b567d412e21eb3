import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { api, doc } from "../helpers.js";
import { actionFromSource, pullRequestRepo } from "./action-from-source.js";

/**
 * The check gates merges, so the pull request must not be able to switch it off. Its documents
 * are judged by the repository's rules, i.e. the config of the base commit, not the one the pull
 * request brings along.
 */

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
  const document = (title: string) => doc({ apiResources: [api("astro", { title })] });
  // The pull request: a change without a version increment (an error) and, maybe, a config
  // that silences it.
  const baseSha = pullRequestRepo(
    repo,
    document("Astronomy"),
    document("Astronomy, renamed"),
    headConfig === undefined ? {} : { ".github/ord-version-guard.yml": headConfig },
  );
  const run = actionFromSource({ repo, runner, home: dir, baseSha });
  spawnSync(process.execPath, run.args, { cwd: run.cwd, env: run.env, encoding: "utf8" });
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
