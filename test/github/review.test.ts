import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createClient, type GitHub } from "../../src/github/client.js";
import { postReview, type InlineComment } from "../../src/github/review.js";
import { DEFAULT_TOKEN, startGitHubStandIn, type StandIn } from "../e2e/github/server.js";

/** Posting the review against the GitHub stand-in, when GitHub's answer gets lost. */
const pr = { owner: "octo-org", repo: "ord-docs", pull_number: 7 };
const SELF = "github-actions[bot]";
const file = "ord/document.json";
const base = Array.from({ length: 10 }, (_, i) => `  "line${i + 1}": ${i + 1},`).join("\n") + "\n";
const head = base.replace('"line5": 5', '"line5": 55');
const comments: InlineComment[] = [
  { path: file, line: 5, body: "version too small", fingerprint: "0123456789abcdef" },
];

let gh: StandIn;
let client: GitHub;
let headSha: string;

beforeEach(async () => {
  gh = await startGitHubStandIn();
  headSha = gh.state.addPullRequest({ number: 7, files: [{ filename: file, base, head }] }).head
    .sha;
  client = createClient(DEFAULT_TOKEN, gh.url, () => {});
});

afterEach(async () => {
  expect(gh.invalidRequests()).toEqual([]);
  await gh.close();
});

const ops = () => gh.requests.map((r) => `${r.status} ${r.operationId}`);

describe("a lost answer to the review request", () => {
  // Was a bug (issue 12, item 16): a 502 (or a timeout) on createReview was retried blindly by
  // the retry plugin. GitHub sometimes stores the review and still answers 502: the retry then
  // posted every inline comment a second time. Reproducer: a 502 on pulls/create-review that the
  // stand-in carries out (`executed: true`); two reviews were stored.
  it("GitHub stored the review although it answered 502: it is found, not posted again", async () => {
    gh.faults.push({ operationId: "pulls/create-review", status: 502, executed: true });
    await postReview(client, pr, headSha, comments, "1 new finding", SELF);
    expect(gh.state.reviews).toHaveLength(1);
    expect(gh.state.reviewComments.map((c) => c.body)).toEqual(["version too small"]);
    expect(ops()).toEqual(["502 pulls/create-review", "200 pulls/list-reviews"]);
  });

  it("GitHub did not store it: the review is posted again, once", async () => {
    gh.faults.serverError({ operationId: "pulls/create-review" });
    await postReview(client, pr, headSha, comments, "1 new finding", SELF);
    expect(gh.state.reviews).toHaveLength(1);
    expect(ops()).toEqual([
      "502 pulls/create-review",
      "200 pulls/list-reviews",
      "200 pulls/create-review",
    ]);
  });

  it("a review by another login with the same findings does not count as posted", async () => {
    await postReview(client, pr, headSha, comments, "1 new finding", SELF);
    expect(gh.state.reviews).toHaveLength(1);
    gh.faults.serverError({ operationId: "pulls/create-review" });
    await postReview(client, pr, headSha, comments, "1 new finding", "other-bot[bot]");
    expect(gh.state.reviews).toHaveLength(2);
  });

  it("GitHub keeps failing: three tries, then the error, and nothing posted", async () => {
    gh.faults.serverError({ operationId: "pulls/create-review", times: 100 });
    await expect(
      postReview(client, pr, headSha, comments, "1 new finding", SELF),
    ).rejects.toMatchObject({ status: 502 });
    expect(gh.state.reviews).toHaveLength(0);
    expect(ops().filter((o) => o.endsWith("create-review"))).toHaveLength(3);
  }, 30_000);

  it("a rejection (422) is GitHub's answer: not retried", async () => {
    const outside = [{ ...comments[0]!, line: 9 }];
    await expect(
      postReview(client, pr, headSha, outside, "1 new finding", SELF),
    ).rejects.toMatchObject({ status: 422 });
    expect(ops()).toEqual(["422 pulls/create-review"]);
  });
});
