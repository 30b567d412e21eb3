/**
 * Places JSON pointers in a JSON definition by scanning its UTF-8 bytes, so that the decoded text
 * need not outlive the parse: GitHub's REST description decodes to 23 MB of two-byte string per
 * side (a handful of non-ASCII characters make the whole string two-byte), while its bytes are
 * 12 MB and kept anyway. All of a file's pointers are placed in one walk: a member no pointer
 * goes through is skipped, and the walk ends after the last one found. Where a path leads is the
 * same as `keyOffsets` (src/json/positions.ts) finds in the text, and lines and columns (UTF-16
 * code units, as everywhere else) are the same too.
 */

import { forEachNonAsciiRun } from "../../json/ascii.js";

const QUOTE = 34;
const BACKSLASH = 92;
const NEWLINE = 10;

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

const decoder = new TextDecoder();

/** The key of the object member at `i`, unescaped. */
function keyAt(bytes: Uint8Array, i: number, end: number): string {
  const raw = decoder.decode(bytes.subarray(i, end));
  return raw.includes("\\") ? (JSON.parse(raw) as string) : raw.slice(1, -1);
}

/** One segment of the paths asked for, shared by every path through it. */
interface Step {
  readonly next: Map<string | number, Step>;
  /** Where the segment was found (its key in an object, the element in an array), and its line. */
  found?: { offset: number; line: number; lineStart: number };
}

const NO_STEPS: readonly Step[] = [];

/** Steps under `step` that a member of this key leads to. */
function stepsForKey(step: Step, key: string): readonly Step[] {
  const steps: Step[] = [];
  const named = step.next.get(key);
  if (named) steps.push(named);
  // A number names an object's key of its digits too: OpenAPI's `responses/200`.
  const asNumber = Number(key);
  const numbered = String(asNumber) === key ? step.next.get(asNumber) : undefined;
  if (numbered) steps.push(numbered);
  return steps.length > 0 ? steps : NO_STEPS;
}

/**
 * One walk through valid JSON bytes that counts the lines it passes. Raw newlines stand only in
 * the white space between tokens (JSON strings cannot hold them), which the walk looks at byte by
 * byte anyway: a line costs one comparison there instead of a pass over the file of its own.
 */
class Walk {
  /** The line the walk is on (from 1), and the offset where that line starts. */
  line = 1;
  lineStart = 0;

  constructor(readonly bytes: Uint8Array) {}

  private newline(at: number): void {
    this.line++;
    this.lineStart = at + 1;
  }

  skipSpace(i: number): number {
    const { bytes } = this;
    for (;;) {
      const b = bytes[i];
      if (b === NEWLINE) this.newline(i);
      else if (b !== 32 && b !== 13 && b !== 9) return i;
      i++;
    }
  }

  /** The offset after the value that starts at `i`. */
  skipValue(i: number): number {
    const { bytes } = this;
    const c = bytes[i];
    if (c === QUOTE) return skipString(bytes, i);
    if (c !== 123 && c !== 91) {
      // A number, true, false or null: up to a separator (it holds no newline).
      while (i < bytes.length) {
        const b = bytes[i];
        if (b === 44 || b === 125 || b === 93 || b === 32 || b === NEWLINE || b === 13 || b === 9)
          break;
        i++;
      }
      return i;
    }
    let depth = 0;
    while (i < bytes.length) {
      const b = bytes[i]!;
      // White space first, as in positions.ts: most bytes outside strings are indentation.
      if (b <= 32) {
        if (b === NEWLINE) this.newline(i);
        i++;
        continue;
      }
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
  afterComma(end: number): number {
    const i = this.skipSpace(end);
    return this.bytes[i] === 44 ? this.skipSpace(i + 1) : i;
  }

  /**
   * Marks where `step`'s segments lead inside the value at `at`, descending only into members a
   * path goes on through, so that every byte is passed over once however many paths there are.
   * Returns the offset after the value, or -1 when nobody needs it (`needEnd` false and nothing
   * left to find here): the walk then stops without reading the rest of the file.
   */
  mark(at: number, step: Step, needEnd: boolean): number {
    const { bytes } = this;
    const open = bytes[at];
    if (open !== 123 && open !== 91) return this.skipValue(at);
    let pending = step.next.size;
    let i = this.skipSpace(at + 1);
    const more = (): boolean =>
      open === 123 ? bytes[i] === QUOTE : i < bytes.length && bytes[i] !== 93;
    for (let index = 0; more(); index++) {
      // The member's line, taken before the walk moves on to its value.
      const { line, lineStart } = this;
      const member = i;
      let value = i;
      let steps: readonly Step[] = NO_STEPS;
      if (open === 123) {
        const keyEnd = skipString(bytes, i);
        if (pending > 0) steps = stepsForKey(step, keyAt(bytes, i, keyEnd));
        value = this.skipSpace(this.skipSpace(keyEnd) + 1);
      } else {
        const element = pending > 0 ? step.next.get(index) : undefined;
        if (element) steps = [element];
      }
      let end = -1;
      for (const next of steps) {
        if (next.found !== undefined) continue; // a repeated key: the first one counts
        next.found = { offset: member, line, lineStart };
        pending--;
        if (next.next.size > 0) end = this.mark(value, next, needEnd || pending > 0);
      }
      if (end === -1) {
        if (!needEnd && pending === 0) return -1;
        end = this.skipValue(value);
      }
      i = this.afterComma(end);
    }
    return i + 1;
  }
}

/**
 * UTF-16 code units before byte offsets of valid UTF-8, as the decoded text counts them: a
 * character of 2 or 3 bytes is one unit, one of 4 bytes (outside the Basic Multilingual Plane)
 * two.
 */
class Units {
  /** Byte offsets where multi-byte characters start, and how many bytes each has beyond its units. */
  private readonly wide: number[] = [];
  private readonly extra: number[] = [];

  constructor(bytes: Uint8Array) {
    let total = 0;
    forEachNonAsciiRun(bytes, (start, end) => {
      for (let i = start; i < end;) {
        const b = bytes[i]!;
        const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
        total += length - (length === 4 ? 2 : 1);
        this.wide.push(i);
        this.extra.push(total);
        i += length;
      }
    });
  }

  before(offset: number): number {
    const k = lastAtOrBefore(this.wide, offset - 1);
    return offset - (k < 0 ? 0 : this.extra[k]!);
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
 * Line and column of where each path leads in JSON given as valid UTF-8 bytes (what JSON.parse
 * of their decoded text accepted): the key of the deepest member on the path that exists (the
 * element, in an array), or the start when not even the first does, as `keyOffsets`
 * (src/json/positions.ts) finds it in the text. A segment of digits is an array index (see
 * locate.ts). All paths are found in one walk of the bytes.
 */
export function byteLocations(
  bytes: Uint8Array,
  paths: readonly (readonly (string | number)[])[],
): { line: number; column: number }[] {
  const root: Step = { next: new Map() };
  for (const path of paths) {
    let step = root;
    for (const segment of path) {
      let next = step.next.get(segment);
      if (!next) step.next.set(segment, (next = { next: new Map() }));
      step = next;
    }
  }
  const walk = new Walk(bytes);
  if (root.next.size > 0) walk.mark(walk.skipSpace(0), root, false);
  let units: Units | undefined;
  return paths.map((path) => {
    let found: Step["found"];
    let step = root;
    for (const segment of path) {
      step = step.next.get(segment)!;
      if (step.found === undefined) break;
      found = step.found;
    }
    if (!found) return { line: 1, column: 1 };
    units ??= new Units(bytes);
    return {
      line: found.line,
      column: units.before(found.offset) - units.before(found.lineStart) + 1,
    };
  });
}
