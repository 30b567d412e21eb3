import { changeReason } from "../types.js";
import { show } from "../json/values.js";
import { compareEntity, perspectiveOf, type Comparison } from "../compare/compare.js";
import type { EntityRecord } from "../ord/documents.js";
import { ordIdPattern, isValidTombstoneOrdId } from "../ord/ord-id.js";
import { isValidVersion, majorOf } from "../semver.js";
import {
  at,
  effectiveStatus,
  hasField,
  readStatus,
  statusNote,
  validStatus,
  type RawFinding,
  type Rule,
  type RuleContext,
} from "./rule.js";

/** How a message names an entity type: `consumptionBundle` → "consumption bundle". */
const noun = (concept: string): string => concept.replace(/[A-Z]/g, (m) => ` ${m.toLowerCase()}`);

/**
 * Where a breaking change of `c` can go: the newer majors of its series that head already
 * describes, and the lowest major nobody has used. A major is taken when base or head describes
 * it or a tombstone names it: a retired ORD ID must not come back, and advising to "publish v2"
 * when v2 exists is advice nobody can follow.
 */
function majorsAfter(c: Comparison, ctx: RuleContext) {
  const id = c.id!;
  const members = ctx.series(id.series);
  const existing = members
    .filter((m) => m.head && m.info === c.info && (m.id?.major ?? -1) > id.major!)
    .sort((a, b) => a.id!.major! - b.id!.major!)
    .map((m) => m.head!.ordId);
  const taken = new Set(members.map((m) => m.id?.major));
  let free = id.major! + 1;
  const retired = (major: number) => {
    const key = `${id.series}:v${major}`;
    return ctx.head.tombstones.has(key) || ctx.base.tombstones.has(key);
  };
  while (taken.has(free) || retired(free)) free++;
  return {
    existing: [...new Set(existing)],
    free: `${id.namespace}:${id.concept}:${id.name}:v${free}`,
    major: free,
  };
}

/**
 * The fix `breaking-change-without-new-major` advises: only majors that are free, and only
 * fields the entity type has (packages and bundles cannot be deprecated, capabilities have no
 * successors).
 */
function breakingFix(c: Comparison, ctx: RuleContext): string {
  if (c.id?.major == null) {
    return "publish the change under a new ORD ID major";
  }
  const { existing, free, major } = majorsAfter(c, ctx);
  const version = c.head?.value.version !== undefined ? ` (version ${major}.0.0)` : "";
  if (!c.info.lifecycle) {
    const target = existing[0]
      ? `move the resources that need the new contract to ${existing[0]}, which already exists, or add ${free}${version} for them`
      : `add ${free}${version} with the change and move the resources that need the new contract to it`;
    return `keep ${c.ordId} as it was and ${target}`;
  }
  const listed = new Set(
    (Array.isArray(c.head?.value.successors) ? c.head.value.successors : [])
      .filter((s): s is string => typeof s === "string")
      .map((s) => s.toLowerCase()),
  );
  // Only a head that really says deprecated needs no deprecation advice.
  const deprecated = validStatus(c.head) === "deprecated";
  const deprecate = (successor: string): string => {
    if (!hasField(c.head!, "successors")) {
      return deprecated ? "" : ` and deprecate ${c.ordId}`;
    }
    return deprecated && listed.has(successor.toLowerCase())
      ? ""
      : ` and deprecate ${c.ordId} with successors: ["${successor}"]`;
  };
  if (existing.length === 0) {
    return `keep ${c.ordId} as it was, publish the change as ${free}${version}${deprecate(free)}`;
  }
  const newer = existing.join(", ");
  return `keep ${c.ordId} as it was: its newer major ${newer} already exists, so make the change in ${existing[0]} (or, if that must not change, publish it as ${free}${version}, the next free major)${deprecate(existing[0]!)}`;
}

/**
 * The first breaking change, and where to report it: where that change is. A removal is located
 * on its line in the base file (where a pull-request review comments on the diff's left side,
 * README "Review"); the entity's ORD ID in head only when the change has no position.
 */
function firstBreaking(c: Comparison) {
  const breaking = c.changes.filter((change) => change.class === "breaking");
  const more = breaking.length > 1 ? ` (and ${breaking.length - 1} more)` : "";
  return {
    location: breaking[0]!.location ?? at(c.head!),
    summary: `${changeReason(breaking[0]!)}${more}`,
  };
}

/**
 * A tombstoned old major whose successor (same series) already existed in base and lives on in
 * head: the normal end of life, not an ID change.
 */
function endOfLife(removed: Comparison, ctx: RuleContext): boolean {
  if (!ctx.head.tombstones.has(removed.key)) return false;
  return ctx.series(removed.id?.series).some((c) => c !== removed && c.base && c.head);
}

/**
 * The replacement is an older major of the same series (v2 replaced by v1): it cannot be the
 * successor, since a successor of vN is a higher major (docs/rules/successor-not-referenced.md).
 */
const lowerMajor = (removed: Comparison, replacement: Comparison): boolean =>
  removed.id?.series !== undefined &&
  removed.id.series === replacement.id?.series &&
  (replacement.id.major ?? Infinity) < (removed.id.major ?? -Infinity);

/** What to do with a replaced ORD ID, in the fields its type has. */
function keepAdvice(removed: Comparison, replacement: Comparison): string {
  if (lowerMajor(removed, replacement)) {
    return `: ${replacement.ordId} has a lower major, and a major never goes back, so it cannot succeed ${removed.ordId}`;
  }
  if (hasField(removed.base!, "successors")) {
    return ` (deprecate it with successors: ["${replacement.ordId}"] if the new one is its successor)`;
  }
  if (removed.info.lifecycle) return " (deprecate it if the new one replaces it)";
  return ` beside ${replacement.ordId}`;
}

/**
 * Only entity types with `releaseStatus` can be deprecated before they go: a package or bundle
 * removed is judged by `entity-removed-without-tombstone` alone
 * (docs/rules/entity-removed-without-deprecation.md).
 */
const wasActive = (c: Comparison): boolean =>
  c.info.lifecycle && c.base !== undefined && (readStatus(c.base) ?? "active") === "active";

/** Why base counts as active when its own value does not say so (for the message). */
const activeNote = (base: EntityRecord): string => {
  const value = base.value.releaseStatus;
  if (value === "active") return "";
  const said =
    value === undefined ? "no releaseStatus" : `releaseStatus ${show(JSON.stringify(value))}`;
  return ` (base had ${said}, which counts as active)`;
};

/**
 * The predecessor's version already had major `major` (or more): the major was raised before
 * this change, under the old ID (`major-version-mismatch`), and the new ID only follows it, as
 * that rule asks. Advising to stay on the old ID would bring the mismatch back; the rename
 * itself is `ord-id-changed`'s to judge.
 */
const caughtUp = (predecessor: EntityRecord, major: number): boolean => {
  const version = predecessor.value.version;
  return isValidVersion(version) && majorOf(version) >= major;
};

const OVERRIDE = "\u0000override";

/**
 * The copies of one ORD ID that collide: those of one perspective (a static `system-version` and
 * a per-tenant `system-instance` document may describe the same ID), and `system-independent`
 * content together with any copy of another perspective, since such content must not be
 * overridden (ORD 1.16 `perspective`). Groups of one copy are left out.
 */
function duplicateGroups(records: readonly EntityRecord[]): Map<string, EntityRecord[]> {
  const groups = new Map<string, EntityRecord[]>();
  for (const record of records) {
    const perspective = perspectiveOf(record);
    const group = groups.get(perspective);
    if (group) group.push(record);
    else groups.set(perspective, [record]);
  }
  // Every copy collides with the system-independent one: one group, in document order.
  if (groups.has("system-independent") && groups.size > 1)
    return new Map([[OVERRIDE, [...records]]]);
  for (const [key, group] of groups) if (group.length < 2) groups.delete(key);
  return groups;
}

export const identityRules: Rule[] = [
  {
    id: "breaking-change-without-new-major",
    family: "Identity and major version",
    severity: "error",
    judges: "transition",
    description: "A breaking change keeps the ORD ID of an active or deprecated resource.",
    entity: (c, ctx) => {
      if (c.level !== "breaking" || !c.info.versioned) return;
      const status = effectiveStatus(c);
      if (status !== "active" && status !== "deprecated") return;
      const { location, summary } = firstBreaking(c);
      const what = c.info.lifecycle
        ? `${status === "active" ? "an active" : "a deprecated"} resource${statusNote(c)}`
        : `a ${noun(c.info.concept)}`;
      return {
        ordId: c.ordId,
        message: `breaking change on ${what} under the same ORD ID: ${summary}. Fix: ${breakingFix(c, ctx)}`,
        location,
      };
    },
  },
  {
    id: "breaking-change-exempt",
    family: "Identity and major version",
    severity: "notice",
    judges: "transition",
    description:
      "A breaking change under the same ORD ID is allowed because the resource is in development or beta.",
    entity: (c) => {
      if (c.level !== "breaking") return;
      const status = effectiveStatus(c);
      if (status !== "development" && status !== "beta") return;
      const { location, summary } = firstBreaking(c);
      return {
        ordId: c.ordId,
        message: `breaking change allowed under the same ORD ID because releaseStatus is ${status}${statusNote(c)}: ${summary}`,
        location,
      };
    },
  },
  {
    id: "major-version-mismatch",
    family: "Identity and major version",
    severity: "warning",
    judges: "state",
    description: "The `version` major differs from the ORD ID major.",
    entity: (c) => {
      const version = c.head.value.version;
      const idMajor = c.id?.major;
      if (!isValidVersion(version) || idMajor == null) return;
      if (majorOf(version) === idMajor) return;
      return {
        ordId: c.ordId,
        message: `version ${version} has major ${majorOf(version)} but the ORD ID ends with :v${idMajor}; the ORD ID major follows the version major (v0 for 0.x)`,
        location: at(c.head, "version"),
      };
    },
  },
  {
    id: "major-version-without-breaking-change",
    family: "Identity and major version",
    severity: "warning",
    judges: "transition",
    description:
      "A new ORD ID major differs from its predecessor only by additive or patch changes.",
    run: (ctx) => {
      const findings: RawFinding[] = [];
      for (const c of ctx.comparisons) {
        const major = c.id?.major;
        if (c.status !== "added" || major == null || major === 0) continue;
        // The highest older major of the same series that base had.
        const predecessor = ctx
          .series(c.id!.series)
          .filter((p) => p.base && p.info === c.info && (p.id?.major ?? Infinity) < major)
          .sort((a, b) => b.id!.major! - a.id!.major!)[0]?.base;
        if (!predecessor || caughtUp(predecessor, major)) continue;
        const diff = compareEntity(c.key, predecessor, c.head, { overrides: ctx.overrides });
        if (diff.level === "breaking") continue;
        findings.push({
          ordId: c.ordId,
          message: `${c.ordId} is a new major of ${predecessor.ordId}, but ${diff.level === "none" ? "its metadata is the same" : `compared with it only ${diff.level} changes were found`}: non-breaking changes must not raise the major; release them as a new version of ${predecessor.ordId}`,
          location: at(c.head!),
        });
      }
      return findings;
    },
  },
  {
    id: "ord-id-changed",
    family: "Identity and major version",
    severity: "error",
    judges: "transition",
    description: "A published ORD ID was replaced by a new one.",
    run: (ctx) => {
      const addedByLocalId = new Map<string, Comparison>();
      for (const c of ctx.comparisons) {
        const localId = c.head?.value.localId;
        if (c.status === "added" && typeof localId === "string" && localId !== "") {
          addedByLocalId.set(`${c.info.array}\u0000${localId}`, c);
        }
      }
      const findings: RawFinding[] = [];
      for (const removed of ctx.comparisons) {
        if (removed.status !== "removed" || endOfLife(removed, ctx)) continue;
        const localId = removed.base!.value.localId;
        const replacement =
          ctx
            .series(removed.id?.series)
            .find((a) => a.status === "added" && a.info === removed.info) ??
          (typeof localId === "string"
            ? addedByLocalId.get(`${removed.info.array}\u0000${localId}`)
            : undefined);
        if (!replacement) continue;
        findings.push({
          ordId: removed.ordId,
          message: `ORD ID ${removed.ordId} was replaced by ${replacement.ordId}: published ORD IDs must not change. Keep ${removed.ordId}${keepAdvice(removed, replacement)}`,
          location: at(replacement.head!),
        });
      }
      return findings;
    },
  },
  {
    id: "entity-removed-without-tombstone",
    family: "Identity and major version",
    severity: "error",
    judges: "transition",
    description: "An ORD ID present in base is gone from head and no tombstone names it.",
    entity: (c, ctx) => {
      if (c.status !== "removed" || ctx.head.tombstones.has(c.key)) return;
      return {
        ordId: c.ordId,
        message: `${c.ordId} was removed without a tombstone: add { "ordId": "${c.ordId}", "removalDate": "<date-time>" } to tombstones so consumers learn it is gone`,
        location: at(c.base!),
      };
    },
  },
  {
    id: "entity-removed-without-deprecation",
    family: "Identity and major version",
    severity: "error",
    judges: "transition",
    description: "A removed or sunset entity was still active in base.",
    entity: (c) => {
      if (!wasActive(c)) return;
      // Sunset is removal in all but name: it skips the deprecation just the same.
      // A mistyped "Sunset" is a sunset too: it must not let the skipped deprecation pass.
      const sunset = c.head !== undefined && readStatus(c.head) === "sunset";
      if (c.status !== "removed" && !sunset) return;
      const fields = ["releaseStatus: deprecated", "deprecationDate", "successors"].filter(
        (field) => field.startsWith("releaseStatus") || hasField(c.base!, field),
      );
      const deprecate = `deprecate it first (${fields.join(", ")})`;
      return {
        ordId: c.ordId,
        message: sunset
          ? `${c.ordId} was set to sunset while it was active${activeNote(c.base!)}: ${deprecate} and set it to sunset after consumers had time to migrate`
          : `${c.ordId} was removed while it was active${activeNote(c.base!)}: ${deprecate} and remove it after its sunset`,
        location: sunset ? at(c.head, "releaseStatus") : at(c.base!),
      };
    },
  },
  {
    id: "ord-id-duplicate",
    family: "Identity and major version",
    severity: "error",
    judges: "state",
    description: "The same ORD ID appears more than once in head within one perspective.",
    run: (ctx) => {
      const findings: RawFinding[] = [];
      for (const [key, all] of ctx.head.byKey) {
        if (all.length < 2) continue;
        const baseAll = ctx.base.byKey.get(key) ?? [];
        for (const [perspective, copies] of duplicateGroups(all)) {
          const baseCopies = duplicateGroups(baseAll).get(perspective) ?? [];
          if (!ctx.judged.copies(baseCopies, copies)) continue;
          const first = at(copies[0]!);
          const where =
            perspective === OVERRIDE
              ? ", as system-independent content and again in another perspective, which must not override it"
              : copies.some((e) => e.doc.value.perspective !== undefined)
                ? ` within the ${perspective} perspective`
                : "";
          for (const copy of copies.slice(1)) {
            findings.push({
              ordId: copy.ordId,
              message: `${copy.ordId} appears ${copies.length} times in head${where} (first at ${first.file}:${first.line}); ORD IDs must be unique, compared case-insensitively`,
              location: at(copy),
            });
          }
        }
      }
      return findings;
    },
  },
  {
    id: "ord-id-invalid",
    family: "Identity and major version",
    severity: "error",
    judges: "state",
    description: "A head ORD ID does not match the ORD ID format of its concept.",
    entity: (c) => {
      if (ordIdPattern(c.info.concept).test(c.ordId)) return;
      const major = c.info.versioned ? "v<major>" : "";
      return {
        ordId: c.ordId,
        message: `ORD ID "${c.ordId}" does not match <namespace>:${c.info.concept}:<resourceName>:${major} (lower-case namespace, the concept ${c.info.concept}, a major like v1)`,
        location: at(c.head),
      };
    },
    tombstone: (t) =>
      !isValidTombstoneOrdId(t.ordId) && {
        ordId: t.ordId,
        message: `tombstone ORD ID "${t.ordId}" is not a valid ORD ID`,
        location: at(t),
      },
  },
  {
    id: "ord-id-case-changed",
    family: "Identity and major version",
    severity: "warning",
    judges: "transition",
    description: "Base and head ORD IDs match only case-insensitively.",
    entity: (c) => {
      if (!c.base || !c.head || c.base.ordId === c.head.ordId) return;
      return {
        ordId: c.ordId,
        message: `ORD ID case changed from ${c.base.ordId} to ${c.head.ordId}; IDs compare case-insensitively, but consumers may store them as written`,
        location: at(c.head),
      };
    },
  },
];
