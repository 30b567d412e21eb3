/**
 * Places JSON pointers in a JSON definition by scanning its UTF-8 bytes, so that the decoded text
 * need not outlive the parse: GitHub's REST description decodes to 23 MB of two-byte string per
 * side (a handful of non-ASCII characters make the whole string two-byte), while its bytes are
 * 12 MB and kept anyway. All of a file's pointers are placed in one walk: a member no pointer
 * goes through is skipped, and the walk ends after the last one found. Where a path leads is the
 * same as `keyOffsets` (src/json/positions.ts) finds in the text, and lines and columns (UTF-16
 * code units, as everywhere else) are the same too.
 */

import { isAscii } from "node:buffer";

const QUOTE = 34;
const BACKSLASH = 92;
const isSpace = (c: number | undefined): boolean => c === 32 || c === 10 || c === 13 || c === 9;

/** The quote that closes the string opened at `i`, or -1 (a quote after an odd run of `\` is escaped). */
function closingQuote(bytes: Uint8Array, i: number): number {
  for (;;) {
    i = bytes.indexOf(QUOTE, i + 1);
    if (i === -1) return -1;
    let slashes = 0;
    while (bytes[i - 1 - slashes] === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return i;
  }
}

function skipString(bytes: Uint8Array, i: number): number {
  const close = closingQuote(bytes, i);
  return close === -1 ? bytes.length : close + 1;
}

function skipSpace(bytes: Uint8Array, i: number): number {
  while (i < bytes.length && isSpace(bytes[i])) i++;
  return i;
}

/** The offset after the (valid JSON) value that starts at `i`. */
function skipValue(bytes: Uint8Array, i: number): number {
  const c = bytes[i];
  if (c === QUOTE) return skipString(bytes, i);
  if (c !== 123 && c !== 91) {
    // A number, true, false or null: up to a separator.
    while (i < bytes.length && !isSpace(bytes[i]) && bytes[i] !== 44) {
      if (bytes[i] === 125 || bytes[i] === 93) break;
      i++;
    }
    return i;
  }
  let depth = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b === QUOTE) {
      i = skipString(bytes, i);
      continue;
    }
    if (b === 123 || b === 91) depth++;
    else if ((b === 125 || b === 93) && --depth === 0) return i + 1;
    i++;
  }
  return i;
}

/** The next member's offset after a value that ends at `end`: past space and a comma. */
function afterComma(bytes: Uint8Array, end: number): number {
  const i = skipSpace(bytes, end);
  return bytes[i] === 44 ? skipSpace(bytes, i + 1) : i;
}

const decoder = new TextDecoder();

/** The key of the object member at `i`, unescaped. */
function keyAt(bytes: Uint8Array, i: number, end: number): string {
  const raw = decoder.decode(bytes.subarray(i, end));
  return raw.includes("\\") ? (JSON.parse(raw) as string) : raw.slice(1, -1);
}

/** One segment of the paths asked for, shared by every path through it. */
interface Step {
  readonly next: Map<string | number, Step>;
  /** Where the segment was found: its key in an object, the element in an array. */
  found?: number;
}

/** Steps under `step` that a member of this key leads to. */
function stepsForKey(step: Step, key: string): Step[] {
  const steps: Step[] = [];
  const named = step.next.get(key);
  if (named) steps.push(named);
  // A number names an object's key of its digits too: OpenAPI's `responses/200`.
  const asNumber = Number(key);
  const numbered = String(asNumber) === key ? step.next.get(asNumber) : undefined;
  if (numbered) steps.push(numbered);
  return steps;
}

/**
 * Marks where `step`'s segments lead inside the value at `at`, descending only into members a
 * path goes on through, so that every byte is passed over once however many paths there are.
 * Returns the offset after the value, or -1 when nobody needs it (`needEnd` false and nothing
 * left to find here): the walk then stops without reading the rest of the file.
 */
function mark(bytes: Uint8Array, at: number, step: Step, needEnd: boolean): number {
  const open = bytes[at];
  if (open !== 123 && open !== 91) return skipValue(bytes, at);
  let pending = step.next.size;
  let i = skipSpace(bytes, at + 1);
  const visit = (steps: readonly Step[], member: number, value: number): number => {
    let end = -1;
    for (const found of steps) {
      if (found.found !== undefined) continue; // a repeated key: the first one counts
      found.found = member;
      pending--;
      if (found.next.size > 0) end = mark(bytes, value, found, needEnd || pending > 0);
    }
    if (end === -1 && (needEnd || pending > 0)) end = skipValue(bytes, value);
    return end;
  };
  if (open === 123) {
    while (bytes[i] === QUOTE) {
      const keyEnd = skipString(bytes, i);
      const value = skipSpace(bytes, skipSpace(bytes, keyEnd) + 1);
      const steps = pending > 0 ? stepsForKey(step, keyAt(bytes, i, keyEnd)) : [];
      const end = visit(steps, i, value);
      if (end === -1) return -1;
      i = afterComma(bytes, end);
    }
  } else {
    for (let index = 0; i < bytes.length && bytes[i] !== 93; index++) {
      const element = pending > 0 ? step.next.get(index) : undefined;
      const end = visit(element ? [element] : [], i, i);
      if (end === -1) return -1;
      i = afterComma(bytes, end);
    }
  }
  return i + 1;
}

/**
 * Byte offsets where paths lead, as `keyOffsets` (src/json/positions.ts) finds them in the
 * decoded text: the key of the deepest member on the path that exists (the element, in an
 * array), or 0 when not even the first does. All paths are found in one walk of the bytes.
 */
function byteOffsets(
  bytes: Uint8Array,
  paths: readonly (readonly (string | number)[])[],
): number[] {
  const root: Step = { next: new Map() };
  for (const path of paths) {
    let step = root;
    for (const segment of path) {
      let next = step.next.get(segment);
      if (!next) step.next.set(segment, (next = { next: new Map() }));
      step = next;
    }
  }
  if (root.next.size > 0) mark(bytes, skipSpace(bytes, 0), root, false);
  return paths.map((path) => {
    let step = root;
    let found = 0;
    for (const segment of path) {
      step = step.next.get(segment)!;
      if (step.found === undefined) break;
      found = step.found;
    }
    return found;
  });
}

const CHUNK = 64 * 1024;
const PART = 1024;

/**
 * Calls `visit` with the start and end of each run of non-ASCII bytes, in order. ASCII is passed
 * over natively, 64 KiB at a time and, in a chunk that holds a wide character, 1 KiB at a time:
 * definitions are nearly all ASCII (GitHub's REST description has 43 wide characters in 12 MB;
 * looking at each byte of the chunks that hold them took 10 ms a pass).
 */
function forEachNonAsciiRun(bytes: Uint8Array, visit: (start: number, end: number) => void): void {
  let i = 0;
  while (i < bytes.length) {
    if (i % PART === 0) {
      if (i % CHUNK === 0 && isAscii(bytes.subarray(i, i + CHUNK))) {
        i += CHUNK;
        continue;
      }
      if (isAscii(bytes.subarray(i, i + PART))) {
        i += PART;
        continue;
      }
    }
    if (bytes[i]! < 0x80) {
      i++;
      continue;
    }
    let end = i + 1;
    while (end < bytes.length && bytes[end]! >= 0x80) end++;
    visit(i, end);
    i = end;
  }
}

/**
 * Line and column (in UTF-16 code units) of byte offsets of valid UTF-8. Lines start after a
 * newline byte; a column counts each character before it on the line once, and twice when it
 * lies outside the Basic Multilingual Plane (4 bytes), as the decoded text counts it.
 */
class ByteLines {
  private lineStarts: number[] | undefined;
  /** Byte offsets where multi-byte characters start, and how many bytes each has beyond its units. */
  private wide: number[] | undefined;
  private extra: number[] | undefined;

  constructor(private readonly bytes: Uint8Array) {}

  position(offset: number): { line: number; column: number } {
    const starts = (this.lineStarts ??= this.indexLines());
    const line = lastAtOrBefore(starts, offset);
    const lineStart = starts[line]!;
    return { line: line + 1, column: this.units(offset) - this.units(lineStart) + 1 };
  }

  private indexLines(): number[] {
    const starts = [0];
    for (let i = this.bytes.indexOf(10); i !== -1; i = this.bytes.indexOf(10, i + 1)) {
      starts.push(i + 1);
    }
    return starts;
  }

  /** UTF-16 code units before byte `offset`. */
  private units(offset: number): number {
    if (!this.wide) this.indexWide();
    const k = lastAtOrBefore(this.wide!, offset - 1);
    return offset - (k < 0 ? 0 : this.extra![k]!);
  }

  private indexWide(): void {
    const wide: number[] = [];
    const extra: number[] = [];
    let total = 0;
    const { bytes } = this;
    forEachNonAsciiRun(bytes, (start, end) => {
      for (let i = start; i < end;) {
        const b = bytes[i]!;
        const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
        total += length - (length === 4 ? 2 : 1);
        wide.push(i);
        extra.push(total);
        i += length;
      }
    });
    this.wide = wide;
    this.extra = extra;
  }
}

/** Index of the last element ≤ `value` in an ascending list, or -1. */
function lastAtOrBefore(list: readonly number[], value: number): number {
  let low = 0;
  let high = list.length - 1;
  if (high < 0 || list[0]! > value) return -1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (list[mid]! <= value) low = mid;
    else high = mid - 1;
  }
  return low;
}

/**
 * Line and column of where a path leads in JSON given as valid UTF-8 bytes (what JSON.parse of
 * their decoded text accepted). A segment of digits is an array index (see locate.ts).
 */
export function byteLocations(
  bytes: Uint8Array,
  paths: readonly (readonly (string | number)[])[],
): { line: number; column: number }[] {
  const lines = new ByteLines(bytes);
  return byteOffsets(bytes, paths).map((offset) => lines.position(offset));
}
