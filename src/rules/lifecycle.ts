import { asText, show } from "../json/values.js";
import type { Comparison } from "../compare/compare.js";
import type { EntityRecord } from "../ord/documents.js";
import { hasPrerelease, isValidVersion, majorOf } from "../semver.js";
import { sameContent } from "../compare/diff.js";
import { RELEASE_STATUSES } from "../ord/entity-types.js";
import {
  at,
  hasField,
  list,
  readStatus,
  text,
  validStatus,
  type RawFinding,
  type Rule,
} from "./rule.js";
import type { HeadComparison } from "./scope.js";

/** The status the lifecycle rules read: a mistyped `"Sunset"` still asks for its tombstone. */
const status = (record: EntityRecord | undefined): string | undefined =>
  record?.info.lifecycle ? readStatus(record) : undefined;

/** Moves that go back in the lifecycle (docs/rules/release-status-regressed.md). */
function regressed(from: string, to: string): boolean {
  if (from === "sunset") return to !== "sunset";
  if (from === "active" || from === "deprecated") return to === "beta" || to === "development";
  return from === "beta" && to === "development";
}

const quoted = (value: unknown): string =>
  value === undefined ? "no releaseStatus" : show(JSON.stringify(value));

/** Lifecycle state rules apply to head entities of types that have the field. */
function headWith(c: HeadComparison, field: string): EntityRecord | undefined {
  return hasField(c.head, field) ? c.head : undefined;
}

const successorKeys = (record: EntityRecord): Set<string> =>
  new Set(
    list(record.value.successors)
      .filter((s) => typeof s === "string")
      .map((s) => s.toLowerCase()),
  );

const DAY = 24 * 60 * 60 * 1000;

export const lifecycleRules: Rule[] = [
  {
    id: "release-status-regressed",
    family: "Lifecycle",
    severity: "error",
    judges: "transition",
    description: "`releaseStatus` moved backwards in the lifecycle.",
    entity: (c) => {
      if (!c.base?.info.lifecycle || !c.head) return;
      const [raw, headRaw] = [c.base.value.releaseStatus, c.head.value.releaseStatus];
      if (sameContent(raw, headRaw)) return;
      // A value that is not valid must not switch the rule off. One that spells a status in
      // other case ("Beta") counts as that status (readStatus). Otherwise base's counts as active,
      // the strictest reading, and head's as a stage nobody can tell, which only development
      // (nothing comes before it) is not above.
      const from = readStatus(c.base) ?? "active";
      const to = readStatus(c.head);
      if (to ? !regressed(from, to) : from === "development") return;
      const valid = RELEASE_STATUSES.join(", ");
      const fromText = validStatus(c.base) ? from : `${quoted(raw)} (counted as ${from})`;
      const toText = validStatus(c.head)
        ? to
        : `${quoted(headRaw)}, which is not a valid value (${to ? `counted as ${to}` : `one of ${valid}`})`;
      return {
        ordId: c.ordId,
        message: `releaseStatus moved backwards from ${fromText} to ${toText}: consumers were promised ${from}; publish the unstable work under a new ORD ID instead`,
        location: at(c.head, "releaseStatus"),
      };
    },
  },
  {
    id: "release-status-reactivated",
    family: "Lifecycle",
    severity: "warning",
    judges: "transition",
    description: "A deprecated resource became active again.",
    entity: (c) => {
      if (status(c.base) !== "deprecated" || status(c.head) !== "active") return;
      return {
        ordId: c.ordId,
        message: `releaseStatus went from deprecated back to active: consumers who migrated away were told it would go; make sure the deprecation is really withdrawn`,
        location: at(c.head!, "releaseStatus"),
      };
    },
  },
  {
    id: "deprecation-date-missing",
    family: "Lifecycle",
    severity: "warning",
    judges: "state",
    description: "A deprecated resource has no `deprecationDate`.",
    entity: (c) => {
      const head = headWith(c, "deprecationDate");
      if (!head || status(head) !== "deprecated" || text(head.value.deprecationDate)) return;
      return {
        ordId: c.ordId,
        message: `${c.ordId} is deprecated without a deprecationDate: add "deprecationDate" (RFC 3339 date-time) so consumers know since when`,
        location: at(head, "releaseStatus"),
      };
    },
  },
  {
    id: "successor-not-referenced",
    family: "Lifecycle",
    severity: "error",
    judges: "state",
    description:
      "A newer major of the same series exists but the older entity's `successors` does not list it.",
    run: (ctx) => {
      const series = new Map<string, { record: EntityRecord; major: number; c: Comparison }[]>();
      for (const c of ctx.comparisons) {
        const id = c.id;
        if (!c.head || id?.major == null || !hasField(c.head, "successors")) continue;
        if (ctx.series(id.series).length < 2) continue; // most series have one major: no newer
        const members = series.get(id.series) ?? [];
        members.push({ record: c.head, major: id.major, c });
        series.set(id.series, members);
      }
      const findings: RawFinding[] = [];
      for (const members of series.values()) {
        members.sort((a, b) => a.major - b.major);
        members.forEach((older, index) => {
          const newer = members.slice(index + 1).filter((m) => m.major > older.major);
          if (newer.length === 0) return;
          const listed = successorKeys(older.record);
          if (newer.some((m) => listed.has(m.c.key))) return;
          if (!ctx.judged.entity(older.c) && !newer.some((m) => ctx.judged.entity(m.c))) return;
          const next = newer[0]!.record.ordId;
          findings.push({
            ordId: older.record.ordId,
            message: `${next} is a newer major of ${older.record.ordId}, but ${older.record.ordId} does not list it in successors: add "successors": ["${next}"] (and deprecate ${older.record.ordId})`,
            location: at(older.record, older.record.value.successors ? "successors" : "ordId"),
          });
        });
      }
      return findings;
    },
  },
  {
    id: "successors-without-deprecation",
    family: "Lifecycle",
    severity: "warning",
    judges: "state",
    description: "`successors` is set but the resource is not deprecated.",
    entity: (c) => {
      const head = headWith(c, "successors");
      const current = status(head);
      if (
        !head ||
        successorKeys(head).size === 0 ||
        current === "deprecated" ||
        current === "sunset"
      )
        return;
      return {
        ordId: c.ordId,
        message: `${c.ordId} names successors but its releaseStatus is ${current ?? "missing"}: a resource with successors should be deprecated (releaseStatus: deprecated, deprecationDate)`,
        location: at(head, "successors"),
      };
    },
  },
  {
    id: "successor-unknown",
    family: "Lifecycle",
    severity: "notice",
    judges: "state",
    description: "`successors` names an ORD ID that no document in the run contains.",
    entity: (c, ctx) => {
      const head = headWith(c, "successors");
      if (!head) return;
      return list(head.value.successors)
        .map((successor, index) => ({ successor, index }))
        .filter(({ successor }) => typeof successor === "string")
        .filter(({ successor }) => {
          const key = (successor as string).toLowerCase();
          return !ctx.head.byKey.has(key) && !ctx.base.byKey.has(key);
        })
        .map(({ successor, index }) => ({
          ordId: c.ordId,
          message: `successor ${show(successor)} is not described in any document of this run (it may live in another system's documents)`,
          location: at(head, "successors", index),
        }));
    },
  },
  {
    id: "sunset-date-missing",
    family: "Lifecycle",
    severity: "error",
    judges: "state",
    description: "A sunset resource has no `sunsetDate`.",
    entity: (c) => {
      const head = headWith(c, "sunsetDate");
      if (!head || status(head) !== "sunset" || text(head.value.sunsetDate)) return;
      return {
        ordId: c.ordId,
        message: `${c.ordId} is sunset without a sunsetDate: add "sunsetDate" (RFC 3339 date-time), which the spec requires for sunset resources`,
        location: at(head, "releaseStatus"),
      };
    },
  },
  {
    id: "sunset-date-recommended",
    family: "Lifecycle",
    severity: "notice",
    judges: "state",
    description: "A deprecated resource without successors has no `sunsetDate`.",
    entity: (c) => {
      const head = headWith(c, "sunsetDate");
      if (!head || status(head) !== "deprecated") return;
      if (successorKeys(head).size > 0 || text(head.value.sunsetDate)) return;
      return {
        ordId: c.ordId,
        message: `${c.ordId} is deprecated with neither successors nor a sunsetDate: tell consumers when it goes away ("sunsetDate")`,
        location: at(head, "releaseStatus"),
      };
    },
  },
  {
    id: "sunset-without-tombstone",
    family: "Lifecycle",
    severity: "error",
    judges: "state",
    description: "A sunset resource has no tombstone.",
    entity: (c, ctx) => {
      const { head } = c;
      if (status(head) !== "sunset" || ctx.head.tombstones.has(c.key)) return;
      return {
        ordId: c.ordId,
        message: `${c.ordId} is sunset but no tombstone names it: add { "ordId": "${c.ordId}", "removalDate": "<date-time>" } to tombstones`,
        location: at(head, "releaseStatus"),
      };
    },
  },
  {
    id: "tombstone-removed-early",
    family: "Lifecycle",
    severity: "warning",
    judges: "transition",
    description: "A tombstone was removed less than 31 days after its `removalDate`.",
    run: (ctx) =>
      [...ctx.base.tombstones.values()]
        .map((copies) => copies[0]!)
        .filter((t) => !ctx.head.tombstones.has(t.key) && !ctx.head.unreadable.has(t.doc.rel))
        .flatMap((t) => {
          const removal = Date.parse(asText(t.value.removalDate));
          if (Number.isNaN(removal) || ctx.now.getTime() - removal >= 31 * DAY) return [];
          const days = Math.max(0, Math.floor((ctx.now.getTime() - removal) / DAY));
          return [
            {
              ordId: t.ordId,
              message: `the tombstone of ${t.ordId} was removed ${days} days after its removalDate; keep tombstones at least 31 days so aggregators notice the removal`,
              location: at(t),
            },
          ];
        }),
  },
  {
    id: "tombstone-for-live-entity",
    family: "Lifecycle",
    severity: "warning",
    judges: "state",
    description: "A tombstone names an entity that head still lists (other than as sunset).",
    run: (ctx) =>
      [...ctx.head.tombstones.values()]
        .map((copies) => copies[0]!)
        .flatMap((t) => {
          const c = ctx.byKey.get(t.key);
          const live = c?.head;
          if (!live || status(live) === "sunset") return [];
          if (!ctx.judged.tombstone(t) && !ctx.judged.entity(c)) return [];
          return [
            {
              ordId: live.ordId,
              // Packages and bundles have no releaseStatus: "set it to sunset" is no option.
              message: live.info.lifecycle
                ? `a tombstone names ${live.ordId}, but head still lists it as ${status(live) ?? "live"}: remove the entity, or set releaseStatus: sunset, or drop the tombstone`
                : `a tombstone names ${live.ordId}, but head still lists it: remove the entity or drop the tombstone`,
              location: at(t),
            },
          ];
        }),
  },
  {
    id: "release-status-version-mismatch",
    family: "Lifecycle",
    severity: "warning",
    judges: "state",
    description: "An active resource has a 0.x or prerelease version.",
    entity: (c) => {
      const { head } = c;
      const version = head.value.version;
      if (status(head) !== "active" || !isValidVersion(version)) return;
      if (majorOf(version) !== 0 && !hasPrerelease(version)) return;
      const why =
        majorOf(version) === 0
          ? "a 0.x version promises no stability"
          : "a prerelease version promises no stability";
      return {
        ordId: c.ordId,
        message: `${c.ordId} is active with version ${version}, but ${why}: release 1.0.0 (or mark it beta)`,
        location: at(head, "version"),
      };
    },
  },
];
