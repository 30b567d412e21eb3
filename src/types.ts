import type { JsonObject } from "./json/values.js";

/** Types shared by the whole pipeline. The JSON report (docs/report.md) is `Report` serialised. */

export type Severity = "error" | "warning" | "notice";
export type ConfiguredSeverity = Severity | "off";
export type FailOn = Severity | "never";
export type Scope = "changed" | "all";

export type ChangeClass = "breaking" | "additive" | "patch";
export type ChangeLevel = ChangeClass | "none";
export type RequiredIncrement = "major" | "minor" | "patch" | "none";
export type ActualIncrement =
  "major" | "minor" | "patch" | "prerelease" | "build" | "none" | "decrease";
export type EntityStatus = "added" | "removed" | "changed" | "unchanged";

/** A 1-based position in a file, as editors and GitHub count. */
export interface Location {
  file: string;
  line: number;
  column: number;
  /**
   * Set when the position is in the base version of `file` (a removed entity or field): the git
   * revision it was read from, e.g. `main`. Line and column count in that version.
   */
  base?: string;
}

/** A classified difference of one entity, as its comparison holds it. */
export interface Change {
  readonly path: string;
  readonly kind: "added" | "removed" | "changed";
  readonly class: ChangeClass;
  readonly source: "metadata" | "definition";
  /**
   * The kind of a contract change, stable and kebab-case (`operation-removed`), documented in
   * docs/contracts/; absent for metadata changes and for definitions that could not be compared.
   */
  readonly id?: string;
  /** What changed and why it has its class; the id is not part of it (see `changeReason`). */
  readonly reason: string;
  readonly location?: Location;
  /** For definition changes: the definition file and the JSON pointer inside it. */
  readonly definition?: { readonly file: string; readonly pointer: string };
}

/**
 * A change as reports and messages show it (docs/report.md, "Changes"): its reason, closed by its
 * change id in parentheses when it has one.
 */
export function changeReason(change: Change): string {
  return change.id === undefined ? change.reason : `${change.reason} (${change.id})`;
}

/** A change in the report: the id is shown in its reason, not as a field of its own. */
export interface ReportChange {
  path: string;
  kind: Change["kind"];
  class: ChangeClass;
  source: Change["source"];
  reason: string;
  location?: Location;
  definition?: { file: string; pointer: string };
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  ordId?: string;
  message: string;
  suggestion?: { version: string };
  location?: Location;
}

/** A finding the config's `ignore` dropped: counted and listed, never failing the check. */
export interface IgnoredFinding extends Finding {
  ignored: { reason: string; until?: string };
}

/** A lifecycle field (not a classified change) that differs between base and head. */
export interface LifecycleChange {
  field: string;
  base: unknown;
  head: unknown;
}

export interface EntitySide {
  version: string | null;
  releaseStatus: string | null;
}

export interface EntityReport {
  ordId: string;
  entityType: string;
  status: EntityStatus;
  file: string;
  base: EntitySide | null;
  head: EntitySide | null;
  changeLevel: ChangeLevel;
  requiredIncrement: RequiredIncrement;
  actualIncrement: ActualIncrement | null;
  changes: ReportChange[];
  /** Lifecycle fields that differ (releaseStatus, dates, successors, lastUpdate); when any. */
  lifecycle?: LifecycleChange[];
}

export interface Report {
  tool: { name: string; version: string };
  verdict: "pass" | "fail";
  failOn: FailOn;
  summary: {
    errors: number;
    warnings: number;
    notices: number;
    entities: number;
    changed: number;
    /** Findings the config's `ignore` dropped. */
    ignored: number;
  };
  entities: EntityReport[];
  findings: Finding[];
  /** The findings the config's `ignore` dropped, in the findings' order. */
  ignored: IgnoredFinding[];
}

/**
 * A parsed document value that base and head may share. Head reuses base's parse of every
 * element whose text did not change (src/ord/reuse.ts), and an entity whose value is the same
 * object on both sides is unchanged without a look inside (src/compare/compare.ts): writing to one
 * side would silently change the other and hide the change. Read-only all the way down, so the
 * compiler refuses such a write.
 */
export type SharedValue = null | boolean | number | string | readonly SharedValue[] | SharedJson;

/** A JSON object of a parsed document, read-only all the way down (see `SharedValue`). */
export interface SharedJson {
  readonly [key: string]: SharedValue;
}

/**
 * A freshly parsed JSON object, from now on shared: JSON.parse gives exactly the values
 * `SharedValue` describes, and nobody writes to them again.
 */
export function shared(parsed: JsonObject): SharedJson {
  return parsed as SharedJson;
}
