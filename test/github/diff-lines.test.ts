import { describe, expect, it } from "vitest";
import { patchLines, reviewDiff } from "../../src/github/diff-lines.js";

const PATCH = [
  "@@ -10,4 +10,5 @@ header",
  "   context a", // base 10, head 10
  '-  "version": "1.2.3",', // base 11
  '+  "version": "1.2.4",', // head 11
  "+  added", // head 12
  "   context b", // base 12, head 13
  "@@ -40,3 +41,2 @@",
  "-  gone", // base 40
  "   tail", // base 41, head 41
  "-  last", // base 42
  "\\ No newline at end of file",
].join("\n");

describe("both sides of a patch", () => {
  it("numbers deleted and context lines as in the base, added and context lines as in the head", () => {
    const { left, right } = patchLines(PATCH);
    expect([...left]).toEqual([
      [10, "  context a"],
      [11, '  "version": "1.2.3",'],
      [12, "  context b"],
      [40, "  gone"],
      [41, "  tail"],
      [42, "  last"],
    ]);
    expect([...right.keys()]).toEqual([10, 11, 12, 13, 41]);
  });

  it("a removed file's patch is all base lines; an added file's all head lines", () => {
    const removed = patchLines('@@ -1,3 +0,0 @@\n-{\n-  "a": 1\n-}');
    expect([...removed.left]).toEqual([
      [1, "{"],
      [2, '  "a": 1'],
      [3, "}"],
    ]);
    expect(removed.right.size).toBe(0);
    const added = patchLines("@@ -0,0 +1,2 @@\n+{\n+}");
    expect(added.left.size).toBe(0);
    expect([...added.right.keys()]).toEqual([1, 2]);
  });

  it("a file with CRLF line endings has the same lines, without the carriage returns", () => {
    // GitHub's patch keeps each line's \r (the lines are joined by \n); the file's text, split
    // into lines, has none, so a line kept with its \r never matched and lost its inline comment.
    const crlf = PATCH.split("\n")
      .map((line) => (line.startsWith("@@") || line.startsWith("\\") ? line : `${line}\r`))
      .join("\n");
    expect(patchLines(crlf)).toEqual(patchLines(PATCH));
  });

  it("ignores text before the first hunk and has no lines without a patch", () => {
    expect(patchLines("-not a line\n+nor this").left.size).toBe(0);
    expect(patchLines(undefined)).toEqual({ left: new Map(), right: new Map() });
  });
});

describe("the pull request's diff for reviews", () => {
  const diff = reviewDiff([
    { filename: "ord/document.json", status: "modified", patch: PATCH },
    {
      filename: "apis/new-name.json",
      status: "renamed",
      previous_filename: "apis/old-name.json",
      patch: "@@ -5,2 +5,1 @@\n   kept\n-  removed",
    },
    { filename: "ord/gone.json", status: "removed", patch: "@@ -1,2 +0,0 @@\n-{\n-}" },
    { filename: "ord/new.json", status: "added", patch: "@@ -0,0 +1,1 @@\n+{}" },
    {
      filename: "ord/copy.json",
      status: "copied",
      previous_filename: "ord/document.json",
      patch: "@@ -1,1 +1,1 @@\n-a\n+b",
    },
    { filename: "big.json", status: "modified" },
  ]);

  it("finds a renamed file's base lines under its old path, named by its new one", () => {
    const renamed = diff.left.get("apis/old-name.json");
    expect(renamed?.path).toBe("apis/new-name.json");
    expect([...renamed!.lines]).toEqual([
      [5, "  kept"],
      [6, "  removed"],
    ]);
    expect(diff.left.has("apis/new-name.json")).toBe(false);
  });

  it("has a removed file's whole content on the left", () => {
    expect(diff.left.get("ord/gone.json")?.path).toBe("ord/gone.json");
    expect([...diff.left.get("ord/gone.json")!.lines.keys()]).toEqual([1, 2]);
    expect(diff.right.get("ord/gone.json")?.size).toBe(0);
  });

  it("gives added and copied files no base side: a copy's source keeps its own entry", () => {
    expect(diff.left.has("ord/new.json")).toBe(false);
    expect(diff.left.get("ord/document.json")?.path).toBe("ord/document.json");
    expect(diff.left.get("ord/document.json")?.lines.get(11)).toBe('  "version": "1.2.3",');
    expect(diff.right.get("ord/copy.json")?.get(1)).toBe("b");
  });

  it("has no lines for a file GitHub sends without a patch (binary, too large)", () => {
    expect(diff.left.get("big.json")?.lines.size).toBe(0);
    expect(diff.right.get("big.json")?.size).toBe(0);
  });
});
