import { isObject, show } from "../json/values.js";
import { at, list, text, type RawFinding, type Rule } from "./rule.js";
import { locate, type OrdDocument } from "../ord/documents.js";
import type { Comparison } from "../compare/compare.js";
import { sameContent } from "../compare/diff.js";
import { BOOKKEEPING_FIELDS } from "../ord/entity-types.js";

const time = (value: unknown): number | undefined => {
  const ms = typeof value === "string" ? Date.parse(value) : NaN;
  return Number.isNaN(ms) ? undefined : ms;
};

function headChangelogEntry(c: Comparison) {
  const version = c.head?.value.version;
  const index = list(c.head?.value.changelogEntries).findIndex(
    (entry) => isObject(entry) && entry.version === version,
  );
  return index === -1
    ? undefined
    : { index, entry: list(c.head!.value.changelogEntries)[index] as Record<string, unknown> };
}

/**
 * Whether an entity changed in a way that makes its document describe another release: added,
 * removed, a classified change, or a lifecycle field other than `lastUpdate` (version, status,
 * dates, successors, the ORD ID's case). A regenerated document whose timestamps alone moved
 * describes the same release (judgement call, docs/rules/system-version-not-incremented.md).
 */
function describesAnotherRelease(c: Comparison): boolean {
  if (c.status === "added" || c.status === "removed") return true;
  if (c.status !== "changed" || !c.base || !c.head) return false;
  if (c.changes.length > 0 || c.base.ordId !== c.head.ordId) return true;
  const [b, h] = [c.base.value, c.head.value];
  return [...BOOKKEEPING_FIELDS].some(
    (field) => field !== "lastUpdate" && field !== "ordId" && !sameContent(b[field], h[field]),
  );
}

/** A comparison with its place in the list, so that two candidates keep the list's order. */
type Ranked = { c: Comparison; rank: number };

/**
 * The first comparison per head document that makes it describe another release, and the first
 * removal per base document: one pass, where looking each document up in every comparison took
 * documents × entities steps (500 documents of 14,500 entities: 58 ms).
 */
function firstReleaseChanges(comparisons: readonly Comparison[]) {
  const head = new Map<OrdDocument, Ranked>();
  const removed = new Map<OrdDocument, Ranked>();
  comparisons.forEach((c, rank) => {
    if (c.status === "unchanged" || !describesAnotherRelease(c)) return;
    if (c.head && !head.has(c.head.doc)) head.set(c.head.doc, { c, rank });
    if (c.status === "removed" && c.base && !removed.has(c.base.doc))
      removed.set(c.base.doc, { c, rank });
  });
  return { head, removed };
}

const first = (a: Ranked | undefined, b: Ranked | undefined): Comparison | undefined =>
  (a && b ? (a.rank < b.rank ? a : b) : (a ?? b))?.c;

export const trackingRules: Rule[] = [
  {
    id: "last-update-decreased",
    family: "Change tracking",
    severity: "error",
    judges: "transition",
    description: "Head `lastUpdate` is earlier than base.",
    entity: (c) => {
      const before = time(c.base?.value.lastUpdate);
      const after = time(c.head?.value.lastUpdate);
      if (before === undefined || after === undefined || after >= before) return;
      return {
        ordId: c.ordId,
        message: `lastUpdate went backwards (${show(c.base!.value.lastUpdate)} → ${show(c.head!.value.lastUpdate)}): aggregators use it to detect changes; set it to the time of this change`,
        location: at(c.head!, "lastUpdate"),
      };
    },
  },
  {
    id: "last-update-not-advanced",
    family: "Change tracking",
    severity: "warning",
    judges: "transition",
    description: "The entity changed but `lastUpdate` did not advance.",
    entity: (c) => {
      if (c.level === "none" || !c.base || !c.head) return;
      const before = time(c.base.value.lastUpdate);
      if (before === undefined) return;
      const after = time(c.head.value.lastUpdate);
      if (after !== undefined && after > before) return;
      const what =
        after === undefined
          ? "was removed"
          : after === before
            ? `stayed ${show(c.head.value.lastUpdate)}`
            : `went back to ${show(c.head.value.lastUpdate)}`;
      return {
        ordId: c.ordId,
        message: `${c.level} changes but lastUpdate ${what}: set it to the time of this change so aggregators fetch it again`,
        location: at(c.head, after === undefined ? "ordId" : "lastUpdate"),
      };
    },
  },
  {
    id: "changelog-entry-missing",
    family: "Change tracking",
    severity: "warning",
    judges: "transition",
    description:
      "The version or status changed, the entity keeps a changelog, and no entry is for the head version.",
    entity: (c) => {
      if (!c.base || !c.head || !Array.isArray(c.head.value.changelogEntries)) return;
      const versionChanged = c.base.value.version !== c.head.value.version;
      const statusChanged = c.base.value.releaseStatus !== c.head.value.releaseStatus;
      if ((!versionChanged && !statusChanged) || headChangelogEntry(c)) return;
      return {
        ordId: c.ordId,
        message: `${c.ordId} keeps changelogEntries but none is for version ${show(c.head.value.version)}: add an entry with that version, its releaseStatus and date`,
        location: at(c.head, "changelogEntries"),
      };
    },
  },
  {
    id: "changelog-entry-mismatch",
    family: "Change tracking",
    severity: "warning",
    judges: "state",
    description: "The changelog entry for the head version names another `releaseStatus`.",
    entity: (c) => {
      const found = headChangelogEntry(c);
      const entryStatus = text(found?.entry.releaseStatus);
      const current = text(c.head.value.releaseStatus);
      if (!found || !entryStatus || !current || entryStatus === current) return;
      return {
        ordId: c.ordId,
        message: `the changelog entry for ${show(c.head.value.version)} says ${entryStatus} but the resource is ${current}`,
        location: at(c.head, "changelogEntries", found.index, "releaseStatus"),
      };
    },
  },
  {
    id: "system-version-not-incremented",
    family: "Change tracking",
    severity: "warning",
    judges: "transition",
    description: "A document changed an entity but kept `describedSystemVersion.version`.",
    run: (ctx) => {
      const findings: RawFinding[] = [];
      const baseDocs = new Map(ctx.base.documents.map((d) => [d.rel, d]));
      const changedIn = firstReleaseChanges(ctx.comparisons);
      for (const doc of ctx.head.documents) {
        const version = (doc.value.describedSystemVersion as { version?: unknown } | undefined)
          ?.version;
        const baseDoc = baseDocs.get(doc.rel);
        const baseVersion = (
          baseDoc?.value.describedSystemVersion as { version?: unknown } | undefined
        )?.version;
        if (typeof version !== "string" || version !== baseVersion) continue;
        const changed = first(changedIn.head.get(doc), baseDoc && changedIn.removed.get(baseDoc));
        if (!changed) continue;
        findings.push({
          ordId: changed.ordId,
          message: `${doc.path} changed ${changed.ordId} (and maybe more) but describedSystemVersion.version stays ${version}: raise the system version with the change`,
          location: locate(doc, ["describedSystemVersion", "version"]),
        });
      }
      return findings;
    },
  },
];
