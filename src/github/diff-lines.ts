/**
 * Lines a review comment may sit on, with their text in the pull request's head: GitHub accepts
 * a comment on the RIGHT side only for lines of the file's patch that are added (`+`) or context
 * (` `); anything else rejects the whole review with 422. Computed from the `patch` of the
 * pull-request files API.
 */
export function commentableLines(patch: string | undefined): Map<number, string> {
  const lines = new Map<number, string>();
  if (!patch) return lines;
  let right = 0;
  for (const line of patch.split("\n")) {
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line);
    if (hunk) {
      right = Number(hunk[1]);
      continue;
    }
    if (right === 0) continue;
    if (line.startsWith("+") || line.startsWith(" ")) lines.set(right++, line.slice(1));
    // "-" lines exist only on the left; "\ No newline at end of file" belongs to neither side.
  }
  return lines;
}

/** Commentable lines per file path, from the pull request's files. */
export function diffLineMap(
  files: { filename: string; patch?: string }[],
): Map<string, Map<number, string>> {
  return new Map(files.map((f) => [f.filename, commentableLines(f.patch)]));
}
