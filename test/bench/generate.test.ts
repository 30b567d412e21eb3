import { describe, expect, it } from "vitest";
import { generatePair } from "../../bench/generate.js";
import { ENTITY_TYPES } from "../../src/ord/entity-types.js";

type Doc = Record<string, unknown>;

/** Document name of every ORD ID of one side. */
function homes(side: Record<string, Doc>): Map<string, string> {
  const found = new Map<string, string>();
  for (const [name, doc] of Object.entries(side)) {
    for (const { array } of ENTITY_TYPES) {
      for (const e of (doc[array] as Doc[] | undefined) ?? []) found.set(String(e.ordId), name);
    }
  }
  return found;
}

describe("the benchmark's generator", () => {
  it("is deterministic: the same seed gives the same documents", () => {
    expect(JSON.stringify(generatePair(500, 20, 7))).toBe(JSON.stringify(generatePair(500, 20, 7)));
  });

  it("moves a few entities between documents, as a pull request does, not all of them", () => {
    const pair = generatePair(2000, 200);
    const [before, after] = [homes(pair.base), homes(pair.head)];
    const kept = [...after].filter(([id]) => before.has(id));
    const moved = kept.filter(([id, doc]) => before.get(id) !== doc).length;
    expect(moved).toBeGreaterThan(0);
    expect(moved / kept.length).toBeLessThan(0.05);
    // Removals (with and without tombstones) and new successors happen too.
    expect([...before.keys()].some((id) => !after.has(id))).toBe(true);
    expect([...after.keys()].some((id) => !before.has(id))).toBe(true);
    expect(Object.values(pair.head).some((doc) => Array.isArray(doc.tombstones))).toBe(true);
  });

  it("adds, removes and moves documents and changes about the share asked for", () => {
    const pair = generatePair(5800, 200, 42, { changed: 0.01, documentChurn: 3 });
    const [base, head] = [Object.keys(pair.base), Object.keys(pair.head)];
    expect(head.filter((name) => name.startsWith("added-"))).toHaveLength(3);
    expect(head.filter((name) => name.startsWith("moved/"))).toHaveLength(3);
    const kept = base.filter((name) => head.includes(name));
    expect(base.length - kept.length).toBe(6);
    const [before, after] = [homes(pair.base), homes(pair.head)];
    const changed = [...after].filter(
      ([id, doc]) =>
        before.has(id) &&
        JSON.stringify(findEntity(pair.base[before.get(id)!]!, id)) !==
          JSON.stringify(findEntity(pair.head[doc]!, id)),
    ).length;
    expect(changed / before.size).toBeGreaterThan(0.002);
    expect(changed / before.size).toBeLessThan(0.02);
  });
});

function findEntity(doc: Doc, ordId: string): Doc | undefined {
  for (const { array } of ENTITY_TYPES) {
    const found = ((doc[array] as Doc[] | undefined) ?? []).find((e) => e.ordId === ordId);
    if (found) return found;
  }
  return undefined;
}
