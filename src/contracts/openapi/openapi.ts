import { Collector, docs, infoChanges } from "../collect.js";
import { inherited, readOperations, templateKey, type Inherited, type Operation } from "./model.js";
import type { OpContext } from "./content.js";
import { diffOperation } from "./operations.js";
import { diffSecuritySchemes } from "./security.js";
import { Doc } from "../schema/refs.js";
import { OPENAPI_RULES as R } from "../rules.js";
import { SchemaDiffer } from "../schema/schema.js";
import type { ContractDiffer } from "../types.js";
import { deepEqual, isObject, objAt, ptr, type JsonObject } from "../../json/values.js";

/** True for a document this differ understands: OpenAPI 3.x or Swagger 2.0. */
export function isOpenApi(doc: unknown): boolean {
  if (!isObject(doc)) return false;
  const v = typeof doc.openapi === "string" ? doc.openapi : doc.swagger;
  return typeof v === "string" && /^(2|3)\./.test(v);
}

/**
 * Compares two OpenAPI descriptions (2.0, 3.0 or 3.1, already parsed) and lists what a client can
 * feel, request and response direction apart: operations, parameters, request bodies, responses,
 * media types, headers, security and every schema they reach through local `$ref`s. `info.version`
 * is left out: the version is judged against the ORD resource, not classified as a change.
 * Never throws; what it cannot read (external references, wrong types) it skips.
 */
export const diffOpenApi: ContractDiffer = (base, head) => {
  if (!isObject(base) || !isObject(head) || base === head) return [];
  const bdoc = new Doc(base);
  const hdoc = new Doc(head);
  const out = new Collector();
  const ctx: Ctx = {
    schemas: new SchemaDiffer(bdoc, hdoc),
    out,
    bdoc,
    hdoc,
    benv: inherited(base),
    henv: inherited(head),
  };
  diffTopLevel(out, base, head);
  const ops = (key: string) => {
    const skip = unchangedPaths(ctx, base[key], head[key]);
    const read = (doc: Doc, root: JsonObject, env: Inherited) =>
      readOperations(doc, { node: root[key], ptr: ptr("", key) }, env, skip);
    return [read(bdoc, base, ctx.benv), read(hdoc, head, ctx.henv)] as const;
  };
  compareOps(ctx, ...ops("paths"), "path", "", false);
  compareOps(ctx, ...ops("webhooks"), "webhook", "webhook ", true);
  const schemes = (root: JsonObject) =>
    objAt(root.components, "securitySchemes") ?? objAt(root, "securityDefinitions");
  const schemesPtr = objAt(head.components, "securitySchemes")
    ? "/components/securitySchemes"
    : "/securityDefinitions";
  diffSecuritySchemes(out, schemes(base), schemes(head), schemesPtr);
  return out.list();
};

interface Ctx extends OpContext {
  bdoc: Doc;
  hdoc: Doc;
  benv: Inherited;
  henv: Inherited;
}

/**
 * Paths whose item reads the same in base and head (equal, its references' targets unchanged:
 * see Unchanged), while the document-wide defaults its operations inherit are equal too: none of
 * their operations can have a change, so neither side reads them (GitHub's REST description
 * 21 → 23 leaves 576 of its 697 shared paths untouched). Operations are matched by template, so
 * a path that shares its template with another path on either side is read as before. So is
 * every path when any key holds a space: a change reached from several operations is named
 * after the one whose context was recorded first, and `GET /a` with ` response 200 (...)`
 * appended reads as the label of a path `/a response 200 (...)`; an unread operation would
 * record nothing, and another name could come first.
 */
function unchangedPaths(ctx: Ctx, base: unknown, head: unknown): Set<string> {
  const unchanged = new Set<string>();
  if (!isObject(base) || !isObject(head) || !deepEqual(ctx.benv, ctx.henv)) return unchanged;
  const keys = [...Object.keys(base), ...Object.keys(head)];
  if (keys.some((key) => key.includes(" "))) return unchanged;
  const templates = new Map<string, number>();
  for (const path of keys) {
    const template = templateKey(path);
    templates.set(template, (templates.get(template) ?? 0) + 1);
  }
  for (const path of Object.keys(base)) {
    // once in base and once in head: this path, and no other of its template
    if (!Object.hasOwn(head, path) || templates.get(templateKey(path)) !== 2) continue;
    if (ctx.schemas.unchanged.same(base[path], head[path])) unchanged.add(path);
  }
  return unchanged;
}

type Kind = "path" | "webhook" | "callback";

const REMOVED = {
  path: "operation-removed",
  webhook: "webhook-removed",
  callback: "callback-removed",
} as const;
const ADDED = {
  path: "operation-added",
  webhook: "webhook-added",
  callback: "callback-added",
} as const;

/**
 * Matches operations by method and path template. Removing a deprecated operation is the end of
 * a lifecycle the clients were warned about, so it is `additive`; removing a live one breaks them.
 */
function compareOps(
  ctx: Ctx,
  bops: Map<string, Operation>,
  hops: Map<string, Operation>,
  kind: Kind,
  prefix: string,
  inverted: boolean,
): void {
  const name = (op: Operation) =>
    kind === "callback" ? `${prefix}${op.path}` : `${prefix}${op.method} ${op.path}`;
  for (const [key, bop] of bops) {
    const hop = hops.get(key);
    if (hop) {
      diffOperation(ctx, bop, hop, name(hop), inverted);
      compareCallbacks(ctx, bop, hop, name(hop), inverted);
    } else if (kind === "path" && bop.deprecated) {
      ctx.out.add(
        "deprecated-operation-removed",
        R["deprecated-operation-removed"],
        name(bop),
        "deprecated operation removed",
        bop.ptr,
        "base",
      );
    } else {
      ctx.out.add(REMOVED[kind], R[REMOVED[kind]], name(bop), "removed", bop.ptr, "base");
    }
  }
  for (const [key, hop] of hops) {
    if (!bops.has(key))
      ctx.out.add(ADDED[kind], R[ADDED[kind]], name(hop), "added", hop.ptr, "head");
  }
}

/** Callbacks are small path maps of their own, called by the API: compared with directions swapped. */
function compareCallbacks(
  ctx: Ctx,
  bop: Operation,
  hop: Operation,
  label: string,
  inverted: boolean,
): void {
  const read = (doc: Doc, op: Operation, env: Ctx["benv"]) => {
    const all = new Map<string, Operation>();
    const callbacks = objAt(op.node, "callbacks");
    for (const cb of Object.keys(callbacks ?? {})) {
      const at = doc.deref({ node: callbacks?.[cb], ptr: ptr(op.ptr, "callbacks", cb) });
      if (!at) continue;
      for (const [key, o] of readOperations(doc, at, env))
        all.set(`${cb} ${key}`, { ...o, path: `${cb}: ${o.method} ${o.path}` });
    }
    return all;
  };
  const b = read(ctx.bdoc, bop, ctx.benv);
  const h = read(ctx.hdoc, hop, ctx.henv);
  if (b.size > 0 || h.size > 0) compareOps(ctx, b, h, "callback", `${label} callback `, !inverted);
}

const INFO = ["title", "summary", "description", "termsOfService", "contact", "license"];

/** `info` (less `version`), servers, tags and external docs: all patch-level. */
function diffTopLevel(out: Collector, base: JsonObject, head: JsonObject): void {
  infoChanges(out, R["info-changed"], base, head, INFO);
  if (
    !deepEqual(base.servers, head.servers) ||
    !deepEqual(base.host, head.host) ||
    !deepEqual(base.basePath, head.basePath) ||
    !deepEqual(base.schemes, head.schemes)
  ) {
    out.add(
      "server-changed",
      R["server-changed"],
      "servers",
      "servers changed",
      head.servers === undefined ? "" : "/servers",
      "head",
    );
  }
  docs(out, "document", base, head, { b: "", h: "" }, ["tags", "externalDocs"]);
}
