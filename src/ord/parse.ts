import { parseTree, printParseErrorCode, type Node, type ParseError } from "jsonc-parser";
import {
  countProperties,
  LineIndex,
  scanIndex,
  scanTopLevel,
  treeIndex,
  type PositionIndex,
} from "../json/positions.js";
import { MAX_JSON_DEPTH, valueTooDeep, type JsonObject } from "../json/values.js";
import { parseReusing, type EarlierParse } from "./reuse.js";
import { isUtf8 } from "node:buffer";

export interface ParsedJson {
  value: unknown;
  positions: PositionIndex;
}

export interface ParseProblem {
  message: string;
  line: number;
  column: number;
}

const BOM = "\uFEFF";

/**
 * Decodes bytes as strict UTF-8. Invalid sequences are a problem located at the first
 * replacement character the lenient decoder produces. Checked with `isUtf8` and decoded by
 * Buffer rather than a fatal TextDecoder, whose first use initialises ICU (30 ms of every run).
 * The decoded text keeps a byte order mark, so exactly one is removed: a second one is content
 * that other readers reject, and must fail here too.
 */
export function decodeUtf8(bytes: Uint8Array): { text: string } | { problem: ParseProblem } {
  if (isUtf8(bytes)) {
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
    return { text: text.startsWith(BOM) ? text.slice(1) : text };
  }
  const lenient = new TextDecoder("utf-8").decode(bytes);
  const offset = Math.max(0, lenient.indexOf("\uFFFD"));
  const { line, column } = new LineIndex(lenient).position(offset);
  return { problem: { message: "the file is not valid UTF-8", line, column } };
}

/**
 * Parses JSON (or JSONC when `jsonc` is set) with positions. Duplicate keys are a problem:
 * JavaScript would silently keep the last one, so the document is ambiguous.
 *
 * Plain JSON takes the fast road: the native JSON.parse (which keeps `__proto__` an own key),
 * a cheap duplicate-key count, and positions computed only when a finding needs one; given the
 * `earlier` parse of the same file, its unchanged entities are reused (reuse.ts). The syntax
 * tree is built only for JSONC, or to locate a syntax error or a duplicate key.
 *
 * The positions ask `textOf` for the text when a finding first needs a line, so that the caller
 * need not hold every document's text until then (without it they hold `text`).
 */
export function parseJson(
  text: string,
  jsonc: boolean,
  checkDuplicates = true,
  earlier?: EarlierParse,
  textOf: () => string = () => text,
): ParsedJson | { problem: ParseProblem } {
  // A file whose duplicate keys are not looked for (base) is what JSON.parse reads: its depth is
  // that of the value, which is what the comparison recurses on (a deep value hidden under a
  // repeated key is gone from it).
  const asParsed = !jsonc && !checkDuplicates && !earlier;
  const readable = (): ParsedJson | undefined => {
    const value = parseOrUndefined(text);
    if (value === undefined || valueTooDeep(value, MAX_JSON_DEPTH)) return undefined;
    return { value, positions: scanIndex(textOf) };
  };
  if (asParsed && text.length < LARGE_TEXT) {
    // No scan before the parse: positions scan the text only when a finding or a reusing head
    // needs them. A file that does not parse, or nests too deep, takes the road below for its
    // problem. A large document is scanned first: it is usually the one a pull request changed,
    // whose scan a reusing head needs anyway, so walking its value too would cost twice.
    const parsed = readable();
    if (parsed) return parsed;
  }
  // One scan before any parser: it bounds the nesting, counts keys and finds positions.
  const scan = scanTopLevel(text, MAX_JSON_DEPTH);
  if (scan.tooDeepAt !== undefined) {
    const parsed = asParsed && text.length >= LARGE_TEXT ? readable() : undefined;
    if (parsed) return parsed;
    const message = `nested deeper than ${MAX_JSON_DEPTH} levels; ORD documents are far flatter`;
    return { problem: { message, ...new LineIndex(text).position(scan.tooDeepAt) } };
  }
  if (jsonc) return parseWithTree(text, true);
  let value: unknown;
  try {
    value = (earlier && parseReusing(text, scan, earlier)) ?? JSON.parse(text);
  } catch {
    return parseWithTree(text, false);
  }
  if (!checkDuplicates) return { value, positions: scanIndex(textOf, scan) };
  // The key count comes from the scan; only a mismatch costs a syntax tree.
  if (scan.keys !== countProperties(value)) {
    const checked = parseWithTree(text, false);
    if ("problem" in checked) return checked;
  }
  return { value, positions: scanIndex(textOf, scan) };
}

/**
 * Characters from which a document's text is large: scanned before it is parsed here, held to
 * the end and compared as text in documents.ts (V8 allocates strings over 128 KiB as large
 * objects).
 */
export const LARGE_TEXT = 1024 * 1024;

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function parseWithTree(text: string, jsonc: boolean): ParsedJson | { problem: ParseProblem } {
  const lines = new LineIndex(text);
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, {
    disallowComments: !jsonc,
    allowTrailingComma: jsonc,
    allowEmptyContent: false,
  });
  const first = errors[0];
  if (first || !tree) {
    const offset = first?.offset ?? 0;
    const what = first ? describeError(printParseErrorCode(first.error)) : "the file is empty";
    return { problem: { message: `invalid JSON: ${what}`, ...lines.position(offset) } };
  }
  const duplicate = { found: undefined as Node | undefined };
  const value = toValue(tree, duplicate);
  if (duplicate.found) {
    const key = String(duplicate.found.value);
    return {
      problem: {
        message: `duplicate key "${key}" in one object: JSON readers disagree on which value wins`,
        ...lines.position(duplicate.found.offset),
      },
    };
  }
  return { value, positions: treeIndex(tree) };
}

function describeError(code: string): string {
  const words: Record<string, string> = {
    InvalidSymbol: "unexpected character",
    InvalidNumberFormat: "invalid number",
    PropertyNameExpected: "property name expected",
    ValueExpected: "value expected",
    ColonExpected: "':' expected",
    CommaExpected: "',' expected",
    CloseBraceExpected: "'}' expected",
    CloseBracketExpected: "']' expected",
    EndOfFileExpected: "end of file expected (extra content after the document)",
    InvalidCommentToken: "comments are not allowed in .json files (use .jsonc)",
    UnexpectedEndOfComment: "unterminated comment",
    UnexpectedEndOfString: "unterminated string",
    UnexpectedEndOfNumber: "unterminated number",
    InvalidUnicode: "invalid unicode escape",
    InvalidEscapeCharacter: "invalid escape character",
    InvalidCharacter: "invalid character in string",
  };
  return words[code] ?? code;
}

/** Converts a jsonc-parser node to a plain value, noting the first duplicate key. */
function toValue(root: Node, duplicate: { found: Node | undefined }): unknown {
  const build = (node: Node): unknown => {
    switch (node.type) {
      case "object": {
        const object: JsonObject = {};
        const seen = new Set<string>();
        for (const property of node.children ?? []) {
          const [keyNode, valueNode] = property.children ?? [];
          if (!keyNode) continue;
          const key = String(keyNode.value);
          if (seen.has(key)) duplicate.found ??= keyNode;
          seen.add(key);
          const value = valueNode ? build(valueNode) : null;
          Object.defineProperty(object, key, {
            value,
            enumerable: true,
            writable: true,
            configurable: true,
          });
        }
        return object;
      }
      case "array":
        return (node.children ?? []).map(build);
      default:
        return node.value as unknown;
    }
  };
  return build(root);
}
