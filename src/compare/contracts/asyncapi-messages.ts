import { docs } from "./annotations.js";
import type { Collector } from "./collect.js";
import { Doc, refOf, type Located } from "./refs.js";
import { ASYNCAPI_RULES as R, type Direction } from "./rules.js";
import type { SchemaDiffer } from "./schema.js";
import { deepEqual, isObj, ptr, show, strAt, type Obj } from "./util.js";

/** What message comparison needs from the AsyncAPI differ. */
export interface MessageContext {
  bdoc: Doc;
  hdoc: Doc;
  out: Collector;
  schemas: SchemaDiffer;
}

interface Message extends Located {
  node: Obj;
  listed: string;
  traits: Located[];
}

/** The messages of an operation (`message`, or `message.oneOf`), keyed by a stable name. */
export function messages(doc: Doc, value: unknown, at: string): Map<string, Message> {
  const out = new Map<string, Message>();
  const direct = doc.deref({ node: value, ptr: at });
  if (!direct || !isObj(direct.node)) return out;
  const list: Located[] = Array.isArray(direct.node.oneOf)
    ? (direct.node.oneOf as unknown[]).map((node, i) => ({
        node,
        ptr: ptr(direct.ptr, "oneOf", i),
      }))
    : [{ node: value, ptr: at }];
  list.forEach((entry, i) => {
    const msg = doc.deref(entry);
    if (!msg || !isObj(msg.node)) return;
    const ref = refOf(entry.node);
    const name =
      strAt(msg.node, "messageId") ??
      strAt(msg.node, "name") ??
      (ref ? ref.slice(ref.lastIndexOf("/") + 1) : undefined) ??
      strAt(msg.node, "title") ??
      `#${i}`;
    const traitList = Array.isArray(msg.node.traits) ? msg.node.traits : [];
    const traits = traitList
      .map((t, j) => doc.deref({ node: t, ptr: ptr(msg.ptr, "traits", j) }))
      .filter((t): t is Located => t !== undefined && isObj(t.node));
    out.set(`"${name}"`, { node: msg.node, ptr: msg.ptr, listed: entry.ptr, traits });
  });
  return out;
}

/** A message field, falling back to its traits (the message's own value wins). */
function field(m: Message, key: string): Located | undefined {
  if (m.node[key] !== undefined) return { node: m.node[key], ptr: ptr(m.ptr, key) };
  for (const t of m.traits) {
    const node = (t.node as Obj)[key];
    if (node !== undefined) return { node, ptr: ptr(t.ptr, key) };
  }
  return undefined;
}

/** Schema formats that are JSON Schema (the AsyncAPI default); others (Avro, ...) are not read. */
function jsonSchemaFormat(format: unknown): boolean {
  return (
    format === undefined ||
    (typeof format === "string" && /asyncapi|schema\+(json|yaml)/i.test(format))
  );
}

export function diffMessage(
  ctx: MessageContext,
  b: Message,
  h: Message,
  label: string,
  dir: Direction,
  broot: Obj,
  hroot: Obj,
): void {
  const { out } = ctx;
  docs(out, label, b.node, h.node, { b: b.ptr, h: h.ptr }, [
    "name",
    "title",
    "summary",
    "description",
    "examples",
    "tags",
    "externalDocs",
  ]);
  const bType = field(b, "contentType")?.node ?? broot.defaultContentType;
  const hType = field(h, "contentType")?.node ?? hroot.defaultContentType;
  if (!deepEqual(bType, hType))
    out.add(
      "message-content-type-changed",
      R["message-content-type-changed"],
      label,
      `content type ${show(bType)} → ${show(hType)}`,
      field(h, "contentType")?.ptr ?? h.ptr,
      "head",
    );
  const bc = field(b, "correlationId");
  const hc = field(h, "correlationId");
  const location = (c: Located | undefined, doc: Doc) =>
    c ? strAt(doc.derefOr(c).node, "location") : undefined;
  if (location(bc, ctx.bdoc) !== location(hc, ctx.hdoc)) {
    out.add(
      "message-correlation-id-changed",
      R["message-correlation-id-changed"],
      label,
      "correlation ID location changed",
      hc?.ptr ?? h.ptr,
      "head",
    );
  }
  bindings(ctx, label, b.node, h.node, h.ptr);
  const bp = field(b, "payload");
  const hp = field(h, "payload");
  const bf = field(b, "schemaFormat")?.node;
  const hf = field(h, "schemaFormat")?.node;
  if (!jsonSchemaFormat(bf) || !jsonSchemaFormat(hf)) {
    if (!deepEqual(bf, hf) || !deepEqual(bp?.node, hp?.node)) {
      out.add(
        "payload-unchecked",
        R["payload-unchecked"],
        label,
        `payload in schema format ${show(hf ?? bf)} changed; that format is not compared, so the change is assumed breaking`,
        hp?.ptr ?? h.ptr,
        "head",
      );
    }
  } else {
    out.schema(ctx.schemas.diff(bp, hp, dir), dir, `${label} payload`);
  }
  out.schema(
    ctx.schemas.diff(field(b, "headers"), field(h, "headers"), dir),
    dir,
    `${label} headers`,
  );
}

/** Protocol bindings are not interpreted: any change is assumed breaking (see docs). */
export function bindings(ctx: MessageContext, label: string, b: Obj, h: Obj, at: string): void {
  const bb = ctx.bdoc.derefOr({ node: b.bindings, ptr: "" }).node;
  const hb = ctx.hdoc.derefOr({ node: h.bindings, ptr: "" }).node;
  if (!deepEqual(bb, hb))
    ctx.out.add(
      "bindings-changed",
      R["bindings-changed"],
      label,
      "bindings changed",
      h.bindings === undefined ? at : ptr(at, "bindings"),
      "head",
    );
}
