import { docs, type Collector } from "../collect.js";
import { Doc, refOf, type Located } from "../schema/refs.js";
import { ASYNCAPI_RULES as R, type Direction } from "../rules.js";
import type { SchemaDiffer } from "../schema/schema.js";
import {
  deepEqual,
  isObject,
  ptr,
  showCanonical,
  strAt,
  type JsonObject,
} from "../../json/values.js";

/** What message comparison needs from the AsyncAPI differ. */
export interface MessageContext {
  bdoc: Doc;
  hdoc: Doc;
  out: Collector;
  schemas: SchemaDiffer;
}

interface Message extends Located {
  node: JsonObject;
  listed: string;
  /** The message with its traits applied, and where each top-level field of it came from. */
  merged: Traited;
}

/** A node with its traits applied, and the pointer each of its top-level fields came from. */
export interface Traited {
  node: JsonObject;
  from: Map<string, string>;
}

/** How deep trait merging recurses; below that the trait's value replaces the target's whole. */
const MAX_MERGE_DEPTH = 32;
/**
 * How many objects one message's or operation's trait merging may visit: `$ref`s are resolved while
 * merging, so a hostile document whose trait and message both point at a self-referencing schema
 * would otherwise unfold exponentially. Past the budget the trait's value replaces the target's.
 */
const MAX_MERGE_STEPS = 2_000;

/**
 * JSON Merge Patch (RFC 7386) of `patch` onto `target`, with local `$ref`s on either side resolved
 * first: a trait's `headers: {$ref}` merges with the message's inline headers like @asyncapi/parser
 * merges its dereferenced documents. Arrays and scalars of the patch replace; `null` deletes. Only
 * where both sides hold an object is anything resolved or copied; elsewhere the patch's value is
 * taken as it is.
 */
function mergePatch(
  doc: Doc,
  target: unknown,
  patch: unknown,
  depth: number,
  budget: { steps: number },
): unknown {
  if (target === undefined || depth > MAX_MERGE_DEPTH || --budget.steps < 0) return patch;
  const p = doc.derefOr({ node: patch, ptr: "" }).node;
  const t = doc.derefOr({ node: target, ptr: "" }).node;
  if (!isObject(p) || !isObject(t)) return patch;
  const out: JsonObject = { ...t };
  for (const [key, value] of Object.entries(p)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(doc, out[key], value, depth + 1, budget);
  }
  return out;
}

/**
 * Applies the `traits` of a message or operation. AsyncAPI 2.x (and @asyncapi/parser for it)
 * merges each trait, in order, onto the object with JSON Merge Patch, so a trait's value wins over
 * the object's own and a trait's header extends the message's own headers. AsyncAPI 3.x keeps the
 * merge but lets the object win (`ownWins`): the traits are merged in order, then the object's own
 * fields onto them, so a trait never overrides what the object says itself.
 */
export function applyTraits(
  doc: Doc,
  at: Located & { node: JsonObject },
  ownWins = false,
): Traited {
  const from = new Map<string, string>();
  const node: JsonObject = {};
  const budget = { steps: MAX_MERGE_STEPS };
  const own = Object.keys(at.node).filter((key) => key !== "traits");
  const mergeOwn = () => {
    for (const key of own) {
      const value = at.node[key];
      node[key] = ownWins ? mergePatch(doc, node[key], value, 1, budget) : value;
      from.set(key, ptr(at.ptr, key));
    }
  };
  if (!ownWins) mergeOwn();
  const list = Array.isArray(at.node.traits) ? (at.node.traits as unknown[]) : [];
  list.forEach((t, j) => {
    const trait = doc.deref({ node: t, ptr: ptr(at.ptr, "traits", j) });
    if (!trait || !isObject(trait.node)) return;
    for (const [key, value] of Object.entries(trait.node)) {
      if (value === null) {
        delete node[key];
        from.delete(key);
        continue;
      }
      node[key] = mergePatch(doc, node[key], value, 1, budget);
      // the pointer of the object's own field, when it has one: that is where the merged value is
      if (!from.has(key)) from.set(key, ptr(trait.ptr, key));
    }
  });
  if (ownWins) mergeOwn();
  return { node, from };
}

/**
 * One message an operation lists: where it is listed, the message (or a `$ref` to it), and in
 * AsyncAPI 3.x its key in the channel's `messages` (3.x's message id, which replaced `messageId`).
 */
export interface MessageEntry {
  listed: string;
  at: Located;
  id?: string;
}

/**
 * The messages an operation lists, and the list they were read from when several operations may
 * share it (a 2.x `oneOf` behind a `$ref`, a 3.x channel's `messages`): the differ compares a
 * shared pair of lists once, however many operations reach it.
 */
export interface MessageList {
  entries: MessageEntry[];
  from?: object;
}

/**
 * The messages of a 2.x operation (`message`, or `message.oneOf`). A `oneOf` reached through a
 * `$ref` is read once per document (`shared`), however many operations use it.
 */
export function messageEntries(
  doc: Doc,
  value: unknown,
  at: string,
  shared: WeakMap<object, MessageList>,
): MessageList {
  const direct = doc.deref({ node: value, ptr: at });
  if (!direct || !isObject(direct.node)) return { entries: [] };
  const list = direct.node.oneOf;
  if (!Array.isArray(list)) return { entries: [{ listed: at, at: { node: value, ptr: at } }] };
  const known = shared.get(list);
  if (known) return known;
  const entries = (list as unknown[]).map((node, i) => {
    const listed = ptr(direct.ptr, "oneOf", i);
    return { listed, at: { node, ptr: listed } };
  });
  const read = { entries, from: list };
  shared.set(list, read);
  return read;
}

/**
 * A Multi Format Schema Object of AsyncAPI 3.x (`{schemaFormat, schema}`) in a message's `payload`
 * or `headers` is unwrapped: the schema is compared where it is, under the format it names, as a
 * 2.x message's `payload` under its `schemaFormat`.
 */
function unwrapMultiFormat(doc: Doc, merged: Traited, key: "payload" | "headers"): void {
  const value = merged.node[key];
  if (value === undefined) return;
  const found = doc.derefOr({ node: value, ptr: merged.from.get(key) ?? "" });
  if (!isObject(found.node) || typeof found.node.schemaFormat !== "string") return;
  merged.node[key] = found.node.schema;
  merged.from.set(key, ptr(found.ptr, "schema"));
  if (key === "payload") {
    merged.node.schemaFormat = found.node.schemaFormat;
    merged.from.set("schemaFormat", ptr(found.ptr, "schemaFormat"));
  }
}

/**
 * The messages an operation lists, keyed by a stable name: the 3.x channel key, else `messageId`,
 * `name`, the `$ref` target's name, `title`. `version` 3 applies traits the 3.x way and reads
 * Multi Format Schema Objects.
 */
export function messages(doc: Doc, entries: MessageEntry[], version: 2 | 3): Map<string, Message> {
  const out = new Map<string, Message>();
  entries.forEach((entry, i) => {
    const msg = doc.deref(entry.at);
    if (!msg || !isObject(msg.node)) return;
    const ref = refOf(entry.at.node);
    const name =
      entry.id ??
      strAt(msg.node, "messageId") ??
      strAt(msg.node, "name") ??
      (ref ? ref.slice(ref.lastIndexOf("/") + 1) : undefined) ??
      strAt(msg.node, "title") ??
      `#${i}`;
    const merged = applyTraits(doc, { node: msg.node, ptr: msg.ptr }, version === 3);
    if (version === 3) {
      unwrapMultiFormat(doc, merged, "payload");
      unwrapMultiFormat(doc, merged, "headers");
    }
    out.set(`"${name}"`, { node: msg.node, ptr: msg.ptr, listed: entry.listed, merged });
  });
  return out;
}

/** A field of a message with its traits applied. */
function field(m: Message, key: string): Located | undefined {
  const node = m.merged.node[key];
  if (node === undefined) return undefined;
  return { node, ptr: m.merged.from.get(key) ?? ptr(m.ptr, key) };
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
  broot: JsonObject,
  hroot: JsonObject,
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
      `content type ${showCanonical(bType)} → ${showCanonical(hType)}`,
      field(h, "contentType")?.ptr ?? h.ptr,
      "head",
    );
  const bc = field(b, "correlationId");
  const hc = field(h, "correlationId");
  const location = (c: Located | undefined, doc: Doc) =>
    c ? strAt(doc.derefOr(c).node, "location") : undefined;
  const [before, after] = [location(bc, ctx.bdoc), location(hc, ctx.hdoc)];
  if (before !== after) {
    // a first correlation ID moves nothing: messages carry what they carried, now documented
    const id =
      before === undefined
        ? "message-correlation-id-added"
        : after === undefined
          ? "message-correlation-id-removed"
          : "message-correlation-id-changed";
    out.add(
      id,
      R[id],
      label,
      before === undefined
        ? `correlation ID added at ${showCanonical(after)}`
        : after === undefined
          ? `correlation ID at ${showCanonical(before)} removed`
          : `correlation ID location ${showCanonical(before)} → ${showCanonical(after)}`,
      hc?.ptr ?? bc?.ptr ?? h.ptr,
      hc ? "head" : bc ? "base" : "head",
    );
  }
  bindings(ctx, label, b.merged.node, h.merged.node, h.ptr);
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
        `payload in schema format ${showCanonical(hf ?? bf)} changed; that format is not compared, so the change is assumed breaking`,
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
export function bindings(
  ctx: MessageContext,
  label: string,
  b: JsonObject,
  h: JsonObject,
  at: string,
): void {
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
