/**
 * Helpers on parsed JSON values shared by every mutation family: own-property writes that keep
 * `__proto__` an ordinary key, breadth-first walks of every slot, the ORD entities of a document,
 * random picks among them, and reading and writing documents (JSON and JSONC). `isOrdDocument` is
 * the fuzzer's own oracle of "readable ORD document", kept apart from src/ on purpose: a case
 * expects a document-unreadable finding exactly where it says no.
 */
import { parseTree, type ParseError } from "jsonc-parser";
import { ENTITY_TYPES } from "../../src/ord/entity-types.js";
import type { Rng } from "./rng.js";

export type Obj = Record<string, unknown>;
type Container = Obj | unknown[];

export function isObj(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Sets an own property, also for `__proto__` (a plain assignment would change the prototype). */
export function setOwn(target: Obj, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

export function setAt(parent: Container, key: string | number, value: unknown): void {
  if (Array.isArray(parent)) parent[key as number] = value;
  else setOwn(parent, String(key), value);
}

export function getAt(parent: Container, key: string | number): unknown {
  return Array.isArray(parent) ? parent[key as number] : parent[String(key)];
}

/** A deep copy that keeps own `__proto__` keys (JSON.parse defines them as own properties). */
export const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value) ?? "null") as T;

export interface Slot {
  parent: Container;
  key: string | number;
  path: string;
}

/** Every (container, key) of a value, breadth-first, at most `limit`. */
function slotsOf(root: unknown, limit = 20_000): Slot[] {
  const slots: Slot[] = [];
  const queue: [unknown, string][] = [[root, ""]];
  for (let q = 0; q < queue.length && slots.length < limit; q++) {
    const [node, at] = queue[q]!;
    if (Array.isArray(node)) {
      node.forEach((v, i) => {
        slots.push({ parent: node, key: i, path: `${at}[${i}]` });
        queue.push([v, `${at}[${i}]`]);
      });
    } else if (isObj(node)) {
      for (const k of Object.keys(node)) {
        slots.push({ parent: node, key: k, path: `${at}.${k}` });
        queue.push([node[k], `${at}.${k}`]);
      }
    }
  }
  return slots;
}

export function containersOf(root: unknown): { node: Container; path: string }[] {
  const found: { node: Container; path: string }[] = [];
  if (Array.isArray(root) || isObj(root)) found.push({ node: root, path: "" });
  for (const slot of slotsOf(root)) {
    const v = getAt(slot.parent, slot.key);
    if (Array.isArray(v) || isObj(v)) found.push({ node: v, path: slot.path });
  }
  return found;
}

// The catalog's entity types, in its order (the fuzzer's picks depend on it).
export const ENTITY_ARRAYS = ENTITY_TYPES.map((t) => t.array);
export const CONCEPTS: Record<string, string> = Object.fromEntries(
  ENTITY_TYPES.map((t) => [t.array, t.concept]),
);

export interface EntityRef {
  array: string;
  index: number;
  value: Obj;
}

export function entitiesOf(doc: unknown): EntityRef[] {
  if (!isObj(doc)) return [];
  const found: EntityRef[] = [];
  for (const array of ENTITY_ARRAYS) {
    const list = doc[array];
    if (!Array.isArray(list)) continue;
    list.forEach((value, index) => {
      if (isObj(value)) found.push({ array, index, value });
    });
  }
  return found;
}

export function ordIdsOf(doc: unknown): string[] {
  return entitiesOf(doc)
    .map((e) => e.value.ordId)
    .filter((id): id is string => typeof id === "string");
}

/** Appends an entity to one of a document's arrays, creating the array when it is missing. */
export function appendTo(doc: Obj, array: string, value: unknown): void {
  const list = doc[array];
  if (Array.isArray(list)) list.push(value);
  else setOwn(doc, array, [value]);
}

export function randomSlot(
  rng: Rng,
  root: unknown,
  filter?: (v: unknown, s: Slot) => boolean,
): Slot | undefined {
  let slots = slotsOf(root);
  if (filter) slots = slots.filter((s) => filter(getAt(s.parent, s.key), s));
  return slots.length > 0 ? rng.pick(slots) : undefined;
}

export function randomEntity(rng: Rng, doc: unknown): EntityRef | undefined {
  const list = entitiesOf(doc);
  return list.length > 0 ? rng.pick(list) : undefined;
}

export function randomObject(
  rng: Rng,
  root: unknown,
  entityBias: number,
): { node: Obj; path: string } | undefined {
  const entity = rng.chance(entityBias) ? randomEntity(rng, root) : undefined;
  if (entity) return { node: entity.value, path: `${entity.array}[${entity.index}]` };
  const objects = containersOf(root).filter((c): c is { node: Obj; path: string } => isObj(c.node));
  return objects.length > 0 ? rng.pick(objects) : undefined;
}

export function parseDocument(bytes: Buffer, jsonc: boolean): unknown {
  let text = bytes.toString("utf8");
  if (text.startsWith("\ufeff")) text = text.slice(1);
  if (!jsonc) return JSON.parse(text);
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0 || !tree) throw new Error("unparseable JSONC");
  // Plain JSON of the JSONC value: comments go, own keys stay own keys.
  return JSON.parse(jsoncToJson(text));
}

/** Strips comments and trailing commas (JSONC → JSON) with jsonc-parser's own scanner rules. */
function jsoncToJson(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (c === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n" && text[i] !== "\r") i++;
    } else if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      i = end === -1 ? text.length : end + 2;
    } else {
      out += c;
      i++;
    }
  }
  return out.replace(/,(\s*[}\]])/g, "$1");
}

/** Whether bytes are a readable ORD document, by the same rules the checker states. */
export function isOrdDocument(bytes: Buffer, jsonc: boolean): boolean {
  let text: string;
  try {
    // Exactly one leading BOM is allowed (RFC 8259 §8.1 lets readers ignore one).
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return false;
  }
  if (text.startsWith("\ufeff")) text = text.slice(1);
  if (jsonc) {
    const errors: ParseError[] = [];
    let tree: ReturnType<typeof parseTree>;
    try {
      tree = parseTree(text, errors, {
        allowTrailingComma: true,
        disallowComments: false,
        allowEmptyContent: false,
      });
    } catch {
      return false; // nested too deep for jsonc-parser's recursion: no document a reader accepts
    }
    return (
      errors.length === 0 &&
      tree?.type === "object" &&
      (tree.children ?? []).some((p) => p.children?.[0]?.value === "openResourceDiscovery")
    );
  }
  try {
    const value: unknown = JSON.parse(text);
    return isObj(value) && "openResourceDiscovery" in value;
  } catch {
    return false;
  }
}

export function serialize(rng: Rng, value: unknown): Buffer {
  const indent = rng.weighted<number | string>([
    [2, 8],
    [0, 2],
    [4, 1],
    ["\t", 1],
  ]);
  return Buffer.from(`${JSON.stringify(value, null, indent) ?? "null"}\n`);
}

/** The parsed document, or undefined when the bytes are no JSON (JSONC) at all. */
export function tryParseDocument(bytes: Buffer, jsonc: boolean): unknown {
  try {
    return parseDocument(bytes, jsonc);
  } catch {
    return undefined;
  }
}
