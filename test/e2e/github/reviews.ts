/**
 * Creating reviews and review comments with GitHub's rules: every inline comment must land on a
 * line of the pull request's diff (else the whole review is rejected with 422 and nothing is
 * stored), one pending review per user, no approving your own pull request.
 */
import {
  commentableLines,
  diffHunk,
  lineAtPosition,
  parsePatch,
  type PatchLine,
  type Side,
} from "./diff.js";
import { checkBodyLength, notFound, unprocessable, validationFailed } from "./errors.js";
import type { GitHubState, PullRequest, Review, ReviewComment, TokenInfo } from "./state.js";

/** An inline comment as the create-review (`comments[]`) and create-review-comment bodies give it. */
export interface CommentInput {
  path: string;
  body: string;
  line?: number;
  side?: string;
  start_line?: number;
  start_side?: string;
  position?: number;
  subject_type?: string;
  in_reply_to?: number;
}

/** The body of POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews. */
export interface ReviewInput {
  commit_id?: string;
  body?: string;
  event?: "APPROVE" | "REQUEST_CHANGES" | "COMMENT";
  comments?: CommentInput[];
}

type Anchor = Pick<
  ReviewComment,
  "side" | "line" | "startLine" | "startSide" | "position" | "diffHunk" | "subjectType"
>;

const LINE_NOT_IN_DIFF = "Pull request review thread line must be part of the diff";
const START_NOT_IN_HUNK =
  "Pull request review thread start line must be part of the same hunk as the line.";
const HUNK_BLANK = "Pull request review thread diff hunk can't be blank";

/**
 * Where a comment lands in the pull request's diff, or GitHub's 422 for a comment that cannot be
 * placed: path not in the pull request, line or start line outside the diff, bad position.
 */
export function resolveAnchor(pull: PullRequest, input: CommentInput): Anchor {
  const file = pull.files.find((f) => f.filename === input.path);
  if (!file) throw unprocessable(["Path could not be resolved"]);
  if (input.subject_type === "file") {
    return {
      side: "RIGHT",
      line: null,
      startLine: null,
      startSide: null,
      position: null,
      diffHunk: "",
      subjectType: "file",
    };
  }
  const patch = file.patch;
  if (!patch) throw unprocessable(["Line could not be resolved"]);
  if (input.line === undefined) {
    if (input.position === undefined) throw unprocessable(["Line could not be resolved"]);
    const at = lineAtPosition(patch, input.position);
    if (!at) throw unprocessable(["Pull request review thread position is invalid", HUNK_BLANK]);
    const target = commentableLines(patch, at.side).get(at.line) as PatchLine;
    return {
      ...at,
      startLine: null,
      startSide: null,
      position: input.position,
      diffHunk: diffHunk(patch, target),
      subjectType: "line",
    };
  }
  const side = input.side ?? "RIGHT";
  if (side !== "LEFT" && side !== "RIGHT") {
    throw unprocessable(["Pull request review thread side is not included in the list"]);
  }
  const target = commentableLines(patch, side).get(input.line);
  if (input.start_line === undefined) {
    if (!target) throw unprocessable([LINE_NOT_IN_DIFF, HUNK_BLANK]);
    return {
      side,
      line: input.line,
      startLine: null,
      startSide: null,
      position: target.position,
      diffHunk: diffHunk(patch, target),
      subjectType: "line",
    };
  }
  const startSide = input.start_side ?? side;
  if (startSide !== "LEFT" && startSide !== "RIGHT") {
    throw unprocessable(["Pull request review thread start side is not included in the list"]);
  }
  const start = commentableLines(patch, startSide).get(input.start_line);
  const problems: string[] = [];
  if (!target) problems.push(LINE_NOT_IN_DIFF);
  if (!start || (target && start.hunk !== target.hunk)) problems.push(START_NOT_IN_HUNK);
  if (!target) problems.push(HUNK_BLANK);
  if (problems.length > 0) throw unprocessable(problems);
  if (!target || !start || start.position >= target.position) {
    throw unprocessable(["Pull request review thread start line must precede the end line."]);
  }
  return {
    side,
    line: input.line,
    startLine: input.start_line,
    startSide,
    position: target.position,
    diffHunk: diffHunk(patch, target),
    subjectType: "line",
  };
}

/**
 * Creates a review with its inline comments, all or nothing, as POST .../reviews does. Throws a
 * GitHubError (422) without storing anything when any comment cannot be placed.
 */
export function createReview(
  state: GitHubState,
  pull: PullRequest,
  token: TokenInfo,
  input: ReviewInput,
): Review {
  const user = token.login;
  const comments = input.comments ?? [];
  checkBodyLength("PullRequestReview", input.body);
  for (const comment of comments) checkBodyLength("PullRequestReviewComment", comment.body);
  const commitId = checkCommit(pull, input.commit_id, "review");
  if (
    input.event === undefined &&
    state.reviews.some(
      (r) => r.pullNumber === pull.number && r.user === user && r.state === "PENDING",
    )
  ) {
    throw unprocessable(["User can only have one pending review per pull request"]);
  }
  if (input.event === "APPROVE" || input.event === "REQUEST_CHANGES") {
    if (pull.user === user) {
      throw unprocessable([
        input.event === "APPROVE"
          ? "Can not approve your own pull request"
          : "Can not request changes on your own pull request",
      ]);
    }
    if (input.event === "APPROVE" && token.type === "Bot") {
      throw unprocessable(["GitHub Actions is not permitted to approve pull requests."]);
    }
  }
  // Documented: the body is required for COMMENT and REQUEST_CHANGES; GitHub lets inline comments stand in for it.
  if (
    (input.event === "COMMENT" || input.event === "REQUEST_CHANGES") &&
    !input.body &&
    comments.length === 0
  ) {
    throw unprocessable(["Body can't be blank"]);
  }
  const anchors = comments.map((comment) => resolveAnchor(pull, comment));
  const now = state.timestamp();
  const review: Review = {
    id: state.id(),
    pullNumber: pull.number,
    user,
    body: input.body ?? "",
    state: input.event === undefined ? "PENDING" : REVIEW_STATES[input.event],
    commitId,
    submittedAt: input.event === undefined ? null : now,
  };
  state.reviews.push(review);
  comments.forEach((comment, i) => {
    state.reviewComments.push(
      storedComment(state, pull, review, comment, anchors[i] as Anchor, commitId, now),
    );
  });
  return review;
}

/**
 * Creates one review comment (POST .../pulls/{n}/comments), which GitHub wraps in its own
 * submitted review; a reply (`in_reply_to`) takes the anchor of the comment it answers.
 */
export function createReviewComment(
  state: GitHubState,
  pull: PullRequest,
  token: TokenInfo,
  input: CommentInput & { commit_id?: string },
): ReviewComment {
  checkBodyLength("PullRequestReviewComment", input.body);
  let anchor: Anchor;
  if (input.in_reply_to !== undefined) {
    const parent = state.reviewComments.find(
      (c) => c.id === input.in_reply_to && c.pullNumber === pull.number,
    );
    if (!parent) throw notFound();
    anchor = {
      side: parent.side,
      line: parent.line,
      startLine: parent.startLine,
      startSide: parent.startSide,
      position: parent.position,
      diffHunk: parent.diffHunk,
      subjectType: parent.subjectType,
    };
  } else {
    anchor = resolveAnchor(pull, input);
  }
  const commitId = checkCommit(pull, input.commit_id, "comment");
  const now = state.timestamp();
  const review: Review = {
    id: state.id(),
    pullNumber: pull.number,
    user: token.login,
    body: "",
    state: "COMMENTED",
    commitId,
    submittedAt: now,
  };
  state.reviews.push(review);
  const comment = storedComment(state, pull, review, input, anchor, commitId, now);
  if (input.in_reply_to !== undefined) comment.inReplyToId = input.in_reply_to;
  state.reviewComments.push(comment);
  return comment;
}

const REVIEW_STATES = {
  APPROVE: "APPROVED",
  REQUEST_CHANGES: "CHANGES_REQUESTED",
  COMMENT: "COMMENTED",
} as const;

// GitHub anchors comments to the diff of `commit_id`; the stand-in keeps only the current diff,
// so an earlier head of the pull request is accepted and anchored against the current files.
function checkCommit(
  pull: PullRequest,
  commitId: string | undefined,
  kind: "review" | "comment",
): string {
  if (commitId === undefined || commitId === pull.head.sha) return pull.head.sha;
  if (pull.pastHeads.includes(commitId)) return commitId;
  if (kind === "review") throw unprocessable(["The commitOID is not part of the pull request"]);
  throw validationFailed(
    "PullRequestReviewComment",
    "commit_id",
    "custom",
    "commit_id is not part of the pull request",
  );
}

function storedComment(
  state: GitHubState,
  pull: PullRequest,
  review: Review,
  input: CommentInput,
  anchor: Anchor,
  commitId: string,
  now: string,
): ReviewComment {
  return {
    id: state.id(),
    pullNumber: pull.number,
    reviewId: review.id,
    path: input.path,
    body: input.body,
    user: review.user,
    ...anchor,
    originalLine: anchor.line ?? 0,
    originalPosition: anchor.position ?? 0,
    commitId,
    originalCommitId: commitId,
    createdAt: now,
    updatedAt: now,
  };
}

/** Side and line lists of a file's diff, for tests that want to pick a line outside it. */
export function diffLines(patch: string): { right: number[]; left: number[]; hunks: number } {
  const lines = parsePatch(patch);
  return {
    right: [...commentableLines(patch, "RIGHT").keys()],
    left: [...commentableLines(patch, "LEFT").keys()],
    hunks: new Set(lines.map((l) => l.hunk)).size,
  };
}

export type { Side };
