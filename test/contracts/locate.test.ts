import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { findNodeAtLocation, parseTree } from "jsonc-parser";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import type { Syntax } from "../../src/contracts/file/data.js";
import { DefinitionFile } from "../../src/contracts/file/definition-file.js";
import { locatePointers } from "../../src/contracts/file/locate.js";
import { LineIndex } from "../../src/json/positions.js";
import { HAS_SHARED, SHARED } from "../helpers.js";

const ROOT = path.resolve(import.meta.dirname, "../..");

/**
 * Where a finding in a JSON definition belongs, by a jsonc-parser syntax tree of the whole file
 * (how the locator once worked): the key of the deepest existing member on the pointer's path
 * (the element for an array element). A segment of digits is an index in an array and a key in
 * an object (`responses/200`). The scanning locators must place every pointer on the same line
 * and column.
 */
function treeLocator(text: string): (pointer: string) => { line: number; column: number } {
  const tree = parseTree(text)!;
  const lines = new LineIndex(text);
  return (pointer) => {
    const segments = pointer.startsWith("/")
      ? pointer
          .slice(1)
          .split("/")
          .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
      : [];
    let node = tree;
    for (const s of segments) {
      const child = findNodeAtLocation(node, [
        node.type === "array" && /^\d+$/.test(s) ? Number(s) : s,
      ]);
      if (!child) break;
      node = child;
    }
    if (node === tree) return lines.position(0);
    return lines.position(node.parent?.type === "property" ? node.parent.offset : node.offset);
  };
}

const escape = (key: string): string => key.replace(/~/g, "~0").replace(/\//g, "~1");

/** Every pointer down to `depth` levels, and one that goes on below each where it cannot. */
function* pointers(value: unknown, prefix = "", depth = 7): Generator<string> {
  yield prefix;
  if (!value || typeof value !== "object") {
    yield `${prefix}/nothing/here`;
    return;
  }
  yield `${prefix}/0`;
  yield `${prefix}/no~1such`;
  if (depth === 0) return;
  for (const [key, child] of Object.entries(value)) {
    yield* pointers(child, `${prefix}/${escape(key)}`, depth - 1);
  }
}

type Place = { line: number; column: number };

/** One pointer alone (the byte walk then ends at it). */
const locateOne =
  (file: string | DefinitionFile, syntax: Syntax) =>
  (pointer: string): Place | undefined =>
    locatePointers(file, syntax, [pointer])[0];

/**
 * Both scanning locators (in the text, and in the bytes of a parsed file) against the tree: all
 * pointers at once, as a diff's changes are placed (one walk of the bytes for all of them), and
 * every tenth one alone.
 */
function expectSamePlaces(text: string): number {
  const file = new DefinitionFile(Buffer.from(text));
  expect(file.data).toHaveProperty("syntax", "json");
  expect(file.bytesLocatable).toBe(true);
  const tree = treeLocator(text);
  const all = [...pointers(JSON.parse(text))];
  const expected = all.map(tree);
  const inText = locatePointers(text, "json", all);
  const inBytes = locatePointers(file, "json", all);
  all.forEach((pointer, k) => {
    expect(inText[k], pointer).toEqual(expected[k]);
    expect(inBytes[k], pointer).toEqual(expected[k]);
    if (k % 10 === 0) expect(locateOne(file, "json")(pointer), pointer).toEqual(expected[k]);
  });
  // Shuffled, each place still belongs to its own pointer.
  const reversed = [...all].reverse();
  expect(locatePointers(file, "json", reversed)).toEqual([...expected].reverse());
  return all.length;
}

const jsonFiles = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir, { recursive: true, encoding: "utf8" })
        .filter((name) => name.endsWith(".json"))
        .map((name) => path.join(dir, name))
    : [];

describe("the JSON definition locator scans for pointers and places them as the syntax tree did", () => {
  it.each(
    [
      ...jsonFiles(path.join(ROOT, "examples/head/definitions")),
      ...jsonFiles(path.join(SHARED, "ord-corpus/definitions")),
    ].map((f) => [path.relative(ROOT, f), f]),
  )("%s", (_name, file) => {
    expect(expectSamePlaces(readFileSync(file, "utf8"))).toBeGreaterThan(20);
  });

  it("handles escaped keys and pointer tokens, repeated keys, digit keys and minified JSON", () => {
    const text =
      ' \n{"a/b~c": {"q\\"x": [1, {"200": {"d": 2}}, [3, {"e": "]}\\\\"}]]},' +
      '"a/b~c": 5, "list": [ {"x": 1} , {"x": 2} ], "200": 1, "": {"": 0}}';
    expectSamePlaces(text);
    const fast = locateOne(text, "json");
    // The first of a repeated key, as the tree found it.
    expect(fast("/a~1b~0c")).toEqual({ line: 2, column: 2 });
    // A digit segment is an object key where the parent is an object.
    expect(fast('/a~1b~0c/q"x/1/200/d')).toEqual({ line: 2, column: 33 });
  });

  it("counts the lines of keys, values and separators wherever the newlines stand", () => {
    // A member's line is its key's, however far below its value starts; CRLF and blank lines.
    const text = '\n\n {\n"a"\n :\n\n {\r\n"b"\r\n:\r\n[\n1\n,\n\n{"c":\n2}\n]\n}, "d"\n:\n3\n}\n';
    expect(expectSamePlaces(text)).toBeGreaterThan(10);
    expect(locateOne(new DefinitionFile(Buffer.from(text)), "json")("/a/b/1/c")).toEqual({
      line: 14,
      column: 2,
    });
  });

  it("puts a change under a response code on that response, in JSON text, bytes and YAML", () => {
    const value = {
      paths: {
        "/a": {
          get: {
            parameters: [{ name: "x" }, { name: "y" }],
            responses: { "200": { description: "ok" }, "404": { description: "no" } },
          },
        },
      },
    };
    const json = JSON.stringify(value, null, 2);
    const line = (text: string, needle: string): number =>
      text.split("\n").findIndex((l) => l.includes(needle)) + 1;
    const yamlText = [
      "paths:",
      "  /a:",
      "    get:",
      "      parameters:",
      "        - name: x",
      "        - name: y",
      "      responses:",
      "        200:",
      "          description: ok",
      "        '404':",
      "          description: no",
    ].join("\n");
    const asked = [
      "/paths/~1a/get/responses/200/description",
      "/paths/~1a/get/responses/404",
      "/paths/~1a/get/parameters/1/name",
    ];
    const lines = (places: Place[]): number[] => places.map((p) => p.line);
    const jsonLines = [line(json, '"description": "ok"'), line(json, '"404"'), line(json, '"y"')];
    expect(lines(locatePointers(json, "json", asked))).toEqual(jsonLines);
    const file = new DefinitionFile(Buffer.from(json));
    expect(lines(locatePointers(file, "json", asked))).toEqual(jsonLines);
    expect(lines(locatePointers(yamlText, "yaml", asked))).toEqual([9, 10, 6]);
  });

  it("counts columns in UTF-16 code units in the bytes too: accents, CJK, emoji", () => {
    const value = {
      "ä/ö": { "😀x": ["é", { k: "日本語 😀😀", "€": [1, { z: "ß" }] }] },
      "z€": "😀",
      list: [1, "naïve", { "𝄞": null }],
    };
    expectSamePlaces(JSON.stringify(value));
    expectSamePlaces(JSON.stringify(value, null, 2));
    expectSamePlaces(JSON.stringify(value, null, "\t").replace(/\n/g, "\r\n"));
  });

  it("counts wide characters after long ASCII stretches, and across 64 KiB chunk boundaries", () => {
    // The byte locator passes over 64 KiB chunks that are all ASCII; a character may straddle two.
    const CHUNK = 64 * 1024;
    for (const shift of [0, 1, 2, 3, 4]) {
      const text = JSON.stringify({
        // `{"pad":"` is 8 bytes: the 😀 after the padding starts `shift` bytes before the boundary.
        pad: `${"x".repeat(CHUNK - 8 - shift)}😀é`,
        after: { ü: ["日本", { k: "😀" }] },
        later: `${"y".repeat(2 * CHUNK)}ß`,
        end: { "€": 1 },
      });
      expect(expectSamePlaces(text)).toBeGreaterThan(10);
    }
  });

  it("keeps the text of a file whose bytes are not valid UTF-8, and places pointers in it", () => {
    const bytes = Buffer.concat([
      Buffer.from('{"a": "'),
      Buffer.from([0xff]),
      Buffer.from('", "b": 1}'),
    ]);
    const file = new DefinitionFile(bytes);
    expect(file.data).toHaveProperty("syntax", "json");
    expect(file.bytesLocatable).toBe(false);
    expect(locateOne(file, "json")("/b")).toEqual(treeLocator(file.text)("/b"));
  });

  it.skipIf(!HAS_SHARED)("places every pointer of the OpenAPI pairs written as JSON", () => {
    const dir = path.join(SHARED, "openapi-pairs");
    let checked = 0;
    for (const pair of readdirSync(dir)) {
      for (const file of ["base.yaml", "revision.yaml"]) {
        const at = path.join(dir, pair, file);
        if (!existsSync(at)) continue;
        const value: unknown = parseYaml(readFileSync(at, "utf8"));
        checked += expectSamePlaces(JSON.stringify(value, null, 2));
        checked += expectSamePlaces(JSON.stringify(value));
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });
});
