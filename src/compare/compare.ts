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
import type { DefinitionCheck } from "./definitions.js";
import { diffEntity, sameContent, sameInOrder } from "./diff.js";

/** Everything known about one ORD ID across base and head. */
export interface Comparison {
  key: string;
  ordId: string;
  /** The parsed ORD ID (series, major), once; undefined when it is not an ORD ID at all. */
  id: ParsedOrdId | undefined;
  info: EntityTypeInfo;
  /**
   * First occurrence on each side within one perspective; duplicates are judged by
   * `ord-id-duplicate`. An ID described in several perspectives has one comparison each.
   */
  base?: EntityRecord;
  head?: EntityRecord;
  status: EntityStatus;
  changes: Change[];
  level: ChangeLevel;
  required: RequiredIncrement;
  actual: ActualIncrement | null;
  /** A bookkeeping field (version, lastUpdate, releaseStatus, ...) differs. */
  lifecycleChanged: boolean;
  /** The head definitions, once read (see definitions.ts). */
  definitions: DefinitionCheck[];
}

const LEVEL_RANK: Record<ChangeLevel, number> = { none: 0, patch: 1, additive: 2, breaking: 3 };

export function highestLevel(levels: ChangeLevel[]): ChangeLevel {
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
export function compareSides(base: Side, head: Side, overrides?: ClassOverrides): Comparison[] {
  const keys = new Set([...base.byKey.keys(), ...head.byKey.keys()]);
  const comparisons: Comparison[] = [];
  for (const key of keys) {
    const bases = base.byKey.get(key) ?? [];
    const heads = head.byKey.get(key) ?? [];
    // Most IDs have one copy per side: no perspective to look at.
    const pairs =
      bases.length <= 1 && heads.length <= 1
        ? [[bases[0], heads[0]] as const]
        : pairByPerspective(bases, heads);
    for (const [b, h] of pairs) {
      if (!h && b && head.unreadable.has(b.doc.rel)) continue;
      comparisons.push(compareEntity(key, b, h, overrides));
    }
  }
  return comparisons;
}

/**
 * Whether two entities are written identically: the same text parses to the same value, and
 * comparing text is far cheaper than walking values (most entities of a pull request).
 */
function sameText(b: EntityRecord, h: EntityRecord): boolean {
  const rb = b.doc.positions.rangeOf(b.at);
  const rh = h.doc.positions.rangeOf(h.at);
  if (!rb || !rh || rb.end - rb.start !== rh.end - rh.start) return false;
  return b.doc.text.slice(rb.start, rb.end) === h.doc.text.slice(rh.start, rh.end);
}

/** Compares two entities; also used for a predecessor and its new major (different IDs). */
export function compareEntity(
  key: string,
  b: EntityRecord | undefined,
  h: EntityRecord | undefined,
  overrides?: ClassOverrides,
): Comparison {
  const info = (h ?? b)!.info;
  const ordId = (h ?? b)!.ordId;
  const result: Comparison = {
    key,
    ordId,
    id: parseOrdId(ordId),
    info,
    base: b,
    head: h,
    status: !b ? "added" : !h ? "removed" : "unchanged",
    changes: [],
    level: "none",
    required: "none",
    actual: null,
    lifecycleChanged: false,
    definitions: [],
  };
  if (!b || !h) return result;
  const bv = b.value.version;
  const hv = h.value.version;
  if (isValidVersion(bv) && isValidVersion(hv)) result.actual = actualIncrement(bv, hv);
  // The same value (head reused base's parse), the same text, or reordered content: no change.
  if (b.ordId === h.ordId) {
    if (b.value === h.value || sameText(b, h) || sameInOrder(b.value, h.value)) return result;
  }

  result.changes = diffEntity(b.value, h.value, info.array).map((raw): Change => {
    const { class: changeClass, reason } = classify(raw, info.array, overrides);
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
  result.lifecycleChanged = [...BOOKKEEPING_FIELDS].some(
    (field) => field !== "ordId" && !sameContent(b.value[field], h.value[field]),
  );
  result.level = highestLevel(result.changes.map((c) => c.class));
  result.required = info.versioned ? REQUIRED_INCREMENT[result.level] : "none";
  const differs = result.changes.length > 0 || result.lifecycleChanged || b.ordId !== h.ordId;
  result.status = differs ? "changed" : "unchanged";
  return result;
}
