import type { JSONPath } from "jsonc-parser";
import type { ClassOverrides } from "../compare/classify.js";
import type { Comparison } from "../compare/compare.js";
import { show } from "../json/values.js";
import { locate, type EntityRecord, type Side, type TombstoneRecord } from "../ord/documents.js";
import { RELEASE_STATUSES } from "../ord/entity-types.js";
import type { DocumentSchema } from "../ord/schema.js";
import type { Location, Severity } from "../types.js";
import type { HeadComparison, Judged } from "./scope.js";

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

interface RuleData {
  id: string;
  family: Family;
  severity: Severity;
  description: string;
}

/**
 * A rule about a transition between base and head. It can only fire where they differ, so the
 * scope does not apply, and it does not see it.
 */
export interface TransitionRule extends RuleData {
  judges: "transition";
  /** Called for every entity the comparison added, removed or changed. */
  entity?: (c: Comparison, ctx: RuleContext) => Emitted;
  /** Called once per run: rules about documents, tombstones or pairs of entities. */
  run?: (ctx: RuleContext) => RawFinding[];
}

/**
 * A rule about the state of head. The engine calls it for what the scope judges (scope.ts); a
 * rule about several things at once asks `ctx.judged` about them.
 */
export interface StateRule extends RuleData {
  judges: "state";
  /** Called for every head entity the scope judges. */
  entity?: (c: HeadComparison, ctx: StateContext) => Emitted;
  /** Called for every head tombstone (each copy) the scope judges. */
  tombstone?: (t: TombstoneRecord, ctx: StateContext) => Emitted;
  /** Called once per run: rules about documents or groups of entities. */
  run?: (ctx: StateContext) => RawFinding[];
}

/** A rule is data: an ID, a default severity, a description, what it judges, and pure checks. */
export type Rule = TransitionRule | StateRule;

export interface RuleContext {
  base: Side;
  head: Side;
  comparisons: readonly Comparison[];
  byKey: ReadonlyMap<string, Comparison>;
  now: Date;
  /** The document schema, compiled on first use (most runs touch few documents). */
  schema: () => DocumentSchema;
  overrides?: ClassOverrides;
  /** The comparisons of one ORD ID series (all majors of one thing), indexed once. */
  series(series: string | undefined): readonly Comparison[];
}

/** What a rule about the state of head sees: the run, and which parts of head the scope judges. */
export interface StateContext extends RuleContext {
  judged: Judged;
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

/** A record's `releaseStatus` when it is one of the values the ORD schema allows. */
export function validStatus(record: EntityRecord | undefined): string | undefined {
  const value = record?.value.releaseStatus;
  return (RELEASE_STATUSES as readonly unknown[]).includes(value) ? (value as string) : undefined;
}

/**
 * The status a record's `releaseStatus` means to the lifecycle rules: a valid value, or one that
 * spells a valid value in other case (`"Beta"`, which the schema rejects, is read as beta rather
 * than as nothing); undefined for anything else.
 */
export function readStatus(record: EntityRecord | undefined): string | undefined {
  const value = record?.value.releaseStatus;
  const lower = typeof value === "string" ? value.toLowerCase() : undefined;
  return (RELEASE_STATUSES as readonly unknown[]).includes(lower) ? lower : undefined;
}

/**
 * The `releaseStatus` the rules judge a changed entity by. Packages and bundles have none and
 * count as `active` (docs/rules/breaking-change-without-new-major.md). A head value that is
 * missing or not a valid one (a typo like "Active") must not switch the gate off, so base's
 * valid value counts, else `active`, the strictest reading.
 */
export function effectiveStatus(c: Comparison): string {
  if (!c.info.lifecycle) return "active";
  return validStatus(c.head) ?? validStatus(c.base) ?? "active";
}

/**
 * Why `effectiveStatus` is not head's own value, for a message to say so (an empty string when it
 * is): a finding must not claim a releaseStatus head does not have.
 */
export function statusNote(c: Comparison): string {
  if (!c.info.lifecycle || validStatus(c.head)) return "";
  const value = c.head?.value.releaseStatus;
  const headSays =
    value === undefined
      ? "head has no releaseStatus"
      : `head releaseStatus ${show(JSON.stringify(value))} is not a valid value`;
  const fallback = validStatus(c.base);
  return fallback
    ? ` (${headSays}, so base's ${fallback} counts)`
    : ` (${headSays}, so it counts as active)`;
}

export function hasField(record: EntityRecord, field: string): boolean {
  return record.info.fields.has(field);
}
