/**
 * The real PullRequestHost: Octokit with retries, throttling and the outage breaker
 * (client.ts), each method one of this folder's thin functions or one REST call.
 */
import { createClient, selfLogin, statusOf } from "./client.js";
import type { HostSetup, PullRequestHost } from "./host.js";
import { labelAddedAt } from "./label-events.js";
import { listOurReviewComments, postReview, resolveOutdated } from "./review.js";
import { upsertStickyComment } from "./sticky.js";

export function octokitHost(setup: HostSetup): PullRequestHost {
  const client = createClient(setup.token, setup.apiUrl, setup.log);
  // Owner and repo only: Octokit sends any other field as a query parameter.
  const repo = { owner: setup.owner, repo: setup.repo };
  const pr = (): { owner: string; repo: string; pull_number: number } => {
    if (setup.pullNumber === undefined) throw new Error("this run is not for a pull request");
    return { ...repo, pull_number: setup.pullNumber };
  };
  const issue = () => ({ ...repo, issue_number: pr().pull_number });
  return {
    async readFile(path, ref) {
      let data;
      try {
        ({ data } = await client.rest.repos.getContent({ ...repo, path, ref }));
      } catch (error) {
        if (statusOf(error) === 404) return undefined;
        throw error;
      }
      // A symlink or a folder is no file of the commit's.
      if (Array.isArray(data) || data.type !== "file") return undefined;
      return Buffer.from(data.content, "base64");
    },
    async pullRequest() {
      const { data } = await client.rest.pulls.get(pr());
      return {
        changedFiles: data.changed_files,
        headPushedAt: data.head.repo?.pushed_at,
        author: data.user?.login,
      };
    },
    files: () => client.paginate(client.rest.pulls.listFiles, { ...pr(), per_page: 100 }),
    async labels() {
      const labels = await client.paginate(client.rest.issues.listLabelsOnIssue, {
        ...issue(),
        per_page: 100,
      });
      return labels.map((l) => l.name);
    },
    labelAddedAt: (label, exceptBy) => labelAddedAt(client, issue(), label, exceptBy),
    login: () => selfLogin(client),
    ourReviewComments: (self) => listOurReviewComments(client, pr(), self),
    postReview: (commitId, comments, summary, self) =>
      postReview(client, pr(), commitId, comments, summary, self),
    resolveOutdated: (existing, current, commitId) =>
      resolveOutdated(client, pr(), existing, current, commitId),
    upsertSummaryComment: (self, key, markdown, overflowNote, create) =>
      upsertStickyComment(client, pr(), self, key, markdown, overflowNote, create),
  };
}
