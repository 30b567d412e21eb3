import { describe, expect, it } from "vitest";
import { MAX_DEFINITION_DEPTH, parseData } from "../../src/contracts/file/data.js";

const nested = (levels: number, tail = ""): string =>
  `${'{"a":'.repeat(levels - 1)}[1]${"}".repeat(levels - 1)}${tail}`;

describe("parseData: how deep a JSON definition may nest", () => {
  it("reads a definition nested exactly to the limit, arrays and objects alike", () => {
    const data = parseData(nested(MAX_DEFINITION_DEPTH));
    expect(data).toHaveProperty("syntax", "json");
  });

  it("refuses one level more, by the nesting of the value", () => {
    expect(parseData(nested(MAX_DEFINITION_DEPTH + 1))).toEqual({
      problem: `it nests more than ${MAX_DEFINITION_DEPTH} levels deep`,
    });
  });

  it("says too deep rather than a syntax error for a text that is both", () => {
    expect(parseData(nested(MAX_DEFINITION_DEPTH + 1, ","))).toEqual({
      problem: `it nests more than ${MAX_DEFINITION_DEPTH} levels deep`,
    });
    expect(parseData(nested(3, ","))).toMatchObject({ problem: expect.stringMatching(/JSON/) });
  });
});
