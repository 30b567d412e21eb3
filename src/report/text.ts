import type { Change, Finding, Location, Report, Severity } from "../types.js";
import {
  countsLine,
  groupByEntity,
  lifecycleLine,
  locationText,
  versionTransition,
} from "./group.js";

type Paint = (code: number, text: string) => string;

const SEVERITY_COLOR: Record<Severity, number> = { error: 31, warning: 33, notice: 36 };
const CLASS_MARK: Record<Change["class"], string> = { breaking: "!", additive: "+", patch: "~" };
const LIFECYCLE_MARK = "*";

/**
 * Document text without control characters: a line break in a title must not start a line of
 * its own in CI logs (where `::error::` or a fake "PASS" would be believed), nor may an escape
 * sequence recolor the terminal.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = new RegExp("[\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029]", "g");
const clean = (text: string): string => text.replace(CONTROL, " ");

/**
 * An ORD ID as the first word of its entity's line: one that does not start like an ORD ID (a
 * namespace's letter or digit) is quoted, since the runner reads a line whose first non-blank
 * characters are `::` as a workflow command.
 */
const entityId = (ordId: string): string =>
  /^[a-z0-9]/i.test(ordId) ? clean(ordId) : JSON.stringify(clean(ordId));

const where = (location?: Location): string =>
  location ? ` (${clean(locationText(location, true))})` : "";

/** Plain text for terminals, grouped by entity; ANSI colors only when `color` is set. */
export function renderText(report: Report, color = false): string {
  const paint: Paint = (code, text) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const finding = (f: Finding): string => {
    const fix = f.suggestion ? ` → suggested version ${paint(1, f.suggestion.version)}` : "";
    return `    ${paint(SEVERITY_COLOR[f.severity], f.severity.padEnd(7))} ${f.ruleId}: ${clean(f.message)}${fix}${where(f.location)}`;
  };
  const lines: string[] = [];
  const verdict = report.verdict === "pass" ? paint(32, "PASS") : paint(31, "FAIL");
  lines.push(`${report.tool.name} ${report.tool.version}: ${verdict} (fail-on: ${report.failOn})`);
  lines.push(countsLine(report), "");
  const { groups, other } = groupByEntity(report);
  for (const { entity, findings } of groups) {
    lines.push(
      `${paint(1, entityId(entity.ordId))}  ${entity.entityType}, ${entity.status}  ${clean(entity.file)}`,
    );
    const increments =
      entity.actualIncrement === null
        ? ""
        : `  required increment: ${entity.requiredIncrement}  actual: ${entity.actualIncrement}`;
    lines.push(
      `  version ${clean(versionTransition(entity))}  change level: ${entity.changeLevel}${increments}`,
    );
    for (const change of entity.lifecycle ?? []) {
      lines.push(`    ${LIFECYCLE_MARK} ${"lifecycle".padEnd(8)} ${clean(lifecycleLine(change))}`);
    }
    for (const change of entity.changes) {
      lines.push(
        `    ${CLASS_MARK[change.class]} ${change.class.padEnd(8)} ${clean(change.reason)}${where(change.location)}`,
      );
    }
    lines.push(...findings.map(finding), "");
  }
  if (other.length > 0) {
    lines.push(paint(1, "Documents and tombstones"), ...other.map(finding), "");
  }
  if (report.ignored.length > 0) {
    lines.push(paint(1, "Ignored by the config"));
    for (const f of report.ignored) {
      const until = f.ignored.until ? `, until ${clean(f.ignored.until)}` : "";
      lines.push(
        `    ${"ignored".padEnd(7)} ${f.ruleId}${f.ordId ? ` ${clean(f.ordId)}` : ""}: ${clean(f.message)} (reason: ${clean(f.ignored.reason)}${until})`,
      );
    }
    lines.push("");
  }
  if (groups.length === 0 && other.length === 0) lines.push("No changes to ORD entities.", "");
  return lines.join("\n");
}
