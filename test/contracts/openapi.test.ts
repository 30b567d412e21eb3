import { describe, expect, it } from "vitest";
import { diffOpenApi, isOpenApi } from "../../src/contracts/openapi/openapi.js";
import { OPENAPI_RULES, type OpenApiRuleId } from "../../src/contracts/rules.js";
import { api, ids, params } from "./fixtures.js";

const S = { type: "string" };
const ok = { "200": { description: "ok" } };
const op = (extra: object = {}) => ({ responses: ok, ...extra });
const q = (name: string, extra: object = {}) => ({ in: "query", name, schema: S, ...extra });
const body = (required: boolean, types = ["application/json"]) => ({
  requestBody: { required, content: Object.fromEntries(types.map((t) => [t, { schema: S }])) },
});
const res = (code: string, types: string[] = [], headers: object = {}) => ({
  responses: {
    [code]: {
      description: "ok",
      content: Object.fromEntries(types.map((t) => [t, { schema: S }])),
      headers,
    },
  },
});
const v31 = (extra: object) => ({ ...api({}), openapi: "3.1.0", ...extra });
const hook = (name: string) => ({ webhooks: { [name]: { post: op() } } });
const callback = (expr: string) => ({ callbacks: { onEvent: { [expr]: { post: op() } } } });
const scheme = (type: string) => ({
  components: {
    schemas: {},
    securitySchemes: { key: { type, in: "header", name: "X-Key", scheme: "bearer" } },
  },
});

/** One row per OpenAPI rule: base and head documents that differ by that rule. */
const ROWS: [OpenApiRuleId, object, object][] = [
  ["operation-added", api({ "/a": { get: op() } }), api({ "/a": { get: op(), post: op() } })],
  ["operation-removed", api({ "/a": { get: op(), post: op() } }), api({ "/a": { get: op() } })],
  [
    "deprecated-operation-removed",
    api({ "/a": { get: op(), post: op({ deprecated: true }) } }),
    api({ "/a": { get: op() } }),
  ],
  [
    "operation-deprecated",
    api({ "/a": { get: op() } }),
    api({ "/a": { get: op({ deprecated: true }) } }),
  ],
  [
    "operation-reactivated",
    api({ "/a": { get: op({ deprecated: true }) } }),
    api({ "/a": { get: op() } }),
  ],
  ["webhook-added", v31(hook("a")), v31({ webhooks: { a: { post: op() }, b: { post: op() } } })],
  ["webhook-removed", v31({ webhooks: { a: { post: op() }, b: { post: op() } } }), v31(hook("a"))],
  [
    "callback-added",
    api({ "/a": { post: op() } }),
    api({ "/a": { post: op(callback("{$request.body#/url}")) } }),
  ],
  [
    "callback-removed",
    api({ "/a": { post: op(callback("{$request.body#/url}")) } }),
    api({ "/a": { post: op() } }),
  ],
  [
    "parameter-added-required",
    api(params(q("a"))),
    api(params(q("a"), q("b", { required: true }))),
  ],
  ["parameter-added-optional", api(params(q("a"))), api(params(q("a"), q("b")))],
  ["parameter-removed", api(params(q("a"), q("b"))), api(params(q("a")))],
  [
    "deprecated-parameter-removed",
    api(params(q("a"), q("b", { deprecated: true }))),
    api(params(q("a"))),
  ],
  ["parameter-became-required", api(params(q("a"))), api(params(q("a", { required: true })))],
  ["parameter-became-optional", api(params(q("a", { required: true }))), api(params(q("a")))],
  ["parameter-deprecated", api(params(q("a"))), api(params(q("a", { deprecated: true })))],
  [
    "parameter-serialization-changed",
    api(params(q("a"))),
    api(params(q("a", { style: "pipeDelimited" }))),
  ],
  [
    "parameter-renamed",
    api({
      "/a/{id}": {
        get: op({ parameters: [{ in: "path", name: "id", required: true, schema: S }] }),
      },
    }),
    api({
      "/a/{key}": {
        get: op({ parameters: [{ in: "path", name: "key", required: true, schema: S }] }),
      },
    }),
  ],
  [
    "request-body-added-required",
    api({ "/a": { post: op() } }),
    api({ "/a": { post: op(body(true)) } }),
  ],
  [
    "request-body-added-optional",
    api({ "/a": { post: op() } }),
    api({ "/a": { post: op(body(false)) } }),
  ],
  ["request-body-removed", api({ "/a": { post: op(body(false)) } }), api({ "/a": { post: op() } })],
  [
    "request-body-became-required",
    api({ "/a": { post: op(body(false)) } }),
    api({ "/a": { post: op(body(true)) } }),
  ],
  [
    "request-body-became-optional",
    api({ "/a": { post: op(body(true)) } }),
    api({ "/a": { post: op(body(false)) } }),
  ],
  [
    "request-media-type-added",
    api({ "/a": { post: op(body(true)) } }),
    api({ "/a": { post: op(body(true, ["application/json", "text/csv"])) } }),
  ],
  [
    "request-media-type-removed",
    api({ "/a": { post: op(body(true, ["application/json", "text/csv"])) } }),
    api({ "/a": { post: op(body(true)) } }),
  ],
  [
    "success-response-removed",
    api({ "/a": { get: { responses: { "200": {}, "201": {} } } } }),
    api({ "/a": { get: { responses: { "200": {} } } } }),
  ],
  [
    "response-removed",
    api({ "/a": { get: { responses: { "200": {}, "404": {} } } } }),
    api({ "/a": { get: { responses: { "200": {} } } } }),
  ],
  [
    "response-added",
    api({ "/a": { get: { responses: { "200": {} } } } }),
    api({ "/a": { get: { responses: { "200": {}, "404": {} } } } }),
  ],
  [
    "response-media-type-added",
    api({ "/a": { get: res("200", ["application/json"]) } }),
    api({ "/a": { get: res("200", ["application/json", "application/xml"]) } }),
  ],
  [
    "response-media-type-removed",
    api({ "/a": { get: res("200", ["application/json", "application/xml"]) } }),
    api({ "/a": { get: res("200", ["application/json"]) } }),
  ],
  [
    "response-header-added",
    api({ "/a": { get: res("200") } }),
    api({ "/a": { get: res("200", [], { "X-Rate": { schema: S } }) } }),
  ],
  [
    "response-header-removed",
    api({ "/a": { get: res("200", [], { "X-Rate": { schema: S } }) } }),
    api({ "/a": { get: res("200") } }),
  ],
  [
    "response-header-became-optional",
    api({ "/a": { get: res("200", [], { "X-Rate": { schema: S, required: true } }) } }),
    api({ "/a": { get: res("200", [], { "X-Rate": { schema: S } }) } }),
  ],
  [
    "response-header-became-required",
    api({ "/a": { get: res("200", [], { "X-Rate": { schema: S } }) } }),
    api({ "/a": { get: res("200", [], { "X-Rate": { schema: S, required: true } }) } }),
  ],
  [
    "security-requirement-added",
    api({ "/a": { get: op() } }),
    api({ "/a": { get: op({ security: [{ key: [] }] }) } }),
  ],
  [
    "security-requirement-relaxed",
    api({ "/a": { get: op({ security: [{ key: [] }] }) } }),
    api({ "/a": { get: op({ security: [{ key: [] }, {}] }) } }),
  ],
  ["security-scheme-changed", api({}, {}, scheme("apiKey")), api({}, {}, scheme("http"))],
  [
    "operation-id-changed",
    api({ "/a": { get: op({ operationId: "a" }) } }),
    api({ "/a": { get: op({ operationId: "b" }) } }),
  ],
  [
    "server-changed",
    api({}, {}, { servers: [{ url: "https://a" }] }),
    api({}, {}, { servers: [{ url: "https://b" }] }),
  ],
  ["info-changed", api({}), { ...api({}), info: { title: "renamed", version: "1.0.0" } }],
  [
    "documentation-changed",
    api({ "/a": { get: op({ summary: "a" }) } }),
    api({ "/a": { get: op({ summary: "b" }) } }),
  ],
];

describe("OpenAPI rules", () => {
  it("the table covers every OpenAPI rule", () => {
    expect(new Set(ROWS.map(([id]) => id))).toEqual(new Set(Object.keys(OPENAPI_RULES)));
  });

  for (const [id, base, head] of ROWS) {
    it(`${id}: ${OPENAPI_RULES[id].class}`, () => {
      const changes = diffOpenApi(base, head);
      expect(ids(changes)).toContain(`${id}:${OPENAPI_RULES[id].class}`);
      const change = changes.find((c) => c.id === id);
      expect(change?.kind).toBe(OPENAPI_RULES[id].kind);
      expect(change?.reason.length).toBeGreaterThan(5);
    });
  }
});

describe("what the report needs: reason, pointer, side", () => {
  it("a removed path points into base", () => {
    const [change] = diffOpenApi(
      api({ "/a": { get: op() }, "/stars/{id}": { get: op() } }),
      api({ "/a": { get: op() } }),
    );
    expect(change).toEqual({
      id: "operation-removed",
      class: "breaking",
      kind: "removed",
      reason: "GET /stars/{id}: removed",
      pointer: "/paths/~1stars~1{id}/get",
      side: "base",
    });
  });

  it("a new required parameter points into head and names the operation", () => {
    const [change] = diffOpenApi(api(params()), api(params(q("limit", { required: true }))));
    expect(change).toMatchObject({
      id: "parameter-added-required",
      side: "head",
      pointer: "/paths/~1things/get/parameters/0",
    });
    expect(change?.reason).toBe('GET /things: required query parameter "limit" added');
  });

  it("info.version alone is no contract change; a document compared with a copy of itself has none", () => {
    const doc = api(params(q("a")));
    expect(diffOpenApi(doc, { ...doc, info: { title: "t", version: "2.0.0" } })).toEqual([]);
    expect(diffOpenApi(doc, structuredClone(doc))).toEqual([]);
  });

  it("path-level parameters apply to every operation, and an operation's own one wins", () => {
    const base = api({
      "/a": {
        parameters: [q("p")],
        get: op(),
        post: op({ parameters: [q("p", { required: true })] }),
      },
    });
    const head = api({
      "/a": {
        parameters: [q("p", { required: true })],
        get: op(),
        post: op({ parameters: [q("p", { required: true })] }),
      },
    });
    expect(diffOpenApi(base, head).map((c) => c.reason)).toEqual([
      'GET /a query parameter "p": became required',
    ]);
  });

  it("header parameters match case-insensitively", () => {
    const h = (name: string) => ({ in: "header", name, schema: S });
    expect(diffOpenApi(api(params(h("X-Trace"))), api(params(h("x-trace"))))).toEqual([]);
  });
});

describe("security as alternatives", () => {
  const sec = (security?: object[]) => api({ "/a": { get: op(security ? { security } : {}) } });

  it.each([
    ["a first requirement on an open operation", undefined, [{ key: [] }], "breaking"],
    ["a new scope", [{ oauth: ["read"] }], [{ oauth: ["read", "write"] }], "breaking"],
    ["a second scheme required together", [{ key: [] }], [{ key: [], oauth: [] }], "breaking"],
    ["an extra alternative", [{ key: [] }], [{ key: [] }, { oauth: [] }], "additive"],
    ["security dropped", [{ key: [] }], [], "additive"],
  ] as const)("%s is %s", (_, base, head, cls) => {
    const [change] = diffOpenApi(
      sec(base as object[] | undefined),
      sec(head as unknown as object[]),
    );
    expect(change?.class).toBe(cls);
  });

  // The attack: the requirement stays `[{ oauth: [] }]`, so only the scheme tells that clients
  // built for one flow, or configured with one token URL, can no longer get a token.
  const oauth = (components: object, swagger = false) =>
    swagger
      ? {
          swagger: "2.0",
          info: { title: "t", version: "1" },
          paths: {},
          securityDefinitions: components,
        }
      : { ...api({}), components: { schemas: {}, securitySchemes: components } };
  const CLIENT = { tokenUrl: "https://id.example.com/token", scopes: {} };
  it.each([
    [
      "an OAuth flow replaced by another",
      oauth({ o: { type: "oauth2", flows: { clientCredentials: CLIENT } } }),
      oauth({
        o: {
          type: "oauth2",
          flows: { authorizationCode: { ...CLIENT, authorizationUrl: "https://id.example.com/a" } },
        },
      }),
    ],
    [
      "a token URL moved",
      oauth({ o: { type: "oauth2", flows: { clientCredentials: CLIENT } } }),
      oauth({
        o: { type: "oauth2", flows: { clientCredentials: { ...CLIENT, tokenUrl: "https://t" } } },
      }),
    ],
    [
      "a Swagger 2.0 flow changed",
      oauth(
        { o: { type: "oauth2", flow: "application", tokenUrl: "https://t", scopes: {} } },
        true,
      ),
      oauth(
        {
          o: {
            type: "oauth2",
            flow: "accessCode",
            authorizationUrl: "https://a",
            tokenUrl: "https://t",
            scopes: {},
          },
        },
        true,
      ),
    ],
    [
      "an OpenID Connect URL changed",
      oauth({ o: { type: "openIdConnect", openIdConnectUrl: "https://a/.well-known" } }),
      oauth({ o: { type: "openIdConnect", openIdConnectUrl: "https://b/.well-known" } }),
    ],
  ])("%s is security-scheme-changed, breaking", (_, base, head) => {
    expect(ids(diffOpenApi(base, head))).toContain("security-scheme-changed:breaking");
  });

  it("a flow added beside the one clients use is no change of the scheme", () => {
    const flows = (more: object) =>
      oauth({ o: { type: "oauth2", flows: { clientCredentials: CLIENT, ...more } } });
    expect(ids(diffOpenApi(flows({}), flows({ password: CLIENT })))).toEqual([]);
  });

  it("global security is inherited, and an operation's empty list opts out", () => {
    const doc = (global: object[], own?: object[]) => ({
      ...api({ "/a": { get: op(own ? { security: own } : {}) } }),
      security: global,
    });
    expect(diffOpenApi(doc([]), doc([{ key: [] }]))[0]?.id).toBe("security-requirement-added");
    expect(diffOpenApi(doc([], []), doc([{ key: [] }], []))).toEqual([]);
  });
});

describe("webhooks and callbacks are read with the directions swapped", () => {
  it("a property removed from a webhook payload breaks the client that receives it", () => {
    const doc = (props: object) =>
      v31({
        webhooks: {
          ev: {
            post: {
              requestBody: {
                content: { "application/json": { schema: { type: "object", properties: props } } },
              },
              responses: ok,
            },
          },
        },
      });
    expect(ids(diffOpenApi(doc({ a: S, b: S }), doc({ a: S })))).toEqual([
      "response-property-removed:breaking",
    ]);
    expect(ids(diffOpenApi(doc({ a: S }), doc({ a: S, b: S })))).toEqual([
      "response-optional-property-added:additive",
    ]);
  });
});

describe("a path that reads the same on both sides is skipped, never a change behind it", () => {
  const get = (responses: object) => ({ get: { responses } });
  const refS = { $ref: "#/components/schemas/S" };
  const json = (schema: object) => ({
    "application/json": { schema: { type: "object", ...schema } },
  });
  const ok200 = (schema: object) => ({
    "200": { description: "ok", content: { "application/json": { schema } } },
  });

  it("a change behind a reference of an unchanged path item is found", () => {
    const doc = (limit: object, item: object) => ({
      ...api({
        "/a": { get: { parameters: [{ $ref: "#/components/parameters/limit" }], responses: ok } },
        "/b": { $ref: "#/components/pathItems/b" },
      }),
      openapi: "3.1.0",
      components: { schemas: {}, parameters: { limit }, pathItems: { b: item } },
    });
    const changes = diffOpenApi(
      doc(q("limit"), get(ok200(S))),
      doc(q("limit", { required: true }), get(ok200({ type: "integer" }))),
    );
    expect(ids(changes).sort()).toEqual([
      "parameter-became-required:breaking",
      "response-type-changed:breaking",
    ]);
  });

  it("a document-wide default that changed reaches the unchanged operations (Swagger 2.0)", () => {
    const doc = (consumes: string[]) => ({
      swagger: "2.0",
      info: { title: "t", version: "1" },
      consumes,
      paths: {
        "/a": { post: { parameters: [{ in: "body", name: "b", schema: S }], responses: ok } },
      },
    });
    expect(ids(diffOpenApi(doc(["application/json"]), doc(["application/xml"])))).toEqual([
      "request-media-type-removed:breaking",
      "request-media-type-added:additive",
    ]);
  });

  it("a path key with a space keeps every path read, so a change is named as before", () => {
    // GET on the path `/a callback cb: POST /x` has the label of /a's callback: a change reached
    // from both is named after the context recorded first, which an unread path would not record.
    const doc = (type: string) => ({
      ...api(
        {
          "/a callback cb: POST /x": get(ok200(S)),
          "/y": {
            post: { requestBody: { content: json({ properties: { s: refS } }) }, responses: ok },
          },
          "/a": {
            get: {
              responses: ok,
              callbacks: {
                cb: {
                  "/x": {
                    post: {
                      responses: {
                        "200": { description: "ok", content: json({ properties: { t: refS } }) },
                      },
                    },
                  },
                },
              },
            },
          },
        },
        { S: { type } },
      ),
    });
    const [change] = diffOpenApi(doc("string"), doc("integer"));
    expect(change?.reason).toBe(
      "GET /a callback cb: POST /x response 200 (application/json) (and 1 more): schema S: type string → integer",
    );
  });

  it("a path that shares its template with another path is compared as before", () => {
    // Operations are matched by template: head's /a/{key} is the GET /a/{} compared with base's.
    const base = api({ "/a/{id}": get(ok200(S)) });
    const head = api({ "/a/{id}": get(ok200(S)), "/a/{key}": get(ok200({ type: "integer" })) });
    expect(ids(diffOpenApi(base, head))).toEqual(["response-type-changed:breaking"]);
  });
});

describe("isOpenApi", () => {
  it.each([
    [{ openapi: "3.1.0" }, true],
    [{ swagger: "2.0" }, true],
    [{ asyncapi: "2.6.0" }, false],
    [null, false],
    [{ openapi: 3 }, false],
  ])("%j → %s", (doc, expected) => {
    expect(isOpenApi(doc)).toBe(expected);
  });
});

describe("changes a hostile pull request could hide", () => {
  it("Swagger 2.0: form parameters keep the media types clients encode them in", () => {
    // formData parameters travel in the request body, encoded as `consumes` says: a client
    // built for multipart/form-data fails when only urlencoded forms are accepted.
    const form = (consumes: string[]) => ({
      swagger: "2.0",
      info: { title: "t", version: "1" },
      paths: {
        "/upload": {
          post: {
            consumes,
            parameters: [{ in: "formData", name: "file", type: "file", required: true }],
            responses: { "200": { description: "ok" } },
          },
        },
      },
    });
    const multipart = form(["multipart/form-data"]);
    expect(ids(diffOpenApi(multipart, form(["application/x-www-form-urlencoded"])))).toEqual([
      "request-media-type-removed:breaking",
      "request-media-type-added:additive",
    ]);
    expect(
      ids(
        diffOpenApi(multipart, form(["multipart/form-data", "application/x-www-form-urlencoded"])),
      ),
    ).toEqual(["request-media-type-added:additive"]);
    expect(diffOpenApi(multipart, structuredClone(multipart))).toEqual([]);
  });

  it("a parameter's content media type is how clients serialise it", () => {
    // `content` replaces `style`/`explode`: the value is sent as that media type says.
    const filter = { type: "object", properties: { a: S } };
    const param = (p: object) => api(params({ in: "query", name: "f", ...p }));
    const as = (type: string) => param({ content: { [type]: { schema: filter } } });
    expect(ids(diffOpenApi(as("application/json"), as("application/xml")))).toEqual([
      "parameter-serialization-changed:breaking",
    ]);
    expect(ids(diffOpenApi(param({ schema: filter }), as("application/json")))).toEqual([
      "parameter-serialization-changed:breaking",
    ]);
    expect(diffOpenApi(as("application/json"), as("Application/JSON"))).toEqual([]);
  });

  it("a success code added where base's default or range stood in for it is compared with that", () => {
    // Base's clients read every success as `default` (no 2xx described) or as `2XX`: a 200
    // added with another schema changes what they get.
    const A = { type: "object", required: ["id"], properties: { id: { type: "integer" } } };
    const B = { type: "object", properties: { name: S } };
    const res = (schema: object) => ({
      description: "r",
      content: { "application/json": { schema } },
    });
    const doc = (responses: object) => api({ "/a": { get: { responses } } });
    expect(
      ids(diffOpenApi(doc({ default: res(A) }), doc({ "200": res(B), default: res(A) }))),
    ).toEqual([
      "response-added:additive",
      "response-property-removed:breaking",
      "response-optional-property-added:additive",
    ]);
    expect(
      ids(diffOpenApi(doc({ "2XX": res(A) }), doc({ "200": res(B), "2XX": res(A) }))),
    ).toContain("response-property-removed:breaking");
    // the same content under a precise code is no change to what clients read
    expect(
      ids(diffOpenApi(doc({ default: res(A) }), doc({ "200": res(A), default: res(A) }))),
    ).toEqual(["response-added:additive"]);
    // with a 2xx described, default is the errors: a new error code is not compared with it
    expect(
      ids(
        diffOpenApi(
          doc({ "200": res(A), default: res(A) }),
          doc({ "200": res(A), "404": res(B), default: res(A) }),
        ),
      ),
    ).toEqual(["response-added:additive"]);
  });
});
