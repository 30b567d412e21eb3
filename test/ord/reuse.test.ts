import { describe, expect, it } from "vitest";
import { parseJson, type ParsedJson } from "../../src/ord/parse.js";
import type { EarlierParse } from "../../src/ord/reuse.js";
import { shared } from "../../src/types.js";
import { isObject, MAX_JSON_DEPTH, type JsonObject } from "../../src/json/values.js";
import { loadSide } from "../../src/ord/documents.js";
import { api, doc, event, side } from "../helpers.js";

const base = doc({
  apiResources: ["a", "b", "c", "d"].map((name) => api(name)),
  eventResources: [event("e")],
  tombstones: [{ ordId: "sap.xref:apiResource:gone:v1", removalDate: "2026-01-01T00:00:00Z" }],
});
const baseText = `${JSON.stringify(base, null, 2)}\n`;

function earlierOf(text: string): EarlierParse {
  const parsed = parseJson(text, false, false) as ParsedJson;
  return {
    text: () => text,
    value: shared(parsed.value as JsonObject),
    positions: parsed.positions,
  };
}

/** What a reader sees: the value, or the problem and its position. */
const outcome = (result: ReturnType<typeof parseJson>) =>
  "problem" in result ? { problem: result.problem } : { value: result.value };

const element = (name: string) => JSON.stringify(api(name), null, 2).replace(/\n/g, "\n    ");

describe("a changed document reuses the base values of its unchanged entities", () => {
  it.each([
    ["one entity changed", baseText.replace('"b API"', '"B API"'), "valid"],
    [
      "an entity inserted first",
      baseText.replace("[\n    {", `[\n    ${element("new")},\n    {`),
      "valid",
    ],
    ["an entity removed", baseText.replace(`${element("b")},\n    `, ""), "valid"],
    ["a top-level field changed", baseText.replace('"1.12"', '"1.13"'), "valid"],
    [
      "a __proto__ key",
      baseText.replace("{\n", '{\n  "__proto__": { "polluted": true },\n'),
      "valid",
    ],
    ["no comma between two entities", baseText.replace(/\},\n(\s+)\{/, "}\n$1{"), "invalid"],
    [
      "a trailing comma after the last entity",
      baseText.replace(/\}\n {2}\],/, "},\n  ],"),
      "invalid",
    ],
    ["text between two entities", baseText.replace(/\},\n(\s+)\{/, "} x,\n$1{"), "invalid"],
    [
      "a duplicated top-level array",
      baseText.replace('"tombstones"', '"apiResources": [], "t2"'),
      "invalid",
    ],
  ])("%s: the same value or problem as a full parse", (_what, text, validity) => {
    expect(text).not.toBe(baseText);
    const full = outcome(parseJson(text, false, true));
    expect("problem" in full ? "invalid" : "valid").toBe(validity);
    expect(outcome(parseJson(text, false, true, earlierOf(baseText)))).toEqual(full);
  });

  it("an unchanged entity nested too deep under a repeated key is still too deep (base's value hides it)", () => {
    // JSON.parse keeps the last "x": base's value is shallow, its text is not. A head that reused
    // the entity by its text and took base's word for it would miss what a full parse reports.
    const deep = `${"[".repeat(MAX_JSON_DEPTH)}${"]".repeat(MAX_JSON_DEPTH)}`;
    const text = baseText.replace(
      '"title": "c API",',
      `"title": "c API",\n      "x": ${deep}, "x": 1,`,
    );
    expect(outcome(parseJson(text, false, false))).toHaveProperty("value");
    const changed = text.replace('"b API"', '"B API"');
    const full = outcome(parseJson(changed, false, true));
    expect(JSON.stringify(full)).toContain("nested deeper than");
    expect(outcome(parseJson(changed, false, true, earlierOf(text)))).toEqual(full);
  });

  it("an unchanged entity with a duplicate key is still found (base is parsed without the check)", () => {
    const text = baseText.replace('"title": "c API",', '"title": "c API",\n      "title": "x",');
    const result = parseJson(text.replace('"b API"', '"B API"'), false, true, earlierOf(text));
    expect("problem" in result && result.problem.message).toContain('duplicate key "title"');
  });

  it("finds unchanged entities after a long removal and after a reordering", () => {
    const many = doc({ apiResources: Array.from({ length: 40 }, (_, i) => api(`api${i}`)) });
    const earlier = earlierOf(`${JSON.stringify(many, null, 2)}\n`);
    const list = many.apiResources as unknown[];
    for (const changed of [list.slice(30), [...list].reverse()]) {
      const head = parseJson(
        `${JSON.stringify({ ...many, apiResources: changed }, null, 2)}\n`,
        false,
        true,
        earlier,
      ) as ParsedJson;
      const after = (head.value as JsonObject).apiResources as unknown[];
      const before = earlier.value.apiResources as unknown[];
      expect(after).toEqual(changed);
      expect(after.every((value) => before.includes(value))).toBe(true);
    }
  });

  it("shares the unchanged entities' values with base instead of holding them twice", () => {
    const earlier = earlierOf(baseText);
    const head = parseJson(baseText.replace('"b API"', '"B API"'), false, true, earlier);
    const before = earlier.value.apiResources as unknown[];
    const after = ((head as ParsedJson).value as JsonObject).apiResources as unknown[];
    expect(after[0]).toBe(before[0]);
    expect(after[1]).not.toBe(before[1]);
    expect(after[1]).toMatchObject({ title: "B API" });
    expect(after[2]).toBe(before[2]);
  });

  it("makes the shared values read-only to the compiler, so no rule can write one side through the other", () => {
    const head = loadSide(side({ "ord.json": base }).files);
    const [record] = head.entities;
    const writes = [
      // @ts-expect-error an entity's value is shared with base: no field may be set
      () => (record!.value.version = "9.9.9"),
      () => {
        const nested = head.documents[0]!.value.describedSystemVersion;
        // @ts-expect-error read-only all the way down
        if (isObject(nested)) nested.version = "9.9.9";
      },
    ];
    // The compiler is the check (tsc --noEmit runs over the tests); at run time nothing is written.
    expect(writes).toHaveLength(2);
  });
});
