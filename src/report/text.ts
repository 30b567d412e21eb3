import type { Change, Finding, Location, Report, Severity } from "../types.js";
import { countsLine, groupByEntity, versionTransition } from "./group.js";

type Paint = (code: number, text: string) => string;

const SEVERITY_COLOR: Record<Severity, number> = { error: 31, warning: 33, notice: 36 };
const CLASS_MARK: Record<Change["class"], string> = { breaking: "!", additive: "+", patch: "~" };

const where = (location?: Location): string =>
  location ? ` (${location.file}:${location.line}:${location.column})` : "";

/** Plain text for terminals, grouped by entity; ANSI colors only when `color` is set. */
export function renderText(report: Report, color = false): string {
  const paint: Paint = (code, text) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const finding = (f: Finding): string => {
    const fix = f.suggestion ? ` → suggested version ${paint(1, f.suggestion.version)}` : "";
    return `    ${paint(SEVERITY_COLOR[f.severity], f.severity.padEnd(7))} ${f.ruleId}: ${f.message}${fix}${where(f.location)}`;
  };
  const lines: string[] = [];
  const verdict = report.verdict === "pass" ? paint(32, "PASS") : paint(31, "FAIL");
  lines.push(`${report.tool.name} ${report.tool.version}: ${verdict} (fail-on: ${report.failOn})`);
  lines.push(countsLine(report), "");
  const { groups, other } = groupByEntity(report);
  for (const { entity, findings } of groups) {
    lines.push(`${paint(1, entity.ordId)}  ${entity.entityType}, ${entity.status}  ${entity.file}`);
    const increments =
      entity.actualIncrement === null
        ? ""
        : `  required increment: ${entity.requiredIncrement}  actual: ${entity.actualIncrement}`;
    lines.push(
      `  version ${versionTransition(entity)}  change level: ${entity.changeLevel}${increments}`,
    );
    for (const change of entity.changes) {
      lines.push(
        `    ${CLASS_MARK[change.class]} ${change.class.padEnd(8)} ${change.reason}${where(change.location)}`,
      );
    }
    lines.push(...findings.map(finding), "");
  }
  if (other.length > 0) {
    lines.push(paint(1, "Documents and tombstones"), ...other.map(finding), "");
  }
  if (groups.length === 0 && other.length === 0) lines.push("No changes to ORD entities.", "");
  return lines.join("\n");
}
