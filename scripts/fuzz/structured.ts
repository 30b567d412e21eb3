/**
 * Structured mutations: a parsed document (or definition) is changed a few times and serialised
 * again, so the checker sees well-formed JSON whose content is wrong. Two families:
 * structured-json.ts works on any JSON value (fields deleted, copied, retyped, reordered; hostile
 * keys and strings), structured-ord.ts on the ORD meaning (entities, ORD IDs, versions, lifecycle,
 * definitions, the document's top level). Definitions get both: the ORD ones find no entity there
 * and do not apply.
 */
import type { Rng } from "./rng.js";
import {
  deleteField,
  duplicateField,
  numberForString,
  protoKey,
  reorderArray,
  reorderKeys,
  retype,
  weirdKey,
  weirdString,
} from "./structured-json.js";
import {
  changelog,
  dates,
  definitionUrl,
  deleteEntity,
  duplicateEntity,
  entryPoints,
  moveEntity,
  ordId,
  protoValue,
  releaseStatus,
  successors,
  tombstones,
  topLevel,
  version,
} from "./structured-ord.js";

export interface Mutation {
  name: string;
  /** Applies the mutation; returns a description, or undefined when it does not apply. */
  apply(rng: Rng, doc: { value: unknown }): string | undefined;
}

/**
 * Every structured mutation. The order is load-bearing: a case picks by index (`rng.pick`), so
 * reordering this list changes every seed's cases.
 */
export const STRUCTURED: Mutation[] = [
  deleteField,
  deleteEntity,
  duplicateEntity,
  duplicateField,
  retype,
  numberForString,
  reorderKeys,
  reorderArray,
  moveEntity,
  protoKey,
  protoValue,
  ordId,
  version,
  releaseStatus,
  dates,
  successors,
  tombstones,
  changelog,
  entryPoints,
  definitionUrl,
  weirdString,
  weirdKey,
  topLevel,
];

export function applyStructured(
  rng: Rng,
  value: unknown,
  count: number,
  ops: string[],
  avoid: Set<string>,
): unknown {
  const doc = { value };
  const pool = STRUCTURED.filter((m) => !avoid.has(m.name));
  for (let i = 0, tries = 0; i < count && tries < count * 5; tries++) {
    const m = rng.pick(pool);
    const what = m.apply(rng, doc);
    if (what === undefined) continue;
    ops.push(what);
    i++;
  }
  return doc.value;
}
