import type { ChangeClass } from "../../types.js";
import { SCHEMA_RULES, type Direction, type FixedRule, type SchemaRuleId } from "./rules.js";
import type { ContractChange } from "./types.js";

/**
 * A change found inside a schema, before we know which operation reached it. Schema diffs are
 * memoised per pair of schemas, so one raw change is shared by every operation using the schema.
 */
export interface RawChange {
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
export type SchemaChanges = readonly (RawChange | SchemaChanges)[];

/** The list a comparison appends to: raw changes, and the shared lists of the pairs below. */
export type ChangeSink = (RawChange | SchemaChanges)[];

interface Entry {
  change: Omit<ContractChange, "reason">;
  detail: string;
  /** The contexts (operations) reaching the change, in order; a set: adding is O(1). */
  contexts: Set<string>;
}

/**
 * Gathers contract changes, merging repeats: a change inside a component schema used by twenty
 * operations is reported once, at its own pointer, naming the first operation and how many more
 * reach it. Order is the order of discovery, which follows the documents, so output is stable.
 */
/** Whether an item of a change list is a shared list rather than one raw change. */
export function isList(item: RawChange | SchemaChanges): item is SchemaChanges {
  return Array.isArray(item);
}

export class Collector {
  private readonly entries = new Map<string, Entry>();
  /** The entry of each raw change per direction (`null`: the rule ignores that direction). */
  private readonly byRaw: Record<Direction, WeakMap<RawChange, Entry | null>> = {
    request: new WeakMap(),
    response: new WeakMap(),
  };
  /** Which `direction + context` each shared list was already recorded under. */
  private readonly recorded = new WeakMap<SchemaChanges, Set<string>>();

  /** Records a change of a direction-independent rule. */
  add(
    id: string,
    rule: FixedRule,
    context: string,
    detail: string,
    pointer: string,
    side: "base" | "head",
  ): void {
    this.put(id, rule.class, rule.kind, context, detail, pointer, side);
  }

  /**
   * Records the changes of a schema reached from `context` in direction `dir`. Linear in the
   * distinct changes: each shared list is walked once per direction and context, and each raw
   * change finds its entry without building a key again.
   */
  schema(changes: SchemaChanges, dir: Direction, context: string): void {
    const mark = `${dir}\u0000${context}`;
    const entries = this.byRaw[dir];
    // Without recursion, in order: a stack of lists and the position reached in each.
    const stack: [SchemaChanges, number][] = [];
    const enter = (list: SchemaChanges): void => {
      let marks = this.recorded.get(list);
      if (!marks) this.recorded.set(list, (marks = new Set()));
      if (marks.has(mark)) return; // already recorded, with everything below it
      marks.add(mark);
      stack.push([list, 0]);
    };
    enter(changes);
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
        enter(item);
        continue;
      }
      const entry = entries.get(item);
      if (entry) entry.contexts.add(context);
      else if (entry === undefined) entries.set(item, this.raw(item, dir, context));
    }
  }

  /** Records one raw change the first time it is seen in a direction; its entry, if any. */
  private raw(raw: RawChange, dir: Direction, context: string): Entry | null {
    if (raw.rule === "documentation-changed") {
      return this.put(raw.rule, "patch", "changed", context, raw.detail, raw.pointer, raw.side);
    }
    const rule = SCHEMA_RULES[raw.rule];
    const cls = rule[dir];
    if (cls === null) return null;
    return this.put(
      `${dir}-${raw.rule}`,
      cls,
      rule.kind,
      context,
      raw.detail,
      raw.pointer,
      raw.side,
    );
  }

  private put(
    id: string,
    cls: ChangeClass,
    kind: ContractChange["kind"],
    context: string,
    detail: string,
    pointer: string,
    side: "base" | "head",
  ): Entry {
    const key = `${id}\u0000${side}\u0000${pointer}\u0000${detail}`;
    const entry = this.entries.get(key);
    if (entry) {
      entry.contexts.add(context);
      return entry;
    }
    const created: Entry = {
      change: { id, class: cls, kind, pointer, side },
      detail,
      contexts: new Set([context]),
    };
    this.entries.set(key, created);
    return created;
  }

  /** The collected changes, each with its one-line reason. */
  list(): ContractChange[] {
    return [...this.entries.values()].map(({ change, detail, contexts }) => {
      const where = contexts.values().next().value ?? "";
      const more = contexts.size > 1 ? ` (and ${contexts.size - 1} more)` : "";
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
