import type { Finding, Location, Report, Severity } from "../types.js";
import { ruleDocUrl } from "./docs-link.js";
import {
  countsLine,
  groupByEntity,
  lifecycleLine,
  locationText,
  versionTransition,
  type EntityGroup,
} from "./group.js";

const ICON: Record<Severity, string> = { error: "🛑", warning: "⚠️", notice: "ℹ️" };

/** An invisible character that joins what it stands between: nothing is shown, nothing links. */
const WORD_JOINER = "\u2060";

/**
 * Escapes text from documents (titles, reasons, paths) for a table cell: it cannot close
 * code spans, open HTML, break the table, @mention anyone, or link anywhere.
 *
 * GitHub looks for references in the rendered text, after markdown escapes are gone: `\#1`
 * still becomes a link to issue 1, `owner/repo#2` and `GH-4` a cross-reference that shows up in
 * that issue (and notifies its subscribers), `https://...` and `www.` a link. An invisible word
 * joiner after `#`, between `GH` and `-`, after the `:` of `://` and in `www.` breaks each
 * pattern while the text reads (and copies, minus that character) the same. A dollar sign would
 * open math (`$…$` renders through MathJax, after the backslash escapes are gone): its entity
 * shows the same character and opens nothing.
 */
export function escapeMarkdown(text: string): string {
  return showBidi(text)
    .replace(/&/g, "&amp;") // first: an entity like &commat; must not render as "@"
    .replace(/[\\`*_{}[\]()#+!|~]/g, (c) => `\\${c}`)
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/@/g, "@\u200b")
    .replace(/#/g, `#${WORD_JOINER}`)
    .replace(/\b(gh)-/gi, `$1${WORD_JOINER}-`)
    .replace(/:\/\//g, `:${WORD_JOINER}//`)
    .replace(/\b(www)\./gi, `$1${WORD_JOINER}.`)
    .replace(/\r\n|\r|\n|\u2028|\u2029/g, " ")
    .replace(/\$/g, "&#36;"); // last: the `#` of our entity must not be escaped
}

/** Bidirectional controls: invisible characters that reorder the text around them. */
export const BIDI_CONTROL = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/**
 * Bidirectional controls written as their code points: invisible, they reorder the text around
 * them ("Trojan Source"), so an ORD ID or a message could read as another in a review.
 */
const showBidi = (text: string): string =>
  text.replace(
    new RegExp(BIDI_CONTROL, "g"),
    (c) => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`,
  );

/**
 * A code span for document text (ORD IDs): nothing inside is markdown, but a backtick or line
 * break would end it, a pipe would split a table cell, and `<!--` would carry a hidden marker.
 */
export function code(text: string): string {
  const safe = showBidi(text)
    .replace(/`/g, "'")
    .replace(/\r\n|\r|\n|\u2028|\u2029/g, " ")
    .replace(/\|/g, "\\|")
    .replace(/</g, "‹")
    .replace(/>/g, "›");
  return `\`${safe}\``;
}
const where = (location?: Location): string =>
  location ? escapeMarkdown(locationText(location, false)) : "";

function findingRow(f: Finding): string {
  const fix = f.suggestion ? ` · suggested version ${code(f.suggestion.version)}` : "";
  return `| ${ICON[f.severity]} ${f.severity} | [${code(f.ruleId)}](${ruleDocUrl(f.ruleId)}) | ${f.ordId ? code(f.ordId) : ""} | ${escapeMarkdown(f.message)}${fix} | ${where(f.location)} |`;
}

/**
 * Rows of the entity table. A pull request adding thousands of entities would otherwise fill a
 * pull-request comment (65,536 characters) with the table; the JSON report lists every entity.
 */
export const MAX_ENTITY_ROWS = 100;

/**
 * The report as GitHub-flavoured markdown, for a pull-request comment or job summary. The
 * findings come first: when a comment is cut at GitHub's limit, what is cut is the overview.
 */
export function renderMarkdown(report: Report): string {
  const verdict = report.verdict === "pass" ? "✅ pass" : "❌ fail";
  const lines = [
    `## ORD version check: ${verdict}`,
    "",
    `${countsLine(report)} · fail-on: ${code(report.failOn)}`,
    "",
  ];
  const findings = report.findings;
  if (findings.length > 0) {
    lines.push(
      "### Findings",
      "",
      "| severity | rule | ORD ID | message | location |",
      "|---|---|---|---|---|",
    );
    lines.push(...findings.map(findingRow), "");
  }
  const { groups, other } = groupByEntity(report);
  const listed = listedGroups(groups);
  if (listed.length > 0) {
    lines.push(
      "| ORD ID | version | status | change level | required | actual |",
      "|---|---|---|---|---|---|",
    );
    for (const { entity } of listed) {
      lines.push(
        `| ${code(entity.ordId)} | ${escapeMarkdown(versionTransition(entity))} | ${entity.status} | ${entity.changeLevel} | ${entity.requiredIncrement} | ${entity.actualIncrement ?? "—"} |`,
      );
    }
    lines.push("");
    const left = groups.length - listed.length;
    if (left > 0) {
      lines.push(
        `_${left} more ${left === 1 ? "entity is" : "entities are"} not listed (${listed.length} of ${groups.length} shown, those with findings first); the JSON report lists all._`,
        "",
      );
    }
  }
  const withChanges = listed.filter(
    (g) => g.entity.changes.length > 0 || (g.entity.lifecycle?.length ?? 0) > 0,
  );
  if (withChanges.length > 0) {
    lines.push("<details><summary>Changes by entity</summary>", "");
    for (const { entity } of withChanges) {
      lines.push(`#### ${code(entity.ordId)}`, "");
      for (const change of entity.lifecycle ?? []) {
        lines.push(`- **lifecycle** ${escapeMarkdown(lifecycleLine(change))}`);
      }
      for (const change of entity.changes) {
        lines.push(
          `- **${change.class}** ${escapeMarkdown(change.reason)} ${change.location ? `(${where(change.location)})` : ""}`,
        );
      }
      lines.push("");
    }
    lines.push("</details>", "");
  }
  if (report.ignored.length > 0) {
    lines.push(
      `<details><summary>${report.ignored.length} ${report.ignored.length === 1 ? "finding" : "findings"} ignored by the config</summary>`,
      "",
      "| rule | ORD ID | message | reason |",
      "|---|---|---|---|",
    );
    for (const f of report.ignored) {
      const until = f.ignored.until ? ` (until ${escapeMarkdown(f.ignored.until)})` : "";
      lines.push(
        `| [${code(f.ruleId)}](${ruleDocUrl(f.ruleId)}) | ${f.ordId ? code(f.ordId) : ""} | ${escapeMarkdown(f.message)} | ${escapeMarkdown(f.ignored.reason)}${until} |`,
      );
    }
    lines.push("", "</details>", "");
  }
  if (groups.length === 0 && other.length === 0) lines.push("No changes to ORD entities.", "");
  return lines.join("\n");
}

/** At most MAX_ENTITY_ROWS groups, those with findings first, in the report's order. */
function listedGroups(groups: EntityGroup[]): EntityGroup[] {
  if (groups.length <= MAX_ENTITY_ROWS) return groups;
  const chosen = new Set(
    [
      ...groups.filter((g) => g.findings.length > 0),
      ...groups.filter((g) => !g.findings.length),
    ].slice(0, MAX_ENTITY_ROWS),
  );
  return groups.filter((g) => chosen.has(g));
}
