import type { ChangeClass } from "../../types.js";
import type { ContractChange } from "../types.js";
import { Directions } from "./direction.js";
import type { ODataModel } from "./model.js";
import { ODATA_RULES, type ODataRuleId } from "./rules.js";

const RANK: Record<ChangeClass, number> = { patch: 0, additive: 1, breaking: 2 };

/** Who is affected by a change: clients that send the element, clients that read it. */
export interface Audience {
  written: boolean;
  read: boolean;
}
export const EVERYONE: Audience = { written: true, read: true };

/** `NS.Person` → `Person`, for reasons a human reads. */
export const short = (name: string): string =>
  name.slice(name.lastIndexOf(".") + 1).replace(/\)$/, ")");
export const showType = (type: string): string => type.replace(/[\w.]+\.(\w+)/g, "$1");

/** Types a value may widen to without losing any: the JSON a client reads stays a number. */
export const WIDER: Record<string, string[]> = {
  "Edm.Byte": ["Edm.Int16", "Edm.Int32", "Edm.Int64", "Edm.Decimal"],
  "Edm.SByte": ["Edm.Int16", "Edm.Int32", "Edm.Int64", "Edm.Decimal"],
  "Edm.Int16": ["Edm.Int32", "Edm.Int64", "Edm.Decimal"],
  "Edm.Int32": ["Edm.Int64", "Edm.Decimal"],
  "Edm.Int64": ["Edm.Decimal"],
  "Edm.Single": ["Edm.Double"],
};

/** A facet as a number, `max` or absent as unbounded. */
export const bound = (value: string | undefined): number =>
  value === undefined || value === "max" || value === "variable" ? Infinity : Number(value);

/**
 * The changes found between two OData models, with both models and the direction (request or
 * response) of each of their elements: what every part of the differ (odata.ts, structures.ts,
 * operations.ts) reads and adds to.
 */
export class ODataChanges {
  readonly out: ContractChange[] = [];
  readonly dirs: { base: Directions; head: Directions };

  constructor(
    readonly base: ODataModel,
    readonly head: ODataModel,
  ) {
    this.dirs = { base: new Directions(base), head: new Directions(head) };
  }

  add(
    id: ODataRuleId,
    where: { pointer: string },
    side: "base" | "head",
    reason: string,
    audience: Audience = EVERYONE,
  ): void {
    const rule = ODATA_RULES[id];
    const classes: ChangeClass[] = [];
    if (audience.written) classes.push(rule.written);
    if (audience.read || classes.length === 0) classes.push(rule.read);
    const cls = classes.reduce((a, b) => (RANK[b] > RANK[a] ? b : a));
    this.out.push({ id, class: cls, kind: rule.kind, reason, pointer: where.pointer, side });
  }

  annotations(
    label: string,
    b: ReadonlyMap<string, string>,
    h: ReadonlyMap<string, string>,
    at: { pointer: string },
  ): void {
    const terms = [...new Set([...b.keys(), ...h.keys()])]
      .filter((t) => b.get(t) !== h.get(t))
      .sort();
    if (terms.length === 0) return;
    const shown =
      terms.slice(0, 5).join(", ") + (terms.length > 5 ? ` and ${terms.length - 5} more` : "");
    this.add("annotation-changed", at, "head", `${label}: annotations changed (${shown})`);
  }
}
