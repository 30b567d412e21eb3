import { isObject, pointerTokens, type JsonObject } from "../../json/values.js";

/** A node of a document together with the JSON pointer where it lives. */
export interface Located {
  node: unknown;
  ptr: string;
}

/** Keys a Reference Object may carry beside `$ref` without changing what it points at. */
const REF_ANNOTATIONS = new Set(["$ref", "summary", "description"]);

/** How many `$ref` hops a chain may take before we call it a loop (`A → B → A`). */
export const MAX_HOPS = 32;

/**
 * One parsed document and its local references. Resolution is lazy (only what the diff walks is
 * looked up) and memoised per reference string, so a large specification that references the same
 * component a thousand times resolves it once. External references (`other.yaml#/x`, URLs) and
 * references into nowhere resolve to `undefined`: the differs skip them rather than guess.
 */
export class Doc {
  private readonly cache = new Map<string, Located | null>();
  /** Per-document caches of derived views (schema views), keyed by the node they describe. */
  readonly views = new WeakMap<object, unknown>();

  constructor(readonly root: unknown) {}

  /** The node a local reference like `#/components/schemas/Pet` names, or `undefined`. */
  lookup(ref: string): Located | undefined {
    const hit = this.cache.get(ref);
    if (hit !== undefined) return hit ?? undefined;
    const found = this.walk(ref);
    this.cache.set(ref, found ?? null);
    return found;
  }

  private walk(ref: string): Located | undefined {
    if (!ref.startsWith("#")) return undefined; // external: not ours to read
    let fragment = ref.slice(1);
    try {
      fragment = decodeURIComponent(fragment);
    } catch {
      // a stray % is kept literally: better a miss than a throw
    }
    if (fragment !== "" && !fragment.startsWith("/")) return undefined; // `#anchor` ids: skipped
    let node: unknown = this.root;
    for (const token of pointerTokens(fragment)) {
      if (Array.isArray(node)) {
        const index = /^(0|[1-9]\d*)$/.test(token) ? Number(token) : -1;
        if (index < 0 || index >= node.length) return undefined;
        node = node[index];
      } else if (isObject(node) && Object.hasOwn(node, token)) {
        node = node[token];
      } else {
        return undefined;
      }
    }
    return { node, ptr: fragment };
  }

  /**
   * Follows a chain of `$ref`s from `at` to the first node that is not a reference. A node that is
   * not a reference comes back as it is; a broken, external or looping chain gives `undefined`.
   */
  deref(at: Located): Located | undefined {
    let current = at;
    for (let hop = 0; hop < MAX_HOPS; hop++) {
      const ref = refOf(current.node);
      if (ref === undefined) return current;
      const next = this.lookup(ref);
      if (!next) return undefined;
      current = next;
    }
    return undefined;
  }

  /** Like {@link deref}, but a node that cannot be resolved stays as it is. */
  derefOr(at: Located): Located {
    return this.deref(at) ?? at;
  }
}

/** The `$ref` string of a node, if it is a Reference Object. */
export function refOf(node: unknown): string | undefined {
  return isObject(node) && typeof node.$ref === "string" ? node.$ref : undefined;
}

/**
 * True when a `$ref` node also carries keywords of its own that constrain a schema (allowed by
 * JSON Schema 2020-12, so by OpenAPI 3.1): such a node means "the target AND these keywords".
 */
export function hasRefSiblings(node: JsonObject): boolean {
  return Object.keys(node).some((k) => !REF_ANNOTATIONS.has(k) && !k.startsWith("x-"));
}

// Small helpers of the schema differ: list matching and shapes.

/** `additionalProperties` as closed (`false`), open (absent, `true`, `{}`) or a schema. */
export function shape(value: unknown): "closed" | "open" | "schema" {
  return value === false
    ? "closed"
    : isObject(value) && Object.keys(value).length > 0
      ? "schema"
      : "open";
}

export function label(at: Located): string {
  const ref = refOf(at.node);
  return ref === undefined ? "(inline)" : ref.slice(ref.lastIndexOf("/") + 1);
}

/** Pairs list members: references by their target, inline schemas by their order among inline ones. */
export function matchMembers(base: Located[], head: Located[]) {
  const key = (list: Located[]) => {
    let inline = 0;
    return list.map((m) => refOf(m.node) ?? `#${inline++}`);
  };
  const bk = key(base);
  const hk = key(head);
  const pairs: [Located, Located][] = [];
  const removed: Located[] = [];
  base.forEach((m, i) => {
    const j = hk.indexOf(bk[i] ?? "");
    const hm = j >= 0 ? head[j] : undefined;
    if (hm) pairs.push([m, hm]);
    else removed.push(m);
  });
  const added = head.filter((_, j) => !bk.includes(hk[j] ?? ""));
  return { pairs, removed, added };
}
