import { Doc, hasRefSiblings, refOf, type Located } from "./refs.js";
import { isObject, ptr, type JsonObject } from "../../json/values.js";

/** A keyword's value and the pointer of the keyword, for precise change locations. */
export interface Slot<T> {
  value: T;
  ptr: string;
}

/**
 * A schema flattened for comparison: `$ref`s followed, `allOf` members merged (so moving a
 * property into a shared base schema is not a change), keywords normalised across OpenAPI 2.0
 * (`x-nullable`), 3.0 (`nullable`, boolean `exclusiveMaximum`) and 3.1 (type arrays, `const`).
 */
export interface SchemaView {
  ptr: string;
  /** Types other than `"null"`; `undefined` means any type. */
  types?: Slot<Set<string>>;
  nullable?: Slot<true>;
  format?: Slot<string>;
  enum?: Slot<unknown[]>;
  props: Map<string, Located>;
  /** Required property names and the pointer of the `required` list naming them. */
  required: Map<string, string>;
  additional?: Slot<unknown>;
  items?: Located;
  /** Numeric and boolean constraints: minimum, maxLength, uniqueItems, ... */
  bounds: Map<string, Slot<number | boolean>>;
  pattern?: Slot<string>;
  readOnly: boolean;
  writeOnly: boolean;
  deprecated: boolean;
  default?: Slot<unknown>;
  alternatives?: { keyword: "oneOf" | "anyOf"; list: Located[]; ptr: string };
  allOf?: { members: { key: string; loc: Located }[]; ptr: string };
  discriminator?: Slot<JsonObject>;
  /** Annotations per merged part: key `<part index>#<keyword>` (0 is the schema itself). */
  docs: Map<string, Slot<unknown>>;
  /** Validation keywords we compare only as a whole (`not`, `if`, `patternProperties`, ...). */
  unmodeled: Map<string, Slot<unknown>>;
}

const BOUNDS = new Set([
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "minLength",
  "maxLength",
  "minItems",
  "maxItems",
  "minProperties",
  "maxProperties",
  "multipleOf",
  "uniqueItems",
]);
const DOCS = new Set([
  "description",
  "title",
  "example",
  "examples",
  "externalDocs",
  "$comment",
  "xml",
]);
const UNMODELED = new Set([
  "not",
  "if",
  "then",
  "else",
  "patternProperties",
  "propertyNames",
  "dependentRequired",
  "dependentSchemas",
  "dependencies",
  "prefixItems",
  "contains",
  "minContains",
  "maxContains",
  "unevaluatedProperties",
  "unevaluatedItems",
  "additionalItems",
  "contentMediaType",
  "contentEncoding",
  "contentSchema",
]);

/** How many schemas one `allOf` tree may merge; beyond that the rest is ignored. */
const MAX_PARTS = 64;

/**
 * The view of the schema at `at` in `doc`, or `undefined` when it cannot be resolved (an external
 * or broken `$ref`) or is not a schema at all. Views are cached per document and node.
 */
export function schemaView(doc: Doc, at: Located): SchemaView | undefined {
  let loc: Located | undefined = at;
  const ref = refOf(at.node);
  if (ref !== undefined && !hasRefSiblings(at.node as JsonObject)) loc = doc.deref(at);
  if (!loc) return undefined;
  if (typeof loc.node === "boolean") return booleanView(loc);
  if (!isObject(loc.node)) return undefined;
  const cached = doc.views.get(loc.node) as SchemaView | undefined;
  if (cached) return cached;
  const view = build(doc, loc);
  doc.views.set(loc.node, view);
  return view;
}

/**
 * One shared empty map for views without properties, bounds, ... A large specification has
 * hundreds of thousands of schema nodes; most have few keywords, and allocating five maps for each
 * was most of the differ's garbage. {@link mapOf} swaps in a real map on first write.
 */
const NONE = new Map<string, never>();

function emptyView(at: string): SchemaView {
  return {
    ptr: at,
    props: NONE,
    required: NONE,
    bounds: NONE,
    readOnly: false,
    writeOnly: false,
    deprecated: false,
    docs: NONE,
    unmodeled: NONE,
  };
}

type MapKey = "props" | "required" | "bounds" | "docs" | "unmodeled";

/** The writable map `key` of a view, allocated on first use. */
function mapOf<K extends MapKey>(view: SchemaView, key: K): SchemaView[K] {
  if (view[key] === NONE) view[key] = new Map() as SchemaView[K];
  return view[key];
}

/** `true` accepts anything (an empty view); `false` accepts nothing (an empty type set). */
function booleanView(at: Located): SchemaView {
  const view = emptyView(at.ptr);
  if (at.node === false) view.types = { value: new Set(), ptr: at.ptr };
  return view;
}

/** The schema objects merged into one view: the node, its `$ref` target, its `allOf` members. */
function collectParts(doc: Doc, at: Located, parts: Located[], seen: Set<object>): void {
  if (parts.length >= MAX_PARTS || !isObject(at.node) || seen.has(at.node)) return;
  seen.add(at.node);
  if (refOf(at.node) !== undefined) {
    if (hasRefSiblings(at.node)) parts.push(at); // its own keywords count too (3.1)
    const target = doc.deref(at);
    if (target) collectParts(doc, target, parts, seen);
    return;
  }
  parts.push(at);
  const allOf = at.node.allOf;
  if (Array.isArray(allOf)) {
    allOf.forEach((member, i) =>
      collectParts(doc, { node: member, ptr: ptr(at.ptr, "allOf", i) }, parts, seen),
    );
  }
}

function typeList(value: unknown): string[] | undefined {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.filter((t): t is string => typeof t === "string");
  return undefined;
}

function build(doc: Doc, at: Located): SchemaView {
  const view = emptyView(at.ptr);
  const parts: Located[] = [];
  collectParts(doc, at, parts, new Set());
  for (let index = 0; index < parts.length; index++) {
    const part = parts[index] as Located;
    // one pass over the keys a node has (most have few), rather than probing every keyword
    for (const k of Object.keys(part.node as JsonObject))
      readKeyword(view, part, index, k, (part.node as JsonObject)[k]);
  }
  return view;
}

const isBound = (v: unknown): v is number | boolean =>
  (typeof v === "number" && Number.isFinite(v)) || typeof v === "boolean";

/** Folds one keyword of one merged part into the view; the first part to say something wins. */
function readKeyword(view: SchemaView, part: Located, index: number, k: string, v: unknown): void {
  const at = part.ptr;
  switch (k) {
    case "type": {
      const list = typeList(v);
      if (!list) return;
      const own = new Set(list.filter((t) => t !== "null"));
      // allOf members each restrict the type: the merged type is the intersection
      const merged = view.types ? new Set([...view.types.value].filter((t) => own.has(t))) : own;
      view.types = { value: merged, ptr: view.types?.ptr ?? ptr(at, "type") };
      if (list.includes("null")) view.nullable ??= { value: true, ptr: ptr(at, "type") };
      return;
    }
    case "nullable":
    case "x-nullable":
      if (v === true) view.nullable ??= { value: true, ptr: ptr(at, k) };
      return;
    case "format":
      if (typeof v === "string") view.format ??= { value: v, ptr: ptr(at, k) };
      return;
    case "enum":
      if (Array.isArray(v)) view.enum = { value: v, ptr: ptr(at, k) }; // enum wins over const
      return;
    case "const":
      view.enum ??= { value: [v], ptr: ptr(at, k) };
      return;
    case "properties":
      if (!isObject(v)) return;
      for (const name of Object.keys(v)) {
        if (!view.props.has(name))
          mapOf(view, "props").set(name, { node: v[name], ptr: ptr(at, "properties", name) });
      }
      return;
    case "required":
      if (!Array.isArray(v)) return;
      for (const name of v) {
        if (typeof name === "string" && !view.required.has(name))
          mapOf(view, "required").set(name, ptr(at, k));
      }
      return;
    case "additionalProperties":
      view.additional ??= { value: v, ptr: ptr(at, k) };
      return;
    case "items":
      if (isObject(v) || typeof v === "boolean") view.items ??= { node: v, ptr: ptr(at, k) };
      else if (Array.isArray(v))
        mapOf(view, "unmodeled").set("items", { value: v, ptr: ptr(at, k) });
      return;
    case "pattern":
      if (typeof v === "string") view.pattern ??= { value: v, ptr: ptr(at, k) };
      return;
    case "readOnly":
      if (v === true) view.readOnly = true;
      return;
    case "writeOnly":
      if (v === true) view.writeOnly = true;
      return;
    case "deprecated":
      if (v === true) view.deprecated = true;
      return;
    case "default":
      view.default ??= { value: v, ptr: ptr(at, k) };
      return;
    case "oneOf":
    case "anyOf":
      if (!view.alternatives && Array.isArray(v) && v.length > 0) {
        const list = (v as unknown[]).map((n, i) => ({ node: n, ptr: ptr(at, k, i) }));
        view.alternatives = { keyword: k, list, ptr: ptr(at, k) };
      }
      return;
    case "allOf":
      if (!view.allOf && Array.isArray(v) && v.length > 0) {
        const members = (v as unknown[]).map((n, i) => ({
          key: refOf(n) ?? `#${i}`,
          loc: { node: n, ptr: ptr(at, k, i) },
        }));
        view.allOf = { members, ptr: ptr(at, k) };
      }
      return;
    case "discriminator":
      if (isObject(v)) view.discriminator ??= { value: v, ptr: ptr(at, k) };
      return;
  }
  if (BOUNDS.has(k)) {
    if (isBound(v) && !view.bounds.has(k))
      mapOf(view, "bounds").set(k, { value: v, ptr: ptr(at, k) });
  } else if (DOCS.has(k) || k.startsWith("x-")) {
    mapOf(view, "docs").set(`${index}#${k}`, { value: v, ptr: ptr(at, k) });
  } else if (UNMODELED.has(k) && !view.unmodeled.has(k)) {
    mapOf(view, "unmodeled").set(k, { value: v, ptr: ptr(at, k) });
  }
}

/** True when a schema (or its `allOf` tree) says nothing but annotations. */
export function annotationOnly(doc: Doc, at: Located): boolean {
  const view = schemaView(doc, at);
  if (!view) return false;
  return (
    !view.types &&
    !view.nullable &&
    !view.format &&
    !view.enum &&
    view.props.size === 0 &&
    view.required.size === 0 &&
    !view.additional &&
    !view.items &&
    view.bounds.size === 0 &&
    !view.pattern &&
    !view.alternatives &&
    !view.discriminator &&
    !view.default &&
    view.unmodeled.size === 0 &&
    !view.readOnly &&
    !view.writeOnly
  );
}
