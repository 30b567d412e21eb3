import { locate, type EntityRecord, type Side } from "../ord/documents.js";
import { BOOKKEEPING_FIELDS, type EntityTypeInfo } from "../ord/entity-types.js";
import { parseOrdId, type ParsedOrdId } from "../ord/ord-id.js";
import { actualIncrement, isValidVersion, REQUIRED_INCREMENT } from "../semver.js";
import type {
  ActualIncrement,
  Change,
  ChangeLevel,
  EntityStatus,
  RequiredIncrement,
} from "../types.js";
import { classify, type ClassOverrides } from "./classify.js";
import {
  checkDefinitions,
  prefetchDefinitions,
  type DefinitionCheck,
  type DefinitionSources,
} from "./definitions.js";
import { diffEntity, sameContent, sameInOrder } from "./diff.js";

/**
 * Everything known about one ORD ID across base and head, built once by `compareEntity` and never
 * changed afterwards: rules and reports read the same verdict.
 */
export interface Comparison {
  readonly key: string;
  readonly ordId: string;
  /** The parsed ORD ID (series, major), once; undefined when it is not an ORD ID at all. */
  readonly id: ParsedOrdId | undefined;
  readonly info: EntityTypeInfo;
  /**
   * First occurrence on each side within one perspective; duplicates are judged by
   * `ord-id-duplicate`. An ID described in several perspectives has one comparison each.
   */
  readonly base?: EntityRecord;
  readonly head?: EntityRecord;
  readonly status: EntityStatus;
  /** Metadata changes, then the changes of its definitions' contracts. */
  readonly changes: readonly Change[];
  readonly level: ChangeLevel;
  readonly required: RequiredIncrement;
  readonly actual: ActualIncrement | null;
  /** A bookkeeping field (version, lastUpdate, releaseStatus, ...) differs. */
  readonly lifecycleChanged: boolean;
  /** The head definitions, once read (see definitions.ts). */
  readonly definitions: readonly DefinitionCheck[];
}

/** How entities are compared: the config's class overrides, and where definitions are read. */
export interface CompareOptions {
  overrides?: ClassOverrides;
  /**
   * Both sides' files and the config's URL mappings. Without them only the metadata is compared
   * (`major-version-without-breaking-change` compares a predecessor with its new major so).
   */
  definitions?: DefinitionSources;
}

const LEVEL_RANK: Record<ChangeLevel, number> = { none: 0, patch: 1, additive: 2, breaking: 3 };

export function highestLevel(levels: readonly ChangeLevel[]): ChangeLevel {
  return levels.reduce<ChangeLevel>((a, b) => (LEVEL_RANK[b] > LEVEL_RANK[a] ? b : a), "none");
}

/** The schema's default for a document without `perspective` (ORD 1.12+). */
export const DEFAULT_PERSPECTIVE = "system-instance";

/**
 * The perspective a document describes its system from: `system-version` (static),
 * `system-instance` (per tenant, the default), `system-type` or `system-independent`.
 */
export function perspectiveOf(record: EntityRecord): string {
  const perspective = record.doc.value.perspective;
  return typeof perspective === "string" && perspective !== "" ? perspective : DEFAULT_PERSPECTIVE;
}

/** The first record of each perspective, in document order (later ones are duplicates). */
function firstPerPerspective(records: readonly EntityRecord[]): Map<string, EntityRecord> {
  const first = new Map<string, EntityRecord>();
  for (const record of records) {
    const perspective = perspectiveOf(record);
    if (!first.has(perspective)) first.set(perspective, record);
  }
  return first;
}

/**
 * Base/head pairs of one ORD ID described in several perspectives. A system may list the same
 * ID in a static and a per-tenant document: each copy is compared with its own perspective's.
 * Copies left over on both sides (a document changed its perspective) pair up in order. A base
 * copy left over while head still describes the ID elsewhere is no removal (the ID lives on);
 * only when head has no copy at all is it removed, once.
 */
function pairByPerspective(
  bases: readonly EntityRecord[],
  heads: readonly EntityRecord[],
): [EntityRecord | undefined, EntityRecord | undefined][] {
  const base = firstPerPerspective(bases);
  const head = firstPerPerspective(heads);
  const pairs: [EntityRecord | undefined, EntityRecord | undefined][] = [];
  const baseLeft: EntityRecord[] = [];
  for (const [perspective, b] of base) {
    const h = head.get(perspective);
    if (h) pairs.push([b, h]);
    else baseLeft.push(b);
  }
  const headLeft = [...head].filter(([p]) => !base.has(p)).map(([, h]) => h);
  while (baseLeft.length > 0 && headLeft.length > 0)
    pairs.push([baseLeft.shift(), headLeft.shift()]);
  for (const h of headLeft) pairs.push([undefined, h]);
  if (heads.length === 0 && baseLeft.length > 0) pairs.push([baseLeft[0], undefined]);
  return pairs;
}

/**
 * Pairs the entities of base and head by ORD ID (case-insensitively, across all documents, within
 * their perspective) and classifies what changed. Entities of a head document that could not be
 * read are not judged: they are neither removed nor anything else.
 */
export function compareSides(base: Side, head: Side, options: CompareOptions = {}): Comparison[] {
  if (options.definitions) prefetchDefinitions({ base, head }, options.definitions);
  const comparisons: Comparison[] = [];
  const compareKey = (key: string): void => {
    const bases = base.byKey.get(key) ?? [];
    const heads = head.byKey.get(key) ?? [];
    // Most IDs have one copy per side: no perspective to look at.
    const pairs =
      bases.length <= 1 && heads.length <= 1
        ? [[bases[0], heads[0]] as const]
        : pairByPerspective(bases, heads);
    for (const [b, h] of pairs) {
      if (!h && b && head.unreadable.has(b.doc.rel)) continue;
      comparisons.push(compareEntity(key, b, h, options));
    }
  };
  for (const key of base.byKey.keys()) compareKey(key);
  for (const key of head.byKey.keys()) if (!base.byKey.has(key)) compareKey(key);
  return comparisons;
}

/** What the metadata of two matched entities says (bookkeeping fields are judged by rules). */
interface MetadataDiff {
  changes: readonly Change[];
  lifecycleChanged: boolean;
}

const NO_DIFFERENCE: MetadataDiff = { changes: Object.freeze([]), lifecycleChanged: false };

function compareMetadata(
  b: EntityRecord,
  h: EntityRecord,
  overrides: ClassOverrides | undefined,
): MetadataDiff {
  // The same value (head reused base's parse, src/ord/reuse.ts) or equal content: no change.
  if (b.ordId === h.ordId) {
    if (b.value === h.value || sameInOrder(b.value, h.value)) return NO_DIFFERENCE;
  }
  const { array } = h.info;
  const changes = diffEntity(b.value, h.value, array).map((raw): Change => {
    const { class: changeClass, reason } = classify(raw, array, overrides);
    const location = raw.headAt
      ? locate(h.doc, [...h.at, ...raw.headAt])
      : locate(b.doc, [...b.at, ...(raw.baseAt ?? [])]);
    return {
      path: raw.path,
      kind: raw.kind,
      class: changeClass,
      source: "metadata",
      reason,
      location,
    };
  });
  const lifecycleChanged = [...BOOKKEEPING_FIELDS].some(
    (field) => field !== "ordId" && !sameContent(b.value[field], h.value[field]),
  );
  return { changes, lifecycleChanged };
}

/**
 * The entity's verdict from all its changes, metadata and definitions alike (docs/rules/README.md,
 * "Change classes"): the highest class is the level, the level fixes the required increment of a
 * versioned entity, and any change, lifecycle field or ORD ID spelling makes it `changed`.
 */
function verdictOf(
  b: EntityRecord | undefined,
  h: EntityRecord | undefined,
  info: EntityTypeInfo,
  changes: readonly Change[],
  lifecycleChanged: boolean,
): Pick<Comparison, "status" | "level" | "required"> {
  const level = highestLevel(changes.map((c) => c.class));
  const differs = changes.length > 0 || lifecycleChanged || b?.ordId !== h?.ordId;
  return {
    status: !b ? "added" : !h ? "removed" : differs ? "changed" : "unchanged",
    level,
    required: info.versioned ? REQUIRED_INCREMENT[level] : "none",
  };
}

/**
 * Compares two entities: their metadata, then (when `options.definitions` says where to read
 * them) the contracts of their definitions. Also used for a predecessor and its new major
 * (different IDs).
 */
export function compareEntity(
  key: string,
  b: EntityRecord | undefined,
  h: EntityRecord | undefined,
  options: CompareOptions = {},
): Comparison {
  const { info, ordId } = (h ?? b)!;
  const metadata = b && h ? compareMetadata(b, h, options.overrides) : NO_DIFFERENCE;
  const definitions =
    h && options.definitions
      ? checkDefinitions(b, h, options.definitions)
      : { checks: [], changes: [] };
  // Most entities have no change of either kind: an empty list is shared, never copied.
  const changes =
    definitions.changes.length === 0
      ? metadata.changes
      : metadata.changes.length === 0
        ? definitions.changes
        : [...metadata.changes, ...definitions.changes];
  const bv = b?.value.version;
  const hv = h?.value.version;
  return {
    key,
    ordId,
    id: parseOrdId(ordId),
    info,
    base: b,
    head: h,
    ...verdictOf(b, h, info, changes, metadata.lifecycleChanged),
    changes,
    actual: isValidVersion(bv) && isValidVersion(hv) ? actualIncrement(bv, hv) : null,
    lifecycleChanged: metadata.lifecycleChanged,
    definitions: definitions.checks,
  };
}
