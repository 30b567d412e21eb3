import { describe, expect, it } from "vitest";
import { parseData } from "../../src/contracts/file/data.js";
import { MAX_JSON_DEPTH } from "../../src/json/values.js";

const nested = (levels: number, tail = ""): string =>
  `${'{"a":'.repeat(levels - 1)}[1]${"}".repeat(levels - 1)}${tail}`;

describe("parseData: how deep a JSON definition may nest", () => {
  it("reads a definition nested exactly to the limit, arrays and objects alike", () => {
    const data = parseData(nested(MAX_JSON_DEPTH));
    expect(data).toHaveProperty("syntax", "json");
  });

  it("refuses one level more, by the nesting of the value", () => {
    expect(parseData(nested(MAX_JSON_DEPTH + 1))).toEqual({
      problem: `it nests more than ${MAX_JSON_DEPTH} levels deep`,
    });
  });

  it("says too deep rather than a syntax error for a text that is both", () => {
    expect(parseData(nested(MAX_JSON_DEPTH + 1, ","))).toEqual({
      problem: `it nests more than ${MAX_JSON_DEPTH} levels deep`,
    });
    expect(parseData(nested(3, ","))).toHaveProperty(
      "problem",
      expect.stringMatching(/JSON/) as string,
    );
  });
});
