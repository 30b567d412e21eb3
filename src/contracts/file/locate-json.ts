/**
 * Places JSON pointers in a JSON definition by scanning its UTF-8 bytes, so that the decoded text
 * need not outlive the parse: GitHub's REST description decodes to 23 MB of two-byte string per
 * side (a handful of non-ASCII characters make the whole string two-byte), while its bytes are
 * 12 MB and kept anyway. Only the containers on a pointer's path are scanned, each once; where a
 * path leads is the same as `keyOffsets` (src/json/positions.ts) finds in the text, and lines and
 * columns (UTF-16 code units, as everywhere else) are the same too.
 */

import { isAscii } from "node:buffer";
import { pathWalker } from "../../json/positions.js";

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

function nextMember(bytes: Uint8Array, i: number): number {
  i = skipSpace(bytes, skipValue(bytes, i));
  return bytes[i] === 44 ? skipSpace(bytes, i + 1) : i;
}

function valueAfterKey(bytes: Uint8Array, key: number): number {
  return skipSpace(bytes, skipSpace(bytes, skipString(bytes, key)) + 1);
}

const decoder = new TextDecoder();

/** Keys of an object by key (the first of a repeated key), elements of an array in order. */
function membersOf(bytes: Uint8Array, at: number): Map<string, number> | number[] | undefined {
  const open = bytes[at];
  let i = skipSpace(bytes, at + 1);
  if (open === 123) {
    const byKey = new Map<string, number>();
    while (bytes[i] === QUOTE) {
      const keyEnd = skipString(bytes, i);
      const raw = decoder.decode(bytes.subarray(i, keyEnd));
      const key = raw.includes("\\") ? (JSON.parse(raw) as string) : raw.slice(1, -1);
      if (!byKey.has(key)) byKey.set(key, i);
      i = nextMember(bytes, valueAfterKey(bytes, i));
    }
    return byKey;
  }
  if (open !== 91) return undefined;
  const elements: number[] = [];
  while (i < bytes.length && bytes[i] !== 93) {
    elements.push(i);
    i = nextMember(bytes, i);
  }
  return elements;
}

/** Byte offsets where paths lead, as `keyOffsets` finds them in the decoded text. */
function byteOffsets(bytes: Uint8Array): (path: readonly (string | number)[]) => number {
  const indexed = new Map<number, Map<string, number> | number[] | undefined>();
  const membersAt = (at: number): Map<string, number> | number[] | undefined => {
    let members = indexed.get(at);
    if (members === undefined && !indexed.has(at)) {
      members = membersOf(bytes, at);
      indexed.set(at, members);
    }
    return members;
  };
  return pathWalker(skipSpace(bytes, 0), membersAt, (key) => valueAfterKey(bytes, key));
}

/**
 * Line and column (in UTF-16 code units) of byte offsets of valid UTF-8. Lines start after a
 * newline byte; a column counts each character before it on the line once, and twice when it
 * lies outside the Basic Multilingual Plane (4 bytes), as the decoded text counts it.
 */
const ASCII_CHUNK = 64 * 1024;

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
    for (let i = 0; i < bytes.length; i++) {
      // Definitions are nearly all ASCII: whole chunks of it are passed over natively (GitHub's
      // REST description has 43 wide characters in 12 MB: 28 ms of byte loop before).
      if (i % ASCII_CHUNK === 0 && isAscii(bytes.subarray(i, i + ASCII_CHUNK))) {
        i += ASCII_CHUNK - 1;
        continue;
      }
      const b = bytes[i]!;
      if (b < 0xc0) continue; // ASCII or a continuation byte
      const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      total += length - (length === 4 ? 2 : 1);
      wide.push(i);
      extra.push(total);
      i += length - 1;
    }
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
export function byteLocator(
  bytes: Uint8Array,
): (path: readonly (string | number)[]) => { line: number; column: number } {
  const offsets = byteOffsets(bytes);
  const lines = new ByteLines(bytes);
  return (path) => lines.position(offsets(path));
}
