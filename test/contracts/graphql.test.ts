import { describe, expect, it } from "vitest";
import type { GraphQLSchema } from "graphql";
import { diffGraphQl, parseGraphQl } from "../../src/contracts/graphql.js";
import { GRAPHQL_RULES, type GraphQlRuleId } from "../../src/contracts/rules.js";
import { ids } from "./fixtures.js";

const schema = (sdl: string): GraphQLSchema => {
  const parsed = parseGraphQl(sdl);
  if ("problem" in parsed) throw new Error(parsed.problem);
  return parsed;
};
const diff = (base: string, head: string) => ids(diffGraphQl(schema(base), schema(head)));

const FED =
  "directive @key(fields: String!) repeatable on OBJECT\ndirective @external on FIELD_DEFINITION\n";

/** One base/head pair per rule: the change the rule is about, and nothing else. */
const ROWS: [GraphQlRuleId, string, string][] = [
  ["type-removed", "type Query { a: A } type A { x: Int }", "type Query { a: Int }"],
  [
    "type-changed-kind",
    "type Query { a: A } type A { x: Int }",
    "type Query { a: A } interface A { x: Int }",
  ],
  [
    "type-removed-from-union",
    "type Query { u: U } union U = A | B type A { x: Int } type B { y: Int }",
    "type Query { u: U b: B } union U = A type A { x: Int } type B { y: Int }",
  ],
  [
    "value-removed-from-enum",
    "type Query { e: E } enum E { A B }",
    "type Query { e: E } enum E { A }",
  ],
  [
    "required-input-field-added",
    "type Query { q(i: I): Int } input I { a: Int }",
    "type Query { q(i: I): Int } input I { a: Int b: Int! }",
  ],
  [
    "implemented-interface-removed",
    "type Query { a: A n: N } interface N { x: Int } type A implements N { x: Int }",
    "type Query { a: A n: N } interface N { x: Int } type A { x: Int }",
  ],
  ["field-removed", "type Query { a: Int b: Int }", "type Query { a: Int }"],
  ["field-changed-kind", "type Query { a: Int! }", "type Query { a: Int }"],
  ["required-arg-added", "type Query { a: Int }", "type Query { a(x: Int!): Int }"],
  ["arg-removed", "type Query { a(x: Int): Int }", "type Query { a: Int }"],
  ["arg-changed-kind", "type Query { a(x: Int): Int }", "type Query { a(x: String): Int }"],
  ["directive-removed", "directive @d on FIELD type Query { a: Int }", "type Query { a: Int }"],
  [
    "directive-arg-removed",
    "directive @d(x: Int) on FIELD type Query { a: Int }",
    "directive @d on FIELD type Query { a: Int }",
  ],
  [
    "required-directive-arg-added",
    "directive @d on FIELD type Query { a: Int }",
    "directive @d(x: Int!) on FIELD type Query { a: Int }",
  ],
  [
    "directive-repeatable-removed",
    "directive @d repeatable on FIELD type Query { a: Int }",
    "directive @d on FIELD type Query { a: Int }",
  ],
  [
    "directive-location-removed",
    "directive @d on FIELD | QUERY type Query { a: Int }",
    "directive @d on FIELD type Query { a: Int }",
  ],
  ["value-added-to-enum", "type Query { e: E } enum E { A }", "type Query { e: E } enum E { A B }"],
  [
    "type-added-to-union",
    "type Query { u: U b: B } union U = A type A { x: Int } type B { y: Int }",
    "type Query { u: U b: B } union U = A | B type A { x: Int } type B { y: Int }",
  ],
  [
    "optional-input-field-added",
    "type Query { q(i: I): Int } input I { a: Int }",
    "type Query { q(i: I): Int } input I { a: Int b: Int }",
  ],
  ["optional-arg-added", "type Query { a: Int }", "type Query { a(x: Int): Int }"],
  [
    "implemented-interface-added",
    "type Query { a: A n: N } interface N { x: Int } type A { x: Int }",
    "type Query { a: A n: N } interface N { x: Int } type A implements N { x: Int }",
  ],
  [
    "arg-default-value-change",
    "type Query { a(x: Int = 1): Int }",
    "type Query { a(x: Int = 2): Int }",
  ],
  [
    "input-field-default-value-added",
    "type Query { q(i: I): Int } input I { a: Int }",
    "type Query { q(i: I): Int } input I { a: Int = 1 }",
  ],
  [
    "input-field-default-value-change",
    "type Query { q(i: I): Int } input I { a: Int = 1 }",
    "type Query { q(i: I): Int } input I { a: Int = 2 }",
  ],
  [
    "input-became-one-of",
    "type Query { q(i: I): Int } input I { a: Int b: Int }",
    "type Query { q(i: I): Int } input I @oneOf { a: Int b: Int }",
  ],
  [
    "input-no-longer-one-of",
    "type Query { q(i: I): Int } input I @oneOf { a: Int b: Int }",
    "type Query { q(i: I): Int } input I { a: Int b: Int }",
  ],
  [
    "directive-usage-added",
    `${FED} type Query { a: String }`,
    `${FED} type Query { a: String @external }`,
  ],
  [
    "directive-usage-removed",
    `${FED} type Query { a: A } type A @key(fields: "id") { id: ID }`,
    `${FED} type Query { a: A } type A { id: ID }`,
  ],
  [
    "directive-usage-changed",
    `${FED} type Query { a: A } type A @key(fields: "id") { id: ID }`,
    `${FED} type Query { a: A } type A @key(fields: "sku") { id: ID }`,
  ],
  [
    "root-operation-type-changed",
    "schema { query: Query } type Query { a: Int b: Int }",
    "schema { query: Root } type Root { a: Int } type Query { a: Int b: Int }",
  ],
  [
    "directive-arg-changed-kind",
    "type Query { a: Int } directive @f(s: String) on FIELD",
    "type Query { a: Int } directive @f(s: Int) on FIELD",
  ],
  [
    "directive-arg-default-value-change",
    "type Query { a: Int } directive @f(s: Int = 1) on FIELD",
    "type Query { a: Int } directive @f(s: Int = 2) on FIELD",
  ],
  ["deprecated", "type Query { a: Int }", "type Query { a: Int @deprecated }"],
  ["deprecation-removed", "type Query { a: Int @deprecated }", "type Query { a: Int }"],
  [
    "deprecation-reason-changed",
    "type Query { a: Int @deprecated }",
    'type Query { a: Int @deprecated(reason: "Use b") }',
  ],
  ["schema-extended", "type Query { a: Int }", "type Query { a: Int b: Int }"],
  ["description-changed", '"""old""" type Query { a: Int }', '"""new""" type Query { a: Int }'],
];

describe("GraphQL rules", () => {
  it("the table covers every GraphQL rule", () => {
    expect(new Set(ROWS.map(([id]) => id))).toEqual(new Set(Object.keys(GRAPHQL_RULES)));
  });

  for (const [id, base, head] of ROWS) {
    it(`${id}: ${GRAPHQL_RULES[id].class}`, () => {
      expect(diff(base, head)).toContain(`${id}:${GRAPHQL_RULES[id].class}`);
    });
  }
});

describe("what graphql-js's finders do not see", () => {
  it("a reason added to an already deprecated field is a patch, not additive", () => {
    expect(
      diff("type Query { a: Int @deprecated }", 'type Query { a: Int @deprecated(reason: "b") }'),
    ).toEqual(["deprecation-reason-changed:patch"]);
  });

  it("an applied directive on an argument, an enum value or an extension is seen", () => {
    const d = "directive @auth(role: String) on ARGUMENT_DEFINITION | ENUM_VALUE | OBJECT\n";
    expect(
      diff(
        `${d} type Query { a(x: Int): Int }`,
        `${d} type Query { a(x: Int @auth(role: "admin")): Int }`,
      ),
    ).toContain("directive-usage-added:breaking");
    expect(
      diff(`${d} type Query { e: E } enum E { A }`, `${d} type Query { e: E } enum E { A @auth }`),
    ).toContain("directive-usage-added:breaking");
    expect(
      diff(
        `${d} type Query { a: A } type A { x: Int }`,
        `${d} type Query { a: A } type A { x: Int } extend type A @auth`,
      ),
    ).toContain("directive-usage-added:breaking");
  });

  // The attack: every type is still there, so graphql-js's finders (which compare types by name)
  // report nothing and the printed schema only shows "types added": additive, a minor bump.
  it.each([
    [
      "a mutation root dropped from the schema",
      "schema { query: Query mutation: M } type Query { a: Int } type M { m: Int }",
      "schema { query: Query } type Query { a: Int } type M { m: Int }",
    ],
    [
      "the query root pointed at a smaller type",
      "type Query { a: Int b: Int }",
      "schema { query: Root } type Root { a: Int } type Query { a: Int b: Int }",
    ],
    [
      "an implicit Mutation root hidden behind an explicit schema",
      "type Query { a: Int } type Mutation { m: Int }",
      "schema { query: Query } type Query { a: Int } type Mutation { m: Int }",
    ],
  ])("%s is breaking", (_, base, head) => {
    expect(diff(base, head)).toContain("root-operation-type-changed:breaking");
  });

  it("the same roots, written explicitly or not, are no change", () => {
    expect(
      diff(
        "type Query { a: Int } type Mutation { m: Int }",
        "schema { query: Query mutation: Mutation } type Query { a: Int } type Mutation { m: Int }",
      ),
    ).not.toContain("root-operation-type-changed:breaking");
  });

  it("an unchanged schema, reordered, has no changes", () => {
    expect(
      diff("type Query { a: Int @deprecated b: Int }", "type Query { b: Int a: Int @deprecated }"),
    ).toEqual([]);
  });

  it("a directive argument's type and default are compared as a field argument's are", () => {
    // graphql-js compares directive arguments only for removal and a new required one: a query
    // using @f(s: "x") fails when s becomes an Int, and one leaving s out gets another default.
    const f = (arg: string) => `type Query { a: Int } directive @f(${arg}) on FIELD | QUERY`;
    expect(diff(f("s: String"), f("s: Int"))).toContain("directive-arg-changed-kind:breaking");
    expect(diff(f("s: String"), f("s: String!"))).toContain("directive-arg-changed-kind:breaking");
    expect(diff(f("s: [String]"), f("s: String"))).toContain("directive-arg-changed-kind:breaking");
    expect(diff(f('s: String = "a"'), f('s: String = "b"'))).toContain(
      "directive-arg-default-value-change:breaking",
    );
    // accepting more is safe: an argument that became nullable, or gained a default
    expect(diff(f("s: [String!]!"), f("s: [String]"))).toEqual(["schema-extended:additive"]);
    expect(diff(f("s: Int"), f("s: Int = 1"))).toEqual(["schema-extended:additive"]);
  });
});
