import type { EntityReport, Finding, LifecycleChange, Location, Report } from "../types.js";

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
  const { errors, warnings, notices, entities, changed, ignored } = report.summary;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
  // Ignored findings are counted wherever the others are: an ignore must not hide a problem
  // from the reader, only from the verdict.
  const dropped = ignored > 0 ? ` (${ignored} ignored by the config)` : "";
  return `${plural(errors, "error")}, ${plural(warnings, "warning")}, ${plural(notices, "notice")}${dropped} · ${plural(entities, "entity").replace("entitys", "entities")}, ${changed} changed`;
}

/** A lifecycle value as short text: `—` when absent, lists joined. */
export function lifecycleValue(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.length === 0 ? "[]" : value.map(lifecycleValue).join(", ");
  return JSON.stringify(value);
}

/** `releaseStatus: active → deprecated`, for text and markdown alike (then escaped). */
export function lifecycleLine(change: LifecycleChange): string {
  return `${change.field}: ${lifecycleValue(change.base)} → ${lifecycleValue(change.head)}`;
}

/** Where a location is, saying so when it is in the base version (a removed entity). */
export function locationText(location: Location, withColumn: boolean): string {
  const position = `${location.file}:${location.line}${withColumn ? `:${location.column}` : ""}`;
  return location.base === undefined
    ? position
    : `${position} in the base version (${location.base})`;
}
