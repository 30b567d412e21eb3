import { refOf, type Located } from "./refs.js";
import { isObj } from "../util.js";

/** Small helpers of the schema differ: list matching and shapes. */

/** `additionalProperties` as closed (`false`), open (absent, `true`, `{}`) or a schema. */
export function shape(value: unknown): "closed" | "open" | "schema" {
  return value === false
    ? "closed"
    : isObj(value) && Object.keys(value).length > 0
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
