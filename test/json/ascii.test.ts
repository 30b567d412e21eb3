import { describe, expect, it } from "vitest";
import { asciiJsonText, forEachNonAsciiRun } from "../../src/json/ascii.js";
import { DefinitionFile } from "../../src/contracts/file/definition-file.js";

const CHUNK = 64 * 1024;

/** Non-ASCII characters of every UTF-8 length, in keys and values, near chunk boundaries. */
const samples = [
  { "ä/ö": { "😀x": ["é", { k: "日本語 😀😀", "€": [1, { z: "ß" }] }] }, "z€": "😀" },
  ["naïve", "\u2028 and \u2029", "already \\u00e9 escaped", 'quote " and \\ backslash'],
  { pad: `${"x".repeat(CHUNK - 9)}😀é`, later: `${"y".repeat(2 * CHUNK)}ß`, end: "𝄞" },
  { ascii: "only", n: [1, 2.5, -3e7, true, null] },
];

describe("asciiJsonText: JSON read as ASCII parses to the same value", () => {
  it.each(samples.map((value, i) => [i, value]))("sample %i", (_i, value) => {
    for (const text of [JSON.stringify(value), JSON.stringify(value, null, 2)]) {
      const ascii = asciiJsonText(Buffer.from(text, "utf8"))!;
      expect(/^[\x20-\x7e\n]*$/.test(ascii)).toBe(true);
      expect(JSON.parse(ascii)).toEqual(JSON.parse(text));
    }
  });

  it("fails where the text fails: a wide character outside a string", () => {
    const text = '{"a": 1é}';
    expect(() => JSON.parse(text) as unknown).toThrow();
    expect(() => JSON.parse(asciiJsonText(Buffer.from(text, "utf8"))!) as unknown).toThrow();
  });

  it("gives up on a wide character after an odd run of backslashes, an escape JSON refuses", () => {
    // Written out, `\é` would read as an escaped backslash and the text `u00e9`: valid.
    for (const text of ['{"a": "\\é"}', '{"a": "\\\\\\é"}', '{"\\é": 1}']) {
      expect(() => JSON.parse(text) as unknown).toThrow();
      expect(asciiJsonText(Buffer.from(text, "utf8"))).toBeUndefined();
    }
    const even = '{"a": "\\\\é"}';
    expect(JSON.parse(asciiJsonText(Buffer.from(even, "utf8"))!)).toEqual(JSON.parse(even));
  });

  it("finds every run of non-ASCII bytes, across chunk and part boundaries", () => {
    const text = `a${"b".repeat(CHUNK - 3)}éé${"c".repeat(1500)}😀${"d".repeat(CHUNK)}ß`;
    const bytes = Buffer.from(text, "utf8");
    const runs: string[] = [];
    forEachNonAsciiRun(bytes, (start, end) => runs.push(bytes.toString("utf8", start, end)));
    expect(runs).toEqual(["éé", "😀", "ß"]);
  });
});

describe("a JSON definition with wide characters", () => {
  it("is unreadable when it holds an invalid escape before a wide character, as before", () => {
    const text = '{"openapi": "3.0.3", "info": {"description": "\\é"}}';
    expect(new DefinitionFile(Buffer.from(text)).data).toHaveProperty("problem");
  });

  it("reads the same value, and a syntax error names the file's own position", () => {
    const good = new DefinitionFile(Buffer.from('{"title": "Café ☕", "n": [1, "😀"]}'));
    expect(good.data).toEqual({ value: { title: "Café ☕", n: [1, "😀"] }, syntax: "json" });
    // The escapes make the ASCII text longer: the message must count the file's characters.
    const text = '{"title": "Café ☕☕☕",, "n": 1}';
    const bad = new DefinitionFile(Buffer.from(text));
    let expected = "";
    try {
      JSON.parse(text);
    } catch (error) {
      expected = (error as Error).message.split("\n")[0]!;
    }
    expect(bad.data).toEqual({ problem: expected });
  });
});
