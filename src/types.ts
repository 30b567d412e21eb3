/** Types shared by the whole pipeline. The JSON report of cli-and-report.md is `Report` serialised. */

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

export interface Change {
  path: string;
  kind: "added" | "removed" | "changed";
  class: ChangeClass;
  source: "metadata" | "definition";
  reason: string;
  location?: Location;
  /** For definition changes: the definition file and the JSON pointer inside it. */
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
  changes: Change[];
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

/** Plain JSON object as read from a document. */
export type JsonObject = Record<string, unknown>;

/**
 * Any document value as text, in full (for keys and comparisons). `String(value)` throws on an
 * object with an own non-callable `toString` (`{"toString": 1}`), which anyone can put into a
 * document.
 */
export function asText(value: unknown): string {
  return typeof value === "string" ? value : (JSON.stringify(value) ?? "undefined");
}

/** Any document value as text for a message: long values are cut, a message stays readable. */
export function show(value: unknown): string {
  return clip(asText(value), 80);
}

/** `text` cut to about `max` characters, keeping its start and end around a count of the cut. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = Math.ceil(max * 0.6);
  const tail = Math.floor(max * 0.2);
  return `${text.slice(0, head)}…[${text.length - head - tail} characters]…${text.slice(text.length - tail)}`;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
