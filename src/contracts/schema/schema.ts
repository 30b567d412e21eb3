import { isList, type ChangeSink, type SchemaChanges } from "../collect.js";
import { isObject } from "../../json/values.js";
import { compareBounds, comparePattern } from "./constraints.js";
import {
  compareDocs,
  compareEnum,
  compareFormat,
  compareMisc,
  compareTypes,
  emit,
  subject,
} from "./keywords.js";
import { label, matchMembers, MAX_HOPS, refOf, shape, type Doc, type Located } from "./refs.js";
import { Unchanged } from "./unchanged.js";
import type { Direction } from "../rules.js";
import { annotationOnly, schemaView, type SchemaView } from "./view.js";

/** Nesting beyond this many schema levels is not compared (a guard against absurd inputs). */
const MAX_DEPTH = 200;

/** No changes (a pair cut as a cycle, too deep, or unresolvable): one shared empty list. */
const NONE: SchemaChanges = [];

/** The result of a pair still being compared further up the stack (a recursive schema). */
const IN_PROGRESS: SchemaChanges = [];

/**
 * Results per pair of views, a pair being compared included (IN_PROGRESS). Most base views meet
 * one head view only, so that one result is kept without a map of its own: a map per base view,
 * and a second one per view for the pairs in progress, were 17,000 maps (4 MB) on GitHub's REST
 * description.
 */
class PairResults {
  readonly #byBase = new Map<
    SchemaView,
    { head: SchemaView; changes: SchemaChanges } | Map<SchemaView, SchemaChanges>
  >();

  get(b: SchemaView, h: SchemaView): SchemaChanges | undefined {
    const entry = this.#byBase.get(b);
    if (entry instanceof Map) return entry.get(h);
    return entry?.head === h ? entry.changes : undefined;
  }

  set(b: SchemaView, h: SchemaView, changes: SchemaChanges): void {
    const entry = this.#byBase.get(b);
    if (entry instanceof Map) entry.set(h, changes);
    else if (!entry) this.#byBase.set(b, { head: h, changes });
    else if (entry.head === h) entry.changes = changes;
    else
      this.#byBase.set(
        b,
        new Map([
          [entry.head, entry.changes],
          [h, changes],
        ]),
      );
  }
}

/**
 * Why the schema at `at` cannot be read in head, naming the `$ref` that cannot be followed (the
 * node's own or one further down its chain): `$ref "x.json#/X" cannot be followed in head
 * (external): the contract is unknown`.
 */
function whyUnreadable(doc: Doc, at: Located): string {
  const unknown = "the contract is unknown";
  const own = refOf(at.node);
  let current = at;
  const seen = new Set<string>();
  for (let ref = own; ref !== undefined; ref = refOf(current.node)) {
    const via = ref === own ? "" : `, reached through $ref ${JSON.stringify(own)}`;
    const why = !ref.startsWith("#")
      ? "external"
      : seen.has(ref)
        ? "a loop of references"
        : seen.size >= MAX_HOPS
          ? `more than ${MAX_HOPS} references in a row`
          : undefined;
    const next = why === undefined ? doc.lookup(ref) : undefined;
    if (!next)
      return `$ref ${JSON.stringify(ref)}${via} cannot be followed in head (${why ?? "names nothing"}): ${unknown}`;
    seen.add(ref);
    current = next;
  }
  const what = own === undefined ? "schema" : `target of $ref ${JSON.stringify(own)}`;
  return `head's ${what} is ${showKind(current.node)}, not a schema: ${unknown}`;
}

/** A JSON value's kind, for a reason: `null`, `an array`, `a string`. */
function showKind(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`;
}

/** Counts of the contract (non-documentation) changes of each list, with repeats, for `wrapped`. */
const costs = new WeakMap<SchemaChanges, number>();

/**
 * How many contract changes a list holds, counting a list reached twice twice (as the copied
 * lists did). Memoised per list, so a shared list is counted once; the recursion is as deep as
 * the schemas compared, which {@link MAX_DEPTH} bounds.
 */
function cost(list: SchemaChanges): number {
  let known = costs.get(list);
  if (known === undefined) {
    known = 0;
    for (const item of list) {
      if (isList(item)) known += cost(item);
      else if (item.rule !== "documentation-changed") known++;
    }
    costs.set(list, known);
  }
  return known;
}

/**
 * Compares JSON schemas of a base and a head document in a direction. One differ serves a whole
 * document pair: results are memoised per pair of schema views and direction, so a component used
 * by hundreds of operations is compared once, and a pair already being compared further up the
 * stack (a recursive schema) contributes nothing the second time, which keeps cycles finite. The
 * changes of a schema are found at their own pointers, so nothing is lost by cutting the cycle.
 * A pair's result holds the results of the pairs below it by reference ({@link SchemaChanges}).
 */
export class SchemaDiffer {
  private readonly results: Record<Direction, PairResults> = {
    request: new PairResults(),
    response: new PairResults(),
  };

  /** Which schemas (and other parts, references followed) read the same on both sides. */
  readonly unchanged: Unchanged;

  constructor(
    readonly base: Doc,
    readonly head: Doc,
  ) {
    this.unchanged = new Unchanged(base, head);
  }

  /** The changes from the schema at `b` (in base) to the one at `h` (in head), read as `dir`. */
  diff(b: Located | undefined, h: Located | undefined, dir: Direction): SchemaChanges {
    if (!b) return NONE;
    if (!h) return this.removed(b);
    if (this.unchanged.same(b.node, h.node)) return NONE;
    const bv = schemaView(this.base, b);
    const hv = schemaView(this.head, h);
    if (!bv) return NONE; // base unreadable (an external or broken $ref): nothing to compare with
    if (!hv) {
      const out: ChangeSink = [];
      this.unresolved(h, out);
      return out;
    }
    return this.pair(bv, hv, dir, 0);
  }

  /**
   * Base stated a schema where head states none (the media type, payload or header is still
   * there): head then accepts or returns anything. Harmless to send, breaking to read, since a
   * client can no longer rely on anything base promised. An empty base schema promised nothing.
   */
  private removed(b: Located): SchemaChanges {
    const empty = b.node === true || (isObject(b.node) && Object.keys(b.node).length === 0);
    if (empty || !schemaView(this.base, b)) return NONE;
    const out: ChangeSink = [];
    const detail = `${subject(b.ptr)}: removed, so head says nothing about this content`;
    emit(out, "schema-removed", detail, b.ptr, "base");
    return out;
  }

  /**
   * Base's schema was readable and head's is not (an external `$ref`, one naming nothing, a loop;
   * no schema at all is `removed`): head's contract is unknown, which is breaking, never
   * "unchanged".
   */
  private unresolved(h: Located, out: ChangeSink): void {
    emit(out, "schema-unresolved", `${subject(h.ptr)}: ${whyUnreadable(this.head, h)}`, h.ptr);
  }

  private pair(bv: SchemaView, hv: SchemaView, dir: Direction, depth: number): SchemaChanges {
    const results = this.results[dir];
    const done = results.get(bv, hv);
    if (done === IN_PROGRESS) return NONE;
    if (done) return done;
    if (depth > MAX_DEPTH) return NONE;
    results.set(bv, hv, IN_PROGRESS);
    const out: ChangeSink = [];
    this.compare(bv, hv, dir, depth, out);
    results.set(bv, hv, out);
    return out;
  }

  private child(b: Located, h: Located, dir: Direction, depth: number, out: ChangeSink): void {
    // Only a reference is asked (its answer is kept): asking of inline schemas would walk a
    // changed schema's content once for every level above the change.
    if (this.unchanged.sameRef(b.node, h.node)) return;
    const bv = schemaView(this.base, b);
    if (!bv) return; // base unreadable: nothing to compare with
    const hv = schemaView(this.head, h);
    if (!hv) return this.unresolved(h, out);
    const below = this.pair(bv, hv, dir, depth + 1);
    if (below.length > 0) out.push(below); // shared, not copied
  }

  private compare(
    b: SchemaView,
    h: SchemaView,
    dir: Direction,
    depth: number,
    out: ChangeSink,
  ): void {
    compareDocs(b, h, out);
    if (!b.alternatives !== !h.alternatives) {
      // One side composes alternatives and the other does not: compare the plain side with each
      // alternative, keep the closest match and count the others as added or removed.
      this.wrapped(b, h, dir, depth, out);
      return;
    }
    if (compareTypes(b, h, out)) compareFormat(b, h, out);
    compareEnum(b, h, out);
    compareBounds(b, h, out);
    comparePattern(b, h, out);
    compareMisc(b, h, out);
    this.properties(b, h, dir, depth, out);
    this.additional(b, h, dir, depth, out);
    if (b.items && h.items) this.child(b.items, h.items, dir, depth, out);
    else if (b.items)
      emit(out, "keyword-removed", `${subject(h.ptr)}: items schema removed`, b.items.ptr, "base");
    else if (h.items)
      emit(out, "keyword-added", `${subject(h.ptr)}: items schema added`, h.items.ptr);
    this.alternatives(b, h, dir, depth, out);
    this.allOf(b, h, out);
  }

  /** Whether a property takes part in this direction: readOnly ones are never sent, writeOnly never returned. */
  private visible(doc: Doc, at: Located, dir: Direction): boolean {
    const view = schemaView(doc, at);
    if (!view) return true;
    return dir === "request" ? !view.readOnly : !view.writeOnly;
  }

  private properties(
    b: SchemaView,
    h: SchemaView,
    dir: Direction,
    depth: number,
    out: ChangeSink,
  ): void {
    const hidden = dir === "request" ? "read-only" : "write-only";
    for (const name of new Set([...b.props.keys(), ...h.props.keys()])) {
      const bp = b.props.get(name);
      const hp = h.props.get(name);
      const bVisible = bp !== undefined && this.visible(this.base, bp, dir);
      const hVisible = hp !== undefined && this.visible(this.head, hp, dir);
      const at = (hp ?? bp)?.ptr ?? h.ptr;
      const required = h.required.has(name);
      if (hVisible && hp && !bVisible) {
        const how = bp ? ` (no longer ${hidden})` : "";
        if (required)
          emit(
            out,
            "required-property-added",
            `${subject(at)}: required property added${how}`,
            hp.ptr,
          );
        else
          emit(
            out,
            "optional-property-added",
            `${subject(at)}: optional property added${how}`,
            hp.ptr,
          );
      } else if (bVisible && bp && !hp) {
        emit(out, "property-removed", `${subject(at)}: removed`, bp.ptr, "base");
      } else if (bVisible && bp && hp && !hVisible) {
        const rule = dir === "request" ? "property-became-read-only" : "property-became-write-only";
        emit(out, rule, `${subject(at)}: became ${hidden}`, hp.ptr);
      } else if (bVisible && bp && hp) {
        const wasRequired = b.required.has(name);
        if (!wasRequired && required)
          emit(
            out,
            "property-became-required",
            `${subject(at)}: became required`,
            h.required.get(name) ?? hp.ptr,
          );
        if (wasRequired && !required)
          emit(out, "property-became-optional", `${subject(at)}: became optional`, hp.ptr);
        this.child(bp, hp, dir, depth, out);
      }
    }
    // A required name the schema does not declare: most often a leftover of a rename; reported,
    // but as documentation (oasdiff ignores it too), since no client can know what to send.
    for (const [name, at] of h.required) {
      if (!h.props.has(name) && !b.required.has(name) && !h.alternatives) {
        emit(
          out,
          "required-undeclared-property",
          `${subject(h.ptr)}: requires "${name}", which it does not declare`,
          at,
        );
      }
    }
  }

  private additional(
    b: SchemaView,
    h: SchemaView,
    dir: Direction,
    depth: number,
    out: ChangeSink,
  ): void {
    const bs = shape(b.additional?.value);
    const hs = shape(h.additional?.value);
    if (bs === hs && bs !== "schema") return;
    const at = h.additional?.ptr ?? h.ptr;
    if (bs === "schema" && hs === "schema" && b.additional && h.additional) {
      this.child(
        { node: b.additional.value, ptr: b.additional.ptr },
        { node: h.additional.value, ptr: h.additional.ptr },
        dir,
        depth,
        out,
      );
    } else if (hs === "closed")
      emit(
        out,
        "additional-properties-forbidden",
        `${subject(h.ptr)}: additional properties forbidden`,
        at,
      );
    else if (bs === "closed")
      emit(
        out,
        "additional-properties-allowed",
        `${subject(h.ptr)}: additional properties allowed`,
        at,
      );
    else if (hs === "schema")
      emit(out, "constraint-tightened", `${subject(h.ptr)}: additional properties constrained`, at);
    else
      emit(
        out,
        "constraint-loosened",
        `${subject(h.ptr)}: additional properties no longer constrained`,
        at,
      );
  }

  private wrapped(
    b: SchemaView,
    h: SchemaView,
    dir: Direction,
    depth: number,
    out: ChangeSink,
  ): void {
    const plainIsBase = !b.alternatives;
    const composed = plainIsBase ? h.alternatives : b.alternatives;
    if (!composed) return;
    const tries = composed.list.map((alt) => {
      const view = schemaView(plainIsBase ? this.head : this.base, alt);
      if (!view) return { alt, changes: undefined };
      const changes = plainIsBase
        ? this.pair(b, view, dir, depth + 1)
        : this.pair(view, h, dir, depth + 1);
      return { alt, changes };
    });
    const costOf = (c: SchemaChanges | undefined) => (c ? cost(c) : Infinity);
    let best = tries[0];
    for (const t of tries) if (!best || costOf(t.changes) < costOf(best.changes)) best = t;
    for (const t of tries) {
      if (t === best && t.changes) {
        if (t.changes.length > 0) out.push(t.changes);
      } else if (plainIsBase)
        emit(
          out,
          "alternative-added",
          `${subject(t.alt.ptr)}: ${composed.keyword} alternative added`,
          t.alt.ptr,
        );
      else
        emit(
          out,
          "alternative-removed",
          `${subject(t.alt.ptr)}: ${composed.keyword} alternative removed`,
          t.alt.ptr,
          "base",
        );
    }
  }

  private alternatives(
    b: SchemaView,
    h: SchemaView,
    dir: Direction,
    depth: number,
    out: ChangeSink,
  ): void {
    const ba = b.alternatives;
    const ha = h.alternatives;
    if (!ba || !ha) return;
    if (ba.keyword !== ha.keyword) {
      // anyOf accepts what matches several alternatives, oneOf does not
      const tight = ha.keyword === "oneOf";
      emit(
        out,
        tight ? "constraint-tightened" : "constraint-loosened",
        `${subject(h.ptr)}: ${ba.keyword} → ${ha.keyword}`,
        ha.ptr,
      );
    }
    const matched = matchMembers(ba.list, ha.list);
    for (const [bm, hm] of matched.pairs) this.child(bm, hm, dir, depth, out);
    for (const bm of matched.removed)
      emit(
        out,
        "alternative-removed",
        `${subject(h.ptr)}: ${ba.keyword} alternative ${label(bm)} removed`,
        bm.ptr,
        "base",
      );
    for (const hm of matched.added)
      emit(
        out,
        "alternative-added",
        `${subject(h.ptr)}: ${ha.keyword} alternative ${label(hm)} added`,
        hm.ptr,
      );
  }

  /**
   * The `allOf` list itself, beyond its merged content: a member added to an existing list adds
   * its constraints (narrowing), a member dropped removes them. Compared only when both sides
   * already compose with `allOf`, so refactoring a plain schema into `allOf` is judged by content.
   */
  private allOf(b: SchemaView, h: SchemaView, out: ChangeSink): void {
    if (!b.allOf || !h.allOf) return;
    const matched = matchMembers(
      b.allOf.members.map((m) => m.loc),
      h.allOf.members.map((m) => m.loc),
    );
    const at = h.ptr;
    for (const hm of matched.added) {
      if (annotationOnly(this.head, hm))
        emit(out, "documentation-changed", `${subject(at)}: allOf annotation added`, hm.ptr);
      else
        emit(out, "all-of-member-added", `${subject(at)}: allOf member ${label(hm)} added`, hm.ptr);
    }
    for (const bm of matched.removed) {
      if (annotationOnly(this.base, bm))
        emit(
          out,
          "documentation-changed",
          `${subject(at)}: allOf annotation removed`,
          bm.ptr,
          "base",
        );
      else
        emit(
          out,
          "all-of-member-removed",
          `${subject(at)}: allOf member ${label(bm)} removed`,
          bm.ptr,
          "base",
        );
    }
  }
}
