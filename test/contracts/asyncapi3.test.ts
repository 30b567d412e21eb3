import { describe, expect, it } from "vitest";
import { checkSources } from "../../src/check.js";
import { diffAsyncApi } from "../../src/contracts/asyncapi/asyncapi2.js";
import {
  diffAsyncApiDocuments as diff,
  isAsyncApi,
  isAsyncApi3,
} from "../../src/contracts/asyncapi/asyncapi3.js";
import { ASYNCAPI_RULES, type AsyncApiRuleId } from "../../src/contracts/rules.js";
import { doc, event, NOW, side } from "../helpers.js";
import { ids } from "./fixtures.js";
import { allChannelMessages, sharedMessageList } from "./hostile.js";

type Obj = Record<string, unknown>;
const S = { type: "string" };
const payload = (properties: object, required?: string[]) => ({
  type: "object",
  properties,
  ...(required ? { required } : {}),
});
const ref = (to: string) => ({ $ref: to });

/** An AsyncAPI 3.0 document with the given top-level fields. */
function aa(extra: Obj = {}): Obj {
  return {
    asyncapi: "3.0.0",
    info: { title: "events", version: "1.0.0" },
    defaultContentType: "application/json",
    ...extra,
  };
}

interface One {
  channel?: Obj;
  op?: Obj;
  extra?: Obj;
}

/**
 * Channel `user` at address `user/signedup` with the one message `UserSignedUp`, and operation
 * `op` doing `action` on it with that message.
 */
function one(action: "send" | "receive", message: object, { channel, op, extra }: One = {}): Obj {
  return aa({
    channels: {
      user: { address: "user/signedup", messages: { UserSignedUp: message }, ...channel },
    },
    operations: {
      op: {
        action,
        channel: ref("#/channels/user"),
        messages: [ref("#/channels/user/messages/UserSignedUp")],
        ...op,
      },
    },
    ...extra,
  });
}

const msg = (p: object, extra: object = {}) => ({ payload: p, ...extra });
const twoMessages = (second?: string) =>
  aa({
    channels: {
      user: {
        address: "user/signedup",
        messages: { UserSignedUp: msg(S), ...(second ? { [second]: msg(S) } : {}) },
      },
    },
    operations: {
      op: {
        action: "send",
        channel: ref("#/channels/user"),
        messages: [
          ref("#/channels/user/messages/UserSignedUp"),
          ...(second ? [ref(`#/channels/user/messages/${second}`)] : []),
        ],
      },
    },
  });
const server = (s: Obj, extra: Obj = {}) => aa({ servers: { prod: s }, ...extra });
const kafka = { host: "broker:9092", protocol: "kafka" };
const avro = (fields: object[]) =>
  msg({
    schemaFormat: "application/vnd.apache.avro;version=1.9.0",
    schema: { type: "record", fields },
  });
const correlated = (location: string) => msg(S, { correlationId: { location } });

/** {@link one} and a second channel `other`. */
const withOther = () => {
  const d = one("send", msg(S));
  return { ...d, channels: { ...(d.channels as Obj), other: { address: "o", messages: {} } } };
};
/** {@link one} and a second operation receiving on the same channel. */
const withListener = () => {
  const d = one("send", msg(S));
  const listen = { action: "receive", channel: ref("#/channels/user") };
  return { ...d, operations: { ...(d.operations as Obj), listen } };
};

const ROWS: [AsyncApiRuleId, Obj, Obj][] = [
  ["channel-added", one("send", msg(S)), withOther()],
  ["channel-removed", withOther(), one("send", msg(S))],
  ["operation-added", one("send", msg(S)), withListener()],
  ["operation-removed", withListener(), one("send", msg(S))],
  ["message-added", twoMessages(), twoMessages("UserDeleted")],
  ["message-removed", twoMessages("UserDeleted"), twoMessages()],
  [
    "message-content-type-changed",
    one("send", msg(S)),
    one("send", msg(S, { contentType: "application/avro" })),
  ],
  [
    "message-renamed",
    one("send", msg(S)),
    aa({
      channels: { user: { address: "user/signedup", messages: { UserRegistered: msg(S) } } },
      operations: {
        op: {
          action: "send",
          channel: ref("#/channels/user"),
          messages: [ref("#/channels/user/messages/UserRegistered")],
        },
      },
    }),
  ],
  [
    "message-correlation-id-added",
    one("send", msg(S)),
    one("send", correlated("$message.header#/id")),
  ],
  [
    "message-correlation-id-removed",
    one("send", correlated("$message.header#/id")),
    one("send", msg(S)),
  ],
  [
    "message-correlation-id-changed",
    one("send", correlated("$message.header#/id")),
    one("send", correlated("$message.header#/trace")),
  ],
  [
    "channel-parameter-renamed",
    one("send", msg(S), { channel: { address: "user/{id}", parameters: { id: {} } } }),
    one("send", msg(S), { channel: { address: "user/{userId}", parameters: { userId: {} } } }),
  ],
  ["payload-unchecked", one("send", avro([])), one("send", avro([{ name: "a" }]))],
  [
    "bindings-changed",
    one("send", msg(S)),
    one("send", msg(S), { op: { bindings: { kafka: { groupId: "g" } } } }),
  ],
  [
    "server-added",
    server(kafka),
    aa({ servers: { prod: kafka, dr: { ...kafka, host: "dr:9092" } } }),
  ],
  [
    "server-removed",
    aa({ servers: { prod: kafka, dr: { ...kafka, host: "dr:9092" } } }),
    server(kafka),
  ],
  ["server-url-changed", server(kafka), server({ ...kafka, host: "broker:9093" })],
  [
    "server-variable-value-removed",
    server({ host: "a:{port}", protocol: "mqtt", variables: { port: { enum: ["1883", "8883"] } } }),
    server({ host: "a:{port}", protocol: "mqtt", variables: { port: { enum: ["1883"] } } }),
  ],
  ["server-protocol-changed", server(kafka), server({ host: "broker:5672", protocol: "amqp" })],
  [
    "security-requirement-added",
    server(kafka, { components: { securitySchemes: { sasl: { type: "scramSha256" } } } }),
    server(
      { ...kafka, security: [ref("#/components/securitySchemes/sasl")] },
      { components: { securitySchemes: { sasl: { type: "scramSha256" } } } },
    ),
  ],
  [
    "security-requirement-relaxed",
    server({ ...kafka, security: [{ type: "scramSha256" }] }),
    server({ ...kafka, security: [{ type: "scramSha256" }, { type: "plain" }] }),
  ],
  [
    "security-scheme-changed",
    aa({ components: { securitySchemes: { key: { type: "apiKey", in: "user" } } } }),
    aa({ components: { securitySchemes: { key: { type: "X509" } } } }),
  ],
  [
    "server-changed",
    server({ ...kafka, protocolVersion: "2" }),
    server({ ...kafka, protocolVersion: "3" }),
  ],
  ["info-changed", aa(), aa({ info: { title: "renamed", version: "1.0.0" } })],
  [
    "documentation-changed",
    one("send", msg(S), { op: { summary: "a" } }),
    one("send", msg(S), { op: { summary: "b" } }),
  ],
];

describe("AsyncAPI 3.0 rules: every 2.x change id, found in 3.0 documents", () => {
  it("the table covers every AsyncAPI rule", () => {
    expect(new Set(ROWS.map(([id]) => id))).toEqual(new Set(Object.keys(ASYNCAPI_RULES)));
  });

  for (const [id, base, head] of ROWS) {
    it(`${id}: ${ASYNCAPI_RULES[id].class}`, () => {
      expect(ids(diff(base, head))).toContain(`${id}:${ASYNCAPI_RULES[id].class}`);
    });
  }
});

describe("direction: send is received by clients, receive is sent by them", () => {
  it("a payload property removed from a sent message breaks consumers, at its 3.0 pointer", () => {
    const changes = diff(
      one("send", msg(payload({ id: S, email: S }))),
      one("send", msg(payload({ id: S }))),
    );
    expect(ids(changes)).toEqual(["response-property-removed:breaking"]);
    expect(changes[0]).toMatchObject({
      side: "base",
      pointer: "/channels/user/messages/UserSignedUp/payload/properties/email",
    });
    expect(changes[0]?.reason).toBe(
      'operation "op" message "UserSignedUp" payload: property "email": removed',
    );
  });

  it("a new required property breaks producers (receive) but not consumers (send)", () => {
    const before = msg(payload({ id: S }));
    const after = msg(payload({ id: S, email: S }, ["email"]));
    expect(ids(diff(one("receive", before), one("receive", after)))).toEqual([
      "request-required-property-added:breaking",
    ]);
    expect(ids(diff(one("send", before), one("send", after)))).toEqual([
      "response-required-property-added:additive",
    ]);
  });

  it("an operation that lists no messages carries all of its channel's", () => {
    const doc = (extra: Obj) =>
      aa({
        channels: { user: { address: "u", messages: { A: msg(S), ...extra } } },
        operations: { op: { action: "send", channel: ref("#/channels/user") } },
      });
    const changes = diff(doc({}), doc({ B: msg(S) }));
    expect(ids(changes)).toEqual(["message-added:additive"]);
    expect(changes[0]?.pointer).toBe("/channels/user/messages/B");
  });

  it("a reply travels the other way: the reply to a sent request is sent by clients", () => {
    const doc = (required?: string[]) =>
      aa({
        channels: {
          ask: { address: "ask", messages: { Q: msg(S) } },
          answer: { address: "answer", messages: { A: msg(payload({ ok: S }, required)) } },
        },
        operations: {
          ask: {
            action: "send",
            channel: ref("#/channels/ask"),
            reply: { channel: ref("#/channels/answer") },
          },
        },
      });
    const changes = diff(doc(), doc(["ok"]));
    expect(ids(changes)).toEqual(["request-property-became-required:breaking"]);
    expect(changes[0]?.reason).toContain('operation "ask" reply message "A"');
  });

  it("channels match by address, operations by channel and action: renaming keys changes nothing", () => {
    const renamed = aa({
      channels: { users: { address: "user/signedup", messages: { UserSignedUp: msg(S) } } },
      operations: {
        publishSignUp: {
          action: "send",
          channel: ref("#/channels/users"),
          messages: [ref("#/channels/users/messages/UserSignedUp")],
        },
      },
    });
    expect(diff(one("send", msg(S)), renamed)).toEqual([]);
  });

  it("an operation turned from send to receive is one removed and one added", () => {
    expect(ids(diff(one("send", msg(S)), one("receive", msg(S))))).toEqual([
      "operation-removed:breaking",
      "operation-added:additive",
    ]);
  });

  it("references through components, and channels that are references, are followed", () => {
    const doc = (type: string) =>
      aa({
        channels: { user: ref("#/components/channels/user") },
        operations: { op: ref("#/components/operations/op") },
        components: {
          channels: {
            user: { address: "u", messages: { M: ref("#/components/messages/M") } },
          },
          operations: {
            op: {
              action: "send",
              channel: ref("#/channels/user"),
              messages: [ref("#/channels/user/messages/M")],
            },
          },
          messages: { M: msg(ref("#/components/schemas/User")) },
          schemas: { User: payload({ id: { type } }) },
        },
      });
    const changes = diff(doc("string"), doc("integer"));
    expect(ids(changes)).toEqual(["response-type-changed:breaking"]);
    expect(changes[0]?.pointer).toBe("/components/schemas/User/properties/id/type");
  });

  it("a channel parameter's enum is read as a request: a value removed breaks clients", () => {
    const doc = (values: string[]) =>
      one("send", msg(S), {
        channel: { address: "user/{region}", parameters: { region: { enum: values } } },
      });
    const changes = diff(doc(["eu", "us"]), doc(["eu"]));
    expect(ids(changes)).toEqual(["request-enum-value-removed:breaking"]);
    expect(changes[0]?.pointer).toBe("/channels/user/parameters/region/enum");
  });
});

describe("operation security, asked on top of the server's", () => {
  const secured = (...security: object[]) =>
    one("send", msg(S), {
      op: security.length > 0 ? { security } : {},
      extra: { components: { securitySchemes: { oauth: { type: "oauth2", flows: {} } } } },
    });
  const oauth = () => ref("#/components/securitySchemes/oauth");

  it("a first scheme on an operation locks out its clients, at the operation's security", () => {
    const changes = diff(secured(), secured(oauth()));
    expect(ids(changes)).toEqual(["security-requirement-added:breaking"]);
    expect(changes[0]?.pointer).toBe("/operations/op/security");
  });

  it("a scope more on an inline scheme is breaking; one more alternative relaxes", () => {
    const inline = (scopes: string[]) => ({ type: "oauth2", flows: {}, scopes });
    expect(ids(diff(secured(inline(["a"])), secured(inline(["a", "b"]))))).toEqual([
      "security-requirement-added:breaking",
    ]);
    expect(ids(diff(secured(oauth()), secured(oauth(), { type: "X509" })))).toEqual([
      "security-requirement-relaxed:additive",
    ]);
  });
});

describe("3.0 traits: the object wins over its traits", () => {
  const withTrait = (traitType: string, own: object = {}) =>
    one("send", msg(S, { traits: [ref("#/components/messageTraits/T")], ...own }), {
      extra: { components: { messageTraits: { T: { contentType: traitType } } } },
    });

  it("a trait's value the message overrides is not what travels", () => {
    const own = { contentType: "application/json" };
    expect(diff(withTrait("application/xml", own), withTrait("text/plain", own))).toEqual([]);
  });

  it("a trait's value the message does not set is what travels", () => {
    expect(ids(diff(withTrait("application/xml"), withTrait("text/plain")))).toEqual([
      "message-content-type-changed:breaking",
    ]);
  });

  it("trait headers and the message's own headers merge: a trait header becoming required is seen", () => {
    const doc = (required: string[]) =>
      one(
        "receive",
        msg(S, {
          headers: payload({ own: S }),
          traits: [{ headers: { type: "object", properties: { tenant: S }, required } }],
        }),
      );
    expect(ids(diff(doc([]), doc(["tenant"])))).toContain(
      "request-property-became-required:breaking",
    );
  });
});

describe("multi-format payloads", () => {
  it("a JSON Schema inside a Multi Format Schema Object is compared, at its pointer", () => {
    const doc = (p: object) =>
      one("send", {
        payload: { schemaFormat: "application/schema+json;version=draft-07", schema: p },
      });
    const changes = diff(doc(payload({ a: S, b: S })), doc(payload({ a: S })));
    expect(ids(changes)).toEqual(["response-property-removed:breaking"]);
    expect(changes[0]?.pointer).toBe(
      "/channels/user/messages/UserSignedUp/payload/schema/properties/b",
    );
  });
});

describe("across majors: a 2.x document migrated to 3.0", () => {
  const v2 = {
    asyncapi: "2.6.0",
    info: { title: "events", version: "1.0.0" },
    defaultContentType: "application/json",
    servers: { prod: { url: "broker:9092", protocol: "kafka" } },
    channels: {
      "user/{id}": {
        parameters: { id: { schema: S } },
        subscribe: { message: { $ref: "#/components/messages/UserSignedUp" } },
      },
    },
    components: { messages: { UserSignedUp: { payload: payload({ id: S }) } } },
  };
  const v3 = (properties: object) =>
    aa({
      servers: { prod: { host: "broker:9092", protocol: "kafka" } },
      channels: {
        user: {
          address: "user/{id}",
          parameters: { id: {} },
          messages: { UserSignedUp: ref("#/components/messages/UserSignedUp") },
        },
      },
      operations: { onUser: { action: "send", channel: ref("#/channels/user") } },
      components: { messages: { UserSignedUp: { payload: payload(properties) } } },
    });

  it("the same channels, operations and messages are no contract change", () => {
    expect(ids(diff(v2, v3({ id: S })))).toEqual([]);
  });

  it("a payload change made while migrating is still found", () => {
    expect(ids(diff(v2, v3({})))).toEqual(["response-property-removed:breaking"]);
  });
});

describe("robustness", () => {
  it("recognises 3.x by content; the 2.x differ alone still gives nothing for it", () => {
    expect(isAsyncApi3(aa())).toBe(true);
    expect(isAsyncApi3({ asyncapi: 3 })).toBe(false);
    expect(isAsyncApi({ asyncapi: "1.2.0" })).toBe(false);
    expect(diffAsyncApi(aa(), aa({ info: { title: "x" } }))).toEqual([]);
    expect(diff(aa(), { asyncapi: "1.2.0" })).toEqual([]);
  });

  it("a document compared with a copy of itself has no changes", () => {
    const d = one("send", msg(payload({ id: S })), {
      op: { reply: { channel: ref("#/channels/user") } },
    });
    expect(diff(d, structuredClone(d))).toEqual([]);
  });

  it("survives odd values anywhere in a 3.0 document", () => {
    const base = one("send", msg(payload({ a: S }), { traits: [{ headers: S }] }), {
      channel: { address: "u/{id}", parameters: { id: ref("#/components/parameters/id") } },
      op: { reply: { channel: ref("#/channels/user"), messages: [ref("#/nowhere")] } },
      extra: {
        servers: { s: { host: "h", protocol: "kafka", security: [ref("#/x"), { type: "a" }] } },
        components: { parameters: { id: { enum: ["a"] } } },
      },
    });
    const odd: unknown[] = [
      null,
      0,
      "",
      "x",
      true,
      [],
      {},
      ref("#/nowhere"),
      ref("#"),
      { $ref: 5 },
    ];
    let seed = 7;
    const random = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    for (let i = 0; i < 300; i++) {
      const copy = structuredClone(base);
      const places: [Obj | unknown[], string | number][] = [];
      const walk = (node: unknown): void => {
        if (node && typeof node === "object")
          for (const [k, v] of Object.entries(node)) {
            places.push([node as Obj, Array.isArray(node) ? Number(k) : k]);
            walk(v);
          }
      };
      walk(copy);
      const place = places[Math.floor(random() * places.length)]!;
      (place[0] as Record<string | number, unknown>)[place[1]] =
        odd[Math.floor(random() * odd.length)];
      expect(() => diff(base, copy), JSON.stringify(copy)).not.toThrow();
      expect(() => diff(copy, base), JSON.stringify(copy)).not.toThrow();
    }
  });
});

describe("message lists many operations share are compared once (bench/contracts/attacks.ts)", () => {
  it("2.x: a oneOf behind one $ref, used by every channel: each message change once, at its message", () => {
    const { base, head } = sharedMessageList(50);
    const changes = diff(base, head);
    expect(changes).toHaveLength(50);
    expect(new Set(changes.map((c) => c.pointer)).size).toBe(50);
    expect(changes[0]).toMatchObject({
      id: "response-type-changed",
      pointer: "/components/messages/m0/payload/properties/a/type",
    });
  });

  it("3.0: operations that list no messages all carry the channel's; a change is found once", () => {
    const { base, head } = allChannelMessages(50);
    expect(ids(diff(base, head))).toEqual(["response-type-changed:breaking"]);
  });
});

describe("through check(): an AsyncAPI 3.0 file listed as `custom`", () => {
  const yaml = (extra: string) => `asyncapi: 3.0.0
info:
  title: Users
  version: 1.0.0
channels:
  user:
    address: user/signedup
    messages:
      UserSignedUp:
        payload:
          type: object
          properties:
            id:
              type: string
${extra}operations:
  onSignUp:
    action: send
    channel:
      $ref: '#/channels/user'
`;
  const email = `            email:
              type: string
`;

  it("is diffed by content, its findings located on the lines of the 3.0 file", () => {
    const entity = (version: string) =>
      event("users", {
        version,
        resourceDefinitions: [
          {
            type: "custom",
            customType: "sap.xref:asyncapi-v3:v1",
            mediaType: "application/yaml",
            url: "users.yaml",
          },
        ],
      });
    const report = checkSources(
      {
        base: side(
          { "ord.json": doc({ eventResources: [entity("1.0.0")] }) },
          {
            "users.yaml": yaml(email),
          },
        ),
        head: side(
          { "ord.json": doc({ eventResources: [entity("1.0.1")] }) },
          {
            "users.yaml": yaml(""),
          },
        ),
      },
      { now: NOW },
    );
    const [entityReport] = report.entities;
    expect(entityReport?.changeLevel).toBe("breaking");
    const change = entityReport?.changes.find((c) => c.source === "definition");
    expect(change).toMatchObject({ class: "breaking", location: { file: "users.yaml", line: 15 } });
    expect(change?.reason).toContain("(response-property-removed)");
    expect(report.findings.some((f) => f.ruleId === "definition-unchecked")).toBe(false);
  });
});
