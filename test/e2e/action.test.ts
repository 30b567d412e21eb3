/**
 * End-to-end tests of the bundled Action: `dist/index.js` runs as a child process with the
 * variables a GitHub runner sets, against the stateful GitHub stand-in (test/e2e/github), which
 * validates every request against GitHub's REST description and rejects review comments outside
 * the diff with 422. Run `npm run build` after changing src/: these tests run the bundle.
 *
 * The tests run concurrently (each with its own stand-in and temp repository): most of a run's
 * time is Octokit's throttling, which spaces notification-triggering writes (a review, a new
 * comment) by 3 s, and the retry waits of the fault cases.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it as vitestIt, type ExpectStatic } from "vitest";
import { DEFAULT_TOKEN, diffLines, type PullRequest, type StandIn } from "./github/server.js";
import {
  ACTION,
  cleanUp,
  exampleFiles,
  openPullRequest,
  pushToPullRequest,
  type RepoFile,
  runAction,
  type RunOptions,
  type RunResult,
  withGitHub,
} from "./action-harness.js";

const it = vitestIt.concurrent;
const DOC = "ord/document.json";
const APPROVAL_LABEL = "ord-breaking-change-approved";
const STICKY = /^<!-- ord-version-guard:summary:([0-9a-f]+) -->/;
const FINDING = /<!-- ord-version-guard:finding:[0-9a-f]{16} -->/;
const RESOLVED = /^✅ \*\*Resolved\*\*/;

afterAll(cleanUp);

if (!existsSync(ACTION)) throw new Error(`${ACTION} is missing: run npm run build first`);

/** Runs the Action and checks what every run must do: never print the token. */
async function run(
  expect: ExpectStatic,
  options: RunOptions,
): Promise<RunResult & { requests: StandIn["requests"] }> {
  const first = options.gh.requests.length;
  const result = await runAction(options);
  const token = options.token ?? DEFAULT_TOKEN;
  // The one place the token may appear is the runner's masking command, which the runner
  // consumes (it never reaches the log).
  const stdout = result.stdout
    .split("\n")
    .filter((line) => line !== `::add-mask::${token}`)
    .join("\n");
  expect(stdout).not.toContain(token);
  expect(result.stderr).not.toContain(token);
  expect(result.stderr).toBe("");
  return { ...result, requests: options.gh.requests.slice(first) };
}

const operations = (requests: StandIn["requests"]) =>
  requests.map((r) => `${r.status} ${r.operationId ?? r.path}`);
const writesOf = (requests: StandIn["requests"]) =>
  requests.filter((r) => r.method !== "GET").map((r) => `${r.status} ${r.operationId}`);

/** The right-side lines a review comment may use in the pull request's current diff. */
function commentable(pull: PullRequest, file: string): number[] {
  const patch = pull.files.find((f) => f.filename === file)?.patch;
  return patch ? diffLines(patch).right : [];
}

/** Our sticky summary comments on the pull request, as the stand-in holds them. */
const stickies = (gh: StandIn) => gh.state.issueComments.filter((c) => STICKY.test(c.body));

/** Rule of one of our review comments (from its rule link). */
const ruleOf = (body: string) => /\[`([a-z-]+)`\]/.exec(body)?.[1];

function lineOf(text: string, line: number): string {
  return text.split("\n")[line - 1] ?? "";
}

/** Findings of the JSON report the run wrote. */
function reportOf(result: RunResult): {
  verdict: string;
  summary: { errors: number; warnings: number; notices: number };
  findings: {
    ruleId: string;
    severity: string;
    location?: { file: string; line: number; base?: string };
  }[];
} {
  const file = result.outputs.report ?? "";
  expect(path.dirname(file)).toBe(result.runnerTemp);
  return JSON.parse(readFileSync(file, "utf8")) as ReturnType<typeof reportOf>;
}

/** Replaces exactly one occurrence (a test fixture edit that must hit). */
function replaceOnce(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`"${from}" is not unique`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** The examples with one edit of the head document (e.g. the too-small version fixed). */
function examplesWith(edit: (head: string) => string, under = ""): RepoFile[] {
  const doc = under ? `${under}/${DOC}` : DOC;
  return exampleFiles(under).map((f) =>
    f.filename === doc && f.head !== null ? { ...f, head: edit(f.head) } : f,
  );
}

/** The examples' base on both sides, except the head document made by `edit` from the base. */
function baseWith(edit: (base: string) => string): RepoFile[] {
  return exampleFiles().map((f) => ({
    ...f,
    head: f.filename === DOC && f.base !== null ? edit(f.base) : f.base,
  }));
}

const fixAstronomy = (text: string) =>
  replaceOnce(text, '"version": "1.2.4"', '"version": "1.3.0"');

// Up to four runs per test, with throttling's waits: more than the default 30 s on a busy machine.
describe(
  "the bundled Action (dist/index.js) against the GitHub stand-in",
  // From source (OVG_E2E_SOURCE=1), tsx compiles on every run's start.
  { timeout: process.env.OVG_E2E_SOURCE === "1" ? 300_000 : 90_000 },
  () => {
    it("first run: one review with comments on diff lines and a version suggestion, one sticky comment, job summary, outputs, exit 1", async ({
      expect,
    }) => {
      await withGitHub(expect, async (gh) => {
        const { workspace, pull } = openPullRequest(gh, exampleFiles());
        const result = await run(expect, { gh, workspace, pull });

        expect(result.exitCode).toBe(1);
        // One review and one comment: the whole publication is two writes.
        expect(writesOf(result.requests)).toEqual([
          "200 pulls/create-review",
          "201 issues/create-comment",
        ]);
        const reviewRequest = result.requests.find((r) => r.operationId === "pulls/create-review");
        expect(reviewRequest?.body).toMatchObject({ event: "COMMENT", commit_id: pull.head.sha });
        expect(gh.state.reviews).toHaveLength(1);
        expect(gh.state.reviews[0]?.state).toBe("COMMENTED");

        // Inline comments only on lines of the diff: head lines on the RIGHT; the breaking
        // change (an entry point removed) on its removed line of the base, on the LEFT.
        const comments = gh.state.reviewComments;
        const lines = commentable(pull, DOC);
        expect(comments.map((c) => [c.path, c.line, c.side, ruleOf(c.body)])).toEqual([
          [DOC, 201, "LEFT", "breaking-change-without-new-major"],
          [DOC, 133, "RIGHT", "version-increment-too-small"],
          [DOC, 183, "RIGHT", "major-version-mismatch"],
        ]);
        const patch = pull.files.find((f) => f.filename === DOC)?.patch ?? "";
        for (const c of comments) {
          expect(c.side === "LEFT" ? diffLines(patch).left : lines).toContain(c.line);
        }
        const baseDoc = exampleFiles().find((f) => f.filename === DOC)?.base ?? "";
        expect(lineOf(baseDoc, 201)).toContain("/legacy/telescopes/v1");
        for (const c of comments) expect(c.body).toMatch(FINDING);
        // The version line gets a one-click fix: the same line with the suggested version.
        const versionLine = lineOf(workspace.head(DOC), 133);
        expect(versionLine).toBe('      "version": "1.2.4",');
        expect(comments[1]?.body).toContain(
          `\`\`\`suggestion\n${versionLine.replace("1.2.4", "1.3.0")}\n\`\`\``,
        );
        expect(comments[0]?.body).not.toContain("```suggestion");
        expect(comments[2]?.body).not.toContain("```suggestion");

        // Exactly one sticky comment, with the verdict, the entity table and every finding.
        const [sticky, ...more] = stickies(gh);
        expect(more).toEqual([]);
        expect(gh.state.issueComments).toHaveLength(1);
        expect(sticky?.body).toContain("## ORD version check: ❌ fail");
        expect(sticky?.body).toContain(
          "| `sap.xref:apiResource:astronomy:v1` | 1.2.3 → 1.2.4 | changed | additive | minor | patch |",
        );
        expect(sticky?.body).toContain("suggested version `1.3.0`");
        expect(sticky?.body).toMatch(/breaking-change-without-new-major.*ord\/document\.json:201/);

        // The job summary holds the same report.
        expect(result.summary).toContain("## ORD version check: ❌ fail");
        expect(result.summary).toMatch(
          /breaking-change-without-new-major.*ord\/document\.json:201/,
        );
        expect(result.summary).not.toMatch(STICKY);

        // Outputs, and the report file they point at.
        expect(result.outputs).toMatchObject({
          verdict: "fail",
          errors: "2",
          warnings: "1",
          notices: "0",
        });
        const report = reportOf(result);
        expect(report.verdict).toBe("fail");
        expect(report.summary).toMatchObject({ errors: 2, warnings: 1, notices: 0 });
        expect(report.findings.map((f) => f.ruleId).sort()).toEqual([
          "breaking-change-without-new-major",
          "major-version-mismatch",
          "version-increment-too-small",
        ]);

        // Annotations with file and line on head lines; a base line is named in the message
        // (an annotation's file is a head file). The failure message names the counts.
        expect(
          result.commands
            .filter((c) => c.command === "error" && c.properties.file)
            .map((c) => [c.properties.file, c.properties.line]),
        ).toEqual([[DOC, "133"]]);
        const removal = result.commands.find((c) =>
          c.properties.title?.startsWith("breaking-change-without-new-major"),
        );
        expect(removal?.message).toContain(`${pull.base.sha.slice(0, 7)}:${DOC}:201)`);
        expect(result.commands.at(-1)).toMatchObject({
          command: "error",
          message: "ORD version check failed (fail-on: error): 2 errors, 1 warning, 0 notices",
        });

        // The debug log tells where the time went: the check's steps, then the outputs and
        // GitHub's share (the review and the summary comment).
        const timing = result.commands.filter(
          (c) => c.command === "debug" && c.message.startsWith("timing (ms):"),
        );
        expect(timing.map((c) => c.message)).toEqual([
          expect.stringMatching(
            /^timing \(ms\): start \d+ · load \d+ · compare \d+ · judge \d+ · report \d+ · output \d+ · publish \d+ · total \d+$/,
          ),
        ]);
      });
    });

    it("second and third runs after a push: the sticky comment is updated in place, nothing is repeated, the fixed finding's comment is resolved", async ({
      expect,
    }) => {
      await withGitHub(expect, async (gh) => {
        const { workspace, pull } = openPullRequest(gh, exampleFiles());
        const first = await run(expect, { gh, workspace, pull });
        expect(first.exitCode).toBe(1);
        const [sticky] = stickies(gh);
        const firstComments = gh.state.reviewComments.map((c) => ({ ...c }));
        expect(firstComments.map((c) => ruleOf(c.body))).toEqual([
          "breaking-change-without-new-major",
          "version-increment-too-small",
          "major-version-mismatch",
        ]);

        // The push fixes the too-small version; the breaking change stays.
        pushToPullRequest(gh, workspace, pull, { [DOC]: fixAstronomy(workspace.head(DOC)) });
        const second = await run(expect, { gh, workspace, pull });
        expect(second.exitCode).toBe(1);
        expect(second.outputs).toMatchObject({ verdict: "fail", errors: "1", warnings: "1" });
        // No new review (nothing new on changed lines); one resolution; the sticky updated.
        expect(writesOf(second.requests)).toEqual([
          "200 pulls/update-review-comment",
          "200 issues/update-comment",
        ]);
        expect(gh.state.reviews).toHaveLength(1);
        expect(stickies(gh).map((c) => c.id)).toEqual([sticky?.id]);
        expect(stickies(gh)[0]?.body).toContain("1 error, 1 warning");
        expect(stickies(gh)[0]?.body).not.toContain("version-increment-too-small");

        const after = gh.state.reviewComments;
        expect(after.map((c) => c.id)).toEqual(firstComments.map((c) => c.id));
        const [removal, fixed, kept] = after;
        expect(fixed?.body).toMatch(RESOLVED);
        expect(fixed?.body).toContain(`as of ${pull.head.sha.slice(0, 7)}`);
        expect(fixed?.body).not.toMatch(FINDING);
        // A resolved comment no longer offers its (now stale) one-click suggestion.
        expect(fixed?.body).not.toContain("```suggestion");
        expect(fixed?.body).toContain("version-increment-too-small");
        expect(kept?.body).toBe(firstComments[2]?.body);
        // The comment on the removed line stays as it was (its finding stays).
        expect(removal?.body).toBe(firstComments[0]?.body);
        expect(removal).toMatchObject({ side: "LEFT", line: 201 });

        // A third run on the same commit changes nothing on the pull request.
        const third = await run(expect, { gh, workspace, pull });
        expect(third.exitCode).toBe(1);
        expect(writesOf(third.requests)).toEqual([]);
        expect(stickies(gh)).toHaveLength(1);
        expect(gh.state.reviewComments).toHaveLength(3);
        expect(gh.state.reviews).toHaveLength(1);
      });
    });

    it("a fork's read-only token: writes get 403, the job summary and outputs stand, a notice names the permission, same verdict and exit code", async ({
      expect,
    }) => {
      await withGitHub(expect, async (gh) => {
        const forkToken = "ghs_fork_read_only_token_0123456789";
        gh.state.tokens[forkToken] = { login: "github-actions[bot]", type: "Bot", readOnly: true };
        const { workspace, pull } = openPullRequest(gh, exampleFiles(), { headOwner: "forker" });

        const fork = await run(expect, { gh, workspace, pull, token: forkToken });
        expect(writesOf(fork.requests)).toEqual([
          "403 pulls/create-review",
          "403 issues/create-comment",
        ]);
        expect(gh.state.reviews).toEqual([]);
        expect(gh.state.issueComments).toEqual([]);
        expect(fork.summary).toContain("## ORD version check: ❌ fail");
        expect(fork.summary).toContain("version-increment-too-small");
        const notices = fork.commands.filter((c) => c.command === "notice");
        expect(notices.length).toBeGreaterThan(0);
        for (const n of notices) expect(n.message).toContain("pull-requests: write");
        // A permission problem is expected on forks: no warning about GitHub failures.
        expect(fork.commands.filter((c) => c.command === "warning" && !c.properties.file)).toEqual(
          [],
        );

        // The same pull request with a write token: the same verdict, counts and exit code.
        const write = await run(expect, { gh, workspace, pull });
        expect(fork.exitCode).toBe(1);
        expect(write.exitCode).toBe(fork.exitCode);
        const counts = (r: RunResult) => ({ ...r.outputs, report: undefined });
        expect(counts(fork)).toEqual(counts(write));
        expect(reportOf(fork).findings).toEqual(reportOf(write).findings);
      });
    });

    it("a 502 on the review and a secondary rate limit on listing comments are retried; the run completes", async ({
      expect,
    }) => {
      await withGitHub(expect, async (gh) => {
        const { workspace, pull } = openPullRequest(gh, exampleFiles());
        gh.faults.serverError({ operationId: "pulls/create-review" });
        gh.faults.secondaryRateLimit({ operationId: "issues/list-comments" }, 1);

        const result = await run(expect, { gh, workspace, pull });
        expect(result.exitCode).toBe(1);
        expect(gh.faults.pending).toEqual([]);
        expect(gh.faults.fired.map((f) => f.fault.status)).toEqual([502, 403]);
        expect(operations(result.requests)).toEqual([
          "200 pulls/list-files",
          "200 pulls/get",
          "200 issues/list-labels-on-issue",
          "200 pulls/list-review-comments",
          "502 pulls/create-review",
          // Not retried blindly: GitHub may have stored it (issue 12, item 16).
          "200 pulls/list-reviews",
          "200 pulls/create-review",
          "403 issues/list-comments",
          "200 issues/list-comments",
          "201 issues/create-comment",
        ]);
        expect(gh.state.reviews).toHaveLength(1);
        expect(gh.state.reviewComments).toHaveLength(3);
        expect(stickies(gh)).toHaveLength(1);
        // retry-after is honoured: the client waits the 1 s the stand-in asked for, then sends the
        // same request again before anything else (the order above), once per failure.
        expect(result.stdout).toMatch(/secondary rate limit on GET \S+; retrying in 1s/);
        expect(result.stdout).not.toContain("not retrying");
        // Retries are not failures: no warning about GitHub.
        expect(
          result.commands.filter((c) => c.command === "warning" && !c.properties.file),
        ).toEqual([]);
      });
    });

    it("a finding on a line outside the diff goes to the summary, not inline; the review is accepted", async ({
      expect,
    }) => {
      await withGitHub(expect, async (gh) => {
        // An entry point added to constellations without a version increment (reported on the
        // version line, far from the change) and a decreased telescopes version (on a changed line).
        const files = baseWith((base) =>
          replaceOnce(
            replaceOnce(
              base,
              '"/constellations/v1"\n',
              '"/constellations/v1",\n        "/constellations/boundaries/v1"\n',
            ),
            '"version": "1.4.0"',
            '"version": "1.3.9"',
          ),
        );
        const { workspace, pull } = openPullRequest(gh, files);
        const result = await run(expect, { gh, workspace, pull });
        expect(result.exitCode).toBe(1);

        const report = reportOf(result);
        const outside = report.findings.find((f) => f.ruleId === "version-not-incremented");
        expect(outside?.location).toMatchObject({ file: DOC, line: 79 });
        const lines = commentable(pull, DOC);
        expect(lines).not.toContain(79);
        expect(lines).toContain(177);

        const review = result.requests.filter((r) => r.operationId === "pulls/create-review");
        expect(review.map((r) => r.status)).toEqual([200]);
        expect(result.requests.filter((r) => r.status === 422)).toEqual([]);
        const comments = gh.state.reviewComments;
        expect(comments.length).toBeGreaterThan(0);
        for (const c of comments) expect(lines).toContain(c.line);
        expect(comments.map((c) => ruleOf(c.body))).not.toContain("version-not-incremented");
        const decreased = comments.find((c) => ruleOf(c.body) === "version-decreased");
        expect(decreased?.line).toBe(177);
        expect(decreased?.body).toContain('```suggestion\n      "version": "1.4.0",\n```');

        const [sticky] = stickies(gh);
        expect(sticky?.body).toMatch(/version-not-incremented.*ord\/document\.json:79/);
        expect(result.summary).toMatch(/version-not-incremented.*ord\/document\.json:79/);
      });
    });

    it("a removed entity is reported where it was (the base) and commented on the diff's left side, never on the head line of the same number", async ({
      expect,
    }) => {
      await withGitHub(expect, async (gh) => {
        const files = baseWith((base) => {
          const doc = JSON.parse(base) as { apiResources: { ordId: string }[] };
          doc.apiResources = doc.apiResources.filter(
            (r) => r.ordId !== "sap.xref:apiResource:telescopes:v1",
          );
          return `${JSON.stringify(doc, null, 2)}\n`;
        });
        const { workspace, pull } = openPullRequest(gh, files);
        const result = await run(expect, { gh, workspace, pull });
        expect(result.exitCode).toBe(1);

        const report = reportOf(result);
        const removed = report.findings.filter((f) => f.ruleId.startsWith("entity-removed"));
        expect(removed.map((f) => f.ruleId).sort()).toEqual([
          "entity-removed-without-deprecation",
          "entity-removed-without-tombstone",
        ]);
        // Located in the base document (line 172 there is the removed entity's ORD ID); in head,
        // line 172 is another entity's ORD ID and part of the diff's context.
        const baseLine = lineOf(files.find((f) => f.filename === DOC)?.base ?? "", 172);
        expect(baseLine).toContain("sap.xref:apiResource:telescopes:v1");
        expect(lineOf(workspace.head(DOC), 172)).toContain("sap.xref:apiResource:orbits:v1");
        expect(commentable(pull, DOC)).toContain(172);
        // The report names the place as the CLI does: the path, in the base commit.
        for (const f of removed)
          expect(f.location).toMatchObject({ file: DOC, line: 172, base: pull.base.sha });
        // So the comments go on the removed line, on the LEFT (issue 13 item 4), never on the
        // head's line 172 (another entity); no annotation on the head file's line either.
        expect(
          gh.state.reviewComments.map((c) => [c.path, c.line, c.side, ruleOf(c.body)]),
        ).toEqual([
          [DOC, 172, "LEFT", "entity-removed-without-deprecation"],
          [DOC, 172, "LEFT", "entity-removed-without-tombstone"],
        ]);
        expect(result.commands.filter((c) => c.properties.file === DOC)).toEqual([]);
        expect(stickies(gh)[0]?.body).toContain("entity-removed-without-tombstone");
      });
    });

    // Issue 13 item 4: a removal is commented where reviewers look, on its removed line.
    it("a removed API operation: the review comments on its removed line, on the diff's left side; a re-run repeats nothing", async ({
      expect,
    }) => {
      await withGitHub(expect, async (gh) => {
        const definition = "definitions/astronomy-v1.oas3.json";
        const removeOperation = (text: string): string => {
          const openapi = JSON.parse(text) as { paths: Record<string, unknown> };
          delete openapi.paths["/celestial-bodies/{id}"];
          return `${JSON.stringify(openapi, null, 2)}\n`;
        };
        // Nothing else changes: the API's ORD ID and version lines are not in the diff.
        const files = exampleFiles().map((f) => ({
          ...f,
          head: f.filename === definition && f.base !== null ? removeOperation(f.base) : f.base,
        }));
        const { workspace, pull } = openPullRequest(gh, files);
        const first = await run(expect, { gh, workspace, pull });
        expect(first.exitCode).toBe(1);

        const breaking = reportOf(first).findings.find(
          (f) => f.ruleId === "breaking-change-without-new-major",
        );
        expect(breaking?.location).toMatchObject({ file: definition, base: pull.base.sha });
        const line = breaking!.location!.line;
        const baseText = files.find((f) => f.filename === definition)!.base!;
        // The removed operation's line: `get` under its path.
        expect(lineOf(baseText, line).trim()).toBe('"get": {');
        expect(lineOf(baseText, line - 1)).toContain('"/celestial-bodies/{id}"');
        const patch = pull.files.find((f) => f.filename === definition)?.patch ?? "";
        expect(diffLines(patch).left).toContain(line);

        // One comment, on the left side of the definition's diff; the stand-in accepted it.
        expect(first.requests.filter((r) => r.status === 422)).toEqual([]);
        const comments = gh.state.reviewComments;
        expect(comments.map((c) => [c.path, c.line, c.side, ruleOf(c.body)])).toEqual([
          [definition, line, "LEFT", "breaking-change-without-new-major"],
        ]);
        expect(comments[0]?.body).toContain("GET /celestial-bodies/\\{id\\}: removed");
        expect(comments[0]?.body).not.toContain("```suggestion");
        // The version finding's line (the head document) is not in the diff: summary only.
        expect(reportOf(first).findings.map((f) => f.ruleId)).toContain("version-not-incremented");
        expect(stickies(gh)[0]?.body).toContain("version-not-incremented");
        // The annotation names the base line instead of pointing at a head file.
        const annotation = first.commands.find((c) =>
          c.properties.title?.startsWith("breaking-change-without-new-major"),
        );
        expect(annotation?.properties.file).toBeUndefined();
        expect(annotation?.message).toContain(`${definition}:${line})`);

        // The same commit again: the comment is known by its fingerprint, nothing is written.
        const second = await run(expect, { gh, workspace, pull });
        expect(second.exitCode).toBe(1);
        expect(writesOf(second.requests)).toEqual([]);
        expect(gh.state.reviewComments).toHaveLength(1);
      });
    });

    it("the approval label, read from the API although the event payload lacks it, turns the breaking change into a warning: exit 0", async ({
      expect,
    }) => {
      await withGitHub(expect, async (gh) => {
        // Only the breaking change is left as an error.
        const { workspace, pull } = openPullRequest(gh, examplesWith(fixAstronomy));
        const unapproved = await run(expect, { gh, workspace, pull });
        expect(unapproved.exitCode).toBe(1);
        expect(unapproved.outputs).toMatchObject({ verdict: "fail", errors: "1" });

        // Someone adds the label (after the last push: it approves this head); the re-run's
        // payload is the old one (no labels).
        const pushed = Date.parse(gh.state.pushedAt[pull.head.owner]!);
        gh.state.now = () => new Date(pushed + 60_000);
        gh.state.addLabel(pull.number, APPROVAL_LABEL);
        const approved = await run(expect, { gh, workspace, pull, eventLabels: [] });
        expect(approved.exitCode).toBe(0);
        expect(approved.outputs).toMatchObject({ verdict: "pass", errors: "0", warnings: "2" });
        const finding = reportOf(approved).findings.find(
          (f) => f.ruleId === "breaking-change-without-new-major",
        );
        expect(finding?.severity).toBe("warning");
        const note = `The label \`${APPROVAL_LABEL}\` approves breaking changes`;
        expect(approved.summary).toContain("## ORD version check: ✅ pass");
        expect(approved.summary).toContain(note);
        const [sticky, ...more] = stickies(gh);
        expect(more).toEqual([]);
        expect(sticky?.body).toContain("## ORD version check: ✅ pass");
        expect(sticky?.body).toContain(note);
        expect(
          approved.commands.find(
            (c) => c.properties.title?.startsWith("breaking-change-without-new-major") === true,
          )?.command,
        ).toBe("warning");
        expect(approved.commands.filter((c) => c.command === "error")).toEqual([]);
      });
    });

    // Issue 12 item 9. Was a bug: action.yml gave `fail-on` the default `error`, so the runner
    // always passed that input and the config's `fail-on` never took effect.
    it("fail-on: warning in the config fails a run with only warnings; an explicit fail-on input still wins", async ({
      expect,
    }) => {
      await withGitHub(expect, async (gh) => {
        const config = "fail-on: warning\n";
        const files: RepoFile[] = [
          ...examplesWith(fixAstronomy),
          { filename: ".github/ord-version-guard.yml", base: config, head: config },
        ];
        // Approved after the last push: the breaking change is a warning too, so only warnings
        // are left.
        const { workspace, pull } = openPullRequest(gh, files);
        const pushed = Date.parse(gh.state.pushedAt[pull.head.owner]!);
        gh.state.now = () => new Date(pushed + 60_000);
        gh.state.addLabel(pull.number, APPROVAL_LABEL);
        const strict = await run(expect, { gh, workspace, pull });
        expect(strict.outputs).toMatchObject({ verdict: "fail", errors: "0", warnings: "2" });
        expect(reportOf(strict)).toMatchObject({ failOn: "warning" });
        expect(strict.exitCode).toBe(1);

        const explicit = await run(expect, { gh, workspace, pull, with: { "fail-on": "error" } });
        expect(explicit.outputs).toMatchObject({ verdict: "pass", errors: "0", warnings: "2" });
        expect(explicit.exitCode).toBe(0);
      });
    });

    it("a monorepo with two configs: two sticky comments, each kept by its own job", async ({
      expect,
    }) => {
      await withGitHub(expect, async (gh) => {
        const config = (text: string, name: string): RepoFile => ({
          filename: `.github/${name}`,
          base: text,
          head: text,
        });
        const files = [
          ...exampleFiles("services/a"),
          ...exampleFiles("services/b"),
          config("fail-on: error\n", "ord-a.yml"),
          config("rules:\n  major-version-mismatch: off\n", "ord-b.yml"),
        ];
        const { workspace, pull } = openPullRequest(gh, files);
        const jobA = { config: ".github/ord-a.yml", documents: "services/a/**/*.json" };
        const jobB = { config: ".github/ord-b.yml", documents: "services/b/**/*.json" };

        const a1 = await run(expect, { gh, workspace, pull, with: jobA });
        const b1 = await run(expect, { gh, workspace, pull, with: jobB });
        expect([a1.exitCode, b1.exitCode]).toEqual([1, 1]);
        expect(a1.outputs).toMatchObject({ errors: "2", warnings: "1" });
        expect(b1.outputs).toMatchObject({ errors: "2", warnings: "0" });
        const first = stickies(gh);
        expect(first).toHaveLength(2);
        const [keyA, keyB] = first.map((c) => STICKY.exec(c.body)?.[1]);
        expect(keyA).not.toBe(keyB);
        expect(first[0]?.body).toContain("services/a/ord/document.json");
        expect(first[0]?.body).not.toContain("services/b/");
        expect(first[1]?.body).toContain("services/b/ord/document.json");
        expect(first[1]?.body).not.toContain("services/a/");
        // Each job commented on its own files; neither resolved the other's comments.
        expect(gh.state.reviewComments.map((c) => [c.path, c.line, RESOLVED.test(c.body)])).toEqual(
          [
            ["services/a/ord/document.json", 201, false],
            ["services/a/ord/document.json", 133, false],
            ["services/a/ord/document.json", 183, false],
            ["services/b/ord/document.json", 201, false],
            ["services/b/ord/document.json", 133, false],
          ],
        );

        // A push fixes service a's version; both jobs run again.
        pushToPullRequest(gh, workspace, pull, {
          "services/a/ord/document.json": fixAstronomy(
            workspace.head("services/a/ord/document.json"),
          ),
        });
        const a2 = await run(expect, { gh, workspace, pull, with: jobA });
        const b2 = await run(expect, { gh, workspace, pull, with: jobB });
        expect(a2.outputs).toMatchObject({ errors: "1" });
        expect(b2.outputs).toMatchObject({ errors: "2" });
        expect(writesOf(a2.requests)).toEqual([
          "200 pulls/update-review-comment",
          "200 issues/update-comment",
        ]);
        // Job b's report did not change: nothing to write.
        expect(writesOf(b2.requests)).toEqual([]);
        const second = stickies(gh);
        expect(second.map((c) => c.id)).toEqual(first.map((c) => c.id));
        expect(second[0]?.body).toContain("1 error");
        expect(second[1]?.body).toBe(first[1]?.body);
        expect(gh.state.reviewComments.map((c) => [c.path, c.line, RESOLVED.test(c.body)])).toEqual(
          [
            ["services/a/ord/document.json", 201, false],
            ["services/a/ord/document.json", null, true],
            ["services/a/ord/document.json", 183, false],
            ["services/b/ord/document.json", 201, false],
            ["services/b/ord/document.json", 133, false],
          ],
        );
      });
    });

    it("a pull request without ORD changes finishes at once: no ORD changes, exit 0, nothing written", async ({
      expect,
    }) => {
      await withGitHub(expect, async (gh) => {
        const files: RepoFile[] = [
          ...exampleFiles().map((f) => ({ ...f, head: f.base })),
          { filename: "README.md", base: "# Astronomy\n", head: "# Astronomy Explorer\n" },
        ];
        const { workspace, pull } = openPullRequest(gh, files);
        expect(pull.files.map((f) => f.filename)).toEqual(["README.md"]);
        const result = await run(expect, { gh, workspace, pull });
        expect(result.exitCode).toBe(0);
        expect(result.stdout).toContain("No ORD changes");
        expect(result.summary).toContain("No ORD changes");
        expect(result.outputs).toMatchObject({ verdict: "pass", errors: "0" });
        expect(writesOf(result.requests)).toEqual([]);
        expect(gh.state.reviews).toEqual([]);
        expect(gh.state.issueComments).toEqual([]);
      });
    });

    it("writing the outputs fails (GITHUB_OUTPUT is a folder): the step fails saying why, nothing is published, and the debug log still tells the steps that ran", async ({
      expect,
    }) => {
      await withGitHub(expect, async (gh) => {
        const { workspace, pull } = openPullRequest(gh, exampleFiles());
        const result = await run(expect, {
          gh,
          workspace,
          pull,
          env: { GITHUB_OUTPUT: workspace.dir },
        });
        expect(result.exitCode).toBe(1);
        const failure = result.commands.at(-1);
        expect(failure?.command).toBe("error");
        expect(failure?.message).toContain("EISDIR");
        expect(writesOf(result.requests)).toEqual([]);
        const timing = result.commands.filter(
          (c) => c.command === "debug" && c.message.startsWith("timing (ms):"),
        );
        expect(timing.map((c) => c.message)).toEqual([
          expect.stringMatching(
            /^timing \(ms\): start \d+ · load \d+ · compare \d+ · judge \d+ · report \d+ · output \d+ · total \d+$/,
          ),
        ]);
      });
    });

    it("a push that takes the ORD changes out again: no ORD changes, and the earlier summary comment and review comments are brought up to date", async ({
      expect,
    }) => {
      await withGitHub(expect, async (gh) => {
        const files = exampleFiles();
        const { workspace, pull } = openPullRequest(gh, files);
        const first = await run(expect, { gh, workspace, pull });
        expect(first.exitCode).toBe(1);
        const [sticky] = stickies(gh);

        pushToPullRequest(gh, workspace, pull, {
          ...Object.fromEntries(files.map((f) => [f.filename, f.base])),
          "README.md": "# Astronomy Explorer\n",
        });
        expect(pull.files.map((f) => f.filename)).toEqual(["README.md"]);
        const second = await run(expect, { gh, workspace, pull });
        expect(second.exitCode).toBe(0);
        expect(second.stdout).toContain("No ORD changes");
        expect(writesOf(second.requests)).toEqual([
          "200 pulls/update-review-comment",
          "200 pulls/update-review-comment",
          "200 pulls/update-review-comment",
          "200 issues/update-comment",
        ]);
        expect(gh.state.reviewComments.every((c) => RESOLVED.test(c.body))).toBe(true);
        expect(stickies(gh).map((c) => c.id)).toEqual([sticky?.id]);
        expect(stickies(gh)[0]?.body).toContain("## ORD version check: ✅ pass");
        expect(stickies(gh)[0]?.body).toContain("No ORD changes in this pull request.");
        expect(gh.state.reviews).toHaveLength(1);
      });
    });

    it("a spent primary rate limit: no wait for the reset an hour away; the findings are in the job summary, with a warning (not the fork notice)", async ({
      expect,
    }) => {
      await withGitHub(expect, async (gh) => {
        const { workspace, pull } = openPullRequest(gh, exampleFiles());
        const reset = Math.floor(Date.now() / 1000) + 3600;
        gh.state.tokens[DEFAULT_TOKEN]!.rateLimit = { limit: 1000, remaining: 0, reset };
        const result = await run(expect, { gh, workspace, pull });
        expect(result.requests.length).toBeGreaterThan(0);
        expect(result.requests.every((r) => r.status === 403)).toBe(true);
        // No wait for the reset: no request is sent twice, and each refusal is given up at once.
        const sent = operations(result.requests);
        expect(sent).toEqual([...new Set(sent)]);
        expect(result.stdout).toMatch(/rate limit on GET \S+; not retrying \(retry after \d+s\)/);
        expect(result.stdout).not.toContain("retrying in");
        expect(result.exitCode).toBe(1);
        expect(result.outputs).toMatchObject({ verdict: "fail", errors: "2", warnings: "1" });
        expect(result.summary).toContain("version-increment-too-small");
        const general = result.commands.filter((c) => !c.properties.file);
        expect(general.filter((c) => c.command === "notice")).toEqual([]);
        expect(general.some((c) => c.command === "warning" && /rate limit/i.test(c.message))).toBe(
          true,
        );
      });
    });

    it("the base commit is not in the checkout: fetched alone from origin, or read through the contents API when that fails", async ({
      expect,
    }) => {
      await withGitHub(expect, async (gh) => {
        // comment: none keeps the pull request out of it (and the runs fast): no writes at all.
        const quiet = { comment: "none" };
        const checkouts = ["full", "shallow", "head-only"] as const;
        const results: Record<string, Awaited<ReturnType<typeof run>>> = {};
        for (const checkout of checkouts) {
          const { workspace, pull } = openPullRequest(gh, exampleFiles(), { checkout });
          const result = await run(expect, { gh, workspace, pull, with: quiet });
          expect(writesOf(result.requests)).toEqual([]);
          const contents = result.requests.filter((r) => r.operationId === "repos/get-content");
          if (checkout === "head-only") {
            expect(result.stdout).toContain("reading base files through the contents API");
            expect(contents.length).toBeGreaterThan(0);
            // Only the documented parameters: nothing of the runner leaks into the query.
            for (const r of contents) expect(r.query).toEqual({ ref: pull.base.sha });
            const read = contents.filter((r) => r.status === 200).map((r) => r.path);
            expect(read).toContain(`/repos/octo-org/ord-docs/contents/${encodeURIComponent(DOC)}`);
          } else {
            expect(contents).toEqual([]);
          }
          results[checkout] = result;
        }
        // Each workspace is a new repository: a base location names its own base commit.
        const findings = (result: RunResult) =>
          reportOf(result).findings.map((f) => ({
            ...f,
            location: f.location && { ...f.location, base: f.location.base && "<base>" },
          }));
        for (const checkout of checkouts) {
          expect(results[checkout]?.exitCode).toBe(1);
          expect(findings(results[checkout]!)).toEqual(findings(results.full!));
        }
        expect(results.full?.outputs).toMatchObject({ errors: "2", warnings: "1", notices: "0" });
      });
    });

    it("the token never appears in the output, even when GitHub rejects it; the check still runs on git", async ({
      expect,
    }) => {
      await withGitHub(expect, async (gh) => {
        const { workspace, pull } = openPullRequest(gh, exampleFiles());
        const secret = "ghp_not_known_to_github_0123456789abcdef";
        // run() asserts the token is absent from stdout (except ::add-mask::) and stderr.
        const result = await run(expect, { gh, workspace, pull, token: secret });
        expect(result.stdout).toContain(`::add-mask::${secret}`);
        expect(result.requests.length).toBeGreaterThan(0);
        expect(result.requests.every((r) => r.status === 401)).toBe(true);
        // Findings come from the git checkout: the verdict does not depend on GitHub.
        expect(result.exitCode).toBe(1);
        expect(result.outputs).toMatchObject({ verdict: "fail", errors: "2", warnings: "1" });
        expect(result.summary).toContain("version-increment-too-small");
      });
    });
  },
);
