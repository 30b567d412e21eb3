import { describe, expect, it, vi } from "vitest";
import { checkSources } from "../../src/check.js";
import { diffAsyncApi } from "../../src/contracts/asyncapi/asyncapi2.js";
import { Collector } from "../../src/contracts/collect.js";
import { diffOpenApi } from "../../src/contracts/openapi/openapi.js";
import { api as resource, doc, NOW, side } from "../helpers.js";
import { api, params, returns, sends } from "./fixtures.js";
import { recursiveCategory, sharedErrorSchema } from "./hostile.js";

/** A tiny deterministic PRNG, so a failure reproduces. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

const ODD: unknown[] = [
  null,
  0,
  -1,
  1.5,
  NaN,
  "",
  "x",
  true,
  false,
  [],
  [1, "a"],
  {},
  { $ref: "#/nowhere" },
  { $ref: 5 },
  { $ref: "#/components/schemas/T" },
  { $ref: "#" },
];

/** Replaces the value at one random place of `doc` (deep copy) with an odd value. */
function mutate(doc: unknown, random: () => number): unknown {
  const copy = structuredClone(doc);
  const places: [Record<string, unknown> | unknown[], string | number][] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach((v, i) => {
        places.push([node, i]);
        walk(v);
      });
    } else if (node && typeof node === "object") {
      const record = node as Record<string, unknown>;
      for (const k of Object.keys(record)) {
        places.push([record, k]);
        walk(record[k]);
      }
    }
  };
  walk(copy);
  const place = places[Math.floor(random() * places.length)];
  const value = ODD[Math.floor(random() * ODD.length)];
  if (place) (place[0] as Record<string | number, unknown>)[place[1]] = value;
  return copy;
}

const S = { type: "string" };
const SAMPLES: unknown[] = [
  api(
    {
      ...sends({ $ref: "#/components/schemas/T" }),
      ...params({ in: "query", name: "q", schema: S }),
    },
    {
      T: {
        type: "object",
        properties: { a: S, b: { type: "array", items: { $ref: "#/components/schemas/T" } } },
        required: ["a"],
      },
    },
  ),
  api(
    returns({
      oneOf: [S, { allOf: [{ $ref: "#/components/schemas/T" }] }],
      discriminator: { propertyName: "k" },
    }),
    { T: { type: "object", properties: { k: S } } },
    { security: [{ key: [] }] },
  ),
  {
    swagger: "2.0",
    info: {},
    paths: {
      "/p": {
        post: {
          parameters: [{ in: "body", name: "b", schema: { $ref: "#/definitions/D" } }],
          responses: { "200": { schema: S, headers: { X: S } } },
        },
      },
    },
    definitions: { D: S },
  },
];

describe("never throws on odd input", () => {
  it.each([
    [null, null],
    [1, "x"],
    [[], {}],
    [
      { openapi: "3.0.0", paths: [] },
      { openapi: "3.0.0", paths: { "/a": null } },
    ],
  ])("%j vs %j", (b, h) => {
    expect(() => diffOpenApi(b, h)).not.toThrow();
    expect(() => diffAsyncApi(b, h)).not.toThrow();
  });

  it("survives 600 random retypings of realistic documents, in both directions", () => {
    const random = rng(4);
    for (let i = 0; i < 600; i++) {
      const sample = SAMPLES[i % SAMPLES.length];
      const odd = mutate(sample, random);
      expect(() => diffOpenApi(sample, odd), JSON.stringify(odd)).not.toThrow();
      expect(() => diffOpenApi(odd, sample), JSON.stringify(odd)).not.toThrow();
    }
  });

  it("survives random retypings of an AsyncAPI document", () => {
    const random = rng(9);
    const doc = {
      asyncapi: "2.6.0",
      servers: { s: { url: "u", protocol: "kafka", security: [{ a: [] }] } },
      channels: {
        "c/{id}": {
          parameters: { id: { schema: S } },
          subscribe: {
            message: {
              oneOf: [
                { $ref: "#/components/messages/M" },
                { name: "N", payload: S, traits: [{ headers: S }] },
              ],
            },
          },
        },
      },
      components: {
        messages: {
          M: {
            payload: { type: "object", properties: { a: S } },
            correlationId: { location: "$message.header#/id" },
          },
        },
      },
    };
    for (let i = 0; i < 300; i++) {
      const odd = mutate(doc, random);
      expect(() => diffAsyncApi(doc, odd), JSON.stringify(odd)).not.toThrow();
      expect(() => diffAsyncApi(odd, doc), JSON.stringify(odd)).not.toThrow();
    }
  });
});

/** Base and head of one API resource whose definition `api.json` is `base` and `head`. */
function checkDefinition(base: unknown, head: unknown) {
  const entity = (version: string) =>
    resource("astro", {
      version,
      resourceDefinitions: [{ type: "openapi-v3", mediaType: "application/json", url: "api.json" }],
    });
  return checkSources(
    {
      base: side({ "ord.json": doc({ apiResources: [entity("1.0.0")] }) }, { "api.json": base }),
      head: side({ "ord.json": doc({ apiResources: [entity("2.0.0")] }) }, { "api.json": head }),
    },
    { now: NOW },
  );
}

/**
 * Hostile sizes (issue 12). Time and memory are shown by `npx tsx bench/contracts/attacks.ts`;
 * these tests count work or allow generous time, so load on the machine cannot fail them.
 */
describe("hostile sizes stay linear (issue 12)", () => {
  // Was a bug (item 8): the differ copied every child's change list into its parent's. A head
  // that unrolls a recursive base schema into levels that each reach the next twice doubled the
  // list per level: 20 levels (4 KB) took 2 s, 45 levels ran out of a 1 GB heap.
  it("a change below a recursive schema reaches the collector once per operation, not per path", () => {
    const levels = 16;
    const { base, head } = recursiveCategory(levels);
    const put = vi.spyOn(Collector.prototype as unknown as { put: () => void }, "put");
    try {
      const changes = diffOpenApi(base, head);
      // one change per level: the type of `name`
      expect(changes.filter((c) => c.id === "response-type-changed")).toHaveLength(levels);
      expect(put.mock.calls.length).toBeLessThanOrEqual(2 * changes.length);
    } finally {
      put.mockRestore();
    }
  });

  it("a 7 KB head unrolling a recursive base schema is checked end to end", () => {
    const { base, head } = recursiveCategory(37);
    expect(JSON.stringify(head).length).toBeGreaterThan(7_000);
    const report = checkDefinition(base, head);
    const changes = report.entities[0]!.changes.filter((c) => c.source === "definition");
    expect(changes).toHaveLength(37);
    expect(changes.every((c) => c.class === "breaking")).toBe(true);
  });

  // Was a bug (item 12): the collector kept the operations reaching a change in a list and
  // scanned it for every change: 1,200 operations × 2,000 added properties took 48 s.
  it("2,000 properties added to an error schema shared by 1,200 operations: each change once", () => {
    const { base, head } = sharedErrorSchema(1200, 2000);
    // Speed is in bench/contracts/attacks.ts; the old cost here was 48 s (the test's time limit).
    const changes = diffOpenApi(base, head);
    expect(changes).toHaveLength(2000);
    expect(changes[0]!.reason).toMatch(/^GET \/r0 .*\(and 1199 more\): property "p0" of Error/);
    expect(changes.every((c) => c.reason.includes("(and 1199 more)"))).toBe(true);
  });
});
