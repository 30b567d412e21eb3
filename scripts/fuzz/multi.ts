/**
 * Multi-document cases: two or three documents per side, then contents swapped between files, a
 * file removed or added, an entity moved from one file to another, or one file mutated; the head
 * side's files always come in another order. Pairing is by path and matching by ORD ID across
 * files, never by order: these cases check both.
 */
import { applyBytes } from "./bytes.js";
import type { FileSet } from "./cases.js";
import type { Corpus } from "./corpus.js";
import {
  appendTo,
  clone,
  isObj,
  parseDocument,
  randomEntity,
  serialize,
  tryParseDocument,
} from "./json.js";
import type { Rng } from "./rng.js";
import { applyStructured } from "./structured.js";

export function multiCase(
  rng: Rng,
  corpus: Corpus,
  base: FileSet,
  head: FileSet,
  ops: string[],
  avoid: Set<string>,
): void {
  base.docs.clear();
  const count = rng.range(2, 3);
  const picked = Array.from({ length: count }, () => rng.pick(corpus.documents));
  picked.forEach((d, i) => {
    const name = `ord/${String.fromCharCode(97 + i)}.${d.jsonc ? "jsonc" : "json"}`;
    base.docs.set(name, d.bytes);
    head.docs.set(name, d.bytes);
  });
  ops.push(`files ${picked.map((d) => d.name).join(", ")}`);
  const names = [...base.docs.keys()];
  const what = rng.int(6);
  if (what === 0) {
    const [a, b] = rng.shuffle([...names]);
    head.docs.set(a!, base.docs.get(b!)!);
    head.docs.set(b!, base.docs.get(a!)!);
    ops.push(`contents of ${a} and ${b} swapped`);
  } else if (what === 1) {
    const name = rng.pick(names);
    head.docs.delete(name);
    ops.push(`${name} removed in head`);
  } else if (what === 2) {
    const name = rng.pick(names);
    base.docs.delete(name);
    ops.push(`${name} added in head`);
  } else if (what === 3) {
    // Move one entity from one file to another.
    const [a, b] = rng.shuffle([...names]);
    try {
      const va = parseDocument(base.docs.get(a!)!, a!.endsWith(".jsonc"));
      const vb = parseDocument(base.docs.get(b!)!, b!.endsWith(".jsonc"));
      const e = randomEntity(rng, va);
      if (e && isObj(va) && isObj(vb)) {
        (va[e.array] as unknown[]).splice(e.index, 1);
        appendTo(vb, e.array, e.value);
        head.docs.set(a!, serialize(rng, va));
        head.docs.set(b!, serialize(rng, vb));
        ops.push(`${e.array}[${e.index}] moved from ${a} to ${b}`);
      }
    } catch {
      ops.push("move skipped (unparseable)");
    }
  } else {
    const name = rng.pick(names);
    const bytes = head.docs.get(name)!;
    const parsed = tryParseDocument(bytes, name.endsWith(".jsonc"));
    head.docs.set(
      name,
      what === 4 && parsed !== undefined
        ? serialize(rng, applyStructured(rng, clone(parsed), rng.range(1, 3), ops, avoid))
        : applyBytes(rng, bytes, 1, ops, avoid),
    );
    ops.push(`${name} mutated`);
  }
  // Files in another order than base: pairing is by path and matching by ORD ID, never by order.
  const order = rng.shuffle([...head.docs]);
  head.docs.clear();
  for (const [name, bytes] of order) head.docs.set(name, bytes);
  ops.push(`head file order ${order.map(([name]) => name).join(", ")}`);
}
