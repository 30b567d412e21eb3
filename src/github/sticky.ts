import type { GitHub } from "./client.js";
import { MAX_COMMENT_CHARS, truncateMarkdown } from "./limits.js";
import { stickyMarker } from "./markers.js";
import type { PullRequestRef } from "./review.js";

/** The summary comment's text: its marker, then the report cut to GitHub's comment limit. */
export function stickyBody(key: string, markdown: string, overflowNote: string): string {
  return truncateMarkdown(`${stickyMarker(key)}\n${markdown}`, MAX_COMMENT_CHARS, overflowNote);
}

/**
 * Creates or updates the one summary comment of this pull request and config. The marker holds
 * a key so two jobs of a monorepo keep separate comments; the search pages through every comment
 * (an unpaged lookup misses it on busy pull requests). Ours is the comment by `self` (the token's
 * login, see selfLogin) that starts with the marker.
 */
export async function upsertStickyComment(
  client: GitHub,
  pr: PullRequestRef,
  self: string,
  key: string,
  markdown: string,
  overflowNote: string,
  /** False: only update an existing comment, never start one. */
  create = true,
): Promise<"created" | "updated" | "unchanged" | "absent"> {
  const marker = stickyMarker(key);
  const body = stickyBody(key, markdown, overflowNote);
  const issue = { owner: pr.owner, repo: pr.repo, issue_number: pr.pull_number };
  const comments = await client.paginate(client.rest.issues.listComments, {
    ...issue,
    per_page: 100,
  });
  // Only the token's own comment is ours: a pasted marker, or another bot quoting the pull
  // request's conversation, must not make us edit someone else's comment.
  const existing = comments.find((c) => c.user?.login === self && c.body?.startsWith(marker));
  if (existing) {
    // A re-run with the same result writes nothing (one request less, no "edited" noise).
    if (existing.body === body) return "unchanged";
    await client.rest.issues.updateComment({
      owner: pr.owner,
      repo: pr.repo,
      comment_id: existing.id,
      body,
    });
    return "updated";
  }
  if (!create) return "absent";
  await client.rest.issues.createComment({ ...issue, body });
  return "created";
}
