/** GitHub's limits, named once (labeler's GITHUB_MAX_LABELS habit). */
export const MAX_COMMENT_CHARS = 65_536;
/** The job summary of one step may hold at most 1 MiB. */
export const MAX_SUMMARY_BYTES = 1024 * 1024;
/** Annotations GitHub shows per step and per severity; more are silently dropped. */
export const MAX_ANNOTATIONS_PER_SEVERITY = 10;
/** Review comments posted in one review: keeps a single review readable and the request small. */
export const MAX_REVIEW_COMMENTS = 50;

/**
 * Cuts markdown to `limit` characters at a line boundary and appends `note` (which must fit),
 * so a long report never makes GitHub reject the comment.
 */
export function truncateMarkdown(text: string, limit: number, note: string): string {
  if (text.length <= limit) return text;
  const room = limit - note.length - 2;
  const cut = text.lastIndexOf("\n", room);
  return `${text.slice(0, cut > 0 ? cut : room)}\n\n${note}`;
}

/** Same as truncateMarkdown, measured in UTF-8 bytes (the job summary limit is in bytes). */
export function truncateBytes(text: string, limit: number, note: string): string {
  const bytes = Buffer.from(text);
  if (bytes.length <= limit) return text;
  const budget = limit - Buffer.byteLength(note) - 2;
  // A cut inside a multi-byte character decodes to U+FFFD; drop it.
  const head = bytes
    .subarray(0, budget)
    .toString("utf8")
    .replace(/\uFFFD+$/, "");
  const cut = head.lastIndexOf("\n");
  return `${cut > 0 ? head.slice(0, cut) : head}\n\n${note}`;
}
