import {
  asyncApi2Model,
  diffAsyncApiModels,
  isAsyncApi2,
  type AsyncApiModel,
  type ChannelModel,
  type OperationModel,
} from "./asyncapi2.js";
import type { ServerModel } from "./servers.js";
import type { MessageList } from "./messages.js";
import { templateKey, type Alternative } from "../openapi/model.js";
import { Doc, refOf, type Located } from "../schema/refs.js";
import type { Direction } from "../rules.js";
import type { ContractDiffer } from "../types.js";
import { isObject, objAt, pointerTokens, ptr, strAt, type JsonObject } from "../../json/values.js";

/**
 * AsyncAPI 3.x, mapped onto the model the 2.x differ reads (docs/contracts/asyncapi.md, "AsyncAPI
 * 3.0"), so both majors share every change id and rule:
 *
 * - a channel is keyed by its `address` (the channel's key in `channels` only names it);
 * - an operation belongs to the channel its `channel` references, and `action` is the
 *   application's own: `send` means clients receive (2.x `subscribe`, response semantics),
 *   `receive` means clients send (2.x `publish`, request semantics);
 * - an operation's messages are the channel messages its `messages` reference (all of the
 *   channel's when it lists none), named by their key in the channel's `messages`;
 * - a `reply` is one more operation, in the other direction, on the reply's channel;
 * - a server's `host` and `pathname` are its URL; `security` lists schemes, any one of which
 *   suffices (alternatives, as 2.x requirement lists are);
 * - a channel parameter is a string (its `enum` and `default`), read as a request;
 * - traits apply with the object winning, payloads may be Multi Format Schema Objects.
 *
 * Every pointer points into the 3.x document itself, so findings carry its line numbers.
 */

/** True for an AsyncAPI 3.x document. */
export function isAsyncApi3(doc: unknown): boolean {
  return isObject(doc) && typeof doc.asyncapi === "string" && doc.asyncapi.startsWith("3.");
}

/** True for an AsyncAPI document of a major the differ reads (2.x or 3.x). */
export function isAsyncApi(doc: unknown): boolean {
  return isAsyncApi2(doc) || isAsyncApi3(doc);
}

/**
 * Compares two AsyncAPI documents of either major, also across them (a 2.x document migrated to
 * 3.x is compared by what it promises, not reported as a new contract). Never throws; anything
 * that is neither 2.x nor 3.x gives no changes (check {@link isAsyncApi}).
 */
export const diffAsyncApiDocuments: ContractDiffer = (base, head) => {
  if (base === head) return [];
  const b = model(base);
  const h = model(head);
  return b && h ? diffAsyncApiModels(b, h) : [];
};

function model(doc: unknown): AsyncApiModel | undefined {
  if (isAsyncApi2(doc)) return asyncApi2Model(doc as JsonObject);
  if (isAsyncApi3(doc)) return asyncApi3Model(doc as JsonObject);
  return undefined;
}

/**
 * The node a local reference names, following `$ref`s met on the way (`#/channels/user/messages/x`
 * where `channels.user` is itself a reference) but not the one it ends on: a channel message's
 * own key is its name even when it references a component.
 */
function locate(doc: Doc, ref: string): Located | undefined {
  if (!ref.startsWith("#")) return undefined;
  let fragment = ref.slice(1);
  try {
    fragment = decodeURIComponent(fragment);
  } catch {
    // kept literally, as Doc does
  }
  if (fragment !== "" && !fragment.startsWith("/")) return undefined;
  let at: Located = { node: doc.root, ptr: "" };
  for (const token of pointerTokens(fragment)) {
    const found = doc.deref(at);
    if (!found || !isObject(found.node) || !Object.hasOwn(found.node, token)) return undefined;
    at = { node: found.node[token], ptr: ptr(found.ptr, token) };
  }
  return at;
}

const lastToken = (ref: string) => {
  const tokens = pointerTokens(ref.replace(/^[^#]*#/, ""));
  return tokens[tokens.length - 1];
};

/** The keys of an object that name things (`x-` extensions are not channels or servers). */
const named = (value: unknown) =>
  Object.keys(isObject(value) ? value : {}).filter((k) => !k.startsWith("x-"));

/** An AsyncAPI 3.x document as the differ reads it. */
export function asyncApi3Model(root: JsonObject): AsyncApiModel {
  const doc = new Doc(root);
  const channels = new Map<string, ChannelModel>();
  /** Channels by the pointers an operation may reference them at (own slot, or its target). */
  const byPointer = new Map<string, ChannelModel>();
  const all = objAt(root, "channels");
  for (const id of named(all)) {
    const slot = ptr("/channels", id);
    const ch = doc.deref({ node: all?.[id], ptr: slot });
    if (!ch || !isObject(ch.node)) continue;
    const address = strAt(ch.node, "address");
    const key = address === undefined ? `#${id}` : templateKey(address);
    const channel: ChannelModel = {
      name: address ?? id,
      ptr: ch.ptr,
      node: ch.node,
      parameter: (name) => parameterSchema(doc, ch as Located & { node: JsonObject }, name),
      operations: [],
    };
    // two channels on one address (3.x allows it): the second is told apart by its key
    channels.set(channels.has(key) ? `${key}#${id}` : key, channel);
    byPointer.set(slot, channel);
    byPointer.set(ch.ptr, channel);
  }
  const channelOf = (value: unknown): ChannelModel | undefined => {
    const ref = refOf(value);
    const at = ref === undefined ? undefined : locate(doc, ref);
    if (!at) return undefined;
    return byPointer.get(at.ptr) ?? byPointer.get(doc.deref(at)?.ptr ?? "");
  };
  const ops = objAt(root, "operations");
  for (const id of named(ops)) {
    const op = doc.deref({ node: ops?.[id], ptr: ptr("/operations", id) });
    if (!op || !isObject(op.node)) continue;
    const dir: Direction | undefined =
      op.node.action === "send" ? "response" : op.node.action === "receive" ? "request" : undefined;
    const channel = channelOf(op.node.channel);
    if (!dir || !channel) continue;
    const node = op.node;
    channel.operations.push({
      id,
      dir,
      label: `operation "${id}"`,
      node,
      ptr: op.ptr,
      messages: messageEntries(doc, node.messages, ptr(op.ptr, "messages"), channel),
    });
    // the reply travels the other way: what the application sends back, clients receive
    const reply = doc.deref({ node: node.reply, ptr: ptr(op.ptr, "reply") });
    const replyChannel = reply && isObject(reply.node) ? channelOf(reply.node.channel) : undefined;
    if (!reply || !isObject(reply.node) || !replyChannel) continue;
    replyChannel.operations.push({
      id: `${id} reply`,
      dir: dir === "response" ? "request" : "response",
      label: `operation "${id}" reply`,
      node: reply.node,
      ptr: reply.ptr,
      messages: messageEntries(doc, reply.node.messages, ptr(reply.ptr, "messages"), replyChannel),
    } satisfies OperationModel);
  }
  const security = (value: unknown) => schemeAlternatives(doc, value);
  return { doc, root, version: 3, servers: servers(doc, root), security, channels };
}

/** The messages an operation (or reply) lists; none listed means all of its channel's. */
function messageEntries(doc: Doc, list: unknown, at: string, channel: ChannelModel): MessageList {
  if (Array.isArray(list)) {
    const entries = (list as unknown[]).map((item, i) => {
      const listed = ptr(at, i);
      const ref = refOf(item);
      const target = ref === undefined ? undefined : locate(doc, ref);
      return { listed, at: target ?? { node: item, ptr: listed }, id: ref && lastToken(ref) };
    });
    return { entries, from: list };
  }
  // the channel's own list, read once however many operations lean on it
  const known = allOf.get(channel);
  if (known) return known;
  const own = objAt(channel.node, "messages");
  const entries = named(own).map((key) => {
    const listed = ptr(channel.ptr, "messages", key);
    return { listed, at: { node: own?.[key], ptr: listed }, id: key };
  });
  const read = { entries, from: own };
  allOf.set(channel, read);
  return read;
}

/** Each channel's messages, for operations that list none. */
const allOf = new WeakMap<ChannelModel, MessageList>();

/**
 * A 3.x channel parameter as a schema: its value is a string of the address, limited by `enum`
 * and defaulting to `default`. The schema sits at the parameter's own pointer, so a removed enum
 * value points at the parameter's `enum`.
 */
function parameterSchema(
  doc: Doc,
  ch: Located & { node: JsonObject },
  name: string,
): Located | undefined {
  const p = doc.deref({
    node: objAt(ch.node, "parameters")?.[name],
    ptr: ptr(ch.ptr, "parameters", name),
  });
  if (!p || !isObject(p.node)) return undefined;
  const schema: JsonObject = { type: "string" };
  if (Array.isArray(p.node.enum)) schema.enum = p.node.enum;
  if (p.node.default !== undefined) schema.default = p.node.default;
  return { node: schema, ptr: p.ptr };
}

/** Servers in 2.x shape: `host` + `pathname` as `url`, the security scheme list as alternatives. */
function servers(doc: Doc, root: JsonObject): Map<string, ServerModel> {
  const out = new Map<string, ServerModel>();
  const list = objAt(root, "servers");
  for (const name of named(list)) {
    const s = doc.derefOr({ node: list?.[name], ptr: "" }).node;
    if (!isObject(s)) continue;
    const at = ptr("/servers", name);
    const node: JsonObject = { ...s };
    delete node.host;
    delete node.pathname;
    if (typeof s.host === "string")
      node.url = s.host + (typeof s.pathname === "string" ? s.pathname : "");
    out.set(name, {
      node,
      ptr: at,
      urlPtr: ptr(at, typeof s.host === "string" ? "host" : "pathname"),
      security: schemeAlternatives(doc, s.security),
      securityPtr: Array.isArray(s.security) ? ptr(at, "security") : at,
    });
  }
  return out;
}

/**
 * A 3.x `security` list (Security Scheme Objects or references to them, any one of which
 * suffices) as alternatives: a referenced scheme by its component name, an inline one by what
 * identifies it on the wire (`http:bearer`, `apiKey:user`), each with its `scopes`.
 */
function schemeAlternatives(doc: Doc, value: unknown): Alternative[] {
  const alts: Alternative[] = [];
  if (Array.isArray(value))
    for (const item of value) {
      const ref = refOf(item);
      const scheme = doc.derefOr({ node: item, ptr: "" }).node;
      if (!isObject(scheme)) continue;
      const name =
        (ref && lastToken(ref)) ??
        ["type", "scheme", "in", "name"]
          .map((k) => scheme[k])
          .filter((v): v is string => typeof v === "string")
          .join(":");
      const scopes = Array.isArray(scheme.scopes)
        ? scheme.scopes.filter((s): s is string => typeof s === "string")
        : [];
      alts.push(new Map([[name, new Set(scopes)]]));
    }
  return alts.length > 0 ? alts : [new Map<string, Set<string>>()];
}
