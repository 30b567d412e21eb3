import type { Finding } from "../types.js";
import { code, escapeMarkdown } from "../report/markdown.js";
import { ruleDocUrl } from "../rules/index.js";
import { statusOf, type GitHub } from "./client.js";
import { findingMarker, fingerprint, fingerprintOf, reviewMarker } from "./markers.js";
import { MAX_REVIEW_COMMENTS } from "./limits.js";

export interface PullRequestRef {
  owner: string;
  repo: string;
  pull_number: number;
}

export interface InlineComment {
  path: string;
  line: number;
  body: string;
  fingerprint: string;
}

const ICON = { error: "🛑", warning: "⚠️", notice: "ℹ️" } as const;

/** A fence longer than any backtick run in `text`, so PR content cannot close the block. */
function fence(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  return "`".repeat(Math.max(3, longest + 1));
}

/**
 * The review comment for a finding; with a one-click ```suggestion replacing the version value
 * on that line when the finding suggests a version and the line shows the current one.
 */
export function commentBody(finding: Finding, lineText: string | undefined, print: string): string {
  const lines = [
    findingMarker(print),
    `${ICON[finding.severity]} **${finding.severity}** · [\`${finding.ruleId}\`](${ruleDocUrl(finding.ruleId)})`,
    "",
    escapeMarkdown(finding.message),
  ];
  const version = finding.suggestion?.version;
  const column = finding.location?.column;
  // A suggestion replaces one ordinary line; a minified document's only line, or a line that
  // carries a hidden marker, is not copied into the comment.
  const copyable = lineText !== undefined && lineText.length <= 1000 && !lineText.includes("<!--");
  if (version && copyable && column !== undefined) {
    // The location points at the opening quote of the version value.
    const match = /^"((?:[^"\\]|\\.)*)"/.exec(lineText.slice(column - 1));
    if (match) {
      const fixed = `${lineText.slice(0, column - 1)}"${version}"${lineText.slice(column - 1 + match[0].length)}`;
      const f = fence(fixed);
      lines.push("", `Suggested version: ${code(version)}`, "", `${f}suggestion`, fixed, f);
    }
  }
  return lines.join("\n");
}

/**
 * Splits findings into inline comments (on a commentable right-side line of the diff) and the
 * rest, which only the summary shows. Findings already commented (same fingerprint) are skipped.
 */
export function planReview(
  findings: Finding[],
  diffLines: ReadonlyMap<string, ReadonlyMap<number, string>>,
  lineText: (file: string, line: number) => string | undefined,
  alreadyCommented: ReadonlySet<string>,
): { comments: InlineComment[]; elsewhere: Finding[] } {
  const comments: InlineComment[] = [];
  const elsewhere: Finding[] = [];
  const seen = new Set<string>();
  for (const finding of findings) {
    const location = finding.location;
    const headLine = location ? diffLines.get(location.file)?.get(location.line) : undefined;
    // The checkout may be a merge commit whose lines differ from the pull request's head (the
    // base branch moved): comment only where the checked line is the head's line.
    if (
      !location ||
      headLine === undefined ||
      lineText(location.file, location.line) !== headLine
    ) {
      elsewhere.push(finding);
      continue;
    }
    const print = fingerprint({
      ruleId: finding.ruleId,
      ordId: finding.ordId,
      file: location.file,
    });
    if (alreadyCommented.has(print) || seen.has(print) || comments.length >= MAX_REVIEW_COMMENTS) {
      continue;
    }
    seen.add(print);
    comments.push({
      path: location.file,
      line: location.line,
      body: commentBody(finding, headLine, print),
      fingerprint: print,
    });
  }
  return { comments, elsewhere };
}

export interface ExistingComment {
  id: number;
  /** The file the comment is on. */
  path: string;
  body: string;
  fingerprint: string;
}

/**
 * Our review comments already on the pull request (paginated: busy PRs have many): those written
 * by `self` (the token's login, see selfLogin) that start with a finding marker.
 */
export async function listOurReviewComments(
  client: GitHub,
  pr: PullRequestRef,
  self: string,
): Promise<ExistingComment[]> {
  const all = await client.paginate(client.rest.pulls.listReviewComments, { ...pr, per_page: 100 });
  return all.flatMap((c) => {
    // Anyone can paste our marker into a comment, and other bots quote pull-request text: only
    // the token's own comments are ours to update, and only their first line is our marker.
    const print = c.user?.login === self ? fingerprintOf(c.body) : undefined;
    return print ? [{ id: c.id, path: c.path, body: c.body, fingerprint: print }] : [];
  });
}

/** Tries of the review request when GitHub's answer is a server error or none at all. */
const REVIEW_TRIES = 3;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * One review (event COMMENT) holding every new inline comment, by `self` (the token's login).
 *
 * A 5xx or a lost connection does not mean GitHub did nothing: it may have stored the review and
 * lost the answer. So the request is not retried blindly (retries: 0 for the retry plugin):
 * after such a failure, the reviews of the pull request are searched for this one (its marker:
 * commit and fingerprints) and it is posted again only when it is not there.
 */
export async function postReview(
  client: GitHub,
  pr: PullRequestRef,
  commitId: string,
  comments: InlineComment[],
  summary: string,
  self: string,
): Promise<void> {
  if (comments.length === 0) return;
  const marker = reviewMarker(
    commitId,
    comments.map((c) => c.fingerprint),
  );
  for (let attempt = 1; ; attempt++) {
    try {
      await client.rest.pulls.createReview({
        ...pr,
        commit_id: commitId,
        event: "COMMENT",
        body: `${marker}\n${summary}`,
        comments: comments.map((c) => ({
          path: c.path,
          line: c.line,
          side: "RIGHT" as const,
          body: c.body,
        })),
        request: { retries: 0 },
      });
      return;
    } catch (error) {
      const status = statusOf(error);
      // A 4xx is GitHub's answer (nothing was stored); rate limits are the throttling plugin's.
      if ((status !== undefined && status < 500) || attempt >= REVIEW_TRIES) throw error;
    }
    // Give a review that was stored a moment to show up in the list.
    await sleep(1000 * attempt);
    if (await reviewPosted(client, pr, self, commitId, marker)) return;
  }
}

/** Whether `self` has a review with `marker` on `commitId`. */
async function reviewPosted(
  client: GitHub,
  pr: PullRequestRef,
  self: string,
  commitId: string,
  marker: string,
): Promise<boolean> {
  const reviews = await client.paginate(client.rest.pulls.listReviews, { ...pr, per_page: 100 });
  return reviews.some(
    (r) => r.user?.login === self && r.commit_id === commitId && r.body.startsWith(marker),
  );
}

const RESOLVED = "✅ **Resolved**";

/** The text of our comment whose finding is gone as of `commitId` (its marker goes with it). */
export function resolvedBody(comment: ExistingComment, commitId: string): string {
  // The original text stays readable, but its ```suggestion block becomes a plain code block:
  // a resolved comment must not offer a one-click change for a finding that is gone.
  const original = comment.body
    .replace(findingMarker(comment.fingerprint), "")
    .replace(/^(`{3,})suggestion$/gm, "$1json")
    .trim();
  return `${RESOLVED}: no longer reported as of ${commitId.slice(0, 7)}.\n\n<details><summary>Original finding</summary>\n\n${original}\n\n</details>`;
}

/** Marks our comments whose finding is gone as resolved (their marker is removed with it). */
export async function resolveOutdated(
  client: GitHub,
  pr: PullRequestRef,
  existing: ExistingComment[],
  current: ReadonlySet<string>,
  commitId: string,
): Promise<number> {
  let resolved = 0;
  for (const comment of existing) {
    if (current.has(comment.fingerprint)) continue;
    await client.rest.pulls.updateReviewComment({
      owner: pr.owner,
      repo: pr.repo,
      comment_id: comment.id,
      body: resolvedBody(comment, commitId),
    });
    resolved++;
  }
  return resolved;
}
