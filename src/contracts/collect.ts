import type { ChangeClass } from "../types.js";
import { deepEqual, objAt, ptr, type JsonObject } from "../json/values.js";
import {
  OPENAPI_RULES,
  SCHEMA_RULES,
  type Direction,
  type FixedRule,
  type SchemaRuleId,
} from "./rules.js";
import type { ContractChange } from "./types.js";

/**
 * A change found inside a schema, before we know which operation reached it. Schema diffs are
 * memoised per pair of schemas, so one raw change is shared by every operation using the schema.
 */
export interface SchemaChange {
  rule: SchemaRuleId | "documentation-changed";
  /** What changed, relative to the schema: `property "data.name" became required`. */
  detail: string;
  pointer: string;
  side: "base" | "head";
}

/**
 * The changes of one compared pair of schemas, in order of discovery: its own raw changes and,
 * where a pair below it was compared, that pair's list itself. Lists are shared, never copied:
 * a schema reached twice per level (a recursive `parent` and `children`) would otherwise double
 * the copied list at every level (issue 12, item 8). The nesting is as deep as the schemas
 * compared (at most 200 levels) and shares lists, so it is a DAG, never a cycle.
 */
export type SchemaChanges = readonly (SchemaChange | SchemaChanges)[];

/** The list a comparison appends to: raw changes, and the shared lists of the pairs below. */
export type ChangeSink = (SchemaChange | SchemaChanges)[];

/** The contexts (operations) reaching one list handed to {@link Collector.schema}, in order. */
interface Group {
  contexts: Set<string>;
}

interface Entry {
  change: Omit<ContractChange, "reason">;
  detail: string;
  /** Contexts recorded for this change itself ({@link Collector.add}), in order. */
  own: Group;
  /** The lists handed to `schema` that reach this change: their contexts are its contexts too. */
  groups: Set<Group>;
}

/**
 * Gathers contract changes, merging repeats: a change inside a component schema used by twenty
 * operations is reported once, at its own pointer, naming the first operation and how many more
 * reach it. Order is the order of discovery, which follows the documents, so output is stable.
 */
/** Whether an item of a change list is a shared list rather than one raw change. */
export function isList(item: SchemaChange | SchemaChanges): item is SchemaChanges {
  return Array.isArray(item);
}

export class Collector {
  private readonly entries = new Map<string, Entry>();
  /** The entry of each raw change per direction (`null`: the rule ignores that direction). */
  private readonly byRaw: Record<Direction, WeakMap<SchemaChange, Entry | null>> = {
    request: new WeakMap(),
    response: new WeakMap(),
  };
  /** The group of each list handed to `schema`, per direction. */
  private readonly groups: Record<Direction, WeakMap<SchemaChanges, Group>> = {
    request: new WeakMap(),
    response: new WeakMap(),
  };
  /** When each context was first recorded: the first context of a change is the earliest. */
  private readonly order = new Map<string, number>();

  /** Records a change of a direction-independent rule. */
  add(
    id: string,
    rule: FixedRule,
    context: string,
    detail: string,
    pointer: string,
    side: "base" | "head",
  ): void {
    this.seen(context);
    this.put(id, rule.class, rule.kind, detail, pointer, side).own.contexts.add(context);
  }

  /**
   * Records the changes of a schema reached from `context` in direction `dir`. The first time a
   * list is handed in, its changes are walked (each shared list below it once) and each joins the
   * list's group; after that, another operation reaching the same list only joins the group: a
   * component used by 1,200 operations is not walked 1,200 times (issue 12, item 12).
   */
  schema(changes: SchemaChanges, dir: Direction, context: string): void {
    this.seen(context);
    let group = this.groups[dir].get(changes);
    if (!group) {
      group = { contexts: new Set() };
      this.groups[dir].set(changes, group);
      this.walk(changes, dir, group);
    }
    group.contexts.add(context);
  }

  private seen(context: string): void {
    if (!this.order.has(context)) this.order.set(context, this.order.size);
  }

  /** Every change of `changes` and the lists below it joins `group`; in order, without recursion. */
  private walk(changes: SchemaChanges, dir: Direction, group: Group): void {
    const entries = this.byRaw[dir];
    const visited = new Set<SchemaChanges>([changes]);
    const stack: [SchemaChanges, number][] = [[changes, 0]];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const [list, index] = top;
      if (index >= list.length) {
        stack.pop();
        continue;
      }
      top[1] = index + 1;
      const item = list[index]!;
      if (isList(item)) {
        if (!visited.has(item)) {
          visited.add(item);
          stack.push([item, 0]);
        }
        continue;
      }
      let entry = entries.get(item);
      if (entry === undefined) entries.set(item, (entry = this.raw(item, dir)));
      entry?.groups.add(group);
    }
  }

  /** The entry of one raw change in a direction, made the first time; `null` if it does not count. */
  private raw(raw: SchemaChange, dir: Direction): Entry | null {
    if (raw.rule === "documentation-changed") {
      return this.put(raw.rule, "patch", "changed", raw.detail, raw.pointer, raw.side);
    }
    const rule = SCHEMA_RULES[raw.rule];
    const cls = rule[dir];
    if (cls === null) return null;
    return this.put(`${dir}-${raw.rule}`, cls, rule.kind, raw.detail, raw.pointer, raw.side);
  }

  private put(
    id: string,
    cls: ChangeClass,
    kind: ContractChange["kind"],
    detail: string,
    pointer: string,
    side: "base" | "head",
  ): Entry {
    const key = `${id}\u0000${side}\u0000${pointer}\u0000${detail}`;
    let entry = this.entries.get(key);
    if (!entry) {
      entry = {
        change: { id, class: cls, kind, pointer, side },
        detail,
        own: { contexts: new Set() },
        groups: new Set(),
      };
      this.entries.set(key, entry);
    }
    return entry;
  }

  /** The first context reaching an entry and how many distinct contexts do. */
  private contexts(entry: Entry): { first: string | undefined; count: number } {
    const groups = [entry.own, ...entry.groups].filter((g) => g.contexts.size > 0);
    if (groups.length === 1) {
      const only = groups[0]!.contexts;
      return { first: only.values().next().value, count: only.size };
    }
    // Reached through several lists (rare): the union, and its earliest context.
    const all = new Set<string>();
    for (const g of groups) for (const c of g.contexts) all.add(c);
    let first: string | undefined;
    for (const c of all) {
      if (first === undefined || this.order.get(c)! < this.order.get(first)!) first = c;
    }
    return { first, count: all.size };
  }

  /** The collected changes, each with its one-line reason. */
  list(): ContractChange[] {
    return [...this.entries.values()].map((entry) => {
      const { change, detail } = entry;
      const { first, count } = this.contexts(entry);
      const where = first ?? "";
      const more = count > 1 ? ` (and ${count - 1} more)` : "";
      const reason = where === "" ? detail : `${where}${more}: ${detail}`;
      return {
        id: change.id,
        class: change.class,
        kind: change.kind,
        reason,
        pointer: change.pointer,
        side: change.side,
      };
    });
  }
}

/** Annotations and `x-` extensions of one object: documentation, never a contract change. */
export function docs(
  out: Collector,
  label: string,
  b: JsonObject,
  h: JsonObject,
  at: { b: string; h: string },
  keys: string[],
): void {
  const all = new Set([...keys, ...Object.keys(b).filter(ext), ...Object.keys(h).filter(ext)]);
  for (const key of all) {
    if (deepEqual(b[key], h[key])) continue;
    const gone = h[key] === undefined;
    const verb = b[key] === undefined ? "added" : gone ? "removed" : "changed";
    const pointer = gone ? ptr(at.b, key) : ptr(at.h, key);
    out.add(
      "documentation-changed",
      OPENAPI_RULES["documentation-changed"],
      label,
      `${key} ${verb}`,
      pointer,
      gone ? "base" : "head",
    );
  }
}

function ext(key: string): boolean {
  return key.startsWith("x-");
}

/**
 * The `info` fields of an OpenAPI or AsyncAPI document (`keys`, never `version`): what people
 * read about the API, so `info-changed` is patch-level in both.
 */
export function infoChanges(
  out: Collector,
  rule: FixedRule,
  b: JsonObject,
  h: JsonObject,
  keys: readonly string[],
): void {
  const bi = objAt(b, "info") ?? {};
  const hi = objAt(h, "info") ?? {};
  for (const key of keys) {
    if (!deepEqual(bi[key], hi[key]))
      out.add(
        "info-changed",
        rule,
        "info",
        `${key} changed`,
        hi[key] === undefined ? "/info" : ptr("/info", key),
        "head",
      );
  }
}
