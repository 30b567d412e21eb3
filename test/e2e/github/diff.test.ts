import { describe, expect, it } from "vitest";
import {
  commentableLines,
  countChanges,
  diffHunk,
  lineAtPosition,
  makePatch,
  parsePatch,
} from "./diff.js";

const lines = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}`).join("\n") + "\n";

describe("makePatch (git diff, as the files API shows it)", () => {
  it("drops the git headers and keeps three lines of context per hunk", () => {
    const base = lines(40);
    const head = base
      .replace("line 5\n", "line five\n")
      .replace("line 30\n", "line 30\nline 30b\n");
    expect(makePatch(base, head)).toBe(
      [
        "@@ -2,7 +2,7 @@ line 1",
        " line 2",
        " line 3",
        " line 4",
        "-line 5",
        "+line five",
        " line 6",
        " line 7",
        " line 8",
        "@@ -28,6 +28,7 @@ line 27",
        " line 28",
        " line 29",
        " line 30",
        "+line 30b",
        " line 31",
        " line 32",
        " line 33",
      ].join("\n"),
    );
  });

  it("writes added and removed files as one hunk against nothing, and equal texts as no patch", () => {
    expect(makePatch(null, "a\nb\n")).toBe("@@ -0,0 +1,2 @@\n+a\n+b");
    expect(makePatch("a\nb\n", null)).toBe("@@ -1,2 +0,0 @@\n-a\n-b");
    expect(makePatch("same\n", "same\n")).toBeUndefined();
  });

  it("keeps git's marker for a missing final newline", () => {
    expect(makePatch("a\n", "a\nb")).toBe("@@ -1 +1,2 @@\n a\n+b\n\\ No newline at end of file");
  });
});

describe("commentable lines", () => {
  const patch = "@@ -1,4 +1,4 @@\n a\n-b\n+B\n c\n@@ -10,2 +10,3 @@\n j\n+k\n l";

  it("takes additions and context on the right, deletions and context on the left", () => {
    expect([...commentableLines(patch, "RIGHT").keys()]).toEqual([1, 2, 3, 10, 11, 12]);
    expect([...commentableLines(patch, "LEFT").keys()]).toEqual([1, 2, 3, 10, 11]);
  });

  it("numbers positions from the first hunk header, counting later headers", () => {
    expect(parsePatch(patch).map((l) => [l.kind, l.position, l.hunk])).toEqual([
      ["@", 0, 0],
      [" ", 1, 0],
      ["-", 2, 0],
      ["+", 3, 0],
      [" ", 4, 0],
      ["@", 5, 1],
      [" ", 6, 1],
      ["+", 7, 1],
      [" ", 8, 1],
    ]);
    expect(lineAtPosition(patch, 2)).toEqual({ side: "LEFT", line: 2 });
    expect(lineAtPosition(patch, 7)).toEqual({ side: "RIGHT", line: 11 });
    expect(lineAtPosition(patch, 5)).toBeNull();
    expect(lineAtPosition(patch, 99)).toBeNull();
  });

  it("gives a comment the hunk from its header down to its line, and counts changes", () => {
    const target = commentableLines(patch, "RIGHT").get(11);
    expect(target && diffHunk(patch, target)).toBe("@@ -10,2 +10,3 @@\n j\n+k");
    expect(countChanges(patch)).toEqual({ additions: 2, deletions: 1 });
  });
});
