import type { EntityReport, Finding, Report } from "../types.js";

export interface EntityGroup {
  entity: EntityReport;
  findings: Finding[];
}

/**
 * What text and markdown show: every entity that is not unchanged or has findings, with its
 * findings; findings that name no known entity (documents, tombstones) stay separate.
 */
export function groupByEntity(report: Report): { groups: EntityGroup[]; other: Finding[] } {
  const byId = new Map<string, EntityGroup>();
  for (const entity of report.entities) {
    byId.set(entity.ordId.toLowerCase(), { entity, findings: [] });
  }
  const other: Finding[] = [];
  for (const finding of report.findings) {
    const group = finding.ordId ? byId.get(finding.ordId.toLowerCase()) : undefined;
    if (group) group.findings.push(finding);
    else other.push(finding);
  }
  const groups = [...byId.values()].filter(
    (g) => g.entity.status !== "unchanged" || g.findings.length > 0,
  );
  return { groups, other };
}

export function versionTransition(entity: EntityReport): string {
  const before = entity.base?.version ?? "—";
  const after = entity.head?.version ?? "—";
  if (entity.status === "added") return `new ${after}`;
  if (entity.status === "removed") return `${before} removed`;
  return before === after ? before : `${before} → ${after}`;
}

export function countsLine(report: Report): string {
  const { errors, warnings, notices, entities, changed } = report.summary;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
  return `${plural(errors, "error")}, ${plural(warnings, "warning")}, ${plural(notices, "notice")} · ${plural(entities, "entity").replace("entitys", "entities")}, ${changed} changed`;
}
