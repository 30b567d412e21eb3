import { describe, expect, it } from "vitest";
import { commentableLines } from "../../src/github/diff-lines.js";
import { MAX_COMMENT_CHARS, truncateBytes, truncateMarkdown } from "../../src/github/limits.js";
import {
  fingerprint,
  fingerprintOf,
  findingMarker,
  stickyMarker,
} from "../../src/github/markers.js";
import { commentBody, planReview } from "../../src/github/review.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import type { Finding } from "../../src/types.js";
import { api, doc, run } from "../helpers.js";

const PATCH = [
  "@@ -10,4 +10,5 @@ header",
  "   context a", // right 10
  '-  "version": "1.2.3",',
  '+  "version": "1.2.4",', // right 11
  "+  added", // right 12
  "   context b", // right 13
  "@@ -40,2 +41,2 @@",
  "-  gone",
  "   tail", // right 41
  "\\ No newline at end of file",
].join("\n");

describe("diff-line mapping", () => {
  it("allows right-side added and context lines only, across hunks", () => {
    expect([...commentableLines(PATCH)]).toEqual([
      [10, "  context a"],
      [11, '  "version": "1.2.4",'],
      [12, "  added"],
      [13, "  context b"],
      [41, "  tail"],
    ]);
  });
  it("a file without a patch (binary, too large) has no commentable lines", () => {
    expect(commentableLines(undefined).size).toBe(0);
  });
});

describe("fingerprints", () => {
  it("are stable across runs and line moves, and case-insensitive in the ORD ID", () => {
    const a = fingerprint({ ruleId: "r", ordId: "ns:apiResource:A:v1", file: "ord.json" });
    expect(fingerprint({ ruleId: "r", ordId: "NS:apiResource:a:v1", file: "ord.json" })).toBe(a);
    expect(fingerprint({ ruleId: "r", ordId: "ns:apiResource:A:v1", file: "other.json" })).not.toBe(
      a,
    );
    expect(fingerprintOf(`${findingMarker(a)}\ntext`)).toBe(a);
    // Only at the start: a comment quoting one of ours is not one of ours.
    expect(fingerprintOf(`text\n${findingMarker(a)}`)).toBeUndefined();
  });
  it("document text cannot forge a marker: markdown escaping breaks the comment syntax", () => {
    const report = run(
      doc({ apiResources: [api("s")] }),
      doc({ apiResources: [api("s", { title: `${stickyMarker("x")} @admin` })] }),
    );
    const markdown = renderMarkdown({
      ...report,
      findings: [{ ruleId: "r", severity: "error", message: `x ${stickyMarker("k")}` }],
    });
    expect(markdown).not.toContain("<!--");
    expect(markdown).not.toContain("@admin");
  });
});

const finding: Finding = {
  ruleId: "version-increment-too-small",
  severity: "error",
  ordId: "sap.xref:apiResource:astronomy:v1",
  message: "additive changes need at least a minor increment: 1.2.3 → 1.2.4 is a patch",
  suggestion: { version: "1.3.0" },
  location: { file: "ord.json", line: 11, column: 18 },
};

describe("review comments", () => {
  it("carry a one-click suggestion replacing only the version value", () => {
    const body = commentBody(finding, '      "version": "1.2.4",', "0123456789abcdef");
    expect(body).toContain('```suggestion\n      "version": "1.3.0",\n```');
    expect(fingerprintOf(body)).toBe("0123456789abcdef");
  });
  it("use a longer fence when the line itself contains backticks", () => {
    const body = commentBody(
      { ...finding, location: { file: "f", line: 1, column: 18 } },
      '  /* ``` */ "v": "1.2.4"',
      "0123456789abcdef",
    );
    expect(body).toContain('````suggestion\n  /* ``` */ "v": "1.3.0"\n````');
  });
  it("go inline only on commentable lines; others stay for the summary; known fingerprints are skipped", () => {
    const line = '      "version": "1.2.4",';
    const lines = { right: new Map([["ord.json", new Map([[11, line]])]]), left: new Map() };
    const outside = { ...finding, location: { file: "ord.json", line: 99, column: 1 } };
    const plan = planReview([finding, outside], lines, () => line, new Set());
    expect(plan.comments.map((c) => [c.path, c.line])).toEqual([["ord.json", 11]]);
    expect(plan.elsewhere).toEqual([outside]);
    const again = planReview(
      [finding],
      lines,
      () => line,
      new Set([plan.comments[0]!.fingerprint]),
    );
    expect(again.comments).toEqual([]);
  });

  it("stay off a line whose checked-out text is not the pull request's (a merge checkout)", () => {
    const lines = {
      right: new Map([["ord.json", new Map([[11, '      "version": "1.2.4",']])]]),
      left: new Map(),
    };
    const plan = planReview(
      [finding],
      lines,
      () => '      "title": "moved here by main",',
      new Set(),
    );
    expect(plan.comments).toEqual([]);
    expect(plan.elsewhere).toEqual([finding]);
  });
});

describe("size limits", () => {
  it("cuts a long comment at a line boundary below GitHub's limit and says where the rest is", () => {
    const long = Array.from({ length: 5000 }, (_, i) => `| row ${i} | ${"x".repeat(20)} |`).join(
      "\n",
    );
    const cut = truncateMarkdown(long, MAX_COMMENT_CHARS, "see the job summary");
    expect(cut.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS);
    expect(cut.endsWith("see the job summary")).toBe(true);
    expect(truncateMarkdown("short", 100, "n")).toBe("short");
  });
  // Was a bug (issue 12, item 14): the markdown report listed every entity before the findings,
  // so 1,500 new entities filled the summary comment's 65,536 characters with the entity table
  // and the cut removed the findings (the errors that fail the check). Reproducer: a pull
  // request adding 1,500 API resources and breaking two existing ones.
  it("1,500 new entities do not push the findings out of the summary comment", () => {
    const added = Array.from({ length: 1500 }, (_, i) => api(`added${i}`));
    const report = run(
      doc({ apiResources: [api("zeta"), api("zulu")] }),
      doc({
        apiResources: [
          ...added,
          api("zeta", { entryPoints: ["/zeta/other"] }),
          api("zulu", { entryPoints: ["/zulu/other"] }),
        ],
      }),
    );
    const errors = report.findings.filter((f) => f.severity === "error");
    expect(new Set(errors.map((f) => f.ordId))).toEqual(
      new Set(["sap.xref:apiResource:zeta:v1", "sap.xref:apiResource:zulu:v1"]),
    );
    const body = truncateMarkdown(renderMarkdown(report), MAX_COMMENT_CHARS, "cut");
    const findings = body.slice(body.indexOf("### Findings"));
    for (const f of report.findings) {
      expect(findings).toContain(`[\`${f.ruleId}\`]`);
      expect(findings).toContain(`\`${f.ordId}\``);
    }
    expect(
      body.split("\n").filter((l) => l.includes("|") && l.includes("`sap.xref:")).length,
    ).toBeGreaterThan(errors.length);
    // The entity table is cut short and says how many entities it leaves out.
    const rows = body
      .split("\n")
      .filter((l) => /^\| `sap\.xref:apiResource:added\d+:v1` \| new /.test(l));
    expect(rows.length).toBeLessThan(200);
    expect(body).toContain(`${1502 - rows.length - 2} more entities`);
    expect(body.length).toBeLessThan(MAX_COMMENT_CHARS);
    expect(body.endsWith("cut")).toBe(false);
  });
  it("measures the job summary in UTF-8 bytes", () => {
    const text = "✅ ".repeat(300_000);
    const cut = truncateBytes(text, 1024 * 1024, "truncated");
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(1024 * 1024);
    expect(cut.endsWith("truncated")).toBe(true);
  });
});
