import type { JSONPath, Node } from "jsonc-parser";

/**
 * Maps character offsets to 1-based line/column. Lines are indexed as far as asked, once: a pull
 * request with one finding near the top of a 400,000-line document indexes a few lines only.
 */
export class LineIndex {
  /** Offsets where lines start; a typed array keeps a 400,000-line document off the GC's back. */
  private starts = new Uint32Array(1024);
  private lines = 1;
  /** Every newline before this offset is indexed. */
  private scanned = 0;

  constructor(private readonly text: string) {}

  position(offset: number): { line: number; column: number } {
    this.indexUpTo(offset);
    let low = 0;
    let high = this.lines - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - this.starts[low]! + 1 };
  }

  /** Indexes every line that starts at or before `offset`. */
  private indexUpTo(offset: number): void {
    if (offset <= this.scanned) return;
    const { text } = this;
    let i = text.indexOf("\n", this.scanned);
    for (; i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
      if (this.lines === this.starts.length) {
        // Doubles when full (a 40 MB document has a million lines).
        const grown = new Uint32Array(this.starts.length * 2);
        grown.set(this.starts);
        this.starts = grown;
      }
      this.starts[this.lines++] = i + 1;
    }
    this.scanned = i === -1 ? text.length : i;
  }
}

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

/** JSON's white space (a character code or a byte). */
export const isSpace = (c: number | undefined): boolean =>
  c === 32 || c === 10 || c === 13 || c === 9;

/**
 * The quote that closes the string opened at `i`, or -1. Jumps from quote to quote natively (most
 * of a document's bytes are inside strings); a quote after an odd run of backslashes is escaped.
 */
export function closingQuote(text: string, i: number): number {
  for (;;) {
    i = text.indexOf('"', i + 1);
    if (i === -1) return -1;
    let slashes = 0;
    while (text.charCodeAt(i - 1 - slashes) === 92) slashes++;
    if (slashes % 2 === 0) return i;
  }
}

export interface Scan {
  top: Map<string, TopLevel>;
  /** Object keys in the text (colons outside strings), for the duplicate-key check. */
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
  const counts: { keys: number; tooDeepAt?: number } = { keys: 0 };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) continue;
    const start = i;
    if (c === 34) {
      i = closingQuote(text, i);
      if (i === -1) return { top: found, keys: keys + counts.keys };
    } else if (c === 58) {
      // Outside strings, every colon of valid JSON separates a key from its value.
      keys++;
      continue;
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
      else if (!element) {
        entry.elements.push((element = { start, end: start + 1 }));
        if (c === 123 || c === 91) {
          // An entity: jump over it in a tight loop (most of the text; this scan runs cold).
          i = skipContainer(text, i + 1, maxDepth - 3, counts);
          if (counts.tooDeepAt !== undefined)
            return { top: found, keys, tooDeepAt: counts.tooDeepAt };
          last = i;
          continue;
        }
      }
    }
    if (c === 123 || c === 91) {
      if (++depth > maxDepth) return { top: found, keys, tooDeepAt: i };
    } else if (c === 125 || c === 93) depth--;
    last = i;
  }
  return { top: found, keys: keys + counts.keys };
}

/**
 * From just inside a container, the offset of its closing bracket (or the text's end): counts
 * the colons on the way (keys) and stops where nesting goes `depthLeft` levels deeper.
 */
function skipContainer(
  text: string,
  i: number,
  depthLeft: number,
  counts: { keys: number; tooDeepAt?: number },
): number {
  let depth = 0;
  let keys = 0;
  const end = text.length;
  while (i < end) {
    const c = text.charCodeAt(i);
    // White space first: it is most of what lies outside strings in an indented document, and
    // nothing below control characters matters here (25% faster than testing it last).
    if (c <= 32) {
      i++;
      continue;
    }
    if (c === 34) {
      i = closingQuote(text, i);
      if (i === -1) i = end;
      else i++;
      continue;
    }
    if (c === 58) keys++;
    else if (c === 123 || c === 91) {
      if (++depth > depthLeft) {
        counts.tooDeepAt = i;
        i = end;
        break;
      }
    } else if ((c === 125 || c === 93) && --depth < 0) break;
    i++;
  }
  counts.keys += keys;
  return i;
}

/** The offset after the string whose opening quote is at `i`. */
function skipString(text: string, i: number): number {
  const close = closingQuote(text, i);
  return close === -1 ? text.length : close + 1;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** The offset after the (valid JSON) value that starts at `i`. */
function skipValue(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 34) return skipString(text, i);
  if (c !== 123 && c !== 91) {
    while (i < text.length && !isSpace(text.charCodeAt(i)) && !",}]".includes(text[i]!)) i++;
    return i;
  }
  let depth = 0;
  while (i < text.length) {
    const ch = text.charCodeAt(i);
    if (ch === 34) {
      i = skipString(text, i);
      continue;
    }
    if (ch === 123 || ch === 91) depth++;
    else if ((ch === 125 || ch === 93) && --depth === 0) return i + 1;
    i++;
  }
  return i;
}

/** After a value (and a comma, if any): where the next member starts. */
function nextMember(text: string, i: number): number {
  i = skipSpace(text, skipValue(text, i));
  return text.charCodeAt(i) === 44 ? skipSpace(text, i + 1) : i;
}

/** Where the value of the member whose key starts at `key` starts. */
function valueAfterKey(text: string, key: number): number {
  return skipSpace(text, skipSpace(text, skipString(text, key)) + 1);
}

/**
 * Where the members of the object or array at `at` start: the keys of an object by key (the
 * first of a repeated key, as jsonc-parser finds it), the elements of an array in order.
 */
function membersOf(text: string, at: number): Map<string, number> | number[] | undefined {
  const open = text.charCodeAt(at);
  let i = skipSpace(text, at + 1);
  if (open === 123) {
    const byKey = new Map<string, number>();
    while (text.charCodeAt(i) === 34) {
      const keyEnd = skipString(text, i);
      const raw = text.slice(i + 1, keyEnd - 1);
      const key = raw.includes("\\") ? (JSON.parse(text.slice(i, keyEnd)) as string) : raw;
      if (!byKey.has(key)) byKey.set(key, i);
      i = nextMember(text, valueAfterKey(text, i));
    }
    return byKey;
  }
  if (open !== 91) return undefined;
  const elements: number[] = [];
  while (i < text.length && text.charCodeAt(i) !== 93) {
    elements.push(i);
    i = nextMember(text, i);
  }
  return elements;
}

/**
 * The members of containers of one text, each container indexed once when a path first goes
 * through it: locating 50,000 changed keys of one object does not rescan it 50,000 times, and
 * nothing else is built (a pull request can locate findings in thousands of entities, a contract
 * differ hundreds of changes in a 13 MB definition).
 */
function memberIndex(text: string): (at: number) => Map<string, number> | number[] | undefined {
  const indexed = new Map<number, Map<string, number> | number[] | undefined>();
  return (at) => {
    let members = indexed.get(at);
    if (members === undefined && !indexed.has(at)) {
      members = membersOf(text, at);
      indexed.set(at, members);
    }
    return members;
  };
}

/** Offsets of values by path below a value of the text (a number also names an object key). */
function walker(text: string): (start: number, path: JSONPath) => number {
  const membersAt = memberIndex(text);
  return (start, path) => {
    let at = start;
    for (const segment of path) {
      const members = membersAt(at);
      let next: number | undefined;
      if (Array.isArray(members)) next = typeof segment === "number" ? members[segment] : undefined;
      else {
        const key = members?.get(String(segment));
        next = key === undefined ? undefined : valueAfterKey(text, key);
      }
      if (next === undefined) break;
      at = next;
    }
    return at;
  };
}

/**
 * Where a path's target is written in a JSON text, found by scanning only the containers on the
 * path (no syntax tree): the offset of the member's key for an object member, of the element
 * for an array element, of the deepest one that exists when the path goes on, and 0 when not
 * even the first exists. A string names an object key only; a number an array element, or in an
 * object the key of its digits (a JSON pointer's `200` is either).
 */
export function keyOffsets(text: string): (path: readonly (string | number)[]) => number {
  return pathWalker(skipSpace(text, 0), memberIndex(text), (key) => valueAfterKey(text, key));
}

/**
 * Follows a path from `root` through `membersAt` (an object's keys → key offsets, an array's
 * element offsets). A definition's bytes are walked for all of its paths at once instead
 * (src/contracts/file/locate-json.ts), to the same places.
 */
function pathWalker(
  root: number,
  membersAt: (at: number) => Map<string, number> | number[] | undefined,
  valueAfter: (key: number) => number,
): (path: readonly (string | number)[]) => number {
  return (path) => {
    let at = root;
    let found = 0;
    for (const segment of path) {
      const members = membersAt(at);
      if (Array.isArray(members)) {
        const element = typeof segment === "number" ? members[segment] : undefined;
        if (element === undefined) break;
        found = at = element;
      } else {
        // a number names an object's key of its digits too: OpenAPI's `responses/200`
        const key = members?.get(String(segment));
        if (key === undefined) break;
        found = key;
        at = valueAfter(key);
      }
    }
    return found;
  };
}

/**
 * Positions of a JSON document without a full syntax tree: the top-level scan locates an
 * entity, and a walk through that entity's text locates a field inside it. The text is asked
 * for only then (`textOf`): a document's text need not be held until a finding needs a line.
 */
export function scanIndex(textOf: () => string, scanned?: Scan): PositionIndex {
  let text: string | undefined;
  const textNow = (): string => (text ??= textOf());
  let top = scanned?.top;
  // Ranges alone (a reusing head asks them of base while loading) do not keep the text: only
  // offsets, which walk into values, do.
  const topOf = (): Map<string, TopLevel> => (top ??= scanTopLevel(text ?? textOf()).top);
  let offsetIn: ((start: number, path: JSONPath) => number) | undefined;
  return {
    rangeOf(path) {
      const top = topOf();
      const [name, index] = path;
      const entry = typeof name === "string" ? top.get(name) : undefined;
      if (path.length === 1) return entry;
      return path.length === 2 && typeof index === "number" ? entry?.elements?.[index] : undefined;
    },
    offsetOf(path) {
      const top = topOf();
      const [name, index, ...rest] = path;
      const entry = typeof name === "string" ? top.get(name) : undefined;
      if (!entry) return skipSpace(textNow(), 0);
      if (index === undefined) return entry.start;
      offsetIn ??= walker(textNow());
      const element = typeof index === "number" ? entry.elements?.[index] : undefined;
      if (element) return offsetIn(element.start, rest);
      return offsetIn(entry.start, [index, ...rest]);
    },
  };
}

/** Own properties of all objects in a value: equals the scan's key count unless a key repeats. */
export function countProperties(value: unknown): number {
  let properties = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) if (typeof v[i] === "object") stack.push(v[i]);
    } else if (v && typeof v === "object") {
      // for-in sees own and inherited keys; JSON.parse's objects inherit nothing enumerable.
      for (const k in v) {
        properties++;
        const child = (v as Record<string, unknown>)[k];
        if (typeof child === "object") stack.push(child);
      }
    }
  }
  return properties;
}
