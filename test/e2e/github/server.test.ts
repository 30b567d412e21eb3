import { Octokit } from "@octokit/rest";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_TOKEN, startGitHubStandIn, type StandIn } from "./server.js";

const repo = { owner: "octo-org", repo: "ord-docs" };
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const base = Array.from({ length: 40 }, (_, i) => `  "line${i + 1}": ${i + 1},`).join("\n") + "\n";
const head = base
  .replace('"line5": 5', '"line5": 55')
  .replace('"line30": 30,\n', '"line30": 30,\n  "line30b": 300,\n');

let gh: StandIn;
let octokit: Octokit;

beforeEach(async () => {
  gh = await startGitHubStandIn({ validateResponses: true });
  gh.state.addPullRequest({
    number: 7,
    labels: ["ord", "ord-breaking-change-approved"],
    files: [
      { filename: "ord/document.json", base, head },
      { filename: "ord/new.json", head: '{\n  "a": 1\n}\n' },
    ],
  });
  octokit = new Octokit({ baseUrl: gh.url, auth: DEFAULT_TOKEN, log: silent });
});

afterEach(async () => {
  // Every answer of every test conforms to GitHub's documented response schemas.
  expect(gh.requests.filter((r) => r.responseIssues)).toEqual([]);
  await gh.close();
});

/** An untyped request, so a test can send what Octokit's types would refuse. */
const send = (route: string, params: Record<string, unknown>) => octokit.request(route, params);

/** The status and message of a rejected Octokit call. */
async function failure(call: Promise<unknown>): Promise<{ status: number; message: string }> {
  try {
    await call;
  } catch (error) {
    const e = error as {
      status: number;
      response?: { data?: { message?: string; errors?: unknown[] } };
    };
    const data = e.response?.data;
    const parts = [data?.message, ...(data?.errors ?? [])].map((p) =>
      typeof p === "string" ? p : JSON.stringify(p),
    );
    return { status: e.status, message: parts.join(" | ") };
  }
  throw new Error("the call succeeded");
}

describe("valid requests", () => {
  it("serves label events in server time and the head repository's pushed_at", async () => {
    gh.state.now = () => new Date("2026-01-01T10:00:00Z");
    gh.state.addLabel(7, "ord-breaking-change-approved", "maintainer");
    gh.state.now = () => new Date("2026-01-01T11:00:00Z");
    gh.state.push(7, { files: [] });
    const { data: events } = await octokit.issues.listEvents({ ...repo, issue_number: 7 });
    expect(
      events.map((e) => [e.event, "label" in e ? e.label?.name : undefined, e.created_at]),
    ).toEqual([["labeled", "ord-breaking-change-approved", "2026-01-01T10:00:00Z"]]);
    const { data: pull } = await octokit.pulls.get({ ...repo, pull_number: 7 });
    expect(pull.head.repo?.pushed_at).toBe("2026-01-01T11:00:00Z");
  });

  it("serves the pull request, its files with patches, its labels and contents at base and head", async () => {
    const { data: pull, headers } = await octokit.pulls.get({ ...repo, pull_number: 7 });
    expect(pull.head.sha).toBe(gh.state.pull(7).head.sha);
    expect(pull.base.ref).toBe("main");
    expect(pull.head.repo?.fork).toBe(false);
    expect(pull.user.login).toBe("octocat");
    expect(headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(headers["x-ratelimit-remaining"]).toBe("999");
    expect(headers["x-accepted-github-permissions"]).toBe("pull_requests=read");

    const { data: files } = await octokit.pulls.listFiles({ ...repo, pull_number: 7 });
    expect(files.map((f) => [f.filename, f.status, f.additions, f.deletions])).toEqual([
      ["ord/document.json", "modified", 2, 1],
      ["ord/new.json", "added", 3, 0],
    ]);
    expect(files[0]?.patch).toContain('+  "line5": 55,');

    const diff = await octokit.pulls.get({
      ...repo,
      pull_number: 7,
      mediaType: { format: "diff" },
    });
    // With a diff media type Octokit returns the text, though its types still say pull request.
    expect(diff.data as unknown as string).toContain(
      "diff --git a/ord/new.json b/ord/new.json\nnew file mode 100644\n--- /dev/null\n",
    );

    const { data: labels } = await octokit.issues.listLabelsOnIssue({ ...repo, issue_number: 7 });
    expect(labels.map((l) => l.name)).toEqual(["ord", "ord-breaking-change-approved"]);

    const read = async (ref: string, path: string) => {
      const { data } = await octokit.repos.getContent({ ...repo, path, ref });
      return Buffer.from((data as { content: string }).content, "base64").toString("utf8");
    };
    expect(await read(pull.base.sha, "ord/document.json")).toBe(base);
    expect(await read(pull.head.sha, "ord/document.json")).toBe(head);
    expect(await read("feature-7", "ord/new.json")).toContain('"a": 1');
    const raw = await octokit.repos.getContent({
      ...repo,
      path: "ord/document.json",
      ref: "main",
      mediaType: { format: "raw" },
    });
    expect(raw.data).toBe(base);
    const { data: dir } = await octokit.repos.getContent({
      ...repo,
      path: "ord",
      ref: pull.head.sha,
    });
    expect((dir as { name: string }[]).map((e) => e.name)).toEqual(["document.json", "new.json"]);
    expect(
      (await failure(octokit.repos.getContent({ ...repo, path: "ord/new.json", ref: "main" })))
        .status,
    ).toBe(404);
    expect(gh.invalidRequests()).toEqual([]);
  });

  it("creates, lists, updates and deletes issue comments; rejects bodies over 65,536 characters", async () => {
    const { data: created, status } = await octokit.issues.createComment({
      ...repo,
      issue_number: 7,
      body: "<!-- sticky -->\nfirst",
    });
    expect(status).toBe(201);
    expect(created.user?.login).toBe("github-actions[bot]");
    expect(created.user?.type).toBe("Bot");
    await octokit.issues.updateComment({
      ...repo,
      comment_id: created.id,
      body: "<!-- sticky -->\nsecond",
    });
    expect(gh.state.issueComments.map((c) => c.body)).toEqual(["<!-- sticky -->\nsecond"]);

    const tooLong = await failure(
      octokit.issues.updateComment({ ...repo, comment_id: created.id, body: "x".repeat(65_537) }),
    );
    expect(tooLong.status).toBe(422);
    expect(tooLong.message).toContain("Body is too long (maximum is 65536 characters)");
    await octokit.issues.createComment({ ...repo, issue_number: 7, body: "😀".repeat(65_536) });

    await octokit.issues.deleteComment({ ...repo, comment_id: created.id });
    expect(gh.state.issueComments).toHaveLength(1);
    expect(
      (await failure(octokit.issues.getComment({ ...repo, comment_id: created.id }))).status,
    ).toBe(404);
  });

  it("paginates with GitHub's Link headers, which Octokit's paginate follows", async () => {
    gh.state.addPullRequest({
      number: 8,
      files: Array.from({ length: 75 }, (_, i) => ({
        filename: `ord/doc-${i}.json`,
        base: "{}\n",
        head: `{"i": ${i}}\n`,
      })),
    });
    for (let i = 0; i < 45; i++)
      gh.state.addIssueComment(8, `comment ${i}`, i % 2 ? "octocat" : "github-actions[bot]");

    const first = await octokit.pulls.listFiles({ ...repo, pull_number: 8 });
    expect(first.data).toHaveLength(30);
    const id = gh.state.repositoryId;
    expect(first.headers.link).toBe(
      `<${gh.url}/repositories/${id}/pulls/8/files?page=2>; rel="next", <${gh.url}/repositories/${id}/pulls/8/files?page=3>; rel="last"`,
    );
    const files = await octokit.paginate(octokit.pulls.listFiles, {
      ...repo,
      pull_number: 8,
      per_page: 100,
    });
    expect(files).toHaveLength(75);
    const comments = await octokit.paginate(octokit.issues.listComments, {
      ...repo,
      issue_number: 8,
      per_page: 20,
    });
    expect(comments.map((c) => c.body)).toEqual(
      Array.from({ length: 45 }, (_, i) => `comment ${i}`),
    );

    const pages = gh.requests.filter((r) => r.operationId === "issues/list-comments");
    expect(pages.map((r) => [r.path, r.query])).toEqual([
      ["/repos/octo-org/ord-docs/issues/8/comments", { per_page: "20" }],
      [`/repositories/${id}/issues/8/comments`, { per_page: "20", page: "2" }],
      [`/repositories/${id}/issues/8/comments`, { per_page: "20", page: "3" }],
    ]);
    expect(gh.invalidRequests()).toEqual([]);
  });
});

describe("validation against GitHub's REST description", () => {
  it("rejects a review with event BOGUS with 422, logs it as invalid and stores nothing", async () => {
    const res = await failure(
      send("POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews", {
        ...repo,
        pull_number: 7,
        event: "BOGUS",
      }),
    );
    expect(res.status).toBe(422);
    expect(res.message).toContain(
      'For \'event\', "BOGUS" is not one of ["APPROVE","REQUEST_CHANGES","COMMENT"].',
    );
    expect(gh.state.reviews).toEqual([]);
    const [logged] = gh.invalidRequests();
    expect(logged).toMatchObject({
      method: "POST",
      status: 422,
      operationId: "pulls/create-review",
      body: { event: "BOGUS" },
    });
    expect(logged?.invalid).toEqual([
      expect.objectContaining({ in: "body", field: "/event", code: "enum" }),
    ]);
  });

  it("rejects a missing body, a comment without body, a string line, a bad enum query and a non-numeric path parameter", async () => {
    const calls = [
      () =>
        send("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
          ...repo,
          issue_number: 7,
        }),
      () =>
        send("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
          ...repo,
          issue_number: 7,
          text: "x",
        }),
      () =>
        send("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
          ...repo,
          issue_number: 7,
          body: 42,
        }),
      () =>
        send("POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews", {
          ...repo,
          pull_number: 7,
          event: "COMMENT",
          comments: [{ path: "ord/document.json", line: "5", body: "x" }],
        }),
      () =>
        send("GET /repos/{owner}/{repo}/pulls/{pull_number}/comments", {
          ...repo,
          pull_number: 7,
          direction: "sideways",
        }),
      () =>
        send("GET /repos/{owner}/{repo}/pulls/{pull_number}", {
          ...repo,
          pull_number: "seven",
        }),
    ];
    const results = [];
    for (const call of calls) results.push(await failure(call()));
    expect(results.map((r) => r.status)).toEqual([422, 422, 422, 422, 422, 422]);
    expect(results.map((r) => r.message.split(" | ")[0])).toEqual([
      "Invalid request.\n\nFor 'links/0/schema', nil is not an object.",
      'Invalid request.\n\n"body" wasn\'t supplied.',
      "Invalid request.\n\nFor 'body', 42 must be string.",
      "Invalid request.\n\nFor 'comments/0/line', \"5\" must be integer.",
      'Invalid request.\n\nFor \'query parameter direction\', "sideways" is not one of ["asc","desc"].',
      "Invalid request.\n\nFor 'path parameter pull_number', \"seven\" must be integer.",
    ]);
    expect(
      gh.invalidRequests().map((r) => r.invalid?.map((i) => `${i.in} ${i.field} ${i.code}`)),
    ).toEqual([
      ["body  missing"],
      ["body /body missing"],
      ["body /body type"],
      ["body /comments/0/line type"],
      ["query direction enum"],
      ["path pull_number type"],
    ]);
    expect(gh.state.issueComments).toEqual([]);
  });

  it("answers 404 to unknown routes and notes GitHub routes the stand-in does not implement", async () => {
    expect((await failure(octokit.request("GET /nowhere"))).status).toBe(404);
    expect((await failure(octokit.rest.issues.get({ ...repo, issue_number: 7 }))).status).toBe(404);
    expect(
      (await failure(octokit.pulls.get({ owner: "someone", repo: "else", pull_number: 7 }))).status,
    ).toBe(404);
    expect(gh.requests.map((r) => r.note)).toEqual([
      undefined,
      "GitHub has issues/get; the stand-in does not implement it",
      undefined,
    ]);
  });
});

describe("authentication and permissions", () => {
  it("answers 401 without a token and for an unknown one", async () => {
    const anonymous = new Octokit({ baseUrl: gh.url, log: silent });
    const stranger = new Octokit({ baseUrl: gh.url, auth: "ghp_unknown", log: silent });
    expect(await failure(anonymous.pulls.get({ ...repo, pull_number: 7 }))).toEqual({
      status: 401,
      message: "Requires authentication",
    });
    expect(await failure(stranger.pulls.get({ ...repo, pull_number: 7 }))).toEqual({
      status: 401,
      message: "Bad credentials",
    });
  });

  it("lets a read-only (fork) token read and answers 403 to every write", async () => {
    gh.state.tokens["ghs_fork"] = { login: "github-actions[bot]", type: "Bot", readOnly: true };
    const fork = new Octokit({ baseUrl: gh.url, auth: "ghs_fork", log: silent });
    await fork.pulls.listFiles({ ...repo, pull_number: 7 });
    const writes = [
      fork.issues.createComment({ ...repo, issue_number: 7, body: "x" }),
      fork.pulls.createReview({ ...repo, pull_number: 7, event: "COMMENT", body: "x" }),
    ];
    for (const write of writes) {
      expect(await failure(write)).toEqual({
        status: 403,
        message: "Resource not accessible by integration",
      });
    }
    expect(gh.requests.at(-1)?.status).toBe(403);
    expect(gh.state.issueComments).toEqual([]);
    expect(gh.state.reviews).toEqual([]);
  });

  it("checks per-permission grants: issues: write without pull-requests: write", async () => {
    gh.state.tokens["ghs_issues"] = {
      login: "github-actions[bot]",
      type: "Bot",
      permissions: { pull_requests: "read" },
    };
    const limited = new Octokit({ baseUrl: gh.url, auth: "ghs_issues", log: silent });
    await limited.issues.createComment({ ...repo, issue_number: 7, body: "summary" });
    expect(
      (
        await failure(
          limited.pulls.createReview({ ...repo, pull_number: 7, event: "COMMENT", body: "x" }),
        )
      ).status,
    ).toBe(403);
    expect(gh.requests.at(-1)?.status).toBe(403);
  });

  it("answers GitHub's primary rate-limit 403 when the token's quota is used up", async () => {
    const reset = Math.floor(Date.now() / 1000) + 60;
    gh.state.tokens[DEFAULT_TOKEN] = {
      login: "github-actions[bot]",
      type: "Bot",
      rateLimit: { limit: 1000, remaining: 0, reset },
    };
    const res = await failure(octokit.pulls.get({ ...repo, pull_number: 7 }));
    expect(res.status).toBe(403);
    expect(res.message).toMatch(/^API rate limit exceeded/);
  });
});

describe("fault injection", () => {
  const Resilient = Octokit.plugin(retry, throttling);
  const resilient = () =>
    new Resilient({
      baseUrl: gh.url,
      auth: DEFAULT_TOKEN,
      log: silent,
      retry: { retryAfterBaseValue: 10 },
      throttle: {
        onRateLimit: () => true,
        onSecondaryRateLimit: () => true,
        retryAfterBaseValue: 10,
      },
    });

  it("answers a 502 once, then the retried request succeeds; both are logged", async () => {
    gh.faults.serverError({ operationId: "pulls/list-files" });
    const { data } = await resilient().pulls.listFiles({ ...repo, pull_number: 7 });
    expect(data).toHaveLength(2);
    expect(gh.requests.map((r) => [r.operationId, r.status, r.fault])).toEqual([
      ["pulls/list-files", 502, true],
      ["pulls/list-files", 200, undefined],
    ]);
    expect(gh.faults.pending).toEqual([]);
  });

  it("answers a secondary rate limit (403 + retry-after) that the throttling plugin retries", async () => {
    gh.faults.secondaryRateLimit({ method: "GET", path: /\/pulls\/7$/ });
    const { data } = await resilient().pulls.get({ ...repo, pull_number: 7 });
    expect(data.number).toBe(7);
    const [limited, retried] = gh.requests;
    expect(limited).toMatchObject({ status: 403, fault: true });
    expect(limited?.response).toMatchObject({
      message: expect.stringMatching(/secondary rate limit/) as unknown,
    });
    expect(retried?.status).toBe(200);
  });

  it("matches by method and operation, skips and repeats, and answers 429 with custom headers", async () => {
    gh.faults.push({
      operationId: "issues/create-comment",
      status: 429,
      times: 2,
      skip: 1,
      headers: { "retry-after": "1" },
    });
    await octokit.issues.createComment({ ...repo, issue_number: 7, body: "one" });
    expect(
      (await failure(octokit.issues.createComment({ ...repo, issue_number: 7, body: "two" })))
        .status,
    ).toBe(429);
    const res = await octokit.pulls.get({ ...repo, pull_number: 7 });
    expect(res.status).toBe(200);
    expect(
      (await failure(octokit.issues.createComment({ ...repo, issue_number: 7, body: "three" })))
        .status,
    ).toBe(429);
    await octokit.issues.createComment({ ...repo, issue_number: 7, body: "four" });
    expect(gh.state.issueComments.map((c) => c.body)).toEqual(["one", "four"]);
    expect(gh.faults.fired.map((f) => f.method)).toEqual(["POST", "POST"]);
    expect(gh.writes().map((r) => r.status)).toEqual([201, 429, 429, 201]);
  });
});
