import { describe, expect, it } from "vitest";
import {
  canonical,
  deepEqual,
  MAX_JSON_DEPTH,
  pointerTokens,
  ptr,
  show,
  showCanonical,
  valueTooDeep,
} from "../../src/json/values.js";
import { sameContent } from "../../src/compare/diff.js";

describe("canonical: one text form for the ORD diff and the contract differs", () => {
  it("sorts object keys; keeps array order unless arrays are sets", () => {
    const a = { b: [2, 1], a: { y: 1, x: 2 } };
    expect(canonical(a)).toBe('{"a":{"x":2,"y":1},"b":[2,1]}');
    expect(canonical(a, true)).toBe('{"a":{"x":2,"y":1},"b":[1,2]}');
    // ORD lists are sets: reordering one is no change; an OpenAPI enum's order is kept.
    expect(canonical([{ k: 1 }, "s"], true)).toBe(canonical(["s", { k: 1 }], true));
    expect(canonical([1, 2])).not.toBe(canonical([2, 1]));
  });

  it("stays finite on a YAML alias cycle and on nesting past the depth limit", () => {
    const cyclic: Record<string, unknown> = { name: "node" };
    cyclic.self = cyclic;
    expect(canonical(cyclic)).toBe('{"name":"node","self":"[cycle]"}');
    let deep: unknown = "bottom";
    for (let i = 0; i < MAX_JSON_DEPTH + 10; i++) deep = [deep];
    const text = canonical(deep);
    expect(text).toContain('"…"');
    expect(text).not.toContain("bottom");
  });

  it("sameContent: reordered ORD lists and an absent field against null are the same content", () => {
    expect(sameContent({ tags: ["a", "b"] }, { tags: ["b", "a"] })).toBe(true);
    expect(sameContent(undefined, null)).toBe(true);
    expect(sameContent({ tags: ["a"] }, { tags: ["a", "a"] })).toBe(false);
  });
});

describe("JSON pointers, equality and values in messages", () => {
  it("escapes and unescapes pointer tokens (RFC 6901)", () => {
    const pointer = ptr("/paths", "/users/{id}", "a~b", 200);
    expect(pointer).toBe("/paths/~1users~1{id}/a~0b/200");
    expect(pointerTokens(pointer)).toEqual(["paths", "/users/{id}", "a~b", "200"]);
    expect(pointerTokens("")).toEqual([]);
  });

  it("deepEqual compares structure, arrays in order, and ends on cycles", () => {
    expect(deepEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
    expect(deepEqual([1, 2], [2, 1])).toBe(false);
    const x: Record<string, unknown> = {};
    x.x = x;
    const y: Record<string, unknown> = {};
    y.x = y;
    expect(deepEqual(x, y)).toBe(true);
  });

  it("a finding shows a long value cut around a count; a contract reason elides it", () => {
    const long = "x".repeat(200);
    expect(show(long)).toMatch(/^x{48}…\[136 characters\]…x{16}$/);
    expect(show({ a: 1 })).toBe('{"a":1}');
    expect(showCanonical({ b: 1, a: long })).toHaveLength(60);
    expect(showCanonical({ b: 1, a: long })).toMatch(/^\{"a":"x+\.\.\.$/);
  });
});

describe("valueTooDeep counts levels as the text does", () => {
  const nest = (levels: number, wrap: (inner: unknown) => unknown): unknown => {
    let value: unknown = 1;
    for (let i = 0; i < levels; i++) value = wrap(value);
    return value;
  };

  it("takes the limit itself and refuses one level more, in objects, arrays and mixed", () => {
    // each wrapper with the levels it adds
    const wraps: [(inner: unknown) => unknown, number][] = [
      [(v) => ({ a: v }), 1],
      [(v) => [0, v], 1],
      [(v) => [{ k: v }], 2],
    ];
    for (const [wrap, levels] of wraps) {
      const turns = MAX_JSON_DEPTH / levels;
      expect(valueTooDeep(nest(turns, wrap), MAX_JSON_DEPTH)).toBe(false);
      expect(valueTooDeep(nest(turns + 1, wrap), MAX_JSON_DEPTH)).toBe(true);
    }
    // a deep member after shallow ones, and after an empty object, is still found
    const late = { a: 1, b: {}, c: [[], {}], d: nest(MAX_JSON_DEPTH, (v) => ({ x: v })) };
    expect(valueTooDeep(late, MAX_JSON_DEPTH)).toBe(true);
  });

  it("answers a scalar root, and ends on a cyclic value (YAML aliases) instead of overflowing", () => {
    expect(valueTooDeep("x".repeat(100_000), MAX_JSON_DEPTH)).toBe(false);
    expect(valueTooDeep(null, MAX_JSON_DEPTH)).toBe(false);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(valueTooDeep(cyclic, MAX_JSON_DEPTH)).toBe(true);
  });
});
