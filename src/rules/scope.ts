import type { Comparison } from "../compare/compare.js";
import { contentKey, sameContent } from "../compare/diff.js";
import type { EntityRecord, OrdDocument, Side, TombstoneRecord } from "../ord/documents.js";
import type { Scope } from "../types.js";

/*
 * The one place the configured scope is applied (docs/rules/README.md, "Scope, verdict and
 * configuration"). A rule declares what it judges, and the engine picks its subjects:
 *
 * - a **transition** between base and head (a version that went backwards, an entity removed
 *   without a tombstone) exists only where base and head differ, so it is judged on every
 *   entity the comparison added, removed or changed, whatever the scope;
 * - a **state** of head (a deprecated API without a date, an invalid ORD ID) is judged only where
 *   the pull request added or changed something (`scope: changed`, the default), or everywhere
 *   (`scope: all`, an audit).
 */

/** A comparison with a head entity: what a rule about the state of head looks at. */
export type HeadComparison = Comparison & { readonly head: EntityRecord };

/** Which parts of head the rules about its state judge under the run's scope. */
export interface Judged {
  /** A head entity (its comparison) that the pull request added or changed. */
  entity(c: Comparison | undefined): boolean;
  /** A head tombstone that is new or differs by value from base's tombstone of that ORD ID. */
  tombstone(t: TombstoneRecord): boolean;
  /** A head file that is new or whose content differs from base's file at the same path. */
  file(rel: string): boolean;
  /**
   * A top-level field of a head document that differs by value from the base document at the
   * same path (the whole document when no field is named; a document new in head counts too).
   */
  documentField(doc: OrdDocument, field: string | undefined): boolean;
  /** A group of head copies of one ORD ID that holds more copies, or another copy, than base's. */
  copies(baseCopies: readonly EntityRecord[], headCopies: readonly EntityRecord[]): boolean;
}

/** Base and head differ for this entity: it was added, removed or changed. */
export const differs = (c: Comparison): boolean => c.status !== "unchanged";

/** What the state rules judge in `head` under `scope`. */
export function judgedPart(scope: Scope, base: Side, head: Side): Judged {
  if (scope === "all") {
    const everything = (): boolean => true;
    return {
      entity: everything,
      tombstone: everything,
      file: everything,
      documentField: everything,
      copies: everything,
    };
  }
  const sameDocuments = new WeakMap<OrdDocument, boolean>();
  const baseDocument = (doc: OrdDocument): OrdDocument | undefined =>
    base.documents.find((d) => d.rel === doc.rel);
  return {
    entity: (c) => c?.status === "added" || c?.status === "changed",
    tombstone: (t) => {
      const before = base.tombstones.get(t.key)?.[0];
      return !before || !sameContent(before.value, t.value);
    },
    file: (rel) => {
      const before = base.content.get(rel);
      return before === undefined || before !== head.content.get(rel);
    },
    // Compared by value, never by text: a reformatted document reports nothing again.
    documentField: (doc, field) => {
      const before = baseDocument(doc);
      if (!before) return true;
      if (field !== undefined) return !sameContent(before.value[field], doc.value[field]);
      let same = sameDocuments.get(doc);
      if (same === undefined) sameDocuments.set(doc, (same = sameContent(before.value, doc.value)));
      return !same;
    },
    copies: (baseCopies, headCopies) => {
      if (headCopies.length > baseCopies.length) return true;
      const known = new Set(baseCopies.map((e) => contentKey(e.value)));
      return headCopies.some((e) => !known.has(contentKey(e.value)));
    },
  };
}
