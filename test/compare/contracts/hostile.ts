/**
 * Generators of hostile OpenAPI pairs (issue 12 of the gate-integrity review), shared by the
 * regression tests and by the size-scaling benchmark (bench/contracts/attacks.ts).
 */

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** `GET /categories` returning `schema`. */
function categories(schema: unknown): Record<string, unknown> {
  return {
    "/categories": {
      get: {
        responses: { "200": { description: "ok", content: { "application/json": { schema } } } },
      },
    },
  };
}

const document = (paths: object, schemas: object) => ({
  openapi: "3.0.3",
  info: { title: "t", version: "1.0.0" },
  paths,
  components: { schemas },
});

/**
 * Item 8: base has a recursive `Category` (`parent`, `children`); head unrolls it into `levels`
 * distinct components, each referring to the next twice (parent and children) and changing the
 * type of `name`. Every level's changes are reached through both references, so a differ that
 * copies its children's change lists into each parent's doubles the list at every level.
 */
export function recursiveCategory(levels: number): { base: unknown; head: unknown } {
  const category = {
    type: "object",
    properties: {
      name: { type: "string" },
      parent: ref("Category"),
      children: { type: "array", items: ref("Category") },
    },
  };
  const head: Record<string, unknown> = { Category: category };
  for (let k = 0; k < levels; k++) {
    const next = k + 1 < levels ? `C${k + 1}` : "Category";
    head[`C${k}`] = {
      type: "object",
      properties: {
        name: { type: "integer" },
        parent: ref(next),
        children: { type: "array", items: ref(next) },
      },
    };
  }
  return {
    base: document(categories(ref("Category")), { Category: category }),
    head: document(categories(ref("C0")), head),
  };
}

/**
 * Item 12: `operations` operations share one error schema, to which head adds `properties`
 * optional properties: every added property is reached from every operation.
 */
export function sharedErrorSchema(
  operations: number,
  properties: number,
): { base: unknown; head: unknown } {
  const paths: Record<string, unknown> = {};
  for (let i = 0; i < operations; i++) {
    paths[`/r${i}`] = {
      get: {
        responses: {
          default: {
            description: "error",
            content: { "application/json": { schema: ref("Error") } },
          },
        },
      },
    };
  }
  const added: Record<string, unknown> = {};
  for (let i = 0; i < properties; i++) added[`p${i}`] = { type: "string" };
  const error = (more: object) => ({
    type: "object",
    properties: { code: { type: "string" }, ...more },
  });
  return {
    base: document(paths, { Error: error({}) }),
    head: document(paths, { Error: error(added) }),
  };
}
