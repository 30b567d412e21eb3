import { describe, expect, it } from "vitest";
import { diffAsyncApi } from "../../../src/compare/contracts/asyncapi.js";
import { diffOpenApi } from "../../../src/compare/contracts/openapi.js";
import { api, params, returns, sends } from "./fixtures.js";

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
