/**
 * Structured mutations of any JSON value (documents and definitions alike): fields deleted,
 * copied, retyped or turned into numbers, keys and arrays reordered, `__proto__`-like keys and
 * hostile strings planted. They check that the checker reads the value it parsed, never the
 * object's prototype, and survives any shape where it expects another.
 */
import { P } from "./hostile.js";
import {
  clone,
  containersOf,
  getAt,
  isObj,
  randomObject,
  randomSlot,
  setAt,
  setOwn,
  type Obj,
} from "./json.js";
import type { Mutation } from "./structured.js";

function rebuildKeys(target: Obj, keys: string[]): void {
  const values = keys.map((k) => target[k]);
  for (const k of keys) delete target[k];
  keys.forEach((k, i) => setOwn(target, k, values[i]));
}

export const deleteField: Mutation = {
  name: "delete-field",
  apply(rng, doc) {
    const target = randomObject(rng, doc.value, 0.6);
    const keys = target ? Object.keys(target.node) : [];
    if (!target || keys.length === 0) return undefined;
    const key = rng.pick(keys);
    delete target.node[key];
    return `delete ${target.path}.${key}`;
  },
};

export const duplicateField: Mutation = {
  name: "duplicate-field",
  apply(rng, doc) {
    const from = randomSlot(rng, doc.value, (_v, s) => isObj(s.parent));
    const to = randomObject(rng, doc.value, 0.5);
    if (!from || !to) return undefined;
    setOwn(to.node, String(from.key), clone(getAt(from.parent, from.key)));
    return `copy ${from.path} into ${to.path}`;
  },
};

export const retype: Mutation = {
  name: "retype",
  apply(rng, doc) {
    const slot = randomSlot(rng, doc.value);
    if (!slot) return undefined;
    const odd = rng.pick(P.odd)();
    setAt(slot.parent, slot.key, odd);
    return `retype ${slot.path} = ${JSON.stringify(odd)}`;
  },
};

export const numberForString: Mutation = {
  name: "number-for-string",
  apply(rng, doc) {
    const slot = randomSlot(rng, doc.value, (v) => typeof v === "string");
    if (!slot) return undefined;
    const text = getAt(slot.parent, slot.key) as string;
    const parsed = Number.parseFloat(text);
    const n = rng.pick([Number.isFinite(parsed) ? parsed : 1, 0, -1, 1.5, 1e21, 2 ** 53 + 2, 1e-7]);
    setAt(slot.parent, slot.key, n);
    return `number for string ${slot.path} = ${n}`;
  },
};

export const reorderKeys: Mutation = {
  name: "reorder-keys",
  apply(rng, doc) {
    const target = randomObject(rng, doc.value, 0.4);
    if (!target) return undefined;
    rebuildKeys(target.node, rng.shuffle(Object.keys(target.node)));
    return `reorder keys of ${target.path || "document"}`;
  },
};

export const reorderArray: Mutation = {
  name: "reorder-array",
  apply(rng, doc) {
    const arrays = containersOf(doc.value).filter(
      (c) => Array.isArray(c.node) && c.node.length > 1,
    );
    if (arrays.length === 0) return undefined;
    const target = rng.pick(arrays);
    rng.shuffle(target.node as unknown[]);
    return `reorder ${target.path}`;
  },
};

export const protoKey: Mutation = {
  name: "proto-key",
  apply(rng, doc) {
    const target = randomObject(rng, doc.value, 0.6);
    if (!target) return undefined;
    const key = rng.pick(P.protoKeys);
    const value = rng.pick(P.odd)();
    setOwn(target.node, key, value);
    return `key ${target.path || "document"}.${key} = ${JSON.stringify(value)}`;
  },
};

export const weirdString: Mutation = {
  name: "weird-string",
  apply(rng, doc) {
    const slot = randomSlot(rng, doc.value, (v) => typeof v === "string");
    if (!slot) return undefined;
    const after = rng.pick(P.weird);
    setAt(slot.parent, slot.key, after);
    return `${slot.path} = ${JSON.stringify(after).slice(0, 40)}`;
  },
};

export const weirdKey: Mutation = {
  name: "weird-key",
  apply(rng, doc) {
    const target = randomObject(rng, doc.value, 0.5);
    if (!target) return undefined;
    const key = rng.pick(P.weird);
    setOwn(target.node, key, rng.pick(P.odd)());
    return `key ${JSON.stringify(key).slice(0, 40)} in ${target.path || "document"}`;
  },
};
