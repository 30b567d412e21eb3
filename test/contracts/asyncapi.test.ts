import { describe, expect, it } from "vitest";
import { diffAsyncApi, isAsyncApi2 } from "../../src/contracts/asyncapi/asyncapi2.js";
import { ASYNCAPI_RULES, type AsyncApiRuleId } from "../../src/contracts/rules.js";
import { breaking, ids } from "./fixtures.js";

const S = { type: "string" };
const payload = (properties: object, required?: string[]) => ({
  type: "object",
  properties,
  ...(required ? { required } : {}),
});

/** An AsyncAPI 2.6 document with the given channels. */
function aa(channels: object, extra: object = {}): Record<string, unknown> {
  return {
    asyncapi: "2.6.0",
    info: { title: "events", version: "1.0.0" },
    defaultContentType: "application/json",
    channels,
    ...extra,
  };
}

/** A channel `user/signedup` whose `action` operation carries one message with `message` fields. */
function channel(action: "subscribe" | "publish", message: object, extra: object = {}): object {
  return { "user/signedup": { [action]: { operationId: "op", message }, ...extra } };
}

const msg = (p: object, extra: object = {}) => ({ name: "UserSignedUp", payload: p, ...extra });

const ROWS: [AsyncApiRuleId, object, object][] = [
  [
    "channel-added",
    aa(channel("subscribe", msg(S))),
    aa({ ...channel("subscribe", msg(S)), other: { subscribe: { message: msg(S) } } }),
  ],
  [
    "channel-removed",
    aa({ ...channel("subscribe", msg(S)), other: { subscribe: { message: msg(S) } } }),
    aa(channel("subscribe", msg(S))),
  ],
  [
    "operation-added",
    aa(channel("subscribe", msg(S))),
    aa({ "user/signedup": { subscribe: { message: msg(S) }, publish: { message: msg(S) } } }),
  ],
  [
    "operation-removed",
    aa({ "user/signedup": { subscribe: { message: msg(S) }, publish: { message: msg(S) } } }),
    aa(channel("subscribe", msg(S))),
  ],
  [
    "message-added",
    aa(channel("subscribe", { oneOf: [msg(S)] })),
    aa(channel("subscribe", { oneOf: [msg(S), { name: "UserDeleted", payload: S }] })),
  ],
  [
    "message-removed",
    aa(channel("subscribe", { oneOf: [msg(S), { name: "UserDeleted", payload: S }] })),
    aa(channel("subscribe", { oneOf: [msg(S)] })),
  ],
  [
    "message-content-type-changed",
    aa(channel("subscribe", msg(S))),
    aa(channel("subscribe", msg(S, { contentType: "application/avro" }))),
  ],
  [
    "message-correlation-id-changed",
    aa(channel("subscribe", msg(S, { correlationId: { location: "$message.header#/id" } }))),
    aa(channel("subscribe", msg(S, { correlationId: { location: "$message.header#/trace" } }))),
  ],
  [
    "message-renamed",
    aa(channel("subscribe", msg(S))),
    aa(channel("subscribe", { ...msg(S), name: "UserRegistered" })),
  ],
  [
    "message-correlation-id-added",
    aa(channel("subscribe", msg(S))),
    aa(channel("subscribe", msg(S, { correlationId: { location: "$message.header#/id" } }))),
  ],
  [
    "message-correlation-id-removed",
    aa(channel("subscribe", msg(S, { correlationId: { location: "$message.header#/id" } }))),
    aa(channel("subscribe", msg(S))),
  ],
  [
    "channel-parameter-renamed",
    aa({ "user/{id}": { parameters: { id: { schema: S } }, subscribe: { message: msg(S) } } }),
    aa({
      "user/{userId}": { parameters: { userId: { schema: S } }, subscribe: { message: msg(S) } },
    }),
  ],
  [
    "payload-unchecked",
    aa(
      channel(
        "subscribe",
        msg(
          { type: "record", fields: [] },
          { schemaFormat: "application/vnd.apache.avro;version=1.9.0" },
        ),
      ),
    ),
    aa(
      channel(
        "subscribe",
        msg(
          { type: "record", fields: [{ name: "a" }] },
          { schemaFormat: "application/vnd.apache.avro;version=1.9.0" },
        ),
      ),
    ),
  ],
  [
    "bindings-changed",
    aa(channel("subscribe", msg(S))),
    aa(channel("subscribe", msg(S), { bindings: { kafka: { topic: "t" } } })),
  ],
  [
    "server-protocol-changed",
    aa({}, { servers: { prod: { url: "broker:9092", protocol: "kafka" } } }),
    aa({}, { servers: { prod: { url: "broker:5672", protocol: "amqp" } } }),
  ],
  [
    "security-requirement-added",
    aa({}, { servers: { prod: { url: "b", protocol: "kafka" } } }),
    aa({}, { servers: { prod: { url: "b", protocol: "kafka", security: [{ sasl: [] }] } } }),
  ],
  [
    "security-requirement-relaxed",
    aa({}, { servers: { prod: { url: "b", protocol: "kafka", security: [{ sasl: [] }] } } }),
    aa({}, { servers: { prod: { url: "b", protocol: "kafka" } } }),
  ],
  [
    "server-changed",
    aa({}, { servers: { prod: { url: "a", protocol: "kafka", protocolVersion: "2" } } }),
    aa({}, { servers: { prod: { url: "a", protocol: "kafka", protocolVersion: "3" } } }),
  ],
  [
    "server-added",
    aa({}, { servers: { prod: { url: "a", protocol: "kafka" } } }),
    aa(
      {},
      { servers: { prod: { url: "a", protocol: "kafka" }, dr: { url: "b", protocol: "kafka" } } },
    ),
  ],
  [
    "server-removed",
    aa(
      {},
      { servers: { prod: { url: "a", protocol: "kafka" }, dr: { url: "b", protocol: "kafka" } } },
    ),
    aa({}, { servers: { prod: { url: "a", protocol: "kafka" } } }),
  ],
  [
    "server-url-changed",
    aa({}, { servers: { prod: { url: "a", protocol: "kafka" } } }),
    aa({}, { servers: { prod: { url: "b", protocol: "kafka" } } }),
  ],
  [
    "server-variable-value-removed",
    aa(
      {},
      {
        servers: {
          prod: {
            url: "a:{port}",
            protocol: "mqtt",
            variables: { port: { enum: ["1883", "8883"] } },
          },
        },
      },
    ),
    aa(
      {},
      {
        servers: {
          prod: { url: "a:{port}", protocol: "mqtt", variables: { port: { enum: ["1883"] } } },
        },
      },
    ),
  ],
  [
    "security-scheme-changed",
    aa({}, { components: { securitySchemes: { key: { type: "apiKey", in: "user" } } } }),
    aa({}, { components: { securitySchemes: { key: { type: "X509" } } } }),
  ],
  ["info-changed", aa({}), { ...aa({}), info: { title: "renamed", version: "1.0.0" } }],
  [
    "documentation-changed",
    aa(channel("subscribe", msg(S, { summary: "a" }))),
    aa(channel("subscribe", msg(S, { summary: "b" }))),
  ],
];

describe("AsyncAPI rules", () => {
  it("the table covers every AsyncAPI rule", () => {
    expect(new Set(ROWS.map(([id]) => id))).toEqual(new Set(Object.keys(ASYNCAPI_RULES)));
  });

  for (const [id, base, head] of ROWS) {
    it(`${id}: ${ASYNCAPI_RULES[id].class}`, () => {
      expect(ids(diffAsyncApi(base, head))).toContain(`${id}:${ASYNCAPI_RULES[id].class}`);
    });
  }
});

describe("payload direction: subscribe is read by clients, publish is sent by them", () => {
  it("a payload property removed from a subscribe operation breaks consumers", () => {
    const changes = diffAsyncApi(
      aa(channel("subscribe", msg(payload({ id: S, email: S })))),
      aa(channel("subscribe", msg(payload({ id: S })))),
    );
    expect(ids(changes)).toEqual(["response-property-removed:breaking"]);
    expect(changes[0]).toMatchObject({
      side: "base",
      pointer: "/channels/user~1signedup/subscribe/message/payload/properties/email",
    });
    expect(changes[0]?.reason).toBe(
      'channel "user/signedup" subscribe message "UserSignedUp" payload: property "email": removed',
    );
  });

  // The message stays, its schema goes: consumers could rely on `id`, now on nothing.
  it("a payload or headers schema removed from a subscribed message breaks consumers", () => {
    const full = msg(payload({ id: S }, ["id"]), { headers: payload({ trace: S }, ["trace"]) });
    const bare = { name: "UserSignedUp" };
    const changes = diffAsyncApi(aa(channel("subscribe", full)), aa(channel("subscribe", bare)));
    expect(ids(changes)).toEqual([
      "response-schema-removed:breaking",
      "response-schema-removed:breaking",
    ]);
    expect(changes.map((c) => c.pointer)).toEqual([
      "/channels/user~1signedup/subscribe/message/payload",
      "/channels/user~1signedup/subscribe/message/headers",
    ]);
    expect(changes[0]).toMatchObject({ side: "base" });
    // Sent by clients: head accepting anything is harmless.
    const sent = diffAsyncApi(aa(channel("publish", full)), aa(channel("publish", bare)));
    expect(breaking(sent)).toBe(false);
  });

  it("a new required payload property breaks producers (publish) but not consumers (subscribe)", () => {
    const before = msg(payload({ id: S }));
    const after = msg(payload({ id: S, email: S }, ["email"]));
    expect(
      ids(diffAsyncApi(aa(channel("publish", before)), aa(channel("publish", after)))),
    ).toEqual(["request-required-property-added:breaking"]);
    expect(
      ids(diffAsyncApi(aa(channel("subscribe", before)), aa(channel("subscribe", after)))),
    ).toEqual(["response-required-property-added:additive"]);
  });

  it("an enum value added to a subscribed payload breaks consumers", () => {
    const e = (values: string[]) => msg(payload({ kind: { type: "string", enum: values } }));
    expect(
      breaking(
        diffAsyncApi(aa(channel("subscribe", e(["a"]))), aa(channel("subscribe", e(["a", "b"])))),
      ),
    ).toBe(true);
    expect(
      breaking(
        diffAsyncApi(aa(channel("publish", e(["a"]))), aa(channel("publish", e(["a", "b"])))),
      ),
    ).toBe(false);
  });

  it("messages and schemas behind components $refs, message headers and traits are followed", () => {
    const doc = (headerType: string) =>
      aa(channel("subscribe", { $ref: "#/components/messages/Signed" }), {
        components: {
          messages: {
            Signed: {
              payload: { $ref: "#/components/schemas/User" },
              traits: [{ $ref: "#/components/messageTraits/Common" }],
            },
          },
          messageTraits: { Common: { headers: payload({ trace: { type: headerType } }) } },
          schemas: { User: payload({ id: S }) },
        },
      });
    const changes = diffAsyncApi(doc("string"), doc("integer"));
    expect(ids(changes)).toEqual(["response-type-changed:breaking"]);
    expect(changes[0]?.pointer).toBe(
      "/components/messageTraits/Common/headers/properties/trace/type",
    );
  });

  it("channel parameters are matched by position and read as requests", () => {
    const doc = (name: string, schema: object) =>
      aa({
        [`user/{${name}}`]: { parameters: { [name]: { schema } }, subscribe: { message: msg(S) } },
      });
    // the same address on the wire: only the name changed, which is worth a patch note
    expect(ids(diffAsyncApi(doc("id", S), doc("userId", S)))).toEqual([
      "channel-parameter-renamed:patch",
    ]);
    expect(ids(diffAsyncApi(doc("id", S), doc("id", { type: "string", maxLength: 8 })))).toEqual([
      "request-constraint-tightened:breaking",
    ]);
  });
});

describe("robustness", () => {
  it("only AsyncAPI 2.x is diffed; anything else gives no changes and no throw", () => {
    expect(isAsyncApi2(aa({}))).toBe(true);
    expect(isAsyncApi2({ asyncapi: "3.0.0" })).toBe(false);
    expect(diffAsyncApi({ asyncapi: "3.0.0", channels: {} }, { asyncapi: "3.0.0" })).toEqual([]);
    expect(diffAsyncApi(null, 42)).toEqual([]);
    expect(
      diffAsyncApi(
        aa({ a: 1, b: { subscribe: 7 } }),
        aa({ a: null, b: { subscribe: { message: [] } } }),
      ),
    ).toBeInstanceOf(Array);
  });

  it("a document compared with a copy of itself has no changes", () => {
    const doc = aa(channel("subscribe", msg(payload({ id: S }))));
    expect(diffAsyncApi(doc, structuredClone(doc))).toEqual([]);
  });
});

describe("traits merge onto what they apply to, the trait winning (as @asyncapi/parser does)", () => {
  const traitHeaders = (required: string[]) => ({
    type: "object",
    properties: { trace: S, tenant: S },
    required,
  });
  /** A subscribed message with headers of its own and a trait that adds more. */
  const doc = (required: string[], action: "subscribe" | "publish" = "publish") =>
    aa(
      channel(
        action,
        msg(S, {
          headers: { type: "object", properties: { own: S } },
          traits: [{ $ref: "#/components/messageTraits/Common" }],
        }),
      ),
      { components: { messageTraits: { Common: { headers: traitHeaders(required) } } } },
    );

  it("a trait header that becomes required is seen even when the message has headers of its own", () => {
    expect(ids(diffAsyncApi(doc([]), doc(["tenant"])))).toContain(
      "request-property-became-required:breaking",
    );
  });

  it("the message's own headers are still compared beside the trait's", () => {
    const head = doc([]);
    const channelNode = (head.channels as Record<string, Record<string, Record<string, unknown>>>)[
      "user/signedup"
    ];
    const message = channelNode?.publish?.message as Record<string, unknown>;
    message.headers = { type: "object", properties: {} };
    expect(ids(diffAsyncApi(doc([]), head))).toContain("request-property-removed:breaking");
  });

  it("an operation trait's binding (MQTT QoS 1 → 0) is read as the operation's", () => {
    const op = (qos: number) =>
      aa(
        {
          "user/signedup": {
            subscribe: { traits: [{ $ref: "#/components/operationTraits/mqtt" }], message: msg(S) },
          },
        },
        { components: { operationTraits: { mqtt: { bindings: { mqtt: { qos } } } } } },
      );
    expect(ids(diffAsyncApi(op(1), op(0)))).toContain("bindings-changed:breaking");
  });
});

describe("operation security (2.4+)", () => {
  it("a first security requirement on an operation is breaking", () => {
    const op = (extra: object) =>
      aa({ "user/signedup": { publish: { message: msg(S), ...extra } } });
    expect(ids(diffAsyncApi(op({}), op({ security: [{ oauth: ["write"] }] })))).toEqual([
      "security-requirement-added:breaking",
    ]);
  });
});

describe("renames that leave the wire alone", () => {
  it("an operation's only message renamed is a patch, and its payload is still compared", () => {
    const base = aa(channel("subscribe", msg(payload({ a: S }))));
    const head = aa(channel("subscribe", { ...msg(payload({})), name: "UserRegistered" }));
    const found = ids(diffAsyncApi(base, head));
    expect(found).toContain("message-renamed:patch");
    expect(found).toContain("response-property-removed:breaking");
    expect(found).not.toContain("message-removed:breaking");
  });

  it("a renamed message among several is still removed + added", () => {
    const two = (name: string) =>
      aa(channel("subscribe", { oneOf: [msg(S), { name, payload: S }] }));
    expect(ids(diffAsyncApi(two("A"), two("B")))).toContain("message-removed:breaking");
  });
});

describe("trait merging on hostile input", () => {
  it("a trait and a message both pointing at a self-referencing schema merge in bounded time", () => {
    const R = { $ref: "#/components/schemas/R" };
    const doc = (required: string[]) =>
      aa(channel("publish", msg(S, { headers: R, traits: [{ headers: R }] })), {
        components: {
          schemas: {
            R: { type: "object", properties: { a: R, b: R, c: R, d: R }, required },
          },
        },
      });
    const started = performance.now();
    expect(ids(diffAsyncApi(doc([]), doc(["a"])))).toContain(
      "request-property-became-required:breaking",
    );
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
