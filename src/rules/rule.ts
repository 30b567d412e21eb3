import type { JSONPath } from "jsonc-parser";
import type { ClassOverrides } from "../compare/classify.js";
import type { Comparison } from "../compare/compare.js";
import { locate, type EntityRecord, type Side, type TombstoneRecord } from "../ord/documents.js";
import type { DocumentSchema } from "../ord/schema.js";
import type { Location, Scope, Severity } from "../types.js";

export type Family =
  | "Version"
  | "Identity and major version"
  | "Lifecycle"
  | "Change tracking"
  | "Documents and definitions";

/** What a rule reports; the engine adds the rule ID and the effective severity. */
export interface RawFinding {
  ordId?: string;
  message: string;
  location?: Location;
  suggestion?: { version: string };
  /** Highest severity this finding may have whatever the config says (newer-schema caveat). */
  cap?: Severity;
}

export type Emitted = RawFinding | RawFinding[] | undefined | false;

/** A rule is data: an ID, a default severity, a description, and a pure check. */
export interface Rule {
  id: string;
  family: Family;
  severity: Severity;
  description: string;
  /** Called for every compared ORD ID (added, removed, changed and unchanged). */
  entity?: (c: Comparison, ctx: RuleContext) => Emitted;
  /** Called once per run: rules about documents, tombstones or pairs of entities. */
  run?: (ctx: RuleContext) => RawFinding[];
}

export interface RuleContext {
  base: Side;
  head: Side;
  comparisons: Comparison[];
  byKey: ReadonlyMap<string, Comparison>;
  scope: Scope;
  now: Date;
  /** The document schema, compiled on first use (most runs touch few documents). */
  schema: () => DocumentSchema;
  overrides?: ClassOverrides;
  /**
   * Rules about the state of head speak only about what the pull request added or changed,
   * unless the run audits everything (`scope: all`).
   */
  inScope(c: Comparison | undefined): boolean;
  tombstoneInScope(t: TombstoneRecord): boolean;
  /** The comparisons of one ORD ID series (all majors of one thing), indexed once. */
  series(series: string | undefined): readonly Comparison[];
}

/** Location of a field of an entity (or of the entity's `ordId` when no field is named). */
export function at(record: EntityRecord | TombstoneRecord, ...path: JSONPath): Location {
  return locate(record.doc, [...record.at, ...(path.length > 0 ? path : ["ordId"])]);
}

export function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Head `releaseStatus`; packages and bundles have none and count as `active` (rules file §5). */
export function effectiveStatus(record: EntityRecord | undefined): string | undefined {
  if (!record) return undefined;
  return record.info.lifecycle ? text(record.value.releaseStatus) : "active";
}

export function hasField(record: EntityRecord, field: string): boolean {
  return record.info.fields.has(field);
}
