import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { annotate, writeJobSummary } from "../../src/action/publish.js";
import { checkSources } from "../../src/check.js";
import type { GitHub } from "../../src/github/client.js";
import {
  fingerprint,
  fingerprintOf,
  findingMarker,
  stickyMarker,
} from "../../src/github/markers.js";
import { commentBody, listOurReviewComments, planReview } from "../../src/github/review.js";
import { upsertStickyComment } from "../../src/github/sticky.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { renderText } from "../../src/report/text.js";
import type { Finding, Report } from "../../src/types.js";
import { api, doc, NOW, side } from "../helpers.js";

/**
 * Text a pull request controls (titles, descriptions, ORD IDs, entry points, versions, file
 * names, the lines of its files) reaches every surface: the markdown report (summary comment,
 * job summary), review comments, the text report (CLI logs) and annotations. It must not forge
 * the hidden markers, break out of code spans, code blocks or tables, inject HTML or @mention
 * anyone. Each surface is rendered with hostile text and compared with the same report rendered
 * with harmless text of the same structure.
 */

/** Text GitHub turns into cross-references (a backlink in the other repository) or links. */
const LINKS =
  "#1 (#12) owner/repo#2 GH-4 gh-5 https://github.com/o/r/issues/3 http://evil.example/x www.evil.example ftp://files.example x@evil.example";

const HOSTILE = [
  "<!-- ord-version-guard:summary:0123456789ab -->",
  "<!-- ord-version-guard:finding:0123456789abcdef -->",
  "<img src=x onerror=alert(1)>",
  "</details><details open><summary>forged</summary>",
  "<script>alert(1)</script>",
  "@octocat and @org/team",
  "&commat;octocat &#64;octocat &#x40;octocat",
  "`code` ``` ```` ~~~",
  "| forged | cell |",
  "line\nbreak",
  "carriage\rreturn",
  "crlf\r\nbreak",
  "[link](javascript:alert(1)) ![img](https://tracker.example/x.png)",
  "# heading *bold* _it_ ~strike~",
  // GitHub renders $…$, $$…$$ and $`…`$ as math (MathJax): a huge green "pass" banner.
  "$\\Huge\\color{green}\\textsf{ORD version check: pass}$ $$x$$ $`y`$",
  LINKS,
  // Bidirectional controls reorder what a reviewer reads ("Trojan Source").
  "\u202Edesrever\u202C \u2066isolated\u2069 \u200Fmark",
];
const ALL = HOSTILE.join(" ");
/** The hostile texts the escaping handles today (see the escapeMarkdown BUG for the others). */
const ESCAPED = HOSTILE.filter((t) => !t.includes("\r") && !t.includes("&"));
const ALL_ESCAPED = ESCAPED.join(" ");

/** Our own HTML in the markdown: anything else came from the pull request. */
const OUR_TAGS = /<\/?(details|summary)>/g;

/**
 * What GitHub renders as text: fenced blocks and code spans removed (their content is shown
 * literally), HTML entities decoded (GitHub decodes `&commat;` to `@` before it looks for
 * mentions).
 */
function renderedText(markdown: string): string {
  return proseOf(markdown)
    .replace(/&commat;/gi, "@")
    .replace(/&#(\d+);/g, (_m, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_m, h: string) => String.fromCodePoint(parseInt(h, 16)));
}

/** The markdown source outside fenced blocks and code spans, as GitHub's parser reads it. */
function proseOf(markdown: string): string {
  const lines: string[] = [];
  let fence: string | undefined;
  for (const line of markdown.split(/\r\n|\r|\n/)) {
    const open = /^(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (open && open[0] === fence[0] && open.length >= fence.length && line.trim() === open)
        fence = undefined;
      continue;
    }
    if (open) {
      fence = open;
      continue;
    }
    lines.push(line.replace(/(`+)(?:(?!\1)[\s\S])*?\1/g, ""));
  }
  return lines.join("\n");
}

/** The properties every markdown surface must have; `markers` of our own are allowed. */
function expectSafeMarkdown(markdown: string, markers = 0): void {
  expect(markdown).not.toMatch(/\r/);
  // Hidden markers: only ours, wherever they are (a plain substring search finds them).
  expect(markdown.split("<!-- ord-version-guard:").length - 1).toBe(markers);
  const text = renderedText(markdown).replace(/<!-- ord-version-guard:[a-z]+:[0-9a-f]+ -->/g, "");
  // No HTML but ours, no unescaped entity but our &lt; and &gt;.
  expect(text.replace(OUR_TAGS, "")).not.toMatch(/<[a-z!/]/i);
  expect(text).not.toMatch(/&(?!lt;|gt;|amp;)[#a-z0-9]+;/i);
  // No @mention: every @ from the pull request is followed by a zero-width space.
  expect(text).not.toMatch(/(^|[^\w`])@[a-z0-9]/im);
  // No image that would load from elsewhere, no link that is not ours (our rule links are https).
  expect(text).not.toMatch(/!\[[^\]]*\]\(/);
  expect(text).not.toMatch(/\]\((?!https:\/\/github\.com\/ord-version-guard\/)/);
  // No autolink: issue references, URLs, www. and e-mail addresses (ours are link targets).
  const prose = text.replace(/\]\(https:\/\/github\.com\/ord-version-guard\/[^)\s]*\)/g, "]");
  expect(prose).not.toMatch(/#\d/);
  expect(prose).not.toMatch(/\bgh-\d/i);
  expect(prose).not.toMatch(/\b[a-z][a-z0-9+.-]*:\/\//i);
  expect(prose).not.toMatch(/\bwww\./i);
  expect(prose).not.toMatch(/[\w.+-]@[a-z0-9]/i);
  // No math: a dollar sign in the source would open it (an entity does not).
  expect(proseOf(markdown)).not.toMatch(/\$/);
  // No bidirectional control: shown as its code point, it cannot reorder the text.
  expect(markdown).not.toMatch(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
}

/** Lines and the cells of table rows (unescaped `|`): the layout the text cannot change. */
function shape(markdown: string): string[] {
  return markdown
    .split(/\r\n|\r|\n/)
    .map((line) => (line.startsWith("|") ? `row ${line.split(/(?<!\\)\|/).length}` : "line"));
}

function replaceAll(report: Report, from: string, to: string): Report {
  return JSON.parse(
    JSON.stringify(report)
      .split(JSON.stringify(from).slice(1, -1))
      .join(JSON.stringify(to).slice(1, -1)),
  ) as Report;
}

/** A report whose every text field holds `text`, as renderers receive it. */
function syntheticReport(text: string): Report {
  const finding = (ruleId: string, severity: Finding["severity"]): Finding => ({
    ruleId,
    severity,
    ordId: `sap.xref:apiResource:${text}:v1`,
    message: `message ${text}`,
    suggestion: { version: "1.1.0" },
    location: { file: `ord/${text}.json`, line: 3, column: 18 },
  });
  return {
    tool: { name: "ord-version-guard", version: "0.1.0" },
    verdict: "fail",
    failOn: "error",
    summary: { errors: 1, warnings: 1, notices: 0, entities: 1, changed: 1, ignored: 1 },
    entities: [
      {
        ordId: `sap.xref:apiResource:${text}:v1`,
        entityType: "apiResources",
        status: "changed",
        file: `ord/${text}.json`,
        base: { version: `1.0.0-${text}`, releaseStatus: text },
        head: { version: `1.0.1-${text}`, releaseStatus: text },
        changeLevel: "additive",
        requiredIncrement: "minor",
        actualIncrement: "patch",
        changes: [
          {
            path: `entryPoints[${text}]`,
            kind: "added",
            class: "additive",
            source: "metadata",
            reason: `entry point ${text} added`,
            location: { file: `ord/${text}.json`, line: 5, column: 9 },
          },
        ],
        lifecycle: [{ field: "successors", base: [text], head: text }],
      },
    ],
    findings: [
      finding("version-increment-too-small", "error"),
      finding("ord-id-invalid", "warning"),
    ],
    ignored: [{ ...finding("ord-id-changed", "error"), ignored: { reason: text, until: text } }],
  };
}

/** A real report of the pipeline from a pull request that puts `text` everywhere it can. */
function pipelineReport(text: string): Report {
  const hostile = api("astro", {
    ordId: `sap.xref:apiResource:${text}:v1`,
    title: `title ${text}`,
    shortDescription: text,
    description: text,
    version: "1.0.1",
    entryPoints: [`/astro/v1/${text}`],
    releaseStatus: "active",
    labels: { [text]: [text] },
  });
  const before = api("astro", { ordId: `sap.xref:apiResource:${text}:v1` });
  return checkSources(
    {
      base: side({ [`ord/${text}.json`]: doc({ apiResources: [before] }) }),
      head: side({
        [`ord/${text}.json`]: doc({
          apiResources: [hostile],
          tombstones: [{ ordId: text, removalDate: text }],
        }),
      }),
    },
    { now: NOW, scope: "all" },
  );
}

const BENIGN = "placeholder";

describe("the markdown report (summary comment and job summary)", () => {
  it("renders the report's own structure", () => {
    const markdown = renderMarkdown(pipelineReport(BENIGN));
    expect(markdown).toContain("| ORD ID |");
    expect(markdown).toContain("<details><summary>");
    expectSafeMarkdown(markdown);
  });

  it("escapes hostile text in messages, reasons, versions and file names", () => {
    // Everything but the ORD ID, which goes through code spans (see the BUG below).
    const report = syntheticReport(BENIGN);
    const hostile: Report = {
      ...report,
      entities: report.entities.map((e) => ({
        ...e,
        base: { version: ALL_ESCAPED, releaseStatus: ALL_ESCAPED },
        changes: e.changes.map((c) => ({
          ...c,
          reason: ALL_ESCAPED,
          location: { ...c.location!, file: ALL_ESCAPED },
        })),
      })),
      findings: report.findings.map((f) => ({
        ...f,
        message: ALL_ESCAPED,
        location: { ...f.location!, file: ALL_ESCAPED },
      })),
    };
    const markdown = renderMarkdown(hostile);
    expect(shape(markdown)).toEqual(shape(renderMarkdown(report)));
    expectSafeMarkdown(markdown);
  });

  // Was a bug (fixed in 5baab70): escapeMarkdown() (src/report/markdown.ts) replaces "\n" and
  // "\r\n" but not a lone "\r", which CommonMark also takes as a line break: it ends a table row
  // (the rest of the table renders as text) and starts a new block. It does not escape "&" either,
  // so a named or numeric entity survives: `&commat;octocat` (or `&#x40;octocat`) renders as
  // "@octocat", a mention GitHub notifies. Reproducer: a head title "x\r| a | b |" and
  // "&commat;octocat", in the "title changed" reason of the summary comment.
  it("messages and reasons with a lone CR or an HTML entity keep the layout and mention no one", () => {
    const report = syntheticReport(BENIGN);
    for (const text of HOSTILE.filter((t) => !ESCAPED.includes(t))) {
      const hostile: Report = {
        ...report,
        entities: report.entities.map((e) => ({
          ...e,
          changes: e.changes.map((c) => ({ ...c, reason: text })),
        })),
        findings: report.findings.map((f) => ({ ...f, message: text })),
      };
      const markdown = renderMarkdown(hostile);
      expect(shape(markdown), JSON.stringify(text)).toEqual(shape(renderMarkdown(report)));
      expectSafeMarkdown(markdown);
    }
  });

  // Was a bug (fixed in 5baab70): ORD IDs are rendered with code() (src/report/markdown.ts), which
  // only replaces backticks: an ORD ID with a newline breaks out of its table row and its `####`
  // heading (raw HTML and @mentions on the next line), `|` splits the cell, and `<!--
  // ord-version-guard:summary:KEY -->` stays verbatim, so the summary comment contains another
  // job's sticky marker (found with includes()). Also escapeMarkdown() leaves a lone "\r" (a line
  // break to CommonMark: it ends a table row) and does not escape "&" (`&commat;octocat` renders as
  // @octocat). Reproducer: a head document with an API resource whose ordId is
  // "sap.xref:apiResource:x|y\n<img src=x onerror=alert(1)>\n@octocat <!--
  // ord-version-guard:summary:abc -->:v1".
  it("hostile text anywhere, ORD IDs included, keeps the layout and stays text", () => {
    for (const text of [...HOSTILE, ALL]) {
      for (const report of [syntheticReport(text), pipelineReport(text)]) {
        const markdown = renderMarkdown(report);
        const benign = renderMarkdown(replaceAll(report, text, BENIGN));
        expect(shape(markdown), text).toEqual(shape(benign));
        expectSafeMarkdown(markdown);
      }
    }
  });
});

// Was a bug (issue 12, item 13): escapeMarkdown() (src/report/markdown.ts) escaped `#` with a
// backslash, but GitHub finds issue references in the rendered text: `#1`, `owner/repo#2` and
// `GH-4` became cross-references (a backlink in the other repository's issue, a notification for
// its subscribers), and `https://...` and `www.` became links. Reproducer: a head title
// "see owner/repo#2 and https://evil.example", in the "title changed" reason of the summary
// comment, the job summary and a review comment's message.
describe("issue references and URLs in pull-request text", () => {
  it("link nothing in the markdown report (summary comment, job summary) or a review comment", () => {
    for (const report of [syntheticReport(LINKS), pipelineReport(LINKS)]) {
      expectSafeMarkdown(renderMarkdown(report));
      for (const f of report.findings)
        expectSafeMarkdown(commentBody(f, undefined, "0123456789abcdef"), 1);
    }
  });

  it("stay readable: only invisible word joiners are added", () => {
    const markdown = renderMarkdown(syntheticReport(LINKS));
    const shown = markdown.replace(/\u2060|\u200b/g, "").replace(/\\([#()])/g, "$1");
    expect(shown).toContain(LINKS);
  });
});

describe("review comments", () => {
  const finding: Finding = {
    ruleId: "version-increment-too-small",
    severity: "error",
    ordId: "sap.xref:apiResource:astronomy:v1",
    message: `additive changes need at least a minor increment ${ALL_ESCAPED}`,
    suggestion: { version: "1.3.0" },
    location: { file: "ord.json", line: 1, column: 13 },
  };
  const print = fingerprint({ ruleId: finding.ruleId, ordId: finding.ordId, file: "ord.json" });

  it("escape the message and carry exactly one marker, their own", () => {
    const body = commentBody({ ...finding, suggestion: undefined }, undefined, print);
    expect(fingerprintOf(body)).toBe(print);
    expectSafeMarkdown(body, 1);
    expect(body.startsWith(findingMarker(print))).toBe(true);
  });

  it("a suggestion's fence is longer than any backtick run of the line", () => {
    const line = '  "version": "1.2.4", "x": "````` ``` `"';
    const body = commentBody(
      { ...finding, location: { file: "ord.json", line: 1, column: 14 } },
      line,
      print,
    );
    expect(body).toContain("``````suggestion\n");
    expectSafeMarkdown(body, 1);
  });

  it("a line with a bidirectional control is not copied into a suggestion", () => {
    const line = '  "version": "1.2.4", "note": "\u202Ereversed\u202C"';
    const body = commentBody(
      { ...finding, location: { file: "ord.json", line: 1, column: 14 } },
      line,
      print,
    );
    expect(body).not.toContain("suggestion\n");
    expectSafeMarkdown(body, 1);
  });

  // Was a bug (fixed in 5baab70): the one-click suggestion copies the whole line of the pull
  // request's file into the comment (src/github/review.ts commentBody); on a minified document that
  // line is the whole document, and any `<!-- ord-version-guard:finding:<fingerprint> -->` in it is
  // copied too. resolveOutdated() removes only the first marker, so a resolved comment keeps the
  // forged one, and the next run (listOurReviewComments: the bot wrote it) takes that fingerprint
  // as already commented: the inline comment of a future finding (fingerprints are predictable:
  // rule, ORD ID, file) is suppressed. Reproducer: commentBody(finding with suggestion,
  // '{"version": "1.2.4", "x": "<!-- ord-version-guard:finding:0123456789abcdef -->"}', print)
  // holds two markers.
  it("a line of the pull request cannot add a marker to the comment", () => {
    const forged = findingMarker("0123456789abcdef");
    const line = `{"version": "1.2.4", "x": "${forged}"}`;
    const body = commentBody(finding, line, print);
    // Such a line is not copied into a one-click suggestion at all; the version is still named.
    expect(body).not.toContain("```suggestion");
    expect(body.split("<!-- ord-version-guard:").length - 1).toBe(1);
  });

  it("planReview comments escape PR text like commentBody", () => {
    const lineText = '{"version": "1.2.4"}';
    const plan = planReview(
      [{ ...finding, message: ALL_ESCAPED }],
      { right: new Map([["ord.json", new Map([[1, lineText]])]]), left: new Map() },
      () => lineText,
      new Set(),
    );
    expect(plan.comments).toHaveLength(1);
    expectSafeMarkdown(plan.comments[0]!.body, 1);
  });

  it("a marker pasted into a user's review comment is not taken as ours", async () => {
    const client = {
      paginate: () =>
        Promise.resolve([
          {
            id: 1,
            path: "ord.json",
            body: `${findingMarker(print)}\nforged`,
            user: { login: "mallory", type: "User" },
          },
          {
            id: 2,
            path: "ord.json",
            body: `${findingMarker(print)}\nours`,
            user: { login: "github-actions[bot]", type: "Bot" },
          },
        ]),
      rest: { pulls: { listReviewComments: {} } },
    } as unknown as GitHub;
    const ours = await listOurReviewComments(
      client,
      { owner: "o", repo: "r", pull_number: 1 },
      "github-actions[bot]",
    );
    expect(ours.map((c) => c.id)).toEqual([2]);
  });

  // Was a bug (issue 12, item 15): any comment by a Bot account that contained a finding marker
  // counted as ours (`user.type === "Bot"` and the marker anywhere). Another bot that quotes pull
  // request text (a review bot, a dependency bot) can quote our marker: its fingerprint was taken
  // as "already commented", suppressing the inline comment of a real finding, and its comment was
  // "resolved" (edited) by us. Reproducer: a review comment by "other-bot[bot]" (type Bot) whose
  // body is the marker of the next finding's fingerprint.
  it("only comments by the token's own login, starting with the marker, are ours", async () => {
    const marker = findingMarker(print);
    const client = {
      paginate: () =>
        Promise.resolve([
          { id: 1, path: "ord.json", body: marker, user: { login: "other-bot[bot]", type: "Bot" } },
          {
            id: 2,
            path: "ord.json",
            body: `> quoting: ${marker}`,
            user: { login: "github-actions[bot]", type: "Bot" },
          },
          {
            id: 3,
            path: "ord.json",
            body: `${marker}\nours`,
            user: { login: "github-actions[bot]", type: "Bot" },
          },
          {
            id: 4,
            path: "ord.json",
            body: `${marker}\nmine`,
            user: { login: "alice", type: "User" },
          },
        ]),
      rest: { pulls: { listReviewComments: {} } },
    } as unknown as GitHub;
    const pull = { owner: "o", repo: "r", pull_number: 1 };
    const ids = async (self: string) =>
      (await listOurReviewComments(client, pull, self)).map((c) => c.id);
    expect(await ids("github-actions[bot]")).toEqual([3]);
    // With a personal access token the Action writes as its user: her comments are the Action's.
    expect(await ids("alice")).toEqual([4]);
    // A finding with that fingerprint is then commented anyway, since no comment of ours has it.
    const lineText = '{"version": "1.2.4"}';
    const plan = planReview(
      [finding],
      { right: new Map([["ord.json", new Map([[1, lineText]])]]), left: new Map() },
      () => lineText,
      new Set(
        (await listOurReviewComments(client, pull, "someone-else")).map((c) => c.fingerprint),
      ),
    );
    expect(plan.comments.map((c) => c.fingerprint)).toEqual([print]);
  });
});

describe("the sticky summary comment", () => {
  function fakeClient(
    comments: { id: number; body: string; user: { login: string; type: string } }[],
  ) {
    const writes: { op: string; id?: number; body: string }[] = [];
    const client = {
      paginate: () => Promise.resolve(comments),
      rest: {
        issues: {
          listComments: {},
          createComment: (p: { body: string }) => (
            writes.push({ op: "create", body: p.body }),
            Promise.resolve({})
          ),
          updateComment: (p: { comment_id: number; body: string }) => (
            writes.push({ op: "update", id: p.comment_id, body: p.body }),
            Promise.resolve({})
          ),
        },
      },
    } as unknown as GitHub;
    return { client, writes };
  }
  const pr = { owner: "o", repo: "r", pull_number: 1 };
  const BOT = "github-actions[bot]";

  it("a user's comment carrying the marker is never edited: the Action starts its own", async () => {
    const { client, writes } = fakeClient([
      { id: 7, body: `${stickyMarker("k")}\nmine`, user: { login: "mallory", type: "User" } },
    ]);
    expect(await upsertStickyComment(client, pr, BOT, "k", "report", "cut")).toBe("created");
    expect(writes.map((w) => w.op)).toEqual(["create"]);
  });

  // Was a bug (issue 12, item 15): a comment by any Bot account that contained the marker was
  // taken as the summary comment and overwritten, e.g. a bot that quotes the pull request's
  // conversation. Reproducer: an issue comment by "other-bot[bot]" (type Bot) starting with the
  // sticky marker, and one by the Action's login quoting it after other text.
  it("another bot's comment with the marker, or the marker after other text, is never edited", async () => {
    const marker = stickyMarker("k");
    const { client, writes } = fakeClient([
      { id: 7, body: `${marker}\nquoted`, user: { login: "other-bot[bot]", type: "Bot" } },
      { id: 8, body: `Quoting: ${marker}`, user: { login: BOT, type: "Bot" } },
    ]);
    expect(await upsertStickyComment(client, pr, BOT, "k", "report", "cut")).toBe("created");
    expect(writes.map((w) => w.op)).toEqual(["create"]);
  });

  it("the comment of the token's login that starts with the marker is updated in place", async () => {
    const marker = stickyMarker("k");
    const { client, writes } = fakeClient([
      { id: 7, body: `${marker}\nold`, user: { login: "other-bot[bot]", type: "Bot" } },
      { id: 9, body: `${marker}\nold`, user: { login: "alice", type: "User" } },
    ]);
    expect(await upsertStickyComment(client, pr, "alice", "k", "report", "cut")).toBe("updated");
    expect(writes.map((w) => [w.op, w.id])).toEqual([["update", 9]]);
  });

  // Was a bug (fixed in 5baab70): the body is the sticky marker plus renderMarkdown(report), so an
  // ORD ID holding another job's marker (`<!-- ord-version-guard:summary:<key> -->`, see the
  // markdown BUG) puts a second marker into this job's comment; that job (same pull request,
  // another config) then finds and overwrites this comment. Reproducer: an ORD ID containing
  // stickyMarker("otherkey").
  it("the body holds exactly one marker, whatever the report contains", async () => {
    const { client, writes } = fakeClient([]);
    const markdown = renderMarkdown(pipelineReport(`x ${stickyMarker("otherkey")} y`));
    await upsertStickyComment(client, pr, BOT, "0a1b2c", markdown, "cut");
    const body = writes[0]!.body;
    expect(body.startsWith(stickyMarker("0a1b2c"))).toBe(true);
    expectSafeMarkdown(body, 1);
  });
});

describe("the text report (CLI output in CI logs) and the Action's annotations", () => {
  const WORKFLOW =
    "x\n::error file=ord.json,line=1::forged\n::add-mask::hunter2\n::stop-commands::t0k\r::warning::cr";

  // Was a bug (fixed in 5baab70): renderText (src/report/text.ts) prints ORD IDs, change reasons
  // and finding messages raw: a newline in PR text starts a new log line, and a line starting with
  // "::" is a workflow command to the GitHub runner when the CLI runs in a workflow (forged
  // annotations, ::add-mask::, ::stop-commands:: to silence the rest); "\r" and ANSI escapes
  // ("\u001b[2K") rewrite terminal lines. Reproducer: `check --base old/ --head new/` where the
  // head's title is "x\n::error::forged" prints a line "::error::forged" (as part of the "title
  // changed" reason).
  it("PR text cannot start a line, or carry control characters", () => {
    for (const text of [WORKFLOW, "\u001b[2K\u001b[1Afake PASS", ALL]) {
      for (const report of [syntheticReport(text), pipelineReport(text)]) {
        const output = renderText(report);
        const benign = renderText(replaceAll(report, text, BENIGN));
        expect(output.split("\n").length).toBe(benign.split("\n").length);
        expect(output).not.toMatch(/^\s*::/m);
        // eslint-disable-next-line no-control-regex
        expect(output).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
      }
    }
  });

  // Was a bug (fixed): an ORD ID that itself starts with "::" began its entity's line, and the
  // runner reads a line as a command after trimming its leading white space. Reproducer: a head
  // entity with "ordId": "::error file=README.md,line=1::forged by PR".
  it("an ORD ID that is itself a workflow command does not start its entity's line", () => {
    for (const ordId of ["::error file=README.md,line=1::forged by PR", "  ::stop-commands::t0k"]) {
      const report = checkSources(
        {
          base: side({ "ord.json": doc({ apiResources: [api("astro")] }) }),
          head: side({ "ord.json": doc({ apiResources: [api("astro"), api("x", { ordId })] }) }),
        },
        { now: NOW },
      );
      const output = renderText(report);
      expect(output).toContain(ordId.trim());
      expect(output).not.toMatch(/^\s*::/m);
    }
  });

  it("annotations are one workflow command each, PR text escaped", () => {
    const written: string[] = [];
    const spy = vi
      .spyOn(process.stdout, "write")
      .mockImplementation((chunk: string | Uint8Array) => {
        written.push(String(chunk));
        return true;
      });
    try {
      annotate(syntheticReport(WORKFLOW));
    } finally {
      spy.mockRestore();
    }
    const lines = written
      .join("")
      .split(/\r?\n/)
      .filter((l) => l !== "");
    expect(lines).toHaveLength(2);
    expect(lines.every((l) => /^::(error|warning|notice) /.test(l))).toBe(true);
    // The forged commands stay inside the message (newlines escaped as %0A): one line each.
    expect(
      lines.filter((l) => /::(add-mask|stop-commands)::/.test(l.split("::")[1] ?? "")),
    ).toEqual([]);
  });
});

describe("the job summary", () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    vi.unstubAllEnvs();
  });

  // Was a bug (fixed in 5baab70): the job summary is renderMarkdown(report) (see the markdown BUG):
  // the same forged HTML, mentions and broken tables reach it. Reproducer as for the markdown
  // report.
  it("holds no HTML, marker or mention from the pull request", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "ovg-summary-"));
    const file = path.join(dir, "summary.md");
    writeFileSync(file, "");
    vi.stubEnv("GITHUB_STEP_SUMMARY", file);
    await writeJobSummary(pipelineReport(ALL), "approved by the label `x`");
    expectSafeMarkdown(readFileSync(file, "utf8"));
  });
});
