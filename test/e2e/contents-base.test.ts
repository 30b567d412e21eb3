/**
 * End-to-end: the base commit read through the contents API (a checkout without git history of
 * the base, e.g. private repositories with `persist-credentials: false`). A GitHub failure there,
 * or a document the head walk does not list, must never turn a failing check into a pass: the
 * contents API reads only the paths it is given, so a path it cannot read is no absent file.
 */
import { rmSync, symlinkSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, it as vitestIt } from "vitest";
import { git } from "../helpers.js";
import {
  cleanUp,
  exampleFiles,
  openPullRequest,
  rulesOf,
  runAction,
  type RunResult,
  withGitHub,
} from "./action-harness.js";

const it = vitestIt.concurrent;
afterAll(cleanUp);

const DOC = "ord/document.json";
const EVENTS = "ord/events.json";
const CONFIG = ".github/ord-version-guard.yml";
// No writes to the pull request: the verdict is all these tests are about.
const quiet = { comment: "none" };

const failure = (result: RunResult): string | undefined =>
  result.commands.findLast((c) => c.command === "error")?.message;

describe(
  "the base read through the contents API",
  { timeout: process.env.OVG_E2E_SOURCE === "1" ? 300_000 : 90_000 },
  () => {
    it("a base document GitHub fails to serve (after retries) fails the run, never a pass", async ({
      expect,
    }) => {
      await withGitHub(expect, async (gh) => {
        const { workspace, pull } = openPullRequest(gh, exampleFiles(), { checkout: "head-only" });
        gh.faults.push({
          operationId: "repos/get-content",
          path: new RegExp(encodeURIComponent(DOC)),
          status: 502,
          times: 20,
        });
        const result = await runAction({ gh, workspace, pull, with: quiet });
        expect(result.exitCode).toBe(1);
        expect(result.outputs.verdict).not.toBe("pass");
        expect(failure(result)).toContain(`cannot read ${DOC} of base commit`);
      });
    });

    it("the pull request's file list GitHub fails to serve fails the run: a removed document could not be found", async ({
      expect,
    }) => {
      await withGitHub(expect, async (gh) => {
        const files = exampleFiles().map((f) =>
          f.filename === EVENTS ? { ...f, head: null } : { ...f, head: f.base },
        );
        const { workspace, pull } = openPullRequest(gh, files, { checkout: "head-only" });
        gh.faults.push({ operationId: "pulls/list-files", status: 502, times: 20 });
        const result = await runAction({ gh, workspace, pull, with: quiet });
        expect(result.exitCode).toBe(1);
        expect(result.outputs.verdict).not.toBe("pass");
        expect(failure(result)).toContain("did not list the pull request's changed files");
      });
    });

    it("a base config GitHub fails to serve (after retries) fails the run: the defaults are not the base's settings", async ({
      expect,
    }) => {
      await withGitHub(expect, async (gh) => {
        // The base makes the mismatch an error; the defaults leave it a warning, which passes.
        const config = "rules:\n  major-version-mismatch: error\n";
        const files = [
          ...exampleFiles().map((f) => ({
            ...f,
            head:
              f.filename === DOC
                ? f.base!.replace('"version": "1.0.0"', '"version": "2.0.0"')
                : f.base,
          })),
          { filename: CONFIG, base: config, head: config },
        ];
        const { workspace, pull } = openPullRequest(gh, files, { checkout: "head-only" });
        const served = await runAction({ gh, workspace, pull, with: quiet, source: true });
        expect(served.exitCode).toBe(1);
        expect(rulesOf(served)).toContain("major-version-mismatch");

        gh.faults.push({
          operationId: "repos/get-content",
          path: new RegExp(encodeURIComponent(CONFIG)),
          status: 502,
          times: 20,
        });
        const result = await runAction({ gh, workspace, pull, with: quiet, source: true });
        expect(result.exitCode).toBe(1);
        expect(result.outputs.verdict).not.toBe("pass");
        expect(failure(result)).toContain(`cannot read ${CONFIG} of base commit`);
      });
    });

    it("a document replaced by a symlink is read from base: its entities are removed, as with git", async ({
      expect,
    }) => {
      await withGitHub(expect, async (gh) => {
        const results: Record<string, RunResult> = {};
        for (const checkout of ["full", "head-only"] as const) {
          // Head is base everywhere, then the events document becomes a symlink (the head walk
          // follows none), which GitHub lists as modified, not removed.
          const files = exampleFiles().map((f) => ({ ...f, head: f.base }));
          const { workspace, pull } = openPullRequest(gh, files, { checkout });
          rmSync(path.join(workspace.dir, EVENTS));
          symlinkSync("../README.md", path.join(workspace.dir, EVENTS));
          git(workspace.dir, "add", "--all");
          git(workspace.dir, "commit", "--quiet", "-m", "events.json becomes a symlink");
          workspace.headSha = git(workspace.dir, "rev-parse", "HEAD");
          const base = files.find((f) => f.filename === EVENTS)!.base!;
          gh.state.push(pull.number, {
            sha: workspace.headSha,
            files: [{ filename: EVENTS, base, head: "../README.md" }],
          });
          results[checkout] = await runAction({ gh, workspace, pull, with: quiet });
        }
        expect(results.full!.exitCode).toBe(1);
        expect(rulesOf(results.full!)).toContain("entity-removed-without-deprecation");
        expect(results["head-only"]!.exitCode).toBe(1);
        expect(rulesOf(results["head-only"]!)).toEqual(rulesOf(results.full!));
      });
    });
  },
);
