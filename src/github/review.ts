import type { Finding, Location } from "../types.js";
import { BIDI_CONTROL, code, escapeMarkdown } from "../report/markdown.js";
import { ruleDocUrl } from "../rules/index.js";
import { statusOf, type GitHub } from "./client.js";
import type { ReviewDiff } from "./diff-lines.js";
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
  /** LEFT: `line` is a base line (something the pull request removes); absent: RIGHT. */
  side?: DiffSide;
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
  // carries a hidden marker or a bidirectional control (it would reorder what the reviewer
  // reads), is not copied into the comment.
  const copyable =
    lineText !== undefined &&
    lineText.length <= 1000 &&
    !lineText.includes("<!--") &&
    !BIDI_CONTROL.test(lineText);
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

/** Which side of the diff a comment is on: RIGHT the head, LEFT the base. */
export type DiffSide = "LEFT" | "RIGHT";

/**
 * How the base side's files are named in findings (`<sha7>:<path>`, see labelBase) and how to
 * read their lines: a finding on something the pull request removes is located in the base.
 */
export interface BaseLines {
  label: string;
  /** The line's text at the base commit the check compared with (path without the label). */
  lineText: (path: string, line: number) => string | undefined;
}

/** Where a finding's review comment goes: a line of the diff on one side, with its text. */
export interface Placement {
  /** The file's path in the pull request (a renamed file's new name, also on the LEFT). */
  path: string;
  line: number;
  side: DiffSide;
  text: string;
}

/**
 * The diff line for a finding's location, or undefined when the summary alone shows it.
 * RIGHT: a head line in the diff. LEFT: a base-file location (its file carries the base's label)
 * on a deleted or context line of the diff. Either way the line's text must be the one the check
 * read: the checkout may be a merge commit, and the check's base (the base branch's tip) may be
 * newer than the diff's (where the branches parted), so the same line number can hold other text.
 */
export function placeFinding(
  location: Location,
  diff: ReviewDiff,
  headLineText: (file: string, line: number) => string | undefined,
  base?: BaseLines,
): Placement | undefined {
  if (base && location.file.startsWith(base.label)) {
    const basePath = location.file.slice(base.label.length);
    const file = diff.left.get(basePath);
    const text = file?.lines.get(location.line);
    if (!file || text === undefined || base.lineText(basePath, location.line) !== text) return;
    return { path: file.path, line: location.line, side: "LEFT", text };
  }
  const text = diff.right.get(location.file)?.get(location.line);
  if (text === undefined || headLineText(location.file, location.line) !== text) return;
  return { path: location.file, line: location.line, side: "RIGHT", text };
}

/**
 * A finding's fingerprint (rule, ORD ID, file). A base file counts without its label, which names
 * the base commit: the base branch moving on must not make the same finding a new one.
 */
export function findingFingerprint(
  finding: Finding & { location: Location },
  baseLabel?: string,
): string {
  const file = finding.location.file;
  return fingerprint({
    ruleId: finding.ruleId,
    ordId: finding.ordId,
    file: baseLabel && file.startsWith(baseLabel) ? file.slice(baseLabel.length) : file,
  });
}

/**
 * Splits findings into inline comments (on a commentable line of the diff, see placeFinding) and
 * the rest, which only the summary shows. Findings already commented (same fingerprint) are
 * skipped. A ```suggestion only ever goes on the RIGHT: it replaces a head line.
 */
export function planReview(
  findings: Finding[],
  diff: ReviewDiff,
  headLineText: (file: string, line: number) => string | undefined,
  alreadyCommented: ReadonlySet<string>,
  base?: BaseLines,
): { comments: InlineComment[]; elsewhere: Finding[] } {
  const comments: InlineComment[] = [];
  const elsewhere: Finding[] = [];
  const seen = new Set<string>();
  for (const finding of findings) {
    const location = finding.location;
    const placement = location && placeFinding(location, diff, headLineText, base);
    if (!location || !placement) {
      elsewhere.push(finding);
      continue;
    }
    const print = findingFingerprint({ ...finding, location }, base?.label);
    if (alreadyCommented.has(print) || seen.has(print) || comments.length >= MAX_REVIEW_COMMENTS) {
      continue;
    }
    seen.add(print);
    const headText = placement.side === "RIGHT" ? placement.text : undefined;
    comments.push({
      path: placement.path,
      line: placement.line,
      ...(placement.side === "LEFT" ? { side: "LEFT" as const } : {}),
      body: commentBody(finding, headText, print),
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
          side: c.side ?? "RIGHT",
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
