import { parseTree, type JSONPath, type Node } from "jsonc-parser";

/** Where values of a document start, as character offsets; computed only when asked. */
export interface PositionIndex {
  /** Offset of the value at `path`, or of its deepest existing ancestor. */
  offsetOf(path: JSONPath): number;
  /** Start and end offsets of the text of the value at `path`, when it is known. */
  rangeOf(path: JSONPath): Range | undefined;
}

const children = new WeakMap<Node, Map<string, Node>>();

/**
 * A property's value node by key, from a map built once per object node: an entity with 50,000
 * changed keys must not scan its 50,000 children for each of them (jsonc-parser's lookup does).
 */
function childOf(node: Node, segment: string | number): Node | undefined {
  if (node.type === "array")
    return typeof segment === "number" ? node.children?.[segment] : undefined;
  if (node.type !== "object") return undefined;
  let byKey = children.get(node);
  if (!byKey) {
    byKey = new Map();
    for (const property of node.children ?? []) {
      const [key, value] = property.children ?? [];
      if (key && value && !byKey.has(String(key.value))) byKey.set(String(key.value), value);
    }
    children.set(node, byKey);
  }
  return byKey.get(String(segment));
}

/** The deepest existing node on `path` in a jsonc-parser tree, and whether it is the last. */
function deepest(tree: Node, path: JSONPath): { node: Node; complete: boolean } {
  let node = tree;
  for (const segment of path) {
    const next = childOf(node, segment);
    if (!next) return { node, complete: false };
    node = next;
  }
  return { node, complete: true };
}

/** Positions from a full syntax tree (JSONC documents, which may hold comments). */
export function treeIndex(tree: Node): PositionIndex {
  return {
    offsetOf: (path) => deepest(tree, path).node.offset,
    rangeOf: (path) => {
      const { node, complete } = deepest(tree, path);
      return complete ? { start: node.offset, end: node.offset + node.length } : undefined;
    },
  };
}

export interface Range {
  start: number;
  end: number;
}

interface TopLevel extends Range {
  /** Elements of a top-level array (entity arrays, tombstones). */
  elements?: Range[];
}

const isSpace = (c: number): boolean => c === 32 || c === 10 || c === 13 || c === 9;

export interface Scan {
  top: Map<string, TopLevel>;
  /** Object keys in the text (strings followed by a colon), for the duplicate-key check. */
  keys: number;
  /** Offset where nesting first went deeper than the limit, if it did (the scan stops there). */
  tooDeepAt?: number;
}

/**
 * One pass over a JSON document that records where each top-level value and each element of a
 * top-level array starts and ends, and counts object keys. It never builds values: strings are
 * skipped, brackets counted. The text is known to be valid JSON (JSON.parse accepted it).
 */
export function scanTopLevel(text: string, maxDepth = Infinity): Scan {
  const found = new Map<string, TopLevel>();
  let keys = 0;
  let depth = 0;
  let key: string | undefined;
  let entry: TopLevel | undefined;
  let element: Range | undefined;
  let last = 0;
  const closeElement = (): void => {
    if (element) element.end = last + 1;
    element = undefined;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) continue;
    const start = i;
    if (c === 34) {
      // Jump from quote to quote natively; a quote preceded by an odd run of backslashes is
      // escaped and does not end the string. Most of a document's bytes are inside strings.
      for (;;) {
        i = text.indexOf('"', i + 1);
        if (i === -1) return { top: found, keys };
        let slashes = 0;
        while (text.charCodeAt(i - 1 - slashes) === 92) slashes++;
        if (slashes % 2 === 0) break;
      }
      let next = i + 1;
      while (next < text.length && isSpace(text.charCodeAt(next))) next++;
      if (text.charCodeAt(next) === 58) keys++;
    }
    if (depth === 1) {
      if (c === 34 && key === undefined) {
        // Raw text when the key is not valid JSON: the caller reports the syntax error.
        const raw = text.slice(start, i + 1);
        try {
          key = JSON.parse(raw) as string;
        } catch {
          key = raw;
        }
      } else if (c === 44 || c === 125) {
        // "," or "}" ends the value of the current key.
        if (entry) entry.end = last + 1;
        key = undefined;
        entry = undefined;
      } else if (c !== 58 && key !== undefined && !entry) {
        const value: TopLevel = { start, end: text.length };
        if (c === 91) value.elements = [];
        found.set(key, (entry = value));
      }
    } else if (depth === 2 && entry?.elements) {
      if (c === 44 || c === 93) closeElement();
      else if (!element) entry.elements.push((element = { start, end: start + 1 }));
    }
    if (c === 123 || c === 91) {
      if (++depth > maxDepth) return { top: found, keys, tooDeepAt: i };
    } else if (c === 125 || c === 93) depth--;
    last = i;
  }
  return { top: found, keys };
}

/**
 * Positions of a JSON document without a full syntax tree: the top-level scan locates an
 * entity, and only that entity's text is parsed to locate a field inside it.
 */
export function scanIndex(text: string, scanned?: Scan): PositionIndex {
  let top = scanned?.top;
  const subtrees = new Map<number, Node | undefined>();
  const inside = (range: Range, rest: JSONPath): number => {
    if (rest.length === 0) return range.start;
    let tree = subtrees.get(range.start);
    if (!subtrees.has(range.start)) {
      tree = parseTree(text.slice(range.start, range.end));
      subtrees.set(range.start, tree);
    }
    return range.start + (tree ? deepest(tree, rest).node.offset : 0);
  };
  return {
    rangeOf(path) {
      top ??= scanTopLevel(text).top;
      const [name, index] = path;
      const entry = typeof name === "string" ? top.get(name) : undefined;
      if (path.length === 1) return entry;
      return path.length === 2 && typeof index === "number" ? entry?.elements?.[index] : undefined;
    },
    offsetOf(path) {
      top ??= scanTopLevel(text).top;
      const first = /\S/.exec(text)?.index ?? 0;
      const [name, index, ...rest] = path;
      const entry = typeof name === "string" ? top.get(name) : undefined;
      if (!entry) return first;
      if (index === undefined) return entry.start;
      const element = typeof index === "number" ? entry.elements?.[index] : undefined;
      if (element) return inside(element, rest);
      return inside(entry, [index, ...rest]);
    },
  };
}

/** Own properties of all objects in a value: equals the scan's key count unless a key repeats. */
export function countProperties(value: unknown): number {
  let properties = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (Array.isArray(v)) for (const item of v as unknown[]) stack.push(item);
    else if (v && typeof v === "object") {
      const own = Object.keys(v);
      properties += own.length;
      for (const k of own) stack.push((v as Record<string, unknown>)[k]);
    }
  }
  return properties;
}
