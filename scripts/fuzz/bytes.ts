/**
 * Byte-level mutations of a document's file (or a definition's text): truncation, corrupted
 * bytes, invalid UTF-8, BOMs and UTF-16, line endings, duplicate keys, comments, trailing commas,
 * raw control characters, bad escapes and number literals, chunks deleted, repeated or moved. They
 * reach the reader below JSON: every such file must end in a document-unreadable finding with a
 * position, or be read exactly as a reader of the spec would.
 */
import { P } from "./hostile.js";
import type { Rng } from "./rng.js";

interface ByteMutation {
  name: string;
  apply(rng: Rng, bytes: Buffer): { bytes: Buffer; what: string } | undefined;
}

const INVALID_UTF8 = [
  [0xff],
  [0xfe],
  [0xc3, 0x28],
  [0xa0, 0xa1],
  [0xe2, 0x28, 0xa1],
  [0xe2, 0x82],
  [0xf0, 0x28, 0x8c, 0xbc],
  [0xf8, 0xa1, 0xa1, 0xa1, 0xa1],
  [0xc0, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
];

const at = (rng: Rng, bytes: Buffer): number => rng.int(bytes.length + 1);
const splice = (
  bytes: Buffer,
  start: number,
  remove: number,
  insert: Buffer | number[] = [],
): Buffer =>
  Buffer.concat([bytes.subarray(0, start), Buffer.from(insert), bytes.subarray(start + remove)]);

/** Offsets just after the opening quote of a string value (`: "`), so inserts land in strings. */
function stringStarts(text: string): number[] {
  const found: number[] = [];
  for (const m of text.matchAll(/:\s*"/g)) found.push(m.index + m[0].length);
  return found;
}

export const BYTES: ByteMutation[] = [
  {
    name: "truncate",
    apply(rng, bytes) {
      const n = at(rng, bytes);
      return { bytes: bytes.subarray(0, n), what: `truncate at ${n}` };
    },
  },
  {
    name: "corrupt",
    apply(rng, bytes) {
      if (bytes.length === 0) return undefined;
      const out = Buffer.from(bytes);
      const n = rng.range(1, 8);
      for (let i = 0; i < n; i++) out[rng.int(out.length)] = rng.int(256);
      return { bytes: out, what: `corrupt ${n} bytes` };
    },
  },
  {
    name: "invalid-utf8",
    apply(rng, bytes) {
      const seq = rng.pick(INVALID_UTF8);
      const starts = stringStarts(bytes.toString("latin1"));
      const offset = starts.length > 0 && rng.chance(0.7) ? rng.pick(starts) : at(rng, bytes);
      return {
        bytes: splice(bytes, offset, 0, seq),
        what: `invalid UTF-8 ${seq.map((b) => b.toString(16)).join(" ")} at ${offset}`,
      };
    },
  },
  {
    name: "bom",
    apply(rng, bytes) {
      const how = rng.int(P.avoid.has("utf16") ? 3 : 5);
      const bom = [0xef, 0xbb, 0xbf];
      if (how === 0) return { bytes: splice(bytes, 0, 0, bom), what: "UTF-8 BOM" };
      if (how === 1)
        return { bytes: splice(bytes, 0, 0, [...bom, ...bom]), what: "two UTF-8 BOMs" };
      if (how === 2) {
        const offset = at(rng, bytes);
        return { bytes: splice(bytes, offset, 0, bom), what: `BOM at ${offset}` };
      }
      if (how === 3) {
        const text = bytes.toString("utf8");
        return {
          bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]),
          what: "UTF-16LE with BOM",
        };
      }
      return {
        bytes: Buffer.from(bytes.toString("utf8"), "utf16le"),
        what: "UTF-16LE without BOM",
      };
    },
  },
  {
    name: "line-endings",
    apply(rng, bytes) {
      const text = bytes.toString("latin1");
      const how = rng.pick(["crlf", "cr", "mixed", "ls"]);
      const out =
        how === "crlf"
          ? text.replace(/\r?\n/g, "\r\n")
          : how === "cr"
            ? text.replace(/\r?\n/g, "\r")
            : how === "mixed"
              ? text.replace(/\n/g, () => rng.pick(["\n", "\r\n", "\r", "\n\n"]))
              : text;
      if (how === "ls")
        return {
          bytes: Buffer.from(bytes.toString("utf8").replace(/\n/g, "\u2028\n"), "utf8"),
          what: "U+2028 line separators",
        };
      return { bytes: Buffer.from(out, "latin1"), what: `${how} line endings` };
    },
  },
  {
    name: "minify",
    apply(_rng, bytes) {
      try {
        return {
          bytes: Buffer.from(JSON.stringify(JSON.parse(bytes.toString("utf8")))),
          what: "minified",
        };
      } catch {
        return undefined;
      }
    },
  },
  {
    name: "duplicate-key-line",
    apply(rng, bytes) {
      const lines = bytes.toString("utf8").split("\n");
      const candidates = lines
        .map((l, i) => [l, i] as const)
        .filter(([l]) => /^\s*"[^"]+"\s*:\s*[^{[]*,\s*$/.test(l));
      if (candidates.length === 0) return undefined;
      const [line, i] = rng.pick(candidates);
      const changed = rng.chance(0.5) ? line : line.replace(/:\s*.*,/, ': "other",');
      lines.splice(i + 1, 0, changed);
      return {
        bytes: Buffer.from(lines.join("\n")),
        what: `duplicate key line ${i + 1}: ${line.trim().slice(0, 40)}`,
      };
    },
  },
  {
    name: "duplicate-key-insert",
    apply(rng, bytes) {
      const text = bytes.toString("utf8");
      const braces = [...text.matchAll(/\{/g)].map((m) => m.index);
      if (braces.length === 0) return undefined;
      const offset = rng.pick(braces) + 1;
      const key = rng.pick(P.dupKeys);
      const insert = `"${key}": 1, "${key}": "2",`;
      return {
        bytes: Buffer.from(text.slice(0, offset) + insert + text.slice(offset)),
        what: `duplicate key "${key}" at ${offset}`,
      };
    },
  },
  {
    name: "comments",
    apply(rng, bytes) {
      const text = bytes.toString("utf8");
      const lines = text.split("\n");
      const i = rng.int(lines.length);
      const comment = rng.pick(["// comment", "/* block */", "/* unterminated", "# hash", "//"]);
      lines.splice(i, 0, comment);
      return {
        bytes: Buffer.from(lines.join("\n")),
        what: `comment ${JSON.stringify(comment)} at line ${i + 1}`,
      };
    },
  },
  {
    name: "trailing-comma",
    apply(rng, bytes) {
      const text = bytes.toString("utf8");
      const closers = [...text.matchAll(/\n(\s*)[}\]]/g)].map((m) => m.index);
      if (closers.length === 0) return undefined;
      const offset = rng.pick(closers);
      return {
        bytes: Buffer.from(`${text.slice(0, offset)},${text.slice(offset)}`),
        what: `trailing comma at ${offset}`,
      };
    },
  },
  {
    name: "control-char",
    apply(rng, bytes) {
      const starts = stringStarts(bytes.toString("latin1"));
      const offset = starts.length > 0 ? rng.pick(starts) : at(rng, bytes);
      const c = rng.pick([0, 1, 8, 9, 10, 13, 27, 0x7f]);
      return { bytes: splice(bytes, offset, 0, [c]), what: `raw control char ${c} at ${offset}` };
    },
  },
  {
    name: "escapes",
    apply(rng, bytes) {
      const starts = stringStarts(bytes.toString("latin1"));
      if (starts.length === 0) return undefined;
      const offset = rng.pick(starts);
      const esc = rng.pick([
        "\\ud800",
        "\\udc00\\ud800",
        "\\u0000",
        "\\uZZZZ",
        "\\x41",
        "\\",
        "\\u00",
        '\\"\\\\\\/\\b\\f\\n\\r\\t',
      ]);
      return {
        bytes: splice(bytes, offset, 0, Buffer.from(esc)),
        what: `escape ${esc} at ${offset}`,
      };
    },
  },
  {
    name: "number-literal",
    apply(rng, bytes) {
      const text = bytes.toString("utf8");
      const strings = [...text.matchAll(/:\s*("(?:[^"\\]|\\.)*")/g)];
      if (strings.length === 0) return undefined;
      const m = rng.pick(strings);
      const literal = rng.pick([
        "1e999",
        "-1e999",
        "1.2.3",
        "-0",
        "0.1e-999",
        "123456789012345678901234567890",
        "01",
        "1.",
        ".5",
        "+1",
        "0x10",
        "NaN",
        "Infinity",
        "1".repeat(5000),
      ]);
      const start = m.index + m[0].length - m[1]!.length;
      return {
        bytes: Buffer.from(text.slice(0, start) + literal + text.slice(start + m[1]!.length)),
        what: `number literal ${literal.slice(0, 20)} for ${m[1]!.slice(0, 30)}`,
      };
    },
  },
  {
    name: "chunks",
    apply(rng, bytes) {
      if (bytes.length < 4) return undefined;
      const a = rng.int(bytes.length);
      const len = rng.range(1, Math.min(200, bytes.length - a));
      const chunk = bytes.subarray(a, a + len);
      const how = rng.int(3);
      if (how === 0) return { bytes: splice(bytes, a, len), what: `delete ${len} bytes at ${a}` };
      if (how === 1)
        return {
          bytes: splice(bytes, a, 0, Buffer.from(chunk)),
          what: `repeat ${len} bytes at ${a}`,
        };
      const b = rng.int(bytes.length - len + 1);
      const without = splice(bytes, a, len);
      return {
        bytes: splice(without, Math.min(b, without.length), 0, Buffer.from(chunk)),
        what: `move ${len} bytes ${a} → ${b}`,
      };
    },
  },
  {
    name: "empty",
    apply(rng) {
      const v = rng.pick([
        "",
        " ",
        "\n",
        "\u0000",
        "null",
        "{}",
        "[]",
        '"openResourceDiscovery"',
        '{"openResourceDiscovery"',
        "\ufeff",
      ]);
      return { bytes: Buffer.from(v), what: `file is ${JSON.stringify(v)}` };
    },
  },
];

export function applyBytes(
  rng: Rng,
  bytes: Buffer,
  count: number,
  ops: string[],
  avoid: Set<string>,
): Buffer {
  let out = bytes;
  const pool = BYTES.filter((m) => !avoid.has(m.name));
  for (let i = 0, tries = 0; i < count && tries < count * 5; tries++) {
    const m = rng.pick(pool);
    const result = m.apply(rng, out);
    if (!result) continue;
    ops.push(result.what);
    out = result.bytes;
    i++;
  }
  return out;
}
