import { Collector, docs, infoChanges } from "../collect.js";
import { alternatives, templateKey, templateParams, type Alternative } from "../openapi/model.js";
import { diffSecurity, diffSecuritySchemes } from "../openapi/security.js";
import {
  applyTraits,
  bindings,
  diffMessage,
  messageEntries,
  messages,
  type MessageList,
} from "./messages.js";
import { diffServers, type ServerModel } from "./servers.js";
import { Doc, type Located } from "../schema/refs.js";
import { ASYNCAPI_RULES as R, type Direction } from "../rules.js";
import { SchemaDiffer } from "../schema/schema.js";
import type { ContractChange, ContractDiffer } from "../types.js";
import { deepEqual, isObject, objAt, ptr, type JsonObject } from "../../json/values.js";

/** True for an AsyncAPI 2.x document, the version this differ understands. */
export function isAsyncApi2(doc: unknown): boolean {
  return isObject(doc) && typeof doc.asyncapi === "string" && doc.asyncapi.startsWith("2.");
}

interface Ctx {
  bdoc: Doc;
  hdoc: Doc;
  out: Collector;
  schemas: SchemaDiffer;
  /** Each side's major: traits and message payloads are read the way that major defines them. */
  versions: { b: 2 | 3; h: 2 | 3 };
  /** Shared message lists already compared, per direction (see {@link MessageList}). */
  compared: WeakMap<object, WeakMap<object, Set<Direction>>>;
}

/**
 * One AsyncAPI document as the differ reads it. AsyncAPI 2.x is read into it directly
 * ({@link asyncApi2Model}); asyncapi3.ts maps a 3.x document onto the same shape, so both majors
 * share every change id and rule. Every pointer in it points into the parsed document `doc`.
 */
export interface AsyncApiModel {
  doc: Doc;
  /** The document: `info`, `defaultContentType`, `components.securitySchemes` are read from it. */
  root: JsonObject;
  /** 2: traits win over the object they apply to; 3: the object wins, payloads may be multi-format. */
  version: 2 | 3;
  servers: Map<string, ServerModel>;
  /** A `security` value of this major as alternatives (2.x requirement maps, 3.x scheme lists). */
  security(value: unknown): Alternative[];
  /** Keyed by address with parameter names blanked (`user/{}`). */
  channels: Map<string, ChannelModel>;
}

export interface ChannelModel {
  /** The address, as reports name it. */
  name: string;
  ptr: string;
  /** The channel object: its description, bindings, `x-` extensions. */
  node: JsonObject;
  /** The schema a parameter's value must match, by parameter name. */
  parameter(name: string): Located | undefined;
  operations: OperationModel[];
}

/**
 * What an application does on a channel. `dir` is the clients' side: `response` when clients
 * receive the messages (2.x `subscribe`, 3.x `send`), `request` when they send them.
 */
export interface OperationModel {
  /** Matches base and head operations of one channel and direction: 2.x action, 3.x operation id. */
  id: string;
  dir: Direction;
  label: string;
  /** The operation object itself, traits not yet applied. */
  node: JsonObject;
  ptr: string;
  messages: MessageList;
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
  return diffAsyncApiModels(asyncApi2Model(base as JsonObject), asyncApi2Model(head as JsonObject));
};

/** Compares two documents read into the model (of either major: a 2.x → 3.x migration too). */
export function diffAsyncApiModels(b: AsyncApiModel, h: AsyncApiModel): ContractChange[] {
  const ctx: Ctx = {
    bdoc: b.doc,
    hdoc: h.doc,
    out: new Collector(),
    schemas: new SchemaDiffer(b.doc, h.doc),
    versions: { b: b.version, h: h.version },
    compared: new WeakMap(),
  };
  diffInfo(ctx.out, b.root, h.root);
  diffServers(ctx, b.servers, h.servers);
  // a scheme's type (apiKey → X509) says which credentials a client presents: a new one locks out
  diffSecuritySchemes(
    ctx.out,
    objAt(objAt(b.root, "components"), "securitySchemes"),
    objAt(objAt(h.root, "components"), "securitySchemes"),
    "/components/securitySchemes",
  );
  for (const [key, bc] of b.channels) {
    const hc = h.channels.get(key);
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
  for (const [key, hc] of h.channels) {
    if (!b.channels.has(key))
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
}

/** An AsyncAPI 2.x document as the differ reads it. */
export function asyncApi2Model(root: JsonObject): AsyncApiModel {
  const doc = new Doc(root);
  const channels = new Map<string, ChannelModel>();
  const shared = new WeakMap<object, MessageList>();
  const all = objAt(root, "channels") ?? {};
  for (const name of Object.keys(all)) {
    const node = all[name];
    if (!isObject(node) || name.startsWith("x-")) continue;
    const at = ptr("/channels", name);
    const operations: OperationModel[] = [];
    for (const action of ["subscribe", "publish"] as const) {
      const op = objAt(node, action);
      if (!op) continue;
      const opPtr = ptr(at, action);
      operations.push({
        id: action,
        dir: action === "subscribe" ? "response" : "request",
        label: `channel "${name}" ${action}`,
        node: op,
        ptr: opPtr,
        messages: messageEntries(doc, op.message, ptr(opPtr, "message"), shared),
      });
    }
    const parameter = (param: string): Located | undefined => {
      const p = doc.deref({
        node: objAt(node, "parameters")?.[param],
        ptr: ptr(at, "parameters", param),
      });
      return p && isObject(p.node) ? { node: p.node.schema, ptr: ptr(p.ptr, "schema") } : undefined;
    };
    channels.set(templateKey(name), { name, ptr: at, node, parameter, operations });
  }
  const servers = new Map<string, ServerModel>();
  const list = objAt(root, "servers") ?? {};
  for (const name of Object.keys(list)) {
    const node = doc.derefOr({ node: list[name], ptr: "" }).node;
    if (!isObject(node)) continue;
    const at = ptr("/servers", name);
    servers.set(name, {
      node,
      ptr: at,
      urlPtr: ptr(at, "url"),
      security: alternatives(node.security),
      securityPtr: Array.isArray(node.security) ? ptr(at, "security") : at,
    });
  }
  return { doc, root, version: 2, servers, security: alternatives, channels };
}

function diffChannel(
  ctx: Ctx,
  b: ChannelModel,
  h: ChannelModel,
  bm: AsyncApiModel,
  hm: AsyncApiModel,
): void {
  const label = `channel "${h.name}"`;
  docs(ctx.out, label, b.node, h.node, { b: b.ptr, h: h.ptr }, ["title", "summary", "description"]);
  bindings(ctx, label, b.node, h.node, h.ptr);
  // channel parameters sit in the address a client picks: matched by position, read as requests
  const bnames = templateParams(b.name);
  templateParams(h.name).forEach((name, i) => {
    const bname = bnames[i] ?? name;
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
    ctx.out.schema(
      ctx.schemas.diff(b.parameter(bname), h.parameter(name), "request"),
      "request",
      where,
    );
  });
  const { pairs, removed, added } = pairOperations(b.operations, h.operations);
  for (const op of removed)
    ctx.out.add("operation-removed", R["operation-removed"], op.label, "removed", op.ptr, "base");
  for (const [bo, ho] of pairs) {
    // operation traits (bindings such as MQTT QoS, summaries) merge onto the operation
    diffOperation(
      ctx,
      { ...bo, node: applyTraits(ctx.bdoc, bo, ctx.versions.b === 3).node },
      { ...ho, node: applyTraits(ctx.hdoc, ho, ctx.versions.h === 3).node },
      bm,
      hm,
    );
  }
  for (const op of added)
    ctx.out.add("operation-added", R["operation-added"], op.label, "added", op.ptr, "head");
}

/**
 * Base and head operations of one channel that are the same operation: per direction, by id,
 * and the one left on each side with each other (a 3.x operation renamed, or a 2.x `subscribe`
 * that became a 3.x `send` operation).
 */
function pairOperations(
  b: OperationModel[],
  h: OperationModel[],
): {
  pairs: [OperationModel, OperationModel][];
  removed: OperationModel[];
  added: OperationModel[];
} {
  const pairs: [OperationModel, OperationModel][] = [];
  const taken = new Set<OperationModel>();
  const removed: OperationModel[] = [];
  // by key, not by a scan per operation: a hostile channel may carry thousands
  const byKey = new Map<string, OperationModel>();
  for (const o of h) if (!byKey.has(`${o.dir} ${o.id}`)) byKey.set(`${o.dir} ${o.id}`, o);
  for (const bo of b) {
    const ho = byKey.get(`${bo.dir} ${bo.id}`);
    if (ho && !taken.has(ho)) {
      taken.add(ho);
      pairs.push([bo, ho]);
    } else removed.push(bo);
  }
  for (const dir of ["response", "request"] as const) {
    const left = removed.filter((o) => o.dir === dir);
    const right = h.filter((o) => !taken.has(o) && o.dir === dir);
    if (left.length === 1 && right.length === 1) {
      pairs.push([left[0]!, right[0]!]);
      taken.add(right[0]!);
      removed.splice(removed.indexOf(left[0]!), 1);
    }
  }
  return { pairs, removed, added: h.filter((o) => !taken.has(o)) };
}

/**
 * True when this pair of shared message lists was compared before in this direction. Each change
 * it holds was found then, at the same pointers; comparing it again for every operation reaching it
 * (a `oneOf` of thousands of messages behind one `$ref`, used by thousands of channels) would only
 * add operation names to the reasons, at a cost that grows with operations × messages.
 */
function comparedBefore(ctx: Ctx, b: MessageList, h: MessageList, dir: Direction): boolean {
  if (!b.from || !h.from) return false;
  let byHead = ctx.compared.get(b.from);
  if (!byHead) ctx.compared.set(b.from, (byHead = new WeakMap()));
  let dirs = byHead.get(h.from);
  if (!dirs) byHead.set(h.from, (dirs = new Set()));
  if (dirs.has(dir)) return true;
  dirs.add(dir);
  return false;
}

function diffOperation(
  ctx: Ctx,
  b: OperationModel,
  h: OperationModel,
  bmodel: AsyncApiModel,
  hmodel: AsyncApiModel,
): void {
  const { label, dir } = h;
  const [broot, hroot] = [bmodel.root, hmodel.root];
  docs(ctx.out, label, b.node, h.node, { b: b.ptr, h: h.ptr }, [
    "title",
    "summary",
    "description",
    "operationId",
    "tags",
    "externalDocs",
  ]);
  bindings(ctx, label, b.node, h.node, h.ptr);
  // an operation's own security (2.4+, 3.x) is asked on top of the server's: one more is breaking
  const security = (m: AsyncApiModel, op: OperationModel) => ({
    security: m.security(op.node.security),
    securityPtr: Array.isArray(op.node.security) ? ptr(op.ptr, "security") : op.ptr,
    ptr: op.ptr,
  });
  diffSecurity(ctx.out, security(bmodel, b), security(hmodel, h), label);
  if (comparedBefore(ctx, b.messages, h.messages, dir)) return;
  const bm = messages(ctx.bdoc, b.messages.entries, ctx.versions.b);
  const hm = messages(ctx.hdoc, h.messages.entries, ctx.versions.h);
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

function diffInfo(out: Collector, b: JsonObject, h: JsonObject): void {
  infoChanges(out, R["info-changed"], b, h, [
    "title",
    "description",
    "termsOfService",
    "contact",
    "license",
  ]);
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
