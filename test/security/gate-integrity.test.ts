/**
 * Gate integrity against a hostile pull request (issue 12): what a pull request controls (its
 * files, their names, how many there are, when it is pushed) must not let it pass the check with
 * the very changes the check exists to stop, and a workflow that checks out the wrong commit or no
 * documents at all must not pass silently.
 *
 * These run the Action from source (src/index.ts through tsx) against the GitHub stand-in, with
 * the same runner environment as the bundle's end-to-end tests (test/e2e/action-harness.ts).
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, it as vitestIt } from "vitest";
import { git } from "../helpers.js";
import {
  changedFiles,
  cleanUp,
  exampleFiles,
  openPullRequest,
  pushToPullRequest,
  type RepoFile,
  runAction,
  type RunOptions,
  type RunResult,
  withGitHub,
  Workspace,
} from "../e2e/action-harness.js";
import type { FileInput, StandIn } from "../e2e/github/server.js";

const it = vitestIt.concurrent;
const DOC = "ord/document.json";

afterAll(cleanUp);

/** The Action from source; no comments (nothing here is about publishing). */
function run(options: Omit<RunOptions, "source">): Promise<RunResult> {
  return runAction({
    source: true,
    timeoutMs: 60_000,
    ...options,
    with: { comment: "none", ...options.with },
  });
}

/** The examples' base on both sides: a repository whose documents are all unchanged. */
const unchanged = (): RepoFile[] => exampleFiles().map((f) => ({ ...f, head: f.base }));
const baseDoc = (): string => exampleFiles().find((f) => f.filename === DOC)!.base!;

/**
 * Error annotations without a file or title: the run-level errors (`core.setFailed`). A finding
 * located in the base (a removal) has no file either, but its title names its rule.
 */
const runErrors = (result: RunResult): string[] =>
  result.commands
    .filter((c) => c.command === "error" && !c.properties.file && !c.properties.title)
    .map((c) => c.message);

/**
 * A pull request whose workspace holds `files` and whose files API lists `listed` instead of
 * what the workspace's commits changed (GitHub's own view: renames, a capped list).
 */
function pullRequestListing(gh: StandIn, files: RepoFile[], listed: FileInput[]) {
  const workspace = new Workspace(files);
  const pull = gh.state.addPullRequest({
    base: { sha: workspace.baseSha },
    head: { sha: workspace.headSha },
    files: listed,
  });
  for (const f of files) if (f.base !== null) gh.state.setFile(pull.base.sha, f.filename, f.base);
  return { workspace, pull };
}

describe("the 'no ORD changes' shortcut", { timeout: 120_000 }, () => {
  // Was a bug: the shortcut only knew the head's documents and "removed" JSON files; GitHub lists
  // a rename as `renamed` with `previous_filename`, so renaming the document out of the globs
  // passed with every entity gone and no tombstone.
  it("a document renamed out of the globs is a removal at its old path: the check runs and fails", async ({
    expect,
  }) => {
    await withGitHub(expect, async (gh) => {
      const text = baseDoc();
      const files: RepoFile[] = [
        ...unchanged().filter((f) => f.filename !== DOC),
        { filename: DOC, base: text, head: null },
        { filename: `${DOC}.bak`, base: null, head: text },
      ];
      const { workspace, pull } = pullRequestListing(gh, files, [
        { filename: `${DOC}.bak`, previousFilename: DOC, base: text, head: text },
      ]);
      expect(pull.files.map((f) => [f.filename, f.status])).toEqual([[`${DOC}.bak`, "renamed"]]);
      const result = await run({ gh, workspace, pull });
      expect(result.stdout).not.toContain("No ORD changes");
      expect(result.exitCode).toBe(1);
      expect(result.outputs.verdict).toBe("fail");
      expect(result.summary).toContain("entity-removed-without-tombstone");
    });
  });

  // Was a bug: the same hole without a rename: the document stays where it is but stops being one
  // (its `openResourceDiscovery` is gone), so the head's document set no longer names it.
  it("a document that stops being an ORD document is noticed from the base side: the check runs and fails", async ({
    expect,
  }) => {
    await withGitHub(expect, async (gh) => {
      const text = baseDoc();
      const stripped = text.replace('"openResourceDiscovery"', '"notOrd"');
      expect(stripped).not.toBe(text);
      const files = unchanged().map((f) => (f.filename === DOC ? { ...f, head: stripped } : f));
      const { workspace, pull } = openPullRequest(gh, files);
      expect(pull.files.map((f) => [f.filename, f.status])).toEqual([[DOC, "modified"]]);
      const result = await run({ gh, workspace, pull });
      expect(result.stdout).not.toContain("No ORD changes");
      expect(result.exitCode).toBe(1);
      expect(result.summary).toContain("document-unreadable");
    });
  });

  // Was a bug: the files API lists at most 3,000 files; 3,000 filler files listed first hid the
  // ORD change, and the shortcut passed a change without a version increment.
  it("a file list shorter than the pull request's changed_files never takes the shortcut", async ({
    expect,
  }) => {
    await withGitHub(expect, async (gh) => {
      const files = unchanged().map((f) =>
        f.filename === DOC
          ? { ...f, head: f.base!.replace('"Astronomy Explorer APIs"', '"Stars APIs"') }
          : f,
      );
      expect(files.find((f) => f.filename === DOC)?.head).not.toBe(baseDoc());
      const fillers: FileInput[] = Array.from({ length: 3000 }, (_, i) => ({
        filename: `aaa/${String(i).padStart(4, "0")}.txt`,
        patch: "@@ -1 +1 @@\n-a\n+b",
      }));
      const { workspace, pull } = pullRequestListing(gh, files, [
        ...fillers,
        ...changedFiles(files),
      ]);
      expect(pull.files).toHaveLength(3001);
      const result = await run({ gh, workspace, pull });
      expect(result.stdout).not.toContain("No ORD changes");
      expect(result.exitCode).toBe(1);
      expect(result.summary).toContain("version-not-incremented");
    });
  });

  // Was a bug: the shortcut knew the head's documents only from those that parse, so a new ORD
  // document with a syntax error was no ORD path, and the pull request passed as "no ORD
  // changes" where the check reports document-unreadable.
  it("a new ORD document that does not parse is an ORD change: the check runs and fails", async ({
    expect,
  }) => {
    await withGitHub(expect, async (gh) => {
      const broken = baseDoc().replace(/}\s*$/, ",\n");
      const files: RepoFile[] = [
        ...unchanged(),
        { filename: "ord/second.json", base: null, head: broken },
      ];
      const { workspace, pull } = openPullRequest(gh, files);
      expect(pull.files.map((f) => [f.filename, f.status])).toEqual([["ord/second.json", "added"]]);
      const result = await run({ gh, workspace, pull });
      expect(result.stdout).not.toContain("No ORD changes");
      expect(result.exitCode).toBe(1);
      expect(result.summary).toContain("document-unreadable");
    });
  });

  // Was a bug: the shortcut tied a definition URL that names no file to the head's files of the
  // same name only. A leading-slash URL the base resolves by its path suffix names a file the
  // pull request can delete or rename away (not JSON, so no "removed JSON file" either): nothing
  // listed is an ORD path in the head, and the contract's loss (breaking) passed unchecked.
  it("a definition found by its path suffix, deleted or renamed away, is an ORD change: the check runs and fails", async ({
    expect,
  }) => {
    await withGitHub(expect, async (gh) => {
      const served = "srv/gen/ord/v1/telescopes/telescopes-v1.oas3.yaml";
      const url = "/ord/v1/telescopes/telescopes-v1.oas3.yaml";
      const original = "definitions/telescopes-v1.oas3.json";
      const repo = (): RepoFile[] =>
        unchanged().flatMap((f): RepoFile[] => {
          if (f.filename === original) return [{ filename: served, base: f.base, head: f.base }];
          if (f.filename !== DOC) return [f];
          const text = f.base!.replace(`"../${original}"`, JSON.stringify(url));
          return [{ ...f, base: text, head: text }];
        });
      const moved = "srv/gen/ord/v1/telescopes/telescopes.yaml";
      for (const rename of [false, true]) {
        const files = repo().map((f) => (f.filename === served ? { ...f, head: null } : f));
        if (rename)
          files.push({
            filename: moved,
            base: null,
            head: repo().find((f) => f.filename === served)!.base,
          });
        const { workspace, pull } = openPullRequest(gh, files);
        const result = await run({ gh, workspace, pull });
        expect(result.stdout).not.toContain("No ORD changes");
        expect(result.exitCode).toBe(1);
        expect(result.summary).toContain("breaking-change-without-new-major");
      }
    });
  });

  it("a pull request that touches no ORD document still takes it", async ({ expect }) => {
    await withGitHub(expect, async (gh) => {
      const files: RepoFile[] = [
        ...unchanged(),
        { filename: "package.json", base: '{"name":"a"}\n', head: '{"name":"b"}\n' },
      ];
      const { workspace, pull } = openPullRequest(gh, files);
      const result = await run({ gh, workspace, pull });
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toContain("No ORD changes");
    });
  });
});

describe("the checked-out commit", { timeout: 120_000 }, () => {
  // Was a bug: with pull_request_target and a plain actions/checkout (or no checkout step), the
  // workspace holds the base, and the check compared the base with itself: pass.
  it("a workspace holding the base instead of the pull request's head fails with a clear error", async ({
    expect,
  }) => {
    await withGitHub(expect, async (gh) => {
      const { workspace, pull } = openPullRequest(gh, exampleFiles());
      git(workspace.dir, "checkout", "--quiet", "--detach", workspace.baseSha);
      const result = await run({ gh, workspace, pull });
      expect(result.exitCode).toBe(1);
      expect(result.outputs.verdict).toBeUndefined();
      const [error, ...more] = runErrors(result);
      expect(more).toEqual([]);
      expect(error).toContain(pull.head.sha);
      expect(error).toContain(workspace.baseSha);
      expect(error).toMatch(/pull_request_target/);
    });
  });

  it("a workspace that is not a git checkout (no checkout step) fails with a clear error", async ({
    expect,
  }) => {
    await withGitHub(expect, async (gh) => {
      const { workspace, pull } = openPullRequest(gh, exampleFiles());
      // No checkout step: the runner's workspace is an empty folder.
      for (const entry of readdirSync(workspace.dir))
        rmSync(path.join(workspace.dir, entry), { recursive: true, force: true });
      const result = await run({ gh, workspace, pull });
      expect(result.exitCode).toBe(1);
      expect(result.outputs.verdict).toBeUndefined();
      expect(runErrors(result).join("\n")).toMatch(/not a git checkout/);
    });
  });

  it("the merge commit of the pull request (actions/checkout's default, depth 1) is accepted", async ({
    expect,
  }) => {
    await withGitHub(expect, async (gh) => {
      const { workspace, pull } = openPullRequest(gh, exampleFiles());
      // refs/pull/N/merge: the base branch (moved on) merged with the head.
      git(workspace.dir, "checkout", "--quiet", "-b", "merge", workspace.baseSha);
      git(workspace.dir, "commit", "--quiet", "--allow-empty", "-m", "base moved on");
      git(workspace.dir, "merge", "--quiet", "--no-ff", "-m", "merge", workspace.headSha);
      const dir = mkdtempSync(path.join(tmpdir(), "ovg-merge-checkout-"));
      try {
        git(dir, "clone", "--quiet", "--depth=1", `file://${workspace.dir}`, ".");
        expect(git(dir, "rev-parse", "--is-shallow-repository")).toBe("true");
        const result = await run({ gh, workspace: { ...workspace, dir } as Workspace, pull });
        expect(runErrors(result).filter((m) => !/ORD version check failed/.test(m))).toEqual([]);
        expect(result.outputs.verdict).toBe("fail");
        expect(result.summary).toContain("version-increment-too-small");
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});

describe("no documents at all", { timeout: 120_000 }, () => {
  const noDocuments = (): RepoFile[] => [
    { filename: "README.md", base: "# Docs\n", head: "# Docs, generated at build time\n" },
  ];

  // Was a bug: a repository whose documents globs match nothing (documents generated, never
  // committed) passed every pull request as "0 entities", silently.
  it("is a warning by default, an error with if-no-documents: error, silent with ignore", async ({
    expect,
  }) => {
    await withGitHub(expect, async (gh) => {
      const { workspace, pull } = openPullRequest(gh, noDocuments());
      const warned = await run({ gh, workspace, pull });
      expect(warned.exitCode).toBe(0);
      const warning = warned.commands.find((c) => c.command === "warning");
      expect(warning?.message).toMatch(/no ORD documents/i);
      expect(warned.summary).toMatch(/no ORD documents/i);

      const failed = await run({ gh, workspace, pull, with: { "if-no-documents": "error" } });
      expect(failed.exitCode).toBe(1);
      expect(runErrors(failed).join("\n")).toMatch(/no ORD documents/i);

      const ignored = await run({ gh, workspace, pull, with: { "if-no-documents": "ignore" } });
      expect(ignored.exitCode).toBe(0);
      expect(ignored.commands.filter((c) => c.command === "warning")).toEqual([]);
    });
  });

  it("also when the files of the pull request cannot be read (no token: the whole check runs)", async ({
    expect,
  }) => {
    await withGitHub(expect, async (gh) => {
      const { workspace, pull } = openPullRequest(gh, noDocuments());
      const failed = await run({
        gh,
        workspace,
        pull,
        with: { "github-token": "", "if-no-documents": "error" },
      });
      expect(failed.exitCode).toBe(1);
      expect(runErrors(failed).join("\n")).toMatch(/no ORD documents/i);
    });
  });

  it("a repository with documents is not affected", async ({ expect }) => {
    await withGitHub(expect, async (gh) => {
      const { workspace, pull } = openPullRequest(gh, unchanged());
      const result = await run({ gh, workspace, pull, with: { "if-no-documents": "error" } });
      expect(result.exitCode).toBe(0);
    });
  });
});

describe("the approval label", { timeout: 120_000 }, () => {
  const LABEL = "ord-breaking-change-approved";
  const at = (time: string) => () => new Date(`2026-01-01T${time}Z`);
  /** The examples with the too-small version fixed: the breaking change is the only error. */
  const breaking = (): Record<string, string | null> =>
    Object.fromEntries(
      exampleFiles().map((f) => [
        f.filename,
        f.filename === DOC ? f.head!.replace('"version": "1.2.4"', '"version": "1.3.0"') : f.head,
      ]),
    );
  /** A harmless pull request, labelled at 10:05; `then` pushes at 10:10. */
  function labelledThenPushed(gh: StandIn) {
    gh.state.now = at("10:00:00");
    const { workspace, pull } = openPullRequest(gh, [
      ...unchanged(),
      { filename: "README.md", base: "# Docs\n", head: "# Docs!\n" },
    ]);
    gh.state.now = at("10:05:00");
    gh.state.addLabel(pull.number, LABEL);
    gh.state.now = at("10:10:00");
    pushToPullRequest(gh, workspace, pull, breaking());
    return { workspace, pull };
  }

  // Was a bug: the label was read live and approved whatever the pull request held, so a breaking
  // change pushed after a maintainer approved an earlier state passed as approved.
  it("added before the latest push, it does not approve the newly pushed breaking change", async ({
    expect,
  }) => {
    await withGitHub(expect, async (gh) => {
      const { workspace, pull } = labelledThenPushed(gh);
      const result = await run({ gh, workspace, pull });
      expect(result.exitCode).toBe(1);
      expect(result.outputs).toMatchObject({ verdict: "fail", errors: "1" });
      const notice = result.commands.find(
        (c) => c.command === "notice" && c.message.includes(LABEL),
      );
      expect(notice?.message).toMatch(/does not approve/);
      expect(result.summary).toMatch(/does not approve/);
    });
  });

  it("added again after the push, it approves: on its labeled run and on a later re-run", async ({
    expect,
  }) => {
    await withGitHub(expect, async (gh) => {
      const { workspace, pull } = labelledThenPushed(gh);
      gh.state.now = at("10:20:00");
      gh.state.addLabel(pull.number, LABEL);
      const labeled = await run({ gh, workspace, pull, action: "labeled", label: LABEL });
      expect(labeled.exitCode).toBe(0);
      expect(labeled.outputs).toMatchObject({ verdict: "pass", errors: "0" });
      expect(labeled.summary).toContain(`The label \`${LABEL}\` approves breaking changes`);
      const rerun = await run({ gh, workspace, pull });
      expect(rerun.exitCode).toBe(0);
    });
  });

  // Was a bug: labels GitHub failed to list were taken from the event payload, which a labeled
  // event (or a re-run of it) always has with the label: an outage approved a label removed since.
  it("when GitHub cannot list the labels, the payload's label does not approve", async ({
    expect,
  }) => {
    await withGitHub(expect, async (gh) => {
      const { workspace, pull } = labelledThenPushed(gh);
      gh.state.now = at("10:20:00");
      gh.state.addLabel(pull.number, LABEL);
      gh.state.now = at("10:25:00");
      pull.labels.splice(pull.labels.indexOf(LABEL), 1);
      const labeledRun = { gh, workspace, pull, action: "labeled", label: LABEL };
      const live = await run({ ...labeledRun, eventLabels: [LABEL] });
      expect(live.exitCode).toBe(1);
      gh.faults.push({ operationId: "issues/list-labels-on-issue", status: 502, times: 20 });
      const outage = await run({ ...labeledRun, eventLabels: [LABEL] });
      expect(outage.exitCode).toBe(1);
      expect(outage.outputs).toMatchObject({ verdict: "fail", errors: "1" });
      expect(outage.summary).toContain("could not be read");
    });
  });

  // Was a bug: who added the label was never asked, so a pull request's author with triage
  // rights approved their own breaking change, on the labeled run and on every run after it.
  it("added by the pull request's author, it approves nothing; added by someone else, it does", async ({
    expect,
  }) => {
    await withGitHub(expect, async (gh) => {
      const { workspace, pull } = labelledThenPushed(gh);
      pull.labels.splice(pull.labels.indexOf(LABEL), 1);
      gh.state.now = at("10:20:00");
      gh.state.addLabel(pull.number, LABEL, pull.user);
      const own = { gh, workspace, pull, action: "labeled", label: LABEL, sender: pull.user };
      const labeled = await run(own);
      expect(labeled.exitCode).toBe(1);
      expect(labeled.summary).toMatch(/by its author/);
      const rerun = await run({ gh, workspace, pull });
      expect(rerun.exitCode).toBe(1);
      // Case does not tell logins apart.
      const shouted = await run({ ...own, sender: pull.user.toUpperCase() });
      expect(shouted.exitCode).toBe(1);

      gh.state.now = at("10:30:00");
      gh.state.addLabel(pull.number, LABEL, "maintainer");
      const approved = await run({ gh, workspace, pull });
      expect(approved.exitCode).toBe(0);
    });
  });

  it("on its own labeled run it approves the event's head, even after a push to another branch", async ({
    expect,
  }) => {
    await withGitHub(expect, async (gh) => {
      const { workspace, pull } = labelledThenPushed(gh);
      gh.state.now = at("10:20:00");
      gh.state.addLabel(pull.number, LABEL);
      // pushed_at moves with a push to any branch of the head's repository.
      gh.state.pushedAt[pull.head.owner] = "2026-01-01T10:30:00Z";
      const labeled = await run({ gh, workspace, pull, action: "labeled", label: LABEL });
      expect(labeled.exitCode).toBe(0);
      // Any other run cannot tell the label from before the push: it asks for the label again.
      const other = await run({ gh, workspace, pull, action: "labeled", label: "documentation" });
      expect(other.exitCode).toBe(1);
    });
  });
});
