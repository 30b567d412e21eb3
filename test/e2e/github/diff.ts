/**
 * Unified-diff arithmetic as GitHub applies it to review comments: which lines of a file's
 * `patch` (the per-file hunks of the pull-request files API) can carry a comment, what a
 * `position` means, and what `diff_hunk` a stored comment shows.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A side of the diff: LEFT is the base (deletions and context), RIGHT the head. */
export type Side = "LEFT" | "RIGHT";

/** One line of a patch: a hunk header (`@`), an addition, a deletion, context, or `\ No newline`. */
export interface PatchLine {
  kind: "@" | "+" | "-" | " " | "\\";
  text: string;
  /** Line number in the base file (deletions and context), else null. */
  oldLine: number | null;
  /** Line number in the head file (additions and context), else null. */
  newLine: number | null;
  /** GitHub's `position`: lines below the first `@@` header (which is 0), across hunks. */
  position: number;
  /** Index of the hunk (0-based) the line belongs to. */
  hunk: number;
}

const HUNK_HEADER = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/;

/** Parses a file's `patch` text; throws on text that is not a sequence of hunks. */
export function parsePatch(patch: string): PatchLine[] {
  const lines = patch.replace(/\n$/, "").split("\n");
  const out: PatchLine[] = [];
  let oldLine = 0;
  let newLine = 0;
  let hunk = -1;
  lines.forEach((text, position) => {
    const header = HUNK_HEADER.exec(text);
    if (header) {
      hunk += 1;
      oldLine = Number(header[1]);
      newLine = Number(header[2]);
      out.push({ kind: "@", text, oldLine: null, newLine: null, position, hunk });
      return;
    }
    if (hunk < 0)
      throw new Error(`patch does not start with a hunk header: ${JSON.stringify(text)}`);
    const kind = text[0] ?? " ";
    if (kind === "+") out.push({ kind, text, oldLine: null, newLine: newLine++, position, hunk });
    else if (kind === "-")
      out.push({ kind, text, oldLine: oldLine++, newLine: null, position, hunk });
    else if (kind === "\\") out.push({ kind, text, oldLine: null, newLine: null, position, hunk });
    // An empty line is a context line whose leading space was stripped by some tool.
    else out.push({ kind: " ", text, oldLine: oldLine++, newLine: newLine++, position, hunk });
  });
  return out;
}

/**
 * The lines a review comment may target on one side, by line number: RIGHT takes additions and
 * context lines (head numbering), LEFT deletions and context lines (base numbering). GitHub
 * rejects the whole review when any comment targets a line outside this set.
 */
export function commentableLines(patch: string, side: Side): Map<number, PatchLine> {
  const out = new Map<number, PatchLine>();
  for (const line of parsePatch(patch)) {
    if (side === "RIGHT" && line.newLine !== null && line.kind !== "-") out.set(line.newLine, line);
    if (side === "LEFT" && line.oldLine !== null && line.kind !== "+") out.set(line.oldLine, line);
  }
  return out;
}

/** The side and line a `position` points at, or null when it is a header or outside the patch. */
export function lineAtPosition(
  patch: string,
  position: number,
): { side: Side; line: number } | null {
  const line = parsePatch(patch).find((l) => l.position === position);
  if (!line || line.kind === "@" || line.kind === "\\") return null;
  // A context line reached by position counts as the head side, as on GitHub.
  if (line.kind === "-") return { side: "LEFT", line: line.oldLine ?? 0 };
  return { side: "RIGHT", line: line.newLine ?? 0 };
}

/** GitHub's `diff_hunk` of a comment: its hunk's header through the commented line. */
export function diffHunk(patch: string, target: PatchLine): string {
  const lines = parsePatch(patch).filter(
    (l) => l.hunk === target.hunk && l.position <= target.position,
  );
  return lines.map((l) => l.text).join("\n");
}

/** Counts of added and deleted lines of a patch (the `additions`/`deletions` of a file). */
export function countChanges(patch: string | undefined): { additions: number; deletions: number } {
  if (!patch) return { additions: 0, deletions: 0 };
  const lines = parsePatch(patch);
  return {
    additions: lines.filter((l) => l.kind === "+").length,
    deletions: lines.filter((l) => l.kind === "-").length,
  };
}

/**
 * The patch GitHub would show for a file changing from `base` to `head` (null: the file does not
 * exist on that side), or undefined when the texts are equal. Uses `git diff --no-index` with three
 * lines of context, the same engine GitHub uses, so hunk boundaries match what a real pull request
 * would show; the `diff --git`/`index`/`---`/`+++` lines are dropped as in the files API.
 */
export function makePatch(base: string | null, head: string | null): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), "gh-stand-in-diff-"));
  try {
    writeFileSync(join(dir, "base"), base ?? "");
    writeFileSync(join(dir, "head"), head ?? "");
    const result = spawnSync(
      "git",
      [
        "diff",
        "--no-index",
        "--no-color",
        "--no-ext-diff",
        "-U3",
        "--diff-algorithm=myers",
        "base",
        "head",
      ],
      // The user's or system's git config (diff.algorithm, noprefix...) must not change the patch.
      {
        cwd: dir,
        encoding: "utf8",
        env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null" },
      },
    );
    if (result.error) throw result.error;
    // git diff --no-index exits 1 when the files differ and 0 when they are equal.
    if (result.status !== 0 && result.status !== 1)
      throw new Error(`git diff failed: ${result.stderr}`);
    const start = result.stdout.indexOf("\n@@");
    if (start < 0) return undefined;
    return result.stdout.slice(start + 1).replace(/\n$/, "");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
