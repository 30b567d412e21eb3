import pkg from "../../package.json" with { type: "json" };
import type { Comparison } from "../compare/compare.js";
import { sameContent } from "../compare/diff.js";
import { SEVERITY_RANK } from "../rules/index.js";
import {
  changeReason,
  type Change,
  type EntityReport,
  type EntitySide,
  type FailOn,
  type Finding,
  type IgnoredFinding,
  type LifecycleChange,
  type Location,
  type Report,
  type ReportChange,
  type Scope,
} from "../types.js";
import { clip } from "../json/values.js";
import type { EntityRecord } from "../ord/documents.js";

export const TOOL = { name: "ord-version-guard", version: pkg.version };

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Orders locations by file, line and column; absent locations last. */
export function compareLocations(a?: Location, b?: Location): number {
  if (!a || !b) return (a ? 0 : 1) - (b ? 0 : 1);
  return compareText(a.file, b.file) || a.line - b.line || a.column - b.column;
}

function side(record: EntityRecord | undefined): EntitySide | null {
  if (!record) return null;
  const { version, releaseStatus } = record.value;
  return {
    version: typeof version === "string" ? version : null,
    releaseStatus: typeof releaseStatus === "string" ? releaseStatus : null,
  };
}

/**
 * The longest text a report field holds. Values in messages are cut where they are quoted; this
 * catches the rest (a 5 MB ORD ID or key in a path), so no surface copies a document's megabytes.
 */
export const MAX_REPORT_TEXT = 1_000;
const cut = (text: string): string => clip(text, MAX_REPORT_TEXT);
const cutSide = (s: EntitySide | null): EntitySide | null =>
  s && {
    version: s.version === null ? null : cut(s.version),
    releaseStatus: s.releaseStatus === null ? null : cut(s.releaseStatus),
  };
/** A change as the report shows it: its id closes its reason (docs/report.md), every text cut. */
const reportChange = (change: Change): ReportChange => ({
  path: cut(change.path),
  kind: change.kind,
  class: change.class,
  source: change.source,
  reason: cut(changeReason(change)),
  ...(change.location && { location: change.location }),
  ...(change.definition && {
    definition: { ...change.definition, pointer: cut(change.definition.pointer) },
  }),
});
const cutFinding = (f: Finding): Finding => ({
  ...f,
  ...(f.ordId !== undefined && { ordId: cut(f.ordId) }),
  message: cut(f.message),
});

/** Whether findings at or above `failOn` exist. */
export function verdictOf(findings: Finding[], failOn: FailOn): "pass" | "fail" {
  if (failOn === "never") return "pass";
  return findings.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn]) ? "fail" : "pass";
}

/**
 * The report in a defined order, so the same inputs give byte-identical JSON: entities by ORD ID,
 * changes by position, findings by severity, then position, rule and ORD ID.
 */
export function buildReport(
  comparisons: Comparison[],
  findings: Finding[],
  failOn: FailOn,
  scope: Scope = "all",
  ignored: IgnoredFinding[] = [],
): Report {
  // Under the default scope the report is about the pull request: unchanged entities are
  // counted, not listed (a 10,000-entity document would otherwise give a 5 MB report).
  const listed =
    scope === "all" ? comparisons : comparisons.filter((c) => c.status !== "unchanged");
  const entities: (Omit<EntityReport, "changes"> & { changes: Change[] })[] = listed
    .map((c) => ({
      ordId: c.ordId,
      entityType: c.info.array,
      status: c.status,
      file: (c.head ?? c.base)!.doc.path,
      base: side(c.base),
      head: side(c.head),
      changeLevel: c.level,
      requiredIncrement: c.required,
      actualIncrement: c.actual,
      changes: [...c.changes].sort(
        (a, b) => compareLocations(a.location, b.location) || compareText(a.path, b.path),
      ),
      ...lifecycleOf(c),
    }))
    .sort(
      (a, b) =>
        compareText(a.ordId.toLowerCase(), b.ordId.toLowerCase()) ||
        compareText(a.entityType, b.entityType) ||
        // One ORD ID in several perspectives (documents) is listed once per document.
        compareText(a.file, b.file),
    );
  const sorted = [...findings].sort(compareFindings);
  const count = (severity: Finding["severity"]): number =>
    sorted.filter((f) => f.severity === severity).length;
  return {
    tool: TOOL,
    verdict: verdictOf(sorted, failOn),
    failOn,
    summary: {
      errors: count("error"),
      warnings: count("warning"),
      notices: count("notice"),
      entities: comparisons.length,
      changed: comparisons.filter((c) => c.status !== "unchanged").length,
      ignored: ignored.length,
    },
    // Cut after sorting, so the order is the full texts' order.
    entities: entities.map((e) => ({
      ...e,
      ordId: cut(e.ordId),
      base: cutSide(e.base),
      head: cutSide(e.head),
      changes: e.changes.map(reportChange),
      ...(e.lifecycle && { lifecycle: e.lifecycle.map(cutLifecycle) }),
    })),
    findings: sorted.map(cutFinding),
    ignored: [...ignored].sort(compareFindings).map((f) => ({
      ...cutFinding(f),
      ignored: { ...f.ignored, reason: cut(f.ignored.reason) },
    })),
  };
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
    compareLocations(a.location, b.location) ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.ordId ?? "", b.ordId ?? "") ||
    compareText(a.message, b.message)
  );
}

/**
 * Lifecycle fields are judged by the lifecycle rules, not classified as changes, so an entity
 * moved from active to deprecated would show as "changed" with nothing listed: they are listed
 * here, in this order. `version` has its own column; changelog entries their own rules.
 */
export const LIFECYCLE_FIELDS = [
  "releaseStatus",
  "lifecycleStatus",
  "deprecationDate",
  "sunsetDate",
  "successors",
  "lastUpdate",
] as const;

function lifecycleOf(c: Comparison): { lifecycle?: LifecycleChange[] } {
  if (!c.base || !c.head) return {};
  const b = c.base.value;
  const h = c.head.value;
  const lifecycle = LIFECYCLE_FIELDS.filter((field) => !sameContent(b[field], h[field])).map(
    (field) => ({ field, base: b[field] ?? null, head: h[field] ?? null }),
  );
  return lifecycle.length > 0 ? { lifecycle } : {};
}

/** Values as short text: a 5 MB successor list must not reach every surface. */
const cutValue = (value: unknown): unknown =>
  typeof value === "string"
    ? cut(value)
    : Array.isArray(value)
      ? value.slice(0, 20).map(cutValue)
      : value === null || typeof value !== "object"
        ? value
        : cut(JSON.stringify(value));
const cutLifecycle = (l: LifecycleChange): LifecycleChange => ({
  field: l.field,
  base: cutValue(l.base),
  head: cutValue(l.head),
});
