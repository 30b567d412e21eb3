import { Collector } from "./collect.js";
import { alternatives } from "./openapi-model.js";
import { docs } from "./annotations.js";
import { diffSecurity, diffSecuritySchemes } from "./security.js";
import { applyTraits, bindings, diffMessage, messages } from "./asyncapi-messages.js";
import { Doc } from "./refs.js";
import { ASYNCAPI_RULES as R, type Direction } from "./rules.js";
import { SchemaDiffer } from "./schema.js";
import type { ContractDiffer } from "./types.js";
import {
  deepEqual,
  isObj,
  objAt,
  ptr,
  show,
  templateKey,
  templateParams,
  type Obj,
} from "./util.js";

/** True for an AsyncAPI 2.x document, the version this differ understands. */
export function isAsyncApi2(doc: unknown): boolean {
  return isObj(doc) && typeof doc.asyncapi === "string" && doc.asyncapi.startsWith("2.");
}

interface Ctx {
  bdoc: Doc;
  hdoc: Doc;
  out: Collector;
  schemas: SchemaDiffer;
}

/**
 * Compares two AsyncAPI 2.x documents (already parsed). In 2.x the operations are named from the
 * application's side: `subscribe` means clients receive the messages (read with response
 * semantics: a removed payload property breaks consumers), `publish` means clients send them
 * (request semantics: a new required property breaks producers). Channels, operations, messages,
 * payload and header schemas, content types, correlation IDs, bindings and servers are compared.
 * Never throws; documents of another AsyncAPI major give no changes (check {@link isAsyncApi2}).
 */
export const diffAsyncApi: ContractDiffer = (base, head) => {
  if (!isAsyncApi2(base) || !isAsyncApi2(head) || base === head) return [];
  const b = base as Obj;
  const h = head as Obj;
  const bdoc = new Doc(b);
  const hdoc = new Doc(h);
  const ctx: Ctx = { bdoc, hdoc, out: new Collector(), schemas: new SchemaDiffer(bdoc, hdoc) };
  diffInfo(ctx.out, b, h);
  diffServers(ctx, objAt(b, "servers") ?? {}, objAt(h, "servers") ?? {});
  // a scheme's type (apiKey → X509) says which credentials a client presents: a new one locks out
  diffSecuritySchemes(
    ctx.out,
    objAt(objAt(b, "components"), "securitySchemes"),
    objAt(objAt(h, "components"), "securitySchemes"),
    "/components/securitySchemes",
  );
  const bch = channels(b);
  const hch = channels(h);
  for (const [key, bc] of bch) {
    const hc = hch.get(key);
    if (hc) diffChannel(ctx, bc, hc, b, h);
    else
      ctx.out.add(
        "channel-removed",
        R["channel-removed"],
        `channel "${bc.name}"`,
        "removed",
        bc.ptr,
        "base",
      );
  }
  for (const [key, hc] of hch) {
    if (!bch.has(key))
      ctx.out.add(
        "channel-added",
        R["channel-added"],
        `channel "${hc.name}"`,
        "added",
        hc.ptr,
        "head",
      );
  }
  return ctx.out.list();
};

interface Channel {
  name: string;
  ptr: string;
  node: Obj;
}

function channels(root: Obj): Map<string, Channel> {
  const out = new Map<string, Channel>();
  const all = objAt(root, "channels") ?? {};
  for (const name of Object.keys(all)) {
    const node = all[name];
    if (isObj(node) && !name.startsWith("x-"))
      out.set(templateKey(name), { name, ptr: ptr("/channels", name), node });
  }
  return out;
}

function diffChannel(ctx: Ctx, b: Channel, h: Channel, broot: Obj, hroot: Obj): void {
  const label = `channel "${h.name}"`;
  docs(ctx.out, label, b.node, h.node, { b: b.ptr, h: h.ptr }, ["description"]);
  bindings(ctx, label, b.node, h.node, h.ptr);
  // channel parameters sit in the address a client picks: matched by position, read as requests
  const bnames = templateParams(b.name);
  templateParams(h.name).forEach((name, i) => {
    const bname = bnames[i] ?? name;
    const bp = ctx.bdoc.deref({
      node: objAt(b.node, "parameters")?.[bname],
      ptr: ptr(b.ptr, "parameters", bname),
    });
    const hp = ctx.hdoc.deref({
      node: objAt(h.node, "parameters")?.[name],
      ptr: ptr(h.ptr, "parameters", name),
    });
    const where = `${label} parameter "${name}"`;
    // the address on the wire is the same; only the name a template fills in changed
    if (bname !== name)
      ctx.out.add(
        "channel-parameter-renamed",
        R["channel-parameter-renamed"],
        where,
        `renamed from "${bname}"`,
        ptr(h.ptr, "parameters", name),
        "head",
      );
    if (!bp || !hp || !isObj(bp.node) || !isObj(hp.node)) return;
    ctx.out.schema(
      ctx.schemas.diff(
        { node: bp.node.schema, ptr: ptr(bp.ptr, "schema") },
        { node: hp.node.schema, ptr: ptr(hp.ptr, "schema") },
        "request",
      ),
      "request",
      where,
    );
  });
  for (const action of ["subscribe", "publish"] as const) {
    const bo = objAt(b.node, action);
    const ho = objAt(h.node, action);
    const where = `${label} ${action}`;
    if (bo && !ho)
      ctx.out.add(
        "operation-removed",
        R["operation-removed"],
        where,
        "removed",
        ptr(b.ptr, action),
        "base",
      );
    else if (!bo && ho)
      ctx.out.add(
        "operation-added",
        R["operation-added"],
        where,
        "added",
        ptr(h.ptr, action),
        "head",
      );
    else if (bo && ho)
      diffOperation(
        ctx,
        // operation traits (bindings such as MQTT QoS, summaries) merge onto the operation
        applyTraits(ctx.bdoc, { node: bo, ptr: ptr(b.ptr, action) }).node,
        applyTraits(ctx.hdoc, { node: ho, ptr: ptr(h.ptr, action) }).node,
        ptr(b.ptr, action),
        ptr(h.ptr, action),
        where,
        action === "subscribe" ? "response" : "request",
        broot,
        hroot,
      );
  }
}

function diffOperation(
  ctx: Ctx,
  b: Obj,
  h: Obj,
  bptr: string,
  hptr: string,
  label: string,
  dir: Direction,
  broot: Obj,
  hroot: Obj,
): void {
  docs(ctx.out, label, b, h, { b: bptr, h: hptr }, [
    "summary",
    "description",
    "operationId",
    "tags",
    "externalDocs",
  ]);
  bindings(ctx, label, b, h, hptr);
  const bm = messages(ctx.bdoc, b.message, ptr(bptr, "message"));
  const hm = messages(ctx.hdoc, h.message, ptr(hptr, "message"));
  const [bonly] = bm.size === 1 ? [...bm] : [];
  const [honly] = hm.size === 1 ? [...hm] : [];
  if (bonly && honly && bonly[0] !== honly[0]) {
    // The operation's only message got another name: the same slot on the wire, so it is compared
    // as one message (a rename alone is documentation, its payload is judged as usual).
    ctx.out.add(
      "message-renamed",
      R["message-renamed"],
      label,
      `message ${bonly[0]} renamed to ${honly[0]}`,
      honly[1].ptr,
      "head",
    );
    diffMessage(ctx, bonly[1], honly[1], `${label} message ${honly[0]}`, dir, broot, hroot);
    return;
  }
  for (const [key, m] of bm) {
    const other = hm.get(key);
    if (other) diffMessage(ctx, m, other, `${label} message ${key}`, dir, broot, hroot);
    else
      ctx.out.add(
        "message-removed",
        R["message-removed"],
        label,
        `message ${key} removed`,
        m.listed,
        "base",
      );
  }
  for (const [key, m] of hm) {
    if (!bm.has(key))
      ctx.out.add(
        "message-added",
        R["message-added"],
        label,
        `message ${key} added`,
        m.listed,
        "head",
      );
  }
}

/**
 * Servers. An ORD event resource has no entry points: the AsyncAPI server is the only place that
 * tells a client where to connect, so a server removed, moved (`url`) or a variable value dropped
 * (port `8883` no longer offered) strands the clients configured for it: breaking.
 */
function diffServers(ctx: Ctx, b: Obj, h: Obj): void {
  for (const name of new Set([...Object.keys(b), ...Object.keys(h)])) {
    const bs = ctx.bdoc.derefOr({ node: b[name], ptr: "" }).node;
    const hs = ctx.hdoc.derefOr({ node: h[name], ptr: "" }).node;
    const label = `server "${name}"`;
    const at = ptr("/servers", name);
    if (!isObj(bs) || !isObj(hs)) {
      if (isObj(bs))
        ctx.out.add("server-removed", R["server-removed"], label, "removed", at, "base");
      else if (isObj(hs))
        ctx.out.add("server-added", R["server-added"], label, "added", at, "head");
      continue;
    }
    if (!deepEqual(bs.protocol, hs.protocol))
      ctx.out.add(
        "server-protocol-changed",
        R["server-protocol-changed"],
        label,
        `protocol ${show(bs.protocol)} → ${show(hs.protocol)}`,
        ptr(at, "protocol"),
        "head",
      );
    if (!deepEqual(bs.url, hs.url))
      ctx.out.add(
        "server-url-changed",
        R["server-url-changed"],
        label,
        `url ${show(bs.url)} → ${show(hs.url)}`,
        ptr(at, "url"),
        "head",
      );
    const bvars = objAt(bs, "variables") ?? {};
    const hvars = objAt(hs, "variables") ?? {};
    for (const v of Object.keys(bvars)) {
      const enumOf = (s: Obj, doc: Doc): unknown[] | undefined => {
        const node = doc.derefOr({ node: s[v], ptr: "" }).node;
        return isObj(node) && Array.isArray(node.enum) ? node.enum : undefined;
      };
      const before = enumOf(bvars, ctx.bdoc);
      const after = enumOf(hvars, ctx.hdoc);
      if (!before || !after) continue;
      const gone = before.filter((x) => !after.some((y) => deepEqual(x, y)));
      if (gone.length > 0)
        ctx.out.add(
          "server-variable-value-removed",
          R["server-variable-value-removed"],
          label,
          `variable "${v}" no longer offers ${gone.map(show).join(", ")}`,
          ptr(at, "variables", v, "enum"),
          "head",
        );
    }
    const rest = (s: Obj) => ({
      ...s,
      protocol: undefined,
      url: undefined,
      security: undefined,
      description: undefined,
    });
    if (!deepEqual(rest(bs), rest(hs)))
      ctx.out.add("server-changed", R["server-changed"], label, "changed", at, "head");
    docs(ctx.out, label, bs, hs, { b: at, h: at }, ["description"]);
    const sec = (s: Obj) => ({
      security: alternatives(s.security),
      securityPtr: Array.isArray(s.security) ? ptr(at, "security") : at,
      ptr: at,
    });
    diffSecurity(ctx.out, sec(bs), sec(hs), label);
  }
}

function diffInfo(out: Collector, b: Obj, h: Obj): void {
  const bi = objAt(b, "info") ?? {};
  const hi = objAt(h, "info") ?? {};
  for (const key of ["title", "description", "termsOfService", "contact", "license"]) {
    if (!deepEqual(bi[key], hi[key]))
      out.add(
        "info-changed",
        R["info-changed"],
        "info",
        `${key} changed`,
        hi[key] === undefined ? "/info" : ptr("/info", key),
        "head",
      );
  }
  if (!deepEqual(b.defaultContentType, h.defaultContentType)) {
    out.add(
      "documentation-changed",
      R["documentation-changed"],
      "document",
      "defaultContentType changed (judged per message)",
      "",
      "head",
    );
  }
}
