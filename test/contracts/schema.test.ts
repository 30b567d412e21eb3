import { describe, expect, it } from "vitest";
import { diffOpenApi } from "../../src/contracts/openapi/openapi.js";
import { Doc } from "../../src/contracts/schema/refs.js";
import { Unchanged } from "../../src/contracts/schema/unchanged.js";
import { SCHEMA_RULES, type Direction, type SchemaRuleId } from "../../src/contracts/rules.js";
import { api, breaking, ids, returns, sends } from "./fixtures.js";

const S = { type: "string" };
const I = { type: "integer" };
const obj = (properties: object, required?: string[], extra: object = {}) => ({
  type: "object",
  properties,
  ...(required ? { required } : {}),
  ...extra,
});

/** One row per schema rule: a base and a head schema that differ by exactly that rule. */
const ROWS: [SchemaRuleId, unknown, unknown][] = [
  ["type-changed", S, I],
  ["type-narrowed", { type: "number" }, I],
  ["type-widened", I, { type: "number" }],
  ["became-nullable", S, { type: "string", nullable: true }],
  ["became-not-nullable", { type: "string", nullable: true }, S],
  ["format-added", S, { type: "string", format: "uuid" }],
  ["format-removed", { type: "string", format: "uuid" }, S],
  ["format-widened", { type: "integer", format: "int32" }, { type: "integer", format: "int64" }],
  ["format-narrowed", { type: "integer", format: "int64" }, { type: "integer", format: "int32" }],
  ["format-changed", { type: "string", format: "date" }, { type: "string", format: "uuid" }],
  ["became-enum", S, { type: "string", enum: ["a", "b"] }],
  ["enum-removed", { type: "string", enum: ["a"] }, S],
  ["enum-value-added", { type: "string", enum: ["a"] }, { type: "string", enum: ["a", "b"] }],
  ["enum-value-removed", { type: "string", enum: ["a", "b"] }, { type: "string", enum: ["a"] }],
  ["constraint-tightened", { type: "string", maxLength: 10 }, { type: "string", maxLength: 5 }],
  ["constraint-loosened", { type: "string", maxLength: 5 }, { type: "string", maxLength: 10 }],
  ["pattern-added", S, { type: "string", pattern: "^[a-z]+$" }],
  ["pattern-removed", { type: "string", pattern: "^[a-z]+$" }, S],
  [
    "pattern-changed",
    { type: "string", pattern: "^[a-z]+$" },
    { type: "string", pattern: "^[0-9]+$" },
  ],
  ["required-property-added", obj({ a: S }), obj({ a: S, b: S }, ["b"])],
  ["optional-property-added", obj({ a: S }), obj({ a: S, b: S })],
  ["property-removed", obj({ a: S, b: S }), obj({ a: S })],
  ["property-became-required", obj({ a: S }), obj({ a: S }, ["a"])],
  ["property-became-optional", obj({ a: S }, ["a"]), obj({ a: S })],
  ["property-became-read-only", obj({ a: S }), obj({ a: { type: "string", readOnly: true } })],
  ["property-became-write-only", obj({ a: S }), obj({ a: { type: "string", writeOnly: true } })],
  ["required-undeclared-property", obj({ a: S }), obj({ a: S }, ["ghost"])],
  [
    "additional-properties-forbidden",
    obj({ a: S }),
    obj({ a: S }, undefined, { additionalProperties: false }),
  ],
  [
    "additional-properties-allowed",
    obj({ a: S }, undefined, { additionalProperties: false }),
    obj({ a: S }),
  ],
  ["alternative-added", { oneOf: [S, I] }, { oneOf: [S, I, { type: "boolean" }] }],
  ["alternative-removed", { oneOf: [S, I, { type: "boolean" }] }, { oneOf: [S, I] }],
  ["all-of-member-added", { allOf: [obj({ a: S })] }, { allOf: [obj({ a: S }), obj({ b: S })] }],
  ["all-of-member-removed", { allOf: [obj({ a: S }), obj({ b: S })] }, { allOf: [obj({ a: S })] }],
  ["keyword-added", S, { type: "string", not: { enum: ["x"] } }],
  ["keyword-removed", { type: "string", not: { enum: ["x"] } }, S],
  [
    "keyword-changed",
    { type: "string", not: { enum: ["x"] } },
    { type: "string", not: { enum: ["y"] } },
  ],
  ["default-added", S, { type: "string", default: "a" }],
  ["default-removed", { type: "string", default: "a" }, S],
  ["default-changed", { type: "string", default: "a" }, { type: "string", default: "b" }],
  [
    "discriminator-added",
    obj({ kind: S }),
    obj({ kind: S }, undefined, { discriminator: { propertyName: "kind" } }),
  ],
  [
    "discriminator-removed",
    obj({ kind: S }, undefined, { discriminator: { propertyName: "kind" } }),
    obj({ kind: S }),
  ],
  [
    "discriminator-changed",
    obj({ kind: S, type: S }, undefined, { discriminator: { propertyName: "kind" } }),
    obj({ kind: S, type: S }, undefined, { discriminator: { propertyName: "type" } }),
  ],
  [
    "discriminator-mapping-added",
    obj({ kind: S }, undefined, {
      discriminator: { propertyName: "kind", mapping: { a: "#/components/schemas/A" } },
    }),
    obj({ kind: S }, undefined, {
      discriminator: {
        propertyName: "kind",
        mapping: { a: "#/components/schemas/A", b: "#/components/schemas/B" },
      },
    }),
  ],
  [
    "discriminator-mapping-removed",
    obj({ kind: S }, undefined, {
      discriminator: {
        propertyName: "kind",
        mapping: { a: "#/components/schemas/A", b: "#/components/schemas/B" },
      },
    }),
    obj({ kind: S }, undefined, {
      discriminator: { propertyName: "kind", mapping: { a: "#/components/schemas/A" } },
    }),
  ],
  ["became-deprecated", S, { type: "string", deprecated: true }],
  ["no-longer-deprecated", { type: "string", deprecated: true }, S],
  ["schema-unresolved", obj({ id: S }, ["id"]), { $ref: "#/components/schemas/Nope" }],
  ["schema-removed", obj({ id: S }, ["id"]), undefined],
];

const wrap: Record<Direction, (schema: unknown) => object> = { request: sends, response: returns };

describe("schema rules, each in both directions", () => {
  it("the table covers every schema rule", () => {
    expect(new Set(ROWS.map(([rule]) => rule))).toEqual(new Set(Object.keys(SCHEMA_RULES)));
  });

  for (const [rule, base, head] of ROWS) {
    for (const dir of ["request", "response"] as const) {
      const cls = SCHEMA_RULES[rule][dir];
      it(`${rule} in a ${dir}: ${cls ?? "not reported"}`, () => {
        const changes = diffOpenApi(api(wrap[dir](base)), api(wrap[dir](head)));
        const found = changes.filter((c) => c.id === `${dir}-${rule}`);
        if (cls === null) {
          expect(found).toEqual([]);
        } else {
          expect(found.map((c) => c.class)).toContain(cls);
          expect(found[0]?.reason).toMatch(
            dir === "request" ? /^POST \/things request body/ : /^GET \/things response 200/,
          );
        }
      });
    }
  }
});

describe("direction decides the class", () => {
  it("number → integer narrows: breaking to send, harmless to read", () => {
    expect(breaking(diffOpenApi(api(sends({ type: "number" })), api(sends(I))))).toBe(true);
    expect(breaking(diffOpenApi(api(returns({ type: "number" })), api(returns(I))))).toBe(false);
  });

  it("a schema used both ways is judged both ways, at the component's own pointer", () => {
    const paths = {
      ...sends({ $ref: "#/components/schemas/T" }),
      "/other": returns({ $ref: "#/components/schemas/T" })["/things"],
    };
    const changes = diffOpenApi(
      api(paths, { T: obj({ a: S }) }),
      api(paths, { T: obj({ a: S, b: S }, ["b"]) }),
    );
    expect(ids(changes)).toEqual([
      "request-required-property-added:breaking",
      "response-required-property-added:additive",
    ]);
    expect(changes.map((c) => c.pointer)).toEqual([
      "/components/schemas/T/properties/b",
      "/components/schemas/T/properties/b",
    ]);
  });

  it("a new required readOnly property does not concern requests (clients never send it)", () => {
    const paths = {
      ...sends({ $ref: "#/components/schemas/T" }),
      "/other": returns({ $ref: "#/components/schemas/T" })["/things"],
    };
    const base = api(paths, { T: obj({ a: S }) });
    const head = api(paths, { T: obj({ a: S, id: { type: "string", readOnly: true } }, ["id"]) });
    expect(ids(diffOpenApi(base, head))).toEqual(["response-required-property-added:additive"]);
  });

  it("a writeOnly property that became optional does not concern responses", () => {
    const base = api(returns(obj({ pw: { type: "string", writeOnly: true } }, ["pw"])));
    const head = api(returns(obj({ pw: { type: "string", writeOnly: true } })));
    expect(diffOpenApi(base, head)).toEqual([]);
  });

  it("the same change reached from two operations is reported once, naming both", () => {
    const op = returns({ $ref: "#/components/schemas/T" })["/things"];
    const paths = { "/a": op, "/b": op };
    const changes = diffOpenApi(
      api(paths, { T: obj({ a: S, b: S }) }),
      api(paths, { T: obj({ a: S }) }),
    );
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({
      id: "response-property-removed",
      side: "base",
      pointer: "/components/schemas/T/properties/b",
    });
    expect(changes[0]?.reason).toBe(
      'GET /a response 200 (application/json) (and 1 more): property "b" of T: removed',
    );
  });
});

describe("OpenAPI 3.1 and Swagger 2.0 flavours", () => {
  const v31 = (paths: object, schemas: object = {}) => ({
    ...api(paths, schemas),
    openapi: "3.1.0",
  });

  it('3.1 type arrays: ["string","null"] → "string" is no longer nullable', () => {
    expect(ids(diffOpenApi(v31(sends({ type: ["string", "null"] })), v31(sends(S))))).toEqual([
      "request-became-not-nullable:breaking",
    ]);
    expect(ids(diffOpenApi(v31(returns(S)), v31(returns({ type: ["string", "null"] }))))).toEqual([
      "response-became-nullable:breaking",
    ]);
  });

  it("3.1 type arrays: adding a type widens", () => {
    expect(
      ids(diffOpenApi(v31(returns(I)), v31(returns({ type: ["integer", "string"] })))),
    ).toEqual(["response-type-widened:breaking"]);
  });

  it("3.1 numeric exclusiveMinimum and const", () => {
    const changes = diffOpenApi(
      v31(sends({ type: "number", exclusiveMinimum: 0 })),
      v31(sends({ type: "number", exclusiveMinimum: 1, const: 5 })),
    );
    expect(ids(changes)).toEqual([
      "request-became-enum:breaking",
      "request-constraint-tightened:breaking",
    ]);
  });

  it("3.0 boolean exclusiveMaximum at the same bound tightens", () => {
    const changes = diffOpenApi(
      api(sends({ type: "number", maximum: 5 })),
      api(sends({ type: "number", maximum: 5, exclusiveMaximum: true })),
    );
    expect(ids(changes)).toEqual(["request-constraint-tightened:breaking"]);
  });

  it("3.1 $ref with sibling keywords means the target and the siblings", () => {
    const base = v31(sends({ $ref: "#/components/schemas/T" }), { T: S });
    const head = v31(sends({ $ref: "#/components/schemas/T", maxLength: 3 }), { T: S });
    expect(ids(diffOpenApi(base, head))).toEqual(["request-constraint-tightened:breaking"]);
  });

  it("Swagger 2.0: body parameter, definitions, x-nullable and produces", () => {
    const doc = (name: object, nullable: boolean) => ({
      swagger: "2.0",
      info: { title: "t", version: "1" },
      produces: ["application/json"],
      paths: {
        "/pets": {
          post: {
            parameters: [
              { in: "body", name: "body", required: true, schema: { $ref: "#/definitions/Pet" } },
            ],
            responses: { "200": { description: "ok", schema: { $ref: "#/definitions/Pet" } } },
          },
        },
      },
      definitions: { Pet: obj({ name: { type: "string", "x-nullable": nullable, ...name } }) },
    });
    const changes = diffOpenApi(doc({}, false), doc({ maxLength: 10 }, true));
    expect(ids(changes)).toEqual([
      "request-became-nullable:additive",
      "request-constraint-tightened:breaking",
      "response-became-nullable:breaking",
      "response-constraint-tightened:additive",
    ]);
    expect(changes[1]?.pointer).toBe("/definitions/Pet/properties/name/maxLength");
  });

  it("Swagger 2.0: a query parameter is its own schema", () => {
    const doc = (p: object) => ({
      swagger: "2.0",
      info: { title: "t", version: "1" },
      paths: {
        "/pets": {
          get: {
            parameters: [{ in: "query", name: "limit", type: "integer", ...p }],
            responses: { "200": { description: "ok" } },
          },
        },
      },
    });
    expect(ids(diffOpenApi(doc({}), doc({ maximum: 50 })))).toEqual([
      "request-constraint-tightened:breaking",
    ]);
  });
});

describe("composition and references", () => {
  it("wrapping a type into oneOf with a new alternative widens (breaks readers only)", () => {
    const wrapped = { oneOf: [S, I] };
    expect(
      ids(diffOpenApi(api(returns(obj({ id: S }))), api(returns(obj({ id: wrapped }))))),
    ).toEqual(["response-alternative-added:breaking"]);
    expect(ids(diffOpenApi(api(sends(obj({ id: S }))), api(sends(obj({ id: wrapped })))))).toEqual([
      "request-alternative-added:additive",
    ]);
  });

  it("moving properties into an allOf base schema is no change", () => {
    const base = api(sends(obj({ a: S, b: I }, ["a"])), { Base: obj({ a: S }, ["a"]) });
    const head = api(sends({ allOf: [{ $ref: "#/components/schemas/Base" }, obj({ b: I })] }), {
      Base: obj({ a: S }, ["a"]),
    });
    expect(diffOpenApi(base, head).filter((c) => c.class !== "patch")).toEqual([]);
  });

  it("a recursive schema terminates and reports a change inside the cycle once", () => {
    const node = (extra: object) =>
      obj({
        name: S,
        children: { type: "array", items: { $ref: "#/components/schemas/Node" } },
        ...extra,
      });
    const base = api(returns({ $ref: "#/components/schemas/Node" }), { Node: node({}) });
    const head = api(returns({ $ref: "#/components/schemas/Node" }), { Node: node({ size: I }) });
    expect(ids(diffOpenApi(base, head))).toEqual(["response-optional-property-added:additive"]);
  });

  it("mutually recursive schemas terminate", () => {
    const schemas = (t: object) => ({
      A: obj({ b: { $ref: "#/components/schemas/B" } }),
      B: obj({ a: { $ref: "#/components/schemas/A" }, v: t }),
    });
    const changes = diffOpenApi(
      api(sends({ $ref: "#/components/schemas/A" }), schemas(S)),
      api(sends({ $ref: "#/components/schemas/A" }), schemas(I)),
    );
    expect(ids(changes)).toEqual(["request-type-changed:breaking"]);
    expect(changes[0]?.pointer).toBe("/components/schemas/B/properties/v/type");
  });

  it("a $ref loop with no schema at the end, and external refs, are skipped", () => {
    const schemas = {
      A: { $ref: "#/components/schemas/B" },
      B: { $ref: "#/components/schemas/A" },
    };
    expect(
      diffOpenApi(
        api(sends({ $ref: "#/components/schemas/A" }), schemas),
        api(sends({ $ref: "#/components/schemas/A" }), { ...schemas, C: S }),
      ),
    ).toEqual([]);
    expect(
      diffOpenApi(api(sends({ $ref: "other.yaml#/X" })), api(sends({ $ref: "other.yaml#/Y" }))),
    ).toEqual([]);
  });

  describe("a head schema that cannot be read where base's could is an unknown contract", () => {
    const star = obj({ id: S, name: S }, ["id", "name"]);
    const at = "/paths/~1things/get/responses/200/content/application~1json/schema";

    it("a broken local $ref replacing a readable response schema is breaking", () => {
      const changes = diffOpenApi(
        api(returns({ $ref: "#/components/schemas/Star" }), { Star: star }),
        api(returns({ $ref: "#/components/schemas/Nope" }), { Star: star }),
      );
      expect(ids(changes)).toEqual(["response-schema-unresolved:breaking"]);
      expect(changes[0]).toMatchObject({ kind: "changed", side: "head", pointer: at });
      expect(changes[0]?.reason).toMatch(/"#\/components\/schemas\/Nope"/);
      expect(changes[0]?.reason).toMatch(/names nothing/);
      expect(changes[0]?.reason).toMatch(/unknown/);
    });

    it("an external $ref replacing a readable response schema is breaking", () => {
      const changes = diffOpenApi(
        api(returns(star)),
        api(returns({ $ref: "star.json#/Star" }), { Star: star }),
      );
      expect(ids(changes)).toEqual(["response-schema-unresolved:breaking"]);
      expect(changes[0]).toMatchObject({ kind: "changed", side: "head", pointer: at });
      expect(changes[0]?.reason).toMatch(/"star\.json#\/Star"/);
      expect(changes[0]?.reason).toMatch(/external/);
      expect(changes[0]?.reason).toMatch(/unknown/);
    });

    it("a property whose schema became an external $ref is breaking, at the property", () => {
      const changes = diffOpenApi(
        api(sends(obj({ star }))),
        api(sends(obj({ star: { $ref: "star.json#/Star" } }))),
      );
      expect(ids(changes)).toEqual(["request-schema-unresolved:breaking"]);
      expect(changes[0]?.pointer).toBe(
        "/paths/~1things/post/requestBody/content/application~1json/schema/properties/star",
      );
    });

    it("a chain of references names the one that cannot be followed", () => {
      const changes = diffOpenApi(
        api(returns({ $ref: "#/components/schemas/Star" }), { Star: star }),
        api(returns({ $ref: "#/components/schemas/Star" }), { Star: { $ref: "star.json#/Star" } }),
      );
      expect(ids(changes)).toEqual(["response-schema-unresolved:breaking"]);
      expect(changes[0]?.reason).toMatch(/"star\.json#\/Star"/);
    });

    it("the same external $ref on both sides is no change", () => {
      const ref = { $ref: "star.json#/Star" };
      expect(diffOpenApi(api(returns(ref)), api(returns(ref)))).toEqual([]);
      expect(diffOpenApi(api(returns(obj({ s: ref }))), api(returns(obj({ s: ref }))))).toEqual([]);
    });

    it("base unreadable and head readable stays silent (nothing known to compare with)", () => {
      expect(diffOpenApi(api(returns({ $ref: "star.json#/Star" })), api(returns(star)))).toEqual(
        [],
      );
    });
  });

  it("a self-referencing YAML-style object graph (aliases) does not loop", () => {
    const cyclic: Record<string, unknown> = { type: "object", properties: {} };
    (cyclic.properties as Record<string, unknown>).self = cyclic;
    const other: Record<string, unknown> = { type: "object", properties: {} };
    (other.properties as Record<string, unknown>).self = other;
    (other.properties as Record<string, unknown>).extra = S;
    expect(ids(diffOpenApi(api(returns(cyclic)), api(returns(other))))).toEqual([
      "response-optional-property-added:additive",
    ]);
  });

  it("an unchanged schema that references a changed one reports the change", () => {
    // Equal text is not an equal contract: the reference's target changed.
    const schemas = (v: object) => ({
      Outer: obj({ inner: { $ref: "#/components/schemas/In" } }),
      In: obj({ v }),
    });
    const changes = diffOpenApi(
      api(returns({ $ref: "#/components/schemas/Outer" }), schemas(S)),
      api(returns({ $ref: "#/components/schemas/Outer" }), schemas(I)),
    );
    expect(ids(changes)).toEqual(["response-type-changed:breaking"]);
    expect(changes[0]?.pointer).toBe("/components/schemas/In/properties/v/type");
  });

  it("a schema that shares its nodes (YAML aliases) 40 levels deep is compared in linear time", () => {
    // 2^40 paths through 41 objects: a walk that does not remember nodes never ends.
    const shared = (leaf: object): object => {
      let node = leaf;
      for (let i = 0; i < 40; i++) node = obj({ a: node, b: node });
      return node;
    };
    expect(diffOpenApi(api(returns(shared(S))), api(returns(shared(S))))).toEqual([]);
    expect(ids(diffOpenApi(api(returns(shared(S))), api(returns(shared(I)))))).toEqual([
      "response-type-changed:breaking",
    ]);
  });

  it("a chain of 3,000 references neither overflows the stack nor hides a change", () => {
    // Was a bug: the unchanged-schema walk started its depth anew behind every reference.
    const chain = (v: object, description: string) => {
      const schemas: Record<string, object> = { S3000: S };
      for (let i = 0; i < 3000; i++)
        schemas[`S${i}`] = obj({ n: { $ref: `#/components/schemas/S${i + 1}` } });
      schemas.S1 = obj({ n: { $ref: "#/components/schemas/S2" }, v });
      const doc = api(returns({ $ref: "#/components/schemas/S0" }), schemas);
      return { ...doc, info: { title: "t", version: "1", description } };
    };
    expect(ids(diffOpenApi(chain(S, "a"), chain(S, "b")))).toEqual(["info-changed:patch"]);
    expect(ids(diffOpenApi(chain(S, "a"), chain(I, "a")))).toEqual([
      "response-type-changed:breaking",
    ]);
  });

  it("a schema behind one reference from 300 operations is compared once, not 300 times", () => {
    const base = new Doc(api({}, { E: { type: "integer", enum: [...Array(10_000).keys()] } }));
    const head = new Doc(api({}, { E: { type: "integer", enum: [...Array(10_000).keys()] } }));
    const unchanged = new Unchanged(base, head);
    const at = (doc: Doc) => doc.lookup("#/components/schemas/E")!.node;
    for (let i = 0; i < 300; i++) expect(unchanged.same(at(base), at(head))).toBe(true);
    expect(unchanged.visited).toBeLessThan(10_100);
  });

  it("very deep nesting neither overflows the stack nor throws", () => {
    const deep = (depth: number, leaf: object): object =>
      depth === 0 ? leaf : obj({ x: deep(depth - 1, leaf) });
    expect(() => diffOpenApi(api(sends(deep(5000, S))), api(sends(deep(5000, I))))).not.toThrow();
    expect(breaking(diffOpenApi(api(sends(deep(50, S))), api(sends(deep(50, I)))))).toBe(true);
  });
});
