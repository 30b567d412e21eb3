import { describe, expect, it } from "vitest";
import { reviewDiff } from "../../src/github/diff-lines.js";
import { fingerprintOf } from "../../src/github/markers.js";
import {
  findingFingerprint,
  placeFinding,
  planReview,
  type BaseLines,
} from "../../src/github/review.js";
import type { Finding } from "../../src/types.js";

// The base commit's ord/document.json around the pull request's change: line 11 is removed.
const BASE_TEXT = ["{", ...Array.from({ length: 9 }, (_, i) => `  "k${i}": ${i},`)];
BASE_TEXT.push('  "entryPoints": ["/legacy"],', '  "title": "T",', '  "version": "1.2.3"', "}");
const HEAD_TEXT = BASE_TEXT.filter((_, i) => i !== 10);

const PATCH = [
  "@@ -8,6 +8,5 @@",
  '   "k6": 6,',
  '   "k7": 7,',
  '   "k8": 8,',
  '-  "entryPoints": ["/legacy"],',
  '   "title": "T",',
  '   "version": "1.2.3"',
].join("\n");

const LABEL = "1a2b3c4:";
const base = (text: string[] = BASE_TEXT): BaseLines => ({
  label: LABEL,
  lineText: (file, line) => (file === "ord/document.json" ? text[line - 1] : undefined),
});
const headLine = (file: string, line: number) =>
  file === "ord/document.json" ? HEAD_TEXT[line - 1] : undefined;
const diff = reviewDiff([{ filename: "ord/document.json", status: "modified", patch: PATCH }]);

const removal: Finding = {
  ruleId: "breaking-change-without-new-major",
  severity: "error",
  ordId: "sap.xref:apiResource:a:v1",
  message:
    "breaking change on an active resource under the same ORD ID: entry point /legacy removed",
  location: { file: `${LABEL}ord/document.json`, line: 11, column: 3 },
};

describe("where a finding's review comment goes", () => {
  it("a base-file location on a removed line: the LEFT side, under the head path", () => {
    expect(placeFinding(removal.location!, diff, headLine, base())).toEqual({
      path: "ord/document.json",
      line: 11,
      side: "LEFT",
      text: '  "entryPoints": ["/legacy"],',
    });
  });

  it("a base-file location on a context line: LEFT too (the line is in the diff's base side)", () => {
    const location = { file: `${LABEL}ord/document.json`, line: 12, column: 3 };
    expect(placeFinding(location, diff, headLine, base())?.side).toBe("LEFT");
  });

  it("a head location in the diff: the RIGHT side, numbered as in the head", () => {
    const location = { file: "ord/document.json", line: 12, column: 14 };
    expect(placeFinding(location, diff, headLine, base())).toEqual({
      path: "ord/document.json",
      line: 12,
      side: "RIGHT",
      text: '  "version": "1.2.3"',
    });
  });

  it("a base line outside the diff's hunks: the summary only", () => {
    const location = { file: `${LABEL}ord/document.json`, line: 3, column: 3 };
    expect(placeFinding(location, diff, headLine, base())).toBeUndefined();
  });

  it("a base line whose text is not the diff's (the base branch moved on): the summary only", () => {
    const moved = ["{", '  "new": true,', ...BASE_TEXT.slice(1)];
    expect(placeFinding(removal.location!, diff, headLine, base(moved))).toBeUndefined();
  });

  it("a base location is never read as the head line of the same number", () => {
    // Without knowing the base's label, `1a2b3c4:ord/document.json` is no file of the diff.
    expect(placeFinding(removal.location!, diff, headLine)).toBeUndefined();
    const otherBase = { ...base(), label: "9f8e7d6:" };
    expect(placeFinding(removal.location!, diff, headLine, otherBase)).toBeUndefined();
  });

  it("a renamed file's base location lands on the LEFT of its new path", () => {
    const renamed = reviewDiff([
      {
        filename: "ord/renamed.json",
        status: "renamed",
        previous_filename: "ord/document.json",
        patch: PATCH,
      },
    ]);
    expect(placeFinding(removal.location!, renamed, headLine, base())).toMatchObject({
      path: "ord/renamed.json",
      line: 11,
      side: "LEFT",
    });
  });

  it("a removed file's lines are all on the LEFT", () => {
    const removed = reviewDiff([
      {
        filename: "ord/document.json",
        status: "removed",
        patch: `@@ -1,${BASE_TEXT.length} +0,0 @@\n${BASE_TEXT.map((l) => `-${l}`).join("\n")}`,
      },
    ]);
    const location = { file: `${LABEL}ord/document.json`, line: 2, column: 3 };
    expect(placeFinding(location, removed, () => undefined, base())).toMatchObject({
      side: "LEFT",
      line: 2,
    });
  });
});

describe("a review plan with removals", () => {
  it("comments on the LEFT, without a one-click suggestion (it would replace a head line)", () => {
    const withSuggestion = { ...removal, suggestion: { version: "2.0.0" } };
    const plan = planReview([withSuggestion], diff, headLine, new Set(), base());
    expect(plan.comments).toHaveLength(1);
    const [comment] = plan.comments;
    expect(comment).toMatchObject({ path: "ord/document.json", line: 11, side: "LEFT" });
    expect(comment!.body).toContain("entry point /legacy removed");
    expect(comment!.body).not.toContain("```suggestion");
    expect(fingerprintOf(comment!.body)).toBe(comment!.fingerprint);
  });

  it("a head comment keeps its suggestion and has no LEFT side", () => {
    const version: Finding = {
      ruleId: "version-not-incremented",
      severity: "error",
      ordId: "sap.xref:apiResource:a:v1",
      message: "breaking changes need a major increment, but the version stays 1.2.3",
      suggestion: { version: "2.0.0" },
      location: { file: "ord/document.json", line: 12, column: 14 },
    };
    const plan = planReview([version], diff, headLine, new Set(), base());
    expect(plan.comments[0]?.side).toBeUndefined();
    expect(plan.comments[0]?.body).toContain('```suggestion\n  "version": "2.0.0"\n```');
  });

  it("a finding outside the diff's left side goes to the summary", () => {
    const outside = { ...removal, location: { ...removal.location!, line: 2 } };
    const plan = planReview([outside], diff, headLine, new Set(), base());
    expect(plan.comments).toEqual([]);
    expect(plan.elsewhere).toEqual([outside]);
  });

  it("is not commented again when the base branch moved on (the label names another commit)", () => {
    const first = planReview([removal], diff, headLine, new Set(), base());
    const print = first.comments[0]!.fingerprint;
    const later = {
      ...removal,
      location: { ...removal.location!, file: "9f8e7d6:ord/document.json" },
    };
    expect(findingFingerprint(later, "9f8e7d6:")).toBe(print);
    const again = planReview([later], diff, headLine, new Set([print]), {
      ...base(),
      label: "9f8e7d6:",
    });
    expect(again.comments).toEqual([]);
  });
});
