import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { parseTree, type JSONPath } from "jsonc-parser";
import { describe, expect, it } from "vitest";
import {
  countProperties,
  LineIndex,
  scanIndex,
  scanTopLevel,
  treeIndex,
} from "../../src/json/positions.js";
import { HAS_SHARED, SHARED } from "../helpers.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const jsonFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".json"))
    .map((name) => path.join(dir, name));
const files = [
  ...jsonFiles(path.join(ROOT, "examples")),
  ...(HAS_SHARED ? jsonFiles(path.join(SHARED, "ord-corpus/documents")) : []),
];

/** Every path down to depth 4 of a value, which is where findings point. */
function* paths(value: unknown, prefix: JSONPath = [], depth = 4): Generator<JSONPath> {
  yield prefix;
  if (depth === 0 || !value || typeof value !== "object") return;
  for (const [key, child] of Object.entries(value)) {
    yield* paths(child, [...prefix, Array.isArray(value) ? Number(key) : key], depth - 1);
  }
}

describe("the fast position index agrees with the syntax tree", () => {
  it.each(files.map((f) => [path.relative(ROOT, f), f]))("%s", (_name, file) => {
    const text = readFileSync(file, "utf8");
    const fast = scanIndex(() => text);
    const tree = treeIndex(parseTree(text)!);
    let checked = 0;
    for (const at of paths(JSON.parse(text))) {
      expect(fast.offsetOf(at), JSON.stringify(at)).toBe(tree.offsetOf(at));
      checked++;
    }
    expect(fast.offsetOf(["noSuchField", 3])).toBe(tree.offsetOf([]));
    expect(checked).toBeGreaterThan(10);
  });

  it("handles minified JSON, escaped quotes and brackets inside strings", () => {
    const text = '{"a":"x\\"]}","apiResources":[{"ordId":"[{","v":[1,{"b":"}"}]},2],"n":5}';
    const fast = scanIndex(() => text);
    const tree = treeIndex(parseTree(text)!);
    for (const at of paths(JSON.parse(text))) expect(fast.offsetOf(at)).toBe(tree.offsetOf(at));
  });

  it("finds escaped keys, and the deepest existing value for a path that goes on", () => {
    const text = '{"apiResources": [ {"a\\"b": {"c\\u0064": [0, {"e": 1}]}, "f": 2} ]}';
    const fast = scanIndex(() => text);
    const tree = treeIndex(parseTree(text)!);
    for (const at of [
      ["apiResources", 0, 'a"b', "cd", 1, "e"],
      ["apiResources", 0, 'a"b', "cd", 7],
      ["apiResources", 0, "f", "g"],
      ["apiResources", 0, 'a"b', 0],
    ]) {
      expect(fast.offsetOf(at), JSON.stringify(at)).toBe(tree.offsetOf(at));
    }
  });

  it("gives each entity's text range: the slice parses to the entity", () => {
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      const value = JSON.parse(text) as Record<string, unknown>;
      const fast = scanIndex(() => text);
      for (const [field, list] of Object.entries(value)) {
        if (!Array.isArray(list)) continue;
        list.forEach((element, index) => {
          const range = fast.rangeOf([field, index])!;
          expect(JSON.parse(text.slice(range.start, range.end))).toEqual(element);
        });
      }
    }
  });
});

describe("duplicate-key pre-check", () => {
  it.each([
    ['{"a":1,"a":2}', true],
    ['{"a":{"b":1,"b":1}}', true],
    ['{"a":1,"b":[{"c":"\\":"},{"c":2}]}', false],
    ['{"k":"v", "x": ["a", ":", "b"]}', false],
  ])("%s → %s", (text, expected) => {
    expect(scanTopLevel(text).keys !== countProperties(JSON.parse(text))).toBe(expected);
  });
});

describe("nesting limit", () => {
  /** The naive answer: the first bracket (outside strings) past `limit` levels. */
  const naive = (text: string, limit: number): number | undefined => {
    let depth = 0;
    let inString = false;
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (inString) {
        if (c === "\\") i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if ((c === "{" || c === "[") && ++depth > limit) return i;
      else if (c === "}" || c === "]") depth--;
    }
    return undefined;
  };
  it.each([
    ["inside an entity", '{"apiResources": [{"a": {"b": [["[[["]]}}]}', 5],
    ["outside the entity arrays", '{"x": {"a": {"b": [[1]]}}, "apiResources": [{}]}', 4],
    ["within the limit", '{"apiResources": [{"a": {"b\\"[[": [1]}}]}', 5],
  ])("%s: stops at the first bracket past the limit", (_name, text, limit) => {
    expect(scanTopLevel(text, limit).tooDeepAt).toBe(naive(text, limit));
  });

  it("a within-limit case really is within, a past-limit one really past", () => {
    expect(naive('{"apiResources": [{"a": {"b\\"[[": [1]}}]}', 5)).toBeUndefined();
    expect(naive('{"apiResources": [{"a": {"b": [["[[["]]}}]}', 5)).toBe(31);
  });
});

describe("LineIndex", () => {
  it("gives every offset's line and column, whatever order the offsets are asked in", () => {
    const text = ["{", '  "a": 1,', "", '  "b": [', "    2", "  ]", "}", ""].join("\n");
    const expected = (offset: number) => {
      const before = text.slice(0, offset).split("\n");
      return { line: before.length, column: before.at(-1)!.length + 1 };
    };
    const offsets = Array.from({ length: text.length + 1 }, (_, i) => i);
    for (const order of [
      offsets,
      [...offsets].reverse(),
      offsets.map((_, i) => (i * 7) % offsets.length),
    ]) {
      const lines = new LineIndex(text);
      for (const offset of order)
        expect(lines.position(offset), `offset ${offset}`).toEqual(expected(offset));
    }
  });
});
