import { isAscii } from "node:buffer";

const BACKSLASH = 92;
const CHUNK = 64 * 1024;
const PART = 1024;

/**
 * Calls `visit` with the start and end of each run of non-ASCII bytes, in order. ASCII is passed
 * over natively, 64 KiB at a time and, in a chunk that holds a wide character, 1 KiB at a time:
 * definitions are nearly all ASCII (GitHub's REST description has 43 wide characters in 12 MB;
 * looking at each byte of the chunks that hold them took 10 ms a pass).
 */
export function forEachNonAsciiRun(
  bytes: Uint8Array,
  visit: (start: number, end: number) => void,
): void {
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

/** Every UTF-16 unit of `text` as a `\uXXXX` escape (a run of non-ASCII characters holds no other). */
function escapeUnits(text: string): string {
  let escaped = "";
  for (let i = 0; i < text.length; i++)
    escaped += `\\u${text.charCodeAt(i).toString(16).padStart(4, "0")}`;
  return escaped;
}

/**
 * JSON in valid UTF-8 as ASCII text that JSON.parse reads the same value from: each non-ASCII
 * character, which valid JSON holds only inside strings, becomes its `\uXXXX` escape (outside a
 * string it fails to parse, as the character does). One wide character anywhere makes the whole
 * decoded text a two-byte string, and the values parsed from it larger: GitHub's REST
 * description pair decodes to 46 MB of text and 47 MB of values, while its 24 MB of ASCII text
 * is copied rather than decoded and parses to 22 MB. Offsets in it are not the file's: only the
 * parse reads it.
 *
 * `undefined` when a wide character follows an odd run of backslashes: `\é` is an invalid escape,
 * but written out, `\\u00e9` would be a valid one (an escaped backslash and text), so such a
 * file must be parsed as it is.
 */
export function asciiJsonText(bytes: Buffer): string | undefined {
  const parts: Buffer[] = [];
  let from = 0;
  let escaped = false;
  forEachNonAsciiRun(bytes, (start, end) => {
    let slashes = 0;
    while (bytes[start - 1 - slashes] === BACKSLASH) slashes++;
    if (slashes % 2 === 1) escaped = true;
    // A run of bytes ≥ 0x80 starts and ends on character boundaries in valid UTF-8.
    const units = escapeUnits(bytes.toString("utf8", start, end));
    parts.push(bytes.subarray(from, start), Buffer.from(units, "latin1"));
    from = end;
  });
  if (escaped) return undefined;
  if (parts.length === 0) return bytes.toString("latin1");
  return Buffer.concat([...parts, bytes.subarray(from)]).toString("latin1");
}
