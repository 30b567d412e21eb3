import { MAX_JSON_DEPTH } from "../../json/values.js";
import { refOf, type Doc } from "./refs.js";

/** Values compared per document pair before giving up (GitHub's REST pair: 67,000). */
const MAX_VISITS = 1_000_000;

/**
 * Whether a part of a description (a schema, a path item) reads the same in base and head: equal
 * JSON, where each `$ref` names the same target and that target is unchanged too. Such a pair
 * has no changes to find, and the differ skips it without building views of it: most of a large
 * specification is untouched by a release (GitHub's REST description 21 → 23 leaves 698 of the
 * 855 component schemas both versions have as they were).
 *
 * Answers only `true` when sure. A target is looked at once per reference; while it is being
 * looked at, a reference back to it (a recursive schema) counts as changed, so a cycle is left
 * to the full comparison, which handles cycles, and no answer rests on an assumption. Nesting
 * deeper than {@link MAX_JSON_DEPTH}, counted on through references (a chain of 1,200 of them
 * overflowed the stack), also counts as changed, which ends a cyclic YAML value. Values inside
 * a node are not remembered (the differ's own comparison is, per node), so after
 * {@link MAX_VISITS} values in all everything counts as changed: a value that shares nodes
 * (YAML aliases) cannot make the walk exponential.
 */
export class Unchanged {
  readonly #targets = new Map<string, boolean>();
  readonly #answers = new WeakMap<object, { head: unknown; same: boolean }>();
  #visits = 0;

  constructor(
    private readonly base: Doc,
    private readonly head: Doc,
  ) {}

  /** Values compared so far: the work done, which tests bound. */
  get visited(): number {
    return this.#visits;
  }

  /** Two nodes that are the same reference (and nothing else) to an unchanged target. */
  sameRef(b: unknown, h: unknown): boolean {
    const ref = refOf(b);
    return ref !== undefined && ref === refOf(h) && this.same(b, h);
  }

  /**
   * Whether `b` (in base) and `h` (in head) read the same. The answer is kept per node pair: a
   * component reached by reference from thousands of operations brings the same nodes each time.
   */
  same(b: unknown, h: unknown): boolean {
    if (b === null || typeof b !== "object") return this.#walk(b, h, 0);
    const known = this.#answers.get(b);
    if (known !== undefined && known.head === h) return known.same;
    const same = this.#walk(b, h, 0);
    this.#answers.set(b, { head: h, same });
    return same;
  }

  #walk(b: unknown, h: unknown, depth: number): boolean {
    if (++this.#visits > MAX_VISITS) return false;
    if (b === null || typeof b !== "object") return b === h;
    if (h === null || typeof h !== "object" || depth > MAX_JSON_DEPTH) return false;
    if (Array.isArray(b)) {
      if (!Array.isArray(h) || b.length !== h.length) return false;
      for (let i = 0; i < b.length; i++) if (!this.#walk(b[i], h[i], depth + 1)) return false;
      return true;
    }
    if (Array.isArray(h)) return false;
    const bo = b as Record<string, unknown>;
    const ho = h as Record<string, unknown>;
    // for-in sees own and inherited keys; parsed objects inherit nothing enumerable.
    for (const key in bo) {
      if (!Object.hasOwn(ho, key)) return false;
      const bv = bo[key];
      if (key === "$ref" && typeof bv === "string") {
        if (bv !== ho[key] || !this.#target(bv, depth + 1)) return false;
      } else if (!this.#walk(bv, ho[key], depth + 1)) return false;
    }
    for (const key in ho) if (!Object.hasOwn(bo, key)) return false;
    return true;
  }

  /** Whether a reference's target reads the same; the depth goes on through the reference. */
  #target(ref: string, depth: number): boolean {
    const known = this.#targets.get(ref);
    if (known !== undefined) return known;
    this.#targets.set(ref, false); // while being looked at: see above
    const b = this.base.lookup(ref);
    const h = this.head.lookup(ref);
    const same = b !== undefined && h !== undefined && this.#walk(b.node, h.node, depth);
    this.#targets.set(ref, same);
    return same;
  }
}
