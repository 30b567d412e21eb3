/**
 * The Action's flow (src/action/run.ts) with an in-memory GitHub (memory-host.ts) and a fake
 * @actions/core (fake-core.ts): what a user sees on the pull request, in the job summary, the
 * outputs and the exit code, and that a GitHub failure neither loses a finding nor changes the
 * verdict. The real GitHub implementation is tested against the HTTP stand-in in test/e2e.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { DEFAULT_CONFIG_PATHS } from "../../src/config.js";
import { exampleFiles } from "../e2e/action-harness.js";
import { api, doc } from "../helpers.js";
import { messages, record, resetCore } from "./fake-core.js";
import { BOT, httpError, pullRequestRepo, removeRepos, type RepoFiles } from "./memory-host.js";

vi.mock("@actions/core", async () => (await import("./fake-core.js")).fakeCore);
const { run } = await import("../../src/action/run.js");

const DOC = "ord/document.json";
const LABEL = "ord-breaking-change-approved";
const temps: string[] = [];

afterAll(() => {
  removeRepos();
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => void resetCore({ "github-token": "ghs_memory" }));

/** The examples (base and head), as files of a repository. */
function examples(edit: (files: RepoFiles) => void = () => {}): RepoFiles {
  const files: RepoFiles = {};
  for (const f of exampleFiles()) files[f.filename] = { base: f.base, head: f.head };
  edit(files);
  return files;
}

/** The examples' base on both sides: a repository whose documents are all unchanged. */
const unchanged = (): RepoFiles =>
  examples((files) => {
    for (const f of Object.values(files)) f.head = f.base;
  });

interface PullRequestEvent {
  action?: string;
  label?: string;
  labels?: string[];
}

/** Runs the Action on a pull_request event for the checked-out head of `repo`. */
function runOn(
  repo: ReturnType<typeof pullRequestRepo>,
  event: PullRequestEvent = {},
): Promise<typeof record> {
  const pullRequest = {
    number: 7,
    base: { sha: repo.baseSha },
    head: { sha: repo.headSha },
    user: { login: repo.host.author },
    labels: (event.labels ?? []).map((name) => ({ name })),
  };
  const payload = {
    action: event.action ?? "synchronize",
    ...(event.label ? { label: { name: event.label } } : {}),
    pull_request: pullRequest,
  };
  return runEvent(repo, "pull_request", payload);
}

/** Runs the Action on an event named `eventName` with `payload`. */
async function runEvent(
  repo: ReturnType<typeof pullRequestRepo>,
  eventName: string,
  payload: unknown,
): Promise<typeof record> {
  const runner = mkdtempSync(path.join(tmpdir(), "ovg-runner-"));
  temps.push(runner);
  const eventFile = path.join(runner, "event.json");
  writeFileSync(eventFile, JSON.stringify(payload));
  await run({
    connect: repo.host.connect,
    env: {
      GITHUB_EVENT_NAME: eventName,
      GITHUB_WORKSPACE: repo.dir,
      GITHUB_EVENT_PATH: eventFile,
      GITHUB_REPOSITORY: "octo-org/ord-docs",
      GITHUB_API_URL: "https://api.github.example",
      RUNNER_TEMP: runner,
    },
  });
  return record;
}

const ruleOf = (body: string) => /\[`([a-z-]+)`\]/.exec(body)?.[1];
const reportFile = () =>
  JSON.parse(readFileSync(record.outputs.report!, "utf8")) as { findings: { ruleId: string }[] };

describe("a pull request with ORD changes", () => {
  it("findings go to one review on diff lines, one summary comment, the job summary, annotations and outputs; the run fails", async () => {
    const repo = pullRequestRepo(examples());
    const result = await runOn(repo);

    expect(repo.host.setup).toMatchObject({
      token: "ghs_memory",
      apiUrl: "https://api.github.example",
      owner: "octo-org",
      repo: "ord-docs",
      pullNumber: 7,
    });
    expect(result.secrets).toEqual(["ghs_memory"]);
    expect(repo.host.reviews.map((r) => [r.commitId, r.login])).toEqual([[repo.headSha, BOT]]);
    expect(repo.host.reviews[0]!.body).toContain("3 new findings");
    // The removed entry point's finding sits on its removed line, on the diff's left side.
    expect(repo.host.reviewComments.map((c) => [c.path, c.line, ruleOf(c.body)])).toEqual([
      [DOC, 201, "breaking-change-without-new-major"],
      [DOC, 133, "version-increment-too-small"],
      [DOC, 183, "major-version-mismatch"],
    ]);
    expect(repo.host.issueComments).toHaveLength(1);
    expect(repo.host.issueComments[0]!.body).toContain("## ORD version check: ❌ fail");
    expect(result.summary).toContain("## ORD version check: ❌ fail");
    expect(result.outputs).toMatchObject({ verdict: "fail", errors: "2", warnings: "1" });
    expect(
      reportFile()
        .findings.map((f) => f.ruleId)
        .sort(),
    ).toEqual([
      "breaking-change-without-new-major",
      "major-version-mismatch",
      "version-increment-too-small",
    ]);
    expect(
      result.logged.filter((l) => l.level === "error").map((l) => l.properties?.startLine),
    ).toEqual([undefined, 133]); // the removal is in the base file: named in the message
    expect(result.failed).toBe(
      "ORD version check failed (fail-on: error): 2 errors, 1 warning, 0 notices",
    );
  });

  it("the JSON report names a base location as the CLI does: the repository path and the base commit", async () => {
    const repo = pullRequestRepo(examples());
    await runOn(repo);
    const report = JSON.parse(readFileSync(record.outputs.report!, "utf8")) as {
      findings: { ruleId: string; location?: { file: string; line: number; base?: string } }[];
    };
    const locations = Object.fromEntries(report.findings.map((f) => [f.ruleId, f.location]));
    expect(locations["breaking-change-without-new-major"]).toEqual({
      file: DOC,
      line: 201,
      column: 9,
      base: repo.baseSha,
    });
    expect(locations["version-increment-too-small"]).toEqual({ file: DOC, line: 133, column: 18 });
  });

  it("a second run on the same head repeats nothing: the summary comment is left as it is", async () => {
    const repo = pullRequestRepo(examples());
    await runOn(repo);
    const comment = repo.host.issueComments[0]!.body;
    await runOn(repo);
    expect(repo.host.reviews).toHaveLength(1);
    expect(repo.host.reviewComments).toHaveLength(3);
    expect(repo.host.issueComments.map((c) => c.body)).toEqual([comment]);
  });

  it("every GitHub write fails: the findings are in the job summary and annotations, the verdict is the same", async () => {
    const repo = pullRequestRepo(examples());
    repo.host.fail("postReview").fail("upsertSummaryComment");
    const result = await runOn(repo);
    expect(result.summary).toContain("## ORD version check: ❌ fail");
    expect(result.outputs).toMatchObject({ verdict: "fail", errors: "2" });
    expect(result.failed).toMatch(/^ORD version check failed/);
    expect(messages("warning").filter((m) => m.includes("failed"))).toEqual([
      expect.stringMatching(/^The review failed: HTTP 502\. .*the verdict is unchanged/),
      expect.stringMatching(/^The summary comment failed: HTTP 502\./),
    ]);
  });

  it("a read-only token (a fork): a notice names the permission, the verdict is the same", async () => {
    const repo = pullRequestRepo(examples());
    repo.host.fail("postReview", httpError(403)).fail("upsertSummaryComment", httpError(403));
    const result = await runOn(repo);
    expect(messages("notice").filter((m) => m.includes("pull-requests: write"))).toHaveLength(2);
    expect(result.failed).toMatch(/^ORD version check failed/);
  });

  it("the files of the pull request cannot be read: the whole check runs, with the same verdict", async () => {
    const repo = pullRequestRepo(examples());
    repo.host.fail("files");
    const result = await runOn(repo);
    expect(messages("warning")).toContain(
      "could not read the pull request's files from GitHub: HTTP 502",
    );
    expect(result.outputs).toMatchObject({ verdict: "fail", errors: "2" });
    // No file list: nothing can be placed on the diff, the summary comment still lists all.
    expect(repo.host.reviews).toEqual([]);
    expect(repo.host.issueComments).toHaveLength(1);
  });

  it("without a token nothing is asked of GitHub; outputs and the job summary stand", async () => {
    resetCore({ "github-token": "" });
    const repo = pullRequestRepo(examples());
    const result = await runOn(repo);
    expect(repo.host.setup).toBeUndefined();
    expect(result.outputs.verdict).toBe("fail");
  });
});

describe("the approval label", () => {
  const approvalRun = async (labelAt: string, pushedAt: string) => {
    const repo = pullRequestRepo(examples());
    repo.host.labelsNow = [LABEL];
    repo.host.labelEvents = [{ label: LABEL, at: labelAt }];
    repo.host.headPushedAt = pushedAt;
    // The event payload predates the label: the API's labels count.
    return runOn(repo, { labels: [] });
  };

  const severityOf = (rule: string) =>
    (reportFile() as { findings: { ruleId: string; severity: string }[] }).findings.find(
      (f) => f.ruleId === rule,
    )?.severity;

  it("added after the latest push, it turns the breaking change into a warning", async () => {
    const result = await approvalRun("2026-11-20T12:00:00Z", "2026-11-20T11:00:00Z");
    expect(severityOf("breaking-change-without-new-major")).toBe("warning");
    // The examples' other error is no breaking change: the label does not approve it.
    expect(result.outputs).toMatchObject({ errors: "1", warnings: "2" });
    expect(result.summary).toContain(`The label \`${LABEL}\` approves breaking changes`);
  });

  it("added before the latest push, it approves nothing, and a notice says so", async () => {
    const result = await approvalRun("2026-11-20T11:00:00Z", "2026-11-20T12:00:00Z");
    expect(severityOf("breaking-change-without-new-major")).toBe("error");
    expect(result.outputs).toMatchObject({ errors: "2" });
    expect(messages("notice")).toContainEqual(
      expect.stringContaining("was added before the latest push"),
    );
  });
});

describe("the 'no ORD changes' shortcut", () => {
  const withFile = (name: string, base: string | null, head: string | null) =>
    pullRequestRepo({ ...unchanged(), [name]: { base, head } });

  it("a pull request touching no ORD file passes at once and writes nothing new on it", async () => {
    const repo = withFile("package.json", '{"name":"a"}\n', '{"name":"b"}\n');
    const result = await runOn(repo);
    expect(messages("info")).toContain(
      "No ORD changes: this pull request touches no ORD document and no definition file they reference.",
    );
    expect(result.summary).toContain("No ORD changes in this pull request.");
    expect(result.outputs.verdict).toBe("pass");
    expect(result.failed).toBeUndefined();
    expect(repo.host.issueComments).toEqual([]);
    expect(repo.host.calls).not.toContain("postReview");
  });

  // Was a bug: the shortcut knew the head's documents only from those that parse.
  it("a new ORD document that does not parse is an ORD change: the check runs and fails", async () => {
    const broken = `${unchanged()[DOC]!.base!.replace(/}\s*$/, "")},\n`;
    const repo = withFile("ord/second.json", null, broken);
    const result = await runOn(repo);
    expect(messages("info").some((m) => m.startsWith("No ORD changes"))).toBe(false);
    expect(result.outputs.verdict).toBe("fail");
    expect(reportFile().findings.map((f) => f.ruleId)).toContain("document-unreadable");
  });

  it("a file list shorter than the pull request's changed_files never takes it", async () => {
    const repo = pullRequestRepo(
      examples((files) => {
        for (const [name, f] of Object.entries(files)) if (name !== DOC) f.head = f.base;
      }),
    );
    repo.host.changedFiles = 3001;
    const result = await runOn(repo);
    expect(messages("info")).toContainEqual(
      expect.stringContaining("GitHub lists 1 of the pull request's 3001 changed files"),
    );
    expect(result.outputs.verdict).toBe("fail");
  });

  it("a push that takes the ORD changes out again brings the earlier comments up to date", async () => {
    const repo = pullRequestRepo(examples());
    await runOn(repo);
    expect(repo.host.reviewComments).toHaveLength(3);
    // The next push reverts the documents: only an unrelated file differs from the base.
    const reverted = withFile("package.json", '{"name":"a"}\n', '{"name":"b"}\n');
    reverted.host.reviewComments = repo.host.reviewComments;
    reverted.host.issueComments = repo.host.issueComments;
    const result = await runOn(reverted);
    expect(result.outputs.verdict).toBe("pass");
    expect(reverted.host.reviewComments.every((c) => c.body.startsWith("✅ **Resolved**"))).toBe(
      true,
    );
    expect(reverted.host.issueComments).toHaveLength(1);
    expect(reverted.host.issueComments[0]!.body).toContain("No ORD changes in this pull request.");
    expect(reverted.host.reviews).toEqual([]);
  });
});

describe("a document with CRLF line endings", () => {
  it("gets the same inline review comments as with LF", async () => {
    const crlf = (text: string | null) => text?.replace(/\n/g, "\r\n") ?? null;
    const repo = pullRequestRepo(
      examples((files) => {
        for (const f of Object.values(files))
          Object.assign(f, { base: crlf(f.base), head: crlf(f.head) });
      }),
    );
    expect(repo.host.pullFiles.find((f) => f.filename === DOC)?.patch).toContain("\r\n");
    await runOn(repo);
    expect(repo.host.reviewComments.map((c) => [c.path, c.line, ruleOf(c.body)])).toEqual([
      [DOC, 201, "breaking-change-without-new-major"],
      [DOC, 133, "version-increment-too-small"],
      [DOC, 183, "major-version-mismatch"],
    ]);
  });
});

describe("the documents globs", () => {
  it("one of several that matches no file is a warning naming it; the check runs on the others", async () => {
    resetCore({ "github-token": "ghs_memory", documents: "ord/*.json\nord-typo/*.json" });
    const result = await runOn(pullRequestRepo(examples()));
    expect(result.outputs).toMatchObject({ verdict: "fail" });
    const idle = messages("warning").filter((m) => m.includes("documents glob"));
    expect(idle).toEqual([
      'The documents glob "ord-typo/*.json" matches no .json or .jsonc file in the base commit or the pull request, so nothing it was meant to select was checked: correct it, or remove it.',
    ]);
    // On the "no ORD changes" shortcut too.
    resetCore({ "github-token": "ghs_memory", documents: "ord/*.json, ord-typo/*.json" });
    await runOn(pullRequestRepo(unchanged()));
    expect(messages("warning").filter((m) => m.includes('"ord-typo/*.json"'))).toHaveLength(1);
  });

  it("globs that all match files raise no warning, nor does the default in a repository without JSONC", async () => {
    for (const documents of ["ord/*.json", "**/*.json\n**/*.jsonc"]) {
      resetCore({ "github-token": "ghs_memory", documents });
      await runOn(pullRequestRepo(examples()));
      expect(messages("warning").filter((m) => m.includes("documents glob"))).toEqual([]);
    }
  });
});

describe("settings", () => {
  it("without a config input, the config is found at the CLI's default path in the base commit; the head's version waits until merged", async () => {
    const config = DEFAULT_CONFIG_PATHS[0]!;
    const repo = pullRequestRepo(
      examples((files) => {
        files[config] = { base: "fail-on: never\n", head: "fail-on: notice\n" };
      }),
    );
    const result = await runOn(repo);
    expect(result.inputs.config).toBeUndefined();
    expect(result.outputs).toMatchObject({ verdict: "pass", errors: "2" });
    expect(messages("notice")).toContain(
      `${config} differs in this pull request; the check uses the base commit's version until it is merged.`,
    );
  });

  it("a config mistake is reported with file, line and column, as the CLI reports it", async () => {
    const config = DEFAULT_CONFIG_PATHS[0]!;
    const text = "scope: changed\nfial-on: warning\n";
    const repo = pullRequestRepo(
      examples((files) => {
        files[config] = { base: text, head: text };
      }),
    );
    const result = await runOn(repo);
    expect(result.failed).toContain(
      `${config}:2:1: unknown key "fial-on"; did you mean "fail-on"?`,
    );
    // A YAML syntax error too, on its first line only (the rest quotes the file).
    resetCore({ "github-token": "ghs_memory" });
    const broken = pullRequestRepo(
      examples((files) => {
        files[config] = { base: "rules: [\n", head: "rules: [\n" };
      }),
    );
    const syntax = await runOn(broken);
    expect(syntax.failed).toMatch(new RegExp(`cannot read config ${config}:\\d+:\\d+: `));
    expect(syntax.failed).not.toContain("rules: [");
  });

  it("the log names the config file used, or says the defaults apply", async () => {
    const config = DEFAULT_CONFIG_PATHS[1]!;
    const repo = pullRequestRepo(
      examples((files) => {
        files[config] = { base: "fail-on: never\n", head: "fail-on: never\n" };
      }),
    );
    await runOn(repo);
    expect(messages("info")).toContainEqual(
      expect.stringMatching(new RegExp(`^Config: ${config} `)),
    );

    resetCore({ "github-token": "ghs_memory" });
    await runOn(pullRequestRepo(examples()));
    expect(messages("info")).toContainEqual(
      expect.stringMatching(/^Config: none in the base commit .*; the defaults apply/),
    );
  });

  it("the summary comment keeps the key it had when config had a default in action.yml", async () => {
    const repo = pullRequestRepo(examples());
    await runOn(repo);
    // sha256 of the former default config path and the default documents globs.
    const identity = ".github/ord-version-guard.yml\n**/*.json\n**/*.jsonc";
    const key = createHash("sha256").update(identity).digest("hex").slice(0, 12);
    expect(repo.host.issueComments[0]!.body.split("\n")[0]).toBe(
      `<!-- ord-version-guard:summary:${key} -->`,
    );
  });
});

describe("events without a pull request to comment on (issue 13 item 3)", () => {
  const mergeGroup = (repo: ReturnType<typeof pullRequestRepo>) => ({
    merge_group: {
      base_sha: repo.baseSha,
      head_sha: repo.headSha,
      head_ref: `refs/heads/gh-readonly-queue/main/pr-7-${repo.headSha}`,
    },
  });

  it("merge_group compares base_sha with head_sha and writes nothing on a pull request", async () => {
    const repo = pullRequestRepo(examples());
    const result = await runEvent(repo, "merge_group", mergeGroup(repo));
    expect(result.failed).toMatch(/^ORD version check failed .*: 2 errors/);
    expect(result.summary).toContain("## ORD version check: ❌ fail");
    expect(result.logged.filter((l) => l.properties?.file).length).toBeGreaterThan(0);
    // Only the queued pull request's approval label is read; nothing is written.
    expect(repo.host.setup?.pullNumber).toBe(7);
    expect(new Set(repo.host.calls)).toEqual(new Set(["labels"]));
  });

  it("merge_group: the queued pull request's approval label approves, when added after its last push", async () => {
    const repo = pullRequestRepo(examples());
    repo.host.labelsNow = [LABEL];
    repo.host.labelEvents = [{ label: LABEL, at: "2026-11-20T12:00:00Z" }];
    repo.host.headPushedAt = "2026-11-20T11:00:00Z";
    const result = await runEvent(repo, "merge_group", mergeGroup(repo));
    expect(result.outputs).toMatchObject({ errors: "1", warnings: "2" });
  });

  it("merge_group with SHAs that are no commit SHAs runs nothing", async () => {
    const repo = pullRequestRepo(examples());
    const payload = { merge_group: { base_sha: "--upload-pack=x", head_sha: repo.headSha } };
    const result = await runEvent(repo, "merge_group", payload);
    expect(result.failed).toBe("the base_sha of the merge_group event is not a commit SHA");
    expect(result.outputs).toEqual({});
  });

  it("push: an audit of every entity against the commit before, without comments", async () => {
    // A document the push leaves untouched, whose version is invalid: only an audit judges it.
    const legacy = `${JSON.stringify(doc({ apiResources: [api("legacy", { version: "one" })] }))}\n`;
    const repo = pullRequestRepo(
      examples((files) => void (files["ord/legacy.json"] = { base: legacy, head: legacy })),
    );
    await runOn(repo);
    const rules = () => reportFile().findings.map((f) => f.ruleId);
    expect(rules()).not.toContain("version-invalid");
    repo.host.calls = [];
    const result = await runEvent(repo, "push", { before: repo.baseSha, after: repo.headSha });
    expect(rules()).toContain("version-invalid");
    expect(result.summary).toContain("## ORD version check: ❌ fail");
    expect(repo.host.calls).toEqual([]);
    expect(result.failed).toMatch(/^ORD version check failed/);
  });

  it("push that creates a branch (before is zeros): the commit is audited against itself", async () => {
    const repo = pullRequestRepo(unchanged());
    const result = await runEvent(repo, "push", { before: "0".repeat(40), after: repo.headSha });
    expect(result.failed, result.failed).toBeUndefined();
    expect(result.outputs.verdict).toBe("pass");
  });
});
