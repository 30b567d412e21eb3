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

interface Entry {
  change: Omit<ContractChange, "reason">;
  detail: string;
  contexts: string[];
}

/**
 * Gathers contract changes, merging repeats: a change inside a component schema used by twenty
 * operations is reported once, at its own pointer, naming the first operation and how many more
 * reach it. Order is the order of discovery, which follows the documents, so output is stable.
 */
export class Collector {
  private readonly entries = new Map<string, Entry>();

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

  /** Records the raw changes of a schema reached from `context` in direction `dir`. */
  schema(raws: readonly RawChange[], dir: Direction, context: string): void {
    for (const raw of raws) {
      if (raw.rule === "documentation-changed") {
        this.put(raw.rule, "patch", "changed", context, raw.detail, raw.pointer, raw.side);
        continue;
      }
      const rule = SCHEMA_RULES[raw.rule];
      const cls = rule[dir];
      if (cls === null) continue;
      this.put(`${dir}-${raw.rule}`, cls, rule.kind, context, raw.detail, raw.pointer, raw.side);
    }
  }

  private put(
    id: string,
    cls: ChangeClass,
    kind: ContractChange["kind"],
    context: string,
    detail: string,
    pointer: string,
    side: "base" | "head",
  ): void {
    const key = `${id}\u0000${side}\u0000${pointer}\u0000${detail}`;
    const entry = this.entries.get(key);
    if (entry) {
      if (!entry.contexts.includes(context)) entry.contexts.push(context);
      return;
    }
    this.entries.set(key, {
      change: { id, class: cls, kind, pointer, side },
      detail,
      contexts: [context],
    });
  }

  /** The collected changes, each with its one-line reason. */
  list(): ContractChange[] {
    return [...this.entries.values()].map(({ change, detail, contexts }) => {
      const where = contexts[0] ?? "";
      const more = contexts.length > 1 ? ` (and ${contexts.length - 1} more)` : "";
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
