import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createClient, selfLogin, type GitHub } from "../../src/github/client.js";
import { DEFAULT_TOKEN, startGitHubStandIn, type StandIn } from "../e2e/github/server.js";

/**
 * The Octokit client of the Action against the GitHub stand-in: how long GitHub's failures keep
 * a run waiting.
 */
const pr = { owner: "octo-org", repo: "ord-docs", pull_number: 7 };
let gh: StandIn;
let client: GitHub;
let log: string[];

beforeEach(async () => {
  gh = await startGitHubStandIn();
  gh.state.addPullRequest({ number: 7, files: [{ filename: "ord/document.json", head: "{}\n" }] });
  log = [];
  client = createClient(DEFAULT_TOKEN, gh.url, (line) => log.push(line));
});

afterEach(async () => {
  await gh.close();
});

/** Seconds `work` takes. */
async function seconds(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work().catch(() => undefined);
  return (performance.now() - start) / 1000;
}

const listLabels = () => client.rest.issues.listLabelsOnIssue({ ...pr, issue_number: 7 });

describe("retries of server errors (5xx)", () => {
  it("a request that fails once is retried and succeeds", async () => {
    gh.faults.serverError({ operationId: "issues/list-labels-on-issue" });
    const { status } = await listLabels();
    expect(status).toBe(200);
    expect(gh.requests.map((r) => r.status)).toEqual([502, 200]);
  });

  // Was a bug: the retry plugin keeps its count in `options.request`, an object every request
  // shares (Octokit's request defaults), so once one request had used up its retries, the first
  // retry of every later request waited (retries + 2)² = 25 s or more.
  // Reproducer: a request that succeeds at its third try, then one 502 on the next request: its
  // retry waited 9 s instead of 1 s (16 s and 25 s after requests that needed more retries).
  it("each request has its own retry budget: an earlier request's retries do not lengthen the next one's wait", async () => {
    gh.faults.serverError({ operationId: "issues/list-labels-on-issue", times: 2 });
    expect((await listLabels()).status).toBe(200);
    gh.faults.serverError({ operationId: "pulls/list-files" });
    const took = await seconds(() => client.rest.pulls.listFiles(pr));
    expect(gh.requests.at(-1)?.status).toBe(200);
    expect(took).toBeLessThan(3);
  }, 40_000);

  // Was a bug (same cause): a GitHub outage cost every request of the run minutes of waiting.
  it("an outage costs seconds, not minutes: after one request gives up, the others fail fast", async () => {
    gh.faults.serverError({ times: 1000 });
    const took = await seconds(async () => {
      for (let i = 0; i < 6; i++) await listLabels().catch(() => undefined);
    });
    expect(took).toBeLessThan(10);
    expect(gh.requests.every((r) => r.status === 502)).toBe(true);
    expect(log.filter((l) => l.includes("tried once"))).toHaveLength(1);
    // GitHub is back: requests succeed, and after a success they are retried again.
    gh.faults.clear();
    expect((await listLabels()).status).toBe(200);
    gh.faults.serverError({ operationId: "pulls/list-files" });
    expect((await client.rest.pulls.listFiles(pr)).status).toBe(200);
  }, 40_000);
});

// Issue 12, item 15: only comments by the token's own identity are the Action's.
describe("the login the Action writes as", () => {
  it("is github-actions[bot] for the workflow's GITHUB_TOKEN (an installation token), asked of no one", async () => {
    expect(await selfLogin(client)).toBe("github-actions[bot]");
    expect(gh.requests).toEqual([]);
  });

  it("is the token's user for a personal access token, asked once", async () => {
    const pat = createClient("ghp_personal", gh.url, () => {});
    let asked = 0;
    pat.rest.users.getAuthenticated = (() => {
      asked++;
      return Promise.resolve({ data: { login: "alice" } });
    }) as unknown as typeof pat.rest.users.getAuthenticated;
    expect(await selfLogin(pat)).toBe("alice");
    expect(await selfLogin(pat)).toBe("alice");
    expect(asked).toBe(1);
  });
});
