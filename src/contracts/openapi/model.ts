import type { Doc, Located } from "../schema/refs.js";
import { flagAt, isObject, keysOf, ptr, strAt, type JsonObject } from "../../json/values.js";

/**
 * OpenAPI 2.0 and 3.x read into one shape, so the differ has a single set of rules: Swagger's
 * `in: body` parameter becomes a request body with the `consumes` media types, a response
 * `schema` becomes content with the `produces` types, and non-body parameters are their own
 * schema. Every part keeps the pointer where it is listed and the pointer of its definition.
 */

/** HTTP methods an OpenAPI path item may hold, in the order they are reported. */
const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** A path or channel template with parameter names blanked, so `/a/{id}` matches `/a/{key}`. */
export function templateKey(path: string): string {
  return path.replace(/\{[^}]*\}/g, "{}");
}

/** The parameter names of a path template, in order of appearance. */
export function templateParams(path: string): string[] {
  return [...path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1] ?? "");
}

/** A media type entry; `key` is normalised (lower case, no spaces). `""` means "not stated". */
export interface Media {
  key: string;
  ptr: string;
  node: JsonObject;
  schema?: Located;
}

export interface Body {
  ptr: string;
  node: JsonObject;
  required: boolean;
  content: Map<string, Media>;
}

export interface Param {
  key: string;
  name: string;
  in: string;
  /** Where the operation lists it (for additions and removals). */
  ptr: string;
  /** Where it is defined (a `$ref` target), for changes inside it. */
  def: Located & { node: JsonObject };
  required: boolean;
  deprecated: boolean;
  serialization: string;
  schema?: Located;
}

export interface Header {
  name: string;
  ptr: string;
  node: JsonObject;
  required: boolean;
  schema?: Located;
}

export interface Response {
  code: string;
  ptr: string;
  node: JsonObject;
  content: Map<string, Media>;
  headers: Map<string, Header>;
}

/** A security requirement alternative: scheme name → required scopes. */
export type Alternative = Map<string, Set<string>>;

export interface Operation {
  method: string;
  path: string;
  ptr: string;
  node: JsonObject;
  deprecated: boolean;
  params: Map<string, Param>;
  body?: Body;
  responses: Map<string, Response>;
  /** Alternatives any one of which grants access; `[{}]` (one empty alternative) is anonymous. */
  security: Alternative[];
  securityPtr: string;
}

/** Document-wide settings an operation inherits. */
export interface Inherited {
  swagger2: boolean;
  consumes: unknown;
  produces: unknown;
  security: unknown;
  securityPtr: string;
}

/** Reads document-wide defaults of a specification. */
export function inherited(root: JsonObject): Inherited {
  const swagger2 = typeof root.swagger === "string" && root.swagger.startsWith("2");
  const securityPtr = Array.isArray(root.security) ? "/security" : "";
  return {
    swagger2,
    consumes: root.consumes,
    produces: root.produces,
    security: root.security,
    securityPtr,
  };
}

/**
 * The operations of a map of path items (`paths`, `webhooks`, a callback), keyed `<METHOD>
 * <template>`, less those under the paths in `skip`.
 */
export function readOperations(
  doc: Doc,
  at: Located,
  env: Inherited,
  skip?: ReadonlySet<string>,
): Map<string, Operation> {
  const ops = new Map<string, Operation>();
  if (!isObject(at.node)) return ops;
  for (const path of Object.keys(at.node)) {
    if (path.startsWith("x-") || skip?.has(path)) continue;
    const item = doc.deref({ node: at.node[path], ptr: ptr(at.ptr, path) });
    if (!item || !isObject(item.node)) continue;
    for (const method of HTTP_METHODS) {
      const node = item.node[method];
      if (!isObject(node)) continue;
      const op = readOperation(doc, path, item, method, { node, ptr: ptr(item.ptr, method) }, env);
      ops.set(`${method.toUpperCase()} ${templateKey(path)}`, op);
    }
  }
  return ops;
}

function readOperation(
  doc: Doc,
  path: string,
  item: Located,
  method: string,
  at: Located & { node: JsonObject },
  env: Inherited,
): Operation {
  const op: Operation = {
    method: method.toUpperCase(),
    path,
    ptr: at.ptr,
    node: at.node,
    deprecated: flagAt(at.node, "deprecated"),
    params: new Map(),
    responses: new Map(),
    security: alternatives(Array.isArray(at.node.security) ? at.node.security : env.security),
    securityPtr: Array.isArray(at.node.security)
      ? ptr(at.ptr, "security")
      : env.securityPtr || at.ptr,
  };
  const consumes = mediaList(at.node.consumes ?? env.consumes);
  const produces = mediaList(at.node.produces ?? env.produces);
  // path-level parameters first, so an operation's own parameter of the same name wins
  for (const owner of [item, at]) {
    const list = (owner.node as JsonObject).parameters;
    if (!Array.isArray(list)) continue;
    list.forEach((entry, i) => {
      const listed = ptr(owner.ptr, "parameters", i);
      const def = doc.deref({ node: entry, ptr: listed });
      if (!def || !isObject(def.node)) return;
      const name = strAt(def.node, "name") ?? "";
      const where = strAt(def.node, "in") ?? "";
      if (where === "body" && env.swagger2) {
        const content = new Map<string, Media>();
        for (const key of consumes) {
          content.set(key, {
            key,
            ptr: def.ptr,
            node: def.node,
            schema: { node: def.node.schema, ptr: ptr(def.ptr, "schema") },
          });
        }
        op.body = { ptr: listed, node: def.node, required: flagAt(def.node, "required"), content };
        return;
      }
      const param = readParam(
        path,
        name,
        where,
        listed,
        { node: def.node, ptr: def.ptr },
        env.swagger2,
      );
      op.params.set(param.key, param);
    });
  }
  if (env.swagger2 && !op.body) op.body = formBody(op, at.ptr, consumes);
  const body = env.swagger2
    ? undefined
    : doc.deref({ node: at.node.requestBody, ptr: ptr(at.ptr, "requestBody") });
  if (body && isObject(body.node)) {
    op.body = {
      ptr: body.ptr,
      node: body.node,
      required: flagAt(body.node, "required"),
      content: readContent(body.node.content, ptr(body.ptr, "content")),
    };
  }
  const responses = at.node.responses;
  if (isObject(responses)) {
    for (const code of Object.keys(responses)) {
      if (code.startsWith("x-")) continue;
      const res = doc.deref({ node: responses[code], ptr: ptr(at.ptr, "responses", code) });
      if (!res || !isObject(res.node)) continue;
      const content = env.swagger2
        ? swaggerContent(res.node, res.ptr, produces)
        : readContent(res.node.content, ptr(res.ptr, "content"));
      const headers = readHeaders(doc, res.node.headers, ptr(res.ptr, "headers"), env.swagger2);
      op.responses.set(code.toUpperCase(), {
        code,
        ptr: res.ptr,
        node: res.node,
        content,
        headers,
      });
    }
  }
  return op;
}

/**
 * Swagger 2.0 `formData` parameters are sent in the request body, encoded as one of `consumes`
 * says: read as a body of those media types (without a schema; the parameters keep theirs), so
 * a media type clients encode their form in cannot be dropped unnoticed. Required when one of
 * them is. None when the operation has no form parameters.
 */
function formBody(op: Operation, at: string, consumes: string[]): Body | undefined {
  const form = [...op.params.values()].filter((p) => p.in === "formData");
  const [first] = form;
  if (!first) return undefined;
  const content = new Map<string, Media>();
  for (const key of consumes) content.set(key, { key, ptr: at, node: {} });
  return { ptr: first.ptr, node: {}, required: form.some((p) => p.required), content };
}

function readParam(
  path: string,
  name: string,
  where: string,
  listed: string,
  def: Located & { node: JsonObject },
  swagger2: boolean,
): Param {
  const position = where === "path" ? templateParams(path).indexOf(name) : -1;
  // Path parameters are matched by position, so renaming `{id}` to `{petId}` is no removal.
  const key =
    position >= 0
      ? `path#${position}`
      : `${where}:${where === "header" ? name.toLowerCase() : name}`;
  const node = def.node;
  let schema: Located | undefined;
  if (swagger2)
    schema = def; // a non-body 2.0 parameter is its own schema (type, format, enum, ...)
  else if (node.schema !== undefined) schema = { node: node.schema, ptr: ptr(def.ptr, "schema") };
  else schema = firstSchema(node.content, ptr(def.ptr, "content"));
  const style =
    strAt(node, "style") ?? (where === "query" || where === "cookie" ? "form" : "simple");
  const explode = typeof node.explode === "boolean" ? node.explode : style === "form";
  const serialization = swagger2
    ? (strAt(node, "collectionFormat") ?? "csv")
    : (contentType(node.content) ?? `${style}|${explode}|${flagAt(node, "allowReserved")}`);
  return {
    key,
    name,
    in: where,
    ptr: listed,
    def,
    required: flagAt(node, "required") || where === "path",
    deprecated: flagAt(node, "deprecated"),
    serialization,
    schema,
  };
}

/**
 * The media type a 3.x parameter with `content` is serialised as (`content` replaces `style` and
 * `explode`): JSON in a query string is not XML, nor form-style `a=1&b=2`.
 */
function contentType(content: unknown): string | undefined {
  const [type] = keysOf(content);
  return type === undefined ? undefined : `content ${mediaKey(type)}`;
}

function mediaKey(type: string): string {
  return type.toLowerCase().replace(/\s+/g, "");
}

function mediaList(value: unknown): string[] {
  const list = Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  return list.length > 0 ? list.map(mediaKey) : [""];
}

/** OpenAPI 3 `content`: media type → schema. */
export function readContent(content: unknown, at: string): Map<string, Media> {
  const out = new Map<string, Media>();
  for (const type of keysOf(content)) {
    const node = (content as JsonObject)[type];
    if (!isObject(node)) continue;
    const mptr = ptr(at, type);
    const schema =
      node.schema === undefined ? undefined : { node: node.schema, ptr: ptr(mptr, "schema") };
    out.set(mediaKey(type), { key: mediaKey(type), ptr: mptr, node, schema });
  }
  return out;
}

function firstSchema(content: unknown, at: string): Located | undefined {
  for (const media of readContent(content, at).values()) if (media.schema) return media.schema;
  return undefined;
}

function swaggerContent(res: JsonObject, at: string, produces: string[]): Map<string, Media> {
  const out = new Map<string, Media>();
  if (res.schema === undefined) return out;
  for (const key of produces)
    out.set(key, { key, ptr: at, node: res, schema: { node: res.schema, ptr: ptr(at, "schema") } });
  return out;
}

function readHeaders(
  doc: Doc,
  headers: unknown,
  at: string,
  swagger2: boolean,
): Map<string, Header> {
  const out = new Map<string, Header>();
  for (const name of keysOf(headers)) {
    const def = doc.deref({ node: (headers as JsonObject)[name], ptr: ptr(at, name) });
    if (!def || !isObject(def.node)) continue;
    const node = def.node;
    const schema = swagger2
      ? def
      : node.schema !== undefined
        ? { node: node.schema, ptr: ptr(def.ptr, "schema") }
        : firstSchema(node.content, ptr(def.ptr, "content"));
    out.set(name.toLowerCase(), {
      name,
      ptr: def.ptr,
      node,
      required: flagAt(node, "required"),
      schema,
    });
  }
  return out;
}

/** Security requirements as alternatives; none (or an empty list) means anonymous access. */
export function alternatives(value: unknown): Alternative[] {
  if (!Array.isArray(value) || value.length === 0) return [new Map<string, Set<string>>()];
  const alts = value.filter(isObject).map((req): Alternative => {
    const alt: Alternative = new Map();
    for (const scheme of Object.keys(req)) {
      const scopes = req[scheme];
      alt.set(
        scheme,
        new Set(
          Array.isArray(scopes) ? scopes.filter((s): s is string => typeof s === "string") : [],
        ),
      );
    }
    return alt;
  });
  return alts.length > 0 ? alts : [new Map<string, Set<string>>()];
}
