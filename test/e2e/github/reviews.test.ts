import { Octokit } from "@octokit/rest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { diffLines } from "./reviews.js";
import { DEFAULT_TOKEN, startGitHubStandIn, type StandIn } from "./server.js";

const repo = { owner: "octo-org", repo: "ord-docs", pull_number: 7 };
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const base = Array.from({ length: 40 }, (_, i) => `  "line${i + 1}": ${i + 1},`).join("\n") + "\n";
// Two hunks: line 5 changed (base 5 → head 5), one line added after line 30 (head 31).
const head = base
  .replace('"line5": 5', '"line5": 55')
  .replace('"line30": 30,\n', '"line30": 30,\n  "line30b": 300,\n');
const path = "ord/document.json";

let gh: StandIn;
let octokit: Octokit;

beforeEach(async () => {
  gh = await startGitHubStandIn({ validateResponses: true });
  gh.state.addPullRequest({
    number: 7,
    files: [{ filename: path, base, head }, { filename: "logo.png" }],
  });
  octokit = new Octokit({ baseUrl: gh.url, auth: DEFAULT_TOKEN, log: silent });
});

afterEach(async () => {
  expect(gh.invalidRequests()).toEqual([]);
  expect(gh.requests.filter((r) => r.responseIssues)).toEqual([]);
  await gh.close();
});

type Comment = {
  path: string;
  body: string;
  line?: number;
  side?: "LEFT" | "RIGHT";
  start_line?: number;
  position?: number;
};

/** Posts a review; event "PENDING" leaves `event` out, which makes GitHub create a pending review. */
async function review(
  comments: Comment[],
  event: "COMMENT" | "APPROVE" | "REQUEST_CHANGES" | "PENDING" = "COMMENT",
) {
  try {
    const { status, data } = await octokit.pulls.createReview({
      ...repo,
      body: "ORD version guard",
      comments,
      ...(event === "PENDING" ? {} : { event }),
    });
    return { status, state: data.state, errors: [] as unknown[] };
  } catch (error) {
    const e = error as { status: number; response: { data: { errors?: unknown[] } } };
    return { status: e.status, state: undefined, errors: e.response.data.errors ?? [] };
  }
}

describe("review comments must be on lines of the diff", () => {
  it("knows the commentable lines of the fixture", () => {
    const patch = gh.state.pull(7).files[0]?.patch ?? "";
    expect(diffLines(patch)).toEqual({
      right: [2, 3, 4, 5, 6, 7, 8, 28, 29, 30, 31, 32, 33, 34],
      left: [2, 3, 4, 5, 6, 7, 8, 28, 29, 30, 31, 32, 33],
      hunks: 2,
    });
  });

  it("stores a review with comments on added and context lines; they list as review comments", async () => {
    const res = await review([
      {
        path,
        line: 5,
        side: "RIGHT",
        body: 'version too small\n```suggestion\n  "line5": 56,\n```',
      },
      { path, line: 31, body: "added line" },
      { path, line: 2, side: "RIGHT", body: "context line" },
    ]);
    expect(res).toEqual({ status: 200, state: "COMMENTED", errors: [] });
    const { data } = await octokit.pulls.listReviewComments(repo);
    expect(data.map((c) => [c.path, c.line, c.side, c.position, c.pull_request_review_id])).toEqual(
      [
        [path, 5, "RIGHT", 5, gh.state.reviews[0]?.id],
        [path, 31, "RIGHT", 13, gh.state.reviews[0]?.id],
        [path, 2, "RIGHT", 1, gh.state.reviews[0]?.id],
      ],
    );
    expect(data[1]?.diff_hunk).toBe(
      '@@ -28,6 +28,7 @@\n   "line28": 28,\n   "line29": 29,\n   "line30": 30,\n+  "line30b": 300,',
    );
    expect(data[0]?.commit_id).toBe(gh.state.pull(7).head.sha);
  });

  it("rejects the whole review when one comment is outside the diff, and stores nothing", async () => {
    const res = await review([
      { path, line: 5, body: "fine" },
      { path, line: 20, body: "line 20 is not in any hunk" },
    ]);
    expect(res).toEqual({
      status: 422,
      state: undefined,
      errors: [
        "Pull request review thread line must be part of the diff and Pull request review thread diff hunk can't be blank",
      ],
    });
    expect(gh.state.reviews).toEqual([]);
    expect(gh.state.reviewComments).toEqual([]);
    expect(gh.requests.at(-1)).toMatchObject({ status: 422, operationId: "pulls/create-review" });
  });

  it("applies the sides: a deleted line only on LEFT, an added line only on RIGHT", async () => {
    expect((await review([{ path, line: 5, side: "LEFT", body: "old value" }])).status).toBe(200);
    expect(
      (await review([{ path, line: 34, side: "LEFT", body: "no line 34 on the left" }])).status,
    ).toBe(422);
    expect(
      (await review([{ path, line: 34, side: "RIGHT", body: "context on the right" }])).status,
    ).toBe(200);
  });

  it("checks files, positions and multi-line ranges", async () => {
    expect((await review([{ path: "ord/other.json", line: 1, body: "x" }])).errors).toEqual([
      "Path could not be resolved",
    ]);
    expect(
      (await review([{ path: "logo.png", line: 1, body: "binary: no patch" }])).errors,
    ).toEqual(["Line could not be resolved"]);
    expect((await review([{ path, position: 9, body: "header of hunk 2" }])).status).toBe(422);
    expect((await review([{ path, start_line: 5, line: 30, body: "two hunks" }])).errors).toEqual([
      "Pull request review thread start line must be part of the same hunk as the line.",
    ]);
    expect((await review([{ path, start_line: 5, line: 5, body: "same line" }])).errors).toEqual([
      "Pull request review thread start line must precede the end line.",
    ]);
    expect((await review([{ path, start_line: 3, line: 5, body: "range" }])).status).toBe(200);
    // Positions count from the first hunk header: 4 is the deleted line 5, 6 the context line 6.
    expect((await review([{ path, position: 4, body: "by position" }])).status).toBe(200);
    expect((await review([{ path, position: 6, body: "by position" }])).status).toBe(200);
    expect(gh.state.reviewComments.map((c) => [c.startLine, c.line, c.side, c.position])).toEqual([
      [3, 5, "RIGHT", 5],
      [null, 5, "LEFT", 4],
      [null, 6, "RIGHT", 6],
    ]);
  });

  it("applies GitHub's review rules: one pending review, no self-approval, no bot approval, body or comments", async () => {
    expect((await review([], "PENDING")).state).toBe("PENDING");
    expect((await review([], "PENDING")).errors).toEqual([
      "User can only have one pending review per pull request",
    ]);
    expect((await review([], "APPROVE")).errors).toEqual([
      "GitHub Actions is not permitted to approve pull requests.",
    ]);
    gh.state.pull(7).user = "github-actions[bot]";
    expect((await review([], "REQUEST_CHANGES")).errors).toEqual([
      "Can not request changes on your own pull request",
    ]);
    const stale = await octokit.pulls
      .createReview({ ...repo, commit_id: "0".repeat(40), event: "COMMENT", body: "x" })
      .catch((e: { response: { data: { errors: unknown[] } } }) => e.response.data.errors);
    expect(stale).toEqual(["The commitOID is not part of the pull request"]);
    const empty = await octokit.pulls
      .createReview({ ...repo, event: "COMMENT" })
      .catch((e: { status: number }) => e.status);
    expect(empty).toBe(422);
    // Pending reviews are visible to their author only.
    gh.state.tokens["ghp_person"] = { login: "someone", type: "User" };
    const person = new Octokit({ baseUrl: gh.url, auth: "ghp_person", log: silent });
    expect((await person.pulls.listReviews(repo)).data).toEqual([]);
    expect((await octokit.pulls.listReviews(repo)).data.map((r) => r.state)).toEqual(["PENDING"]);
  });
});

describe("after a push", () => {
  it("keeps comments whose line is still in the diff (moved with it) and outdates the others", async () => {
    await review([
      { path, line: 5, body: "on the changed line" },
      { path, line: 31, body: "on the added line" },
    ]);
    const moved = base
      .replace('"line1": 1,\n', '"line1": 1,\n  "line1b": 100,\n')
      .replace('"line30": 30,\n', '"line30": 30,\n  "line30b": 300,\n');
    const pull = gh.state.push(7, { files: [{ filename: path, base, head: moved }] });
    const { data } = await octokit.pulls.listReviewComments(repo);
    expect(
      data.map((c) => [c.body, c.line, c.original_line, c.position, c.commit_id === pull.head.sha]),
    ).toEqual([
      ["on the changed line", null, 5, null, false],
      ["on the added line", 32, 31, 10, true],
    ]);
    // The new head's contents are served, and the old review can still be listed.
    const { data: content } = await octokit.repos.getContent({ ...repo, path, ref: pull.head.sha });
    expect(Buffer.from((content as { content: string }).content, "base64").toString()).toBe(moved);
    expect((await octokit.pulls.listReviews(repo)).data).toHaveLength(1);
  });

  it("updates and deletes review comments; marks replies with in_reply_to_id", async () => {
    await review([{ path, line: 5, body: "first" }]);
    const [first] = gh.state.reviewComments;
    const id = first?.id ?? 0;
    await octokit.pulls.updateReviewComment({
      owner: repo.owner,
      repo: repo.repo,
      comment_id: id,
      body: "~~first~~ resolved",
    });
    expect(gh.state.reviewComments[0]?.body).toBe("~~first~~ resolved");
    const reply = await octokit.pulls
      .createReplyForReviewComment({ ...repo, comment_id: id, body: "fixed" })
      .catch((e: { status: number }) => e.status);
    expect(reply).toBe(404); // POST .../comments/{id}/replies is not implemented: the log says so
    expect(gh.requests.at(-1)?.note).toMatch(/create-reply-for-review-comment/);
    const { data } = await octokit.pulls.createReviewComment({
      ...repo,
      commit_id: gh.state.pull(7).head.sha,
      path,
      body: "reply",
      in_reply_to: id,
    });
    expect([data.in_reply_to_id, data.line]).toEqual([id, 5]);
    await octokit.pulls.deleteReviewComment({ owner: repo.owner, repo: repo.repo, comment_id: id });
    expect(gh.state.reviewComments.map((c) => c.body)).toEqual(["reply"]);
  });
});

describe("fork pull requests", () => {
  it("reports the head repository as a fork", async () => {
    gh.state.addPullRequest({
      number: 9,
      head: { owner: "contributor" },
      files: [{ filename: path, base, head }],
    });
    const { data } = await octokit.pulls.get({ ...repo, pull_number: 9 });
    expect([data.head.repo?.fork, data.head.repo?.full_name, data.head.label]).toEqual([
      true,
      "contributor/ord-docs",
      "contributor:feature-9",
    ]);
    expect([data.base.repo.fork, data.base.repo.full_name]).toEqual([false, "octo-org/ord-docs"]);
  });
});
