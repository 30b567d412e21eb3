/**
 * Lines a review comment may sit on, from the `patch` of the pull-request files API. GitHub
 * accepts a comment on the RIGHT side (the head, numbered as in the head file) only on added
 * (`+`) and context (` `) lines, and on the LEFT side (the base, numbered as in the base file)
 * only on deleted (`-`) and context lines; a comment anywhere else rejects the whole review
 * with 422.
 */

/** Line number → the line's text, for one side of one file's patch. */
export type SideLines = Map<number, string>;

/** Both sides of one file's patch. */
export interface PatchLines {
  /** Head lines: added and context. */
  right: SideLines;
  /** Base lines: deleted and context. */
  left: SideLines;
}

const HUNK = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/;

/** Both sides' commentable lines of a patch; none for a file without one (binary, too large). */
export function patchLines(patch: string | undefined): PatchLines {
  const right: SideLines = new Map();
  const left: SideLines = new Map();
  if (!patch) return { right, left };
  let inHunk = false;
  let base = 0;
  let head = 0;
  // A file with CRLF line endings keeps each \r in the patch; the file's text, split into lines,
  // has none, and a line must read the same on both to carry a comment.
  for (const line of patch.split(/\r?\n/)) {
    const hunk = HUNK.exec(line);
    if (hunk) {
      inHunk = true;
      base = Number(hunk[1]);
      head = Number(hunk[2]);
      continue;
    }
    if (!inHunk) continue;
    const text = line.slice(1);
    if (line.startsWith(" ")) {
      left.set(base++, text);
      right.set(head++, text);
    } else if (line.startsWith("-")) left.set(base++, text);
    else if (line.startsWith("+")) right.set(head++, text);
    // "\ No newline at end of file" belongs to neither side.
  }
  return { right, left };
}

/** The head lines of a patch a comment may sit on (RIGHT). */
export function commentableLines(patch: string | undefined): SideLines {
  return patchLines(patch).right;
}

/** A file of the pull-request files API, as far as review placement needs it. */
export interface DiffFile {
  filename: string;
  /** `added`, `removed`, `modified`, `renamed`, `copied`, `changed`, `unchanged`. */
  status?: string;
  patch?: string;
  /** For `renamed` (and `copied`) files: the path the file had in the base. */
  previous_filename?: string;
}

/** The lines of the pull request's diff where review comments can go, on either side. */
export interface ReviewDiff {
  /** Head path → its commentable head lines. */
  right: Map<string, SideLines>;
  /**
   * Base path → the file's path in the pull request (what a comment names, also on the LEFT
   * side: a renamed file's new name) and its commentable base lines.
   */
  left: Map<string, { path: string; lines: SideLines }>;
}

/**
 * Both sides of every file's patch. A removed file's patch is all deletions (its whole content
 * on the left, when GitHub sends a patch); a renamed file's base lines are found under its
 * `previous_filename`. An added or copied file has no base of its own here: a copy's left side
 * is its source, which keeps its own path and entry.
 */
export function reviewDiff(files: readonly DiffFile[]): ReviewDiff {
  const right = new Map<string, SideLines>();
  const left = new Map<string, { path: string; lines: SideLines }>();
  for (const file of files) {
    const lines = patchLines(file.patch);
    right.set(file.filename, lines.right);
    if (file.status === "added" || file.status === "copied") continue;
    const basePath =
      file.status === "renamed" ? (file.previous_filename ?? file.filename) : file.filename;
    left.set(basePath, { path: file.filename, lines: lines.left });
  }
  return { right, left };
}
