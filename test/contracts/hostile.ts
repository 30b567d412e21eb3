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

/**
 * Issue 14 item 1: AsyncAPI 2.x where `channels` channels all subscribe to one `oneOf` of
 * `channels` messages behind a `$ref`, each message's payload type changing: a differ that compares
 * the shared list once per operation does channels × messages work for a document of
 * channels + messages.
 */
export function sharedMessageList(channels: number): { base: unknown; head: unknown } {
  const side = (type: string) => {
    const messages: Record<string, unknown> = {};
    for (let i = 0; i < channels; i++)
      messages[`m${i}`] = {
        name: `m${i}`,
        payload: { type: "object", properties: { a: { type } } },
      };
    messages.All = {
      oneOf: Object.keys(messages).map((name) => ({ $ref: `#/components/messages/${name}` })),
    };
    const items: Record<string, unknown> = {};
    for (let i = 0; i < channels; i++)
      items[`c${i}`] = { subscribe: { message: { $ref: "#/components/messages/All" } } };
    return {
      asyncapi: "2.6.0",
      info: { title: "t", version: "1" },
      channels: items,
      components: { messages },
    };
  };
  return { base: side("string"), head: side("integer") };
}

/**
 * The same in AsyncAPI 3.0 without any `$ref`: `operations` operations on one channel of as many
 * messages, none listing its messages (so each carries all of the channel's), one message's
 * payload type changing.
 */
export function allChannelMessages(operations: number): { base: unknown; head: unknown } {
  const side = (type: string) => {
    const messages: Record<string, unknown> = {};
    for (let i = 0; i < operations; i++)
      messages[`m${i}`] = { payload: { type: i === 0 ? type : "string" } };
    const ops: Record<string, unknown> = {};
    for (let i = 0; i < operations; i++)
      ops[`op${i}`] = { action: "send", channel: { $ref: "#/channels/c" } };
    return {
      asyncapi: "3.0.0",
      info: { title: "t", version: "1" },
      channels: { c: { address: "c", messages } },
      operations: ops,
    };
  };
  return { base: side("string"), head: side("integer") };
}
