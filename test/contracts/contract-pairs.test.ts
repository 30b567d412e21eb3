import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { classifyPair, readPairs, type Format } from "../../bench/contracts/agreement.js";
import { SHARED } from "../helpers.js";

/** The AsyncAPI and GraphQL pairs of issue 14, read from ../shared (never copied here). */
const dir = join(SHARED, "contract-pairs");

/** How many labelled pairs each folder holds. */
const COUNT: Record<Format, number> = { asyncapi: 40, asyncapi3: 4, graphql: 40 };

for (const format of ["asyncapi", "asyncapi3", "graphql"] as Format[]) {
  const present = existsSync(join(dir, format));
  describe.skipIf(!present)(`${format} pairs (../shared/contract-pairs/${format})`, () => {
    it("the entity level agrees with the reviewer's label on at least 95% of the pairs", () => {
      const pairs = readPairs(dir, format);
      expect(pairs.length).toBe(COUNT[format]);
      const wrong = pairs
        .map((p) => ({ name: p.name, label: p.label.level, ours: classifyPair(format, p) }))
        .filter((r) => r.ours !== r.label);
      // the list, not just the count, so a regression names its pair
      expect(wrong.length / pairs.length, JSON.stringify(wrong)).toBeLessThanOrEqual(0.05);
    });
  });
}
