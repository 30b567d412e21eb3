import type { ChangeSink, SchemaChange } from "../collect.js";
import type { SchemaRuleId } from "../rules.js";
import { canonical, deepEqual, isObject, pointerTokens, showCanonical } from "../../json/values.js";
import type { SchemaView } from "./view.js";

/**
 * Comparisons of single keywords of two schema views (types, formats, enums, bounds, patterns,
 * defaults, discriminators, annotations). Each finding is phrased as narrowing or widening; the
 * direction (request or response) decides later whether that breaks a client.
 */

/** Appends one raw change. */
export function emit(
  out: ChangeSink,
  rule: SchemaChange["rule"],
  detail: string,
  pointer: string,
  side: "base" | "head" = "head",
): void {
  out.push({ rule, detail, pointer, side });
}

/**
 * A human name for the schema at a pointer: `property "data.name" of GroupView`, `schema Pet`, or
 * `schema` for an inline root. Computed from the pointer alone so memoised changes stay correct
 * whichever operation reaches them.
 */
export function subject(pointer: string): string {
  const tokens = pointerTokens(pointer);
  let component: string | undefined;
  let path: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const next = tokens[i + 1];
    if (
      next !== undefined &&
      ((token === "schemas" && tokens[i - 1] === "components") ||
        token === "definitions" ||
        token === "$defs")
    ) {
      component = next;
      path = [];
      i++;
    } else if (token === "schema" || token === "payload") {
      component = undefined;
      path = [];
    } else if (token === "properties" && next !== undefined) {
      path.push(next);
      i++;
    } else if (token === "items") {
      path.push("[]");
    } else if (token === "additionalProperties") {
      path.push("*");
    }
  }
  const of = component === undefined ? "" : ` of ${component}`;
  if (path.length === 0) return component === undefined ? "schema" : `schema ${component}`;
  if (path.length === 1 && path[0] === "[]") return `array items${of}`;
  return `property "${path.join(".").replace(/\.\[\]/g, "[]")}"${of}`;
}

/** True when type set `set` accepts values of type `t` (every integer is a number). */
function accepts(set: Set<string>, t: string): boolean {
  return set.has(t) || (t === "integer" && set.has("number"));
}

const list = (types: Set<string>): string => [...types].sort().join("|") || "nothing";

/** Types and nullability. Returns false when the types changed incompatibly (skip the format). */
export function compareTypes(b: SchemaView, h: SchemaView, out: ChangeSink): boolean {
  const bt = b.types?.value;
  const ht = h.types?.value;
  const who = h.ptr; // rendered by subject() only when a change is reported
  let compatible = true;
  if (!bt && ht)
    emit(
      out,
      "type-narrowed",
      `${subject(who)}: type restricted to ${list(ht)}`,
      h.types?.ptr ?? h.ptr,
    );
  if (bt && !ht)
    emit(out, "type-widened", `${subject(who)}: type ${list(bt)} lifted (any type)`, h.ptr);
  if (bt && ht) {
    const removed = [...bt].filter((t) => !accepts(ht, t));
    const added = [...ht].filter((t) => !accepts(bt, t));
    const rule =
      removed.length > 0 && added.length > 0
        ? "type-changed"
        : removed.length > 0
          ? "type-narrowed"
          : added.length > 0
            ? "type-widened"
            : undefined;
    if (rule)
      emit(out, rule, `${subject(who)}: type ${list(bt)} → ${list(ht)}`, h.types?.ptr ?? h.ptr);
    compatible = rule !== "type-changed";
  }
  // Untyped schemas already accept null; compare nullability only where both sides say a type.
  if ((bt && ht) || (b.alternatives && h.alternatives)) {
    if (b.nullable && !h.nullable)
      emit(out, "became-not-nullable", `${subject(who)}: no longer nullable`, h.ptr);
    if (!b.nullable && h.nullable)
      emit(out, "became-nullable", `${subject(who)}: became nullable`, h.nullable.ptr);
  }
  return compatible;
}

const WIDER_FORMATS = new Map([
  ["int32", "int64"],
  ["float", "double"],
]);

/** `format`: adding one validates more, removing one validates less. */
export function compareFormat(b: SchemaView, h: SchemaView, out: ChangeSink): void {
  const bf = b.format?.value;
  const hf = h.format?.value;
  if (bf === hf) return;
  const who = h.ptr; // rendered by subject() only when a change is reported
  if (bf === undefined && h.format)
    emit(out, "format-added", `${subject(who)}: format "${hf}" added`, h.format.ptr);
  else if (hf === undefined && b.format)
    emit(out, "format-removed", `${subject(who)}: format "${bf}" removed`, b.format.ptr, "base");
  else if (h.format && bf !== undefined && hf !== undefined) {
    const rule: SchemaRuleId =
      WIDER_FORMATS.get(bf) === hf
        ? "format-widened"
        : WIDER_FORMATS.get(hf) === bf
          ? "format-narrowed"
          : "format-changed";
    emit(out, rule, `${subject(who)}: format "${bf}" → "${hf}"`, h.format.ptr);
  }
}

/** `enum` (and `const`, a one-value enum) compared as sets of values. */
export function compareEnum(b: SchemaView, h: SchemaView, out: ChangeSink): void {
  const who = h.ptr; // rendered by subject() only when a change is reported
  if (!b.enum && h.enum) {
    emit(
      out,
      "became-enum",
      `${subject(who)}: restricted to ${showCanonical(h.enum.value)}`,
      h.enum.ptr,
    );
    return;
  }
  if (b.enum && !h.enum) {
    emit(
      out,
      "enum-removed",
      `${subject(who)}: enum ${showCanonical(b.enum.value)} lifted`,
      b.enum.ptr,
      "base",
    );
    return;
  }
  if (!b.enum || !h.enum) return;
  const bk = new Map(b.enum.value.map((v) => [canonical(v), v]));
  const hk = new Map(h.enum.value.map((v) => [canonical(v), v]));
  const removed = [...bk.keys()].filter((k) => !hk.has(k));
  const added = [...hk.keys()].filter((k) => !bk.has(k));
  if (removed.length > 0)
    emit(
      out,
      "enum-value-removed",
      `${subject(who)}: enum value${removed.length > 1 ? "s" : ""} ${removed.join(", ")} removed`,
      h.enum.ptr,
    );
  if (added.length > 0)
    emit(
      out,
      "enum-value-added",
      `${subject(who)}: enum value${added.length > 1 ? "s" : ""} ${added.join(", ")} added`,
      h.enum.ptr,
    );
}

function quiet(v: SchemaView): boolean {
  return !v.default && !v.deprecated && !v.discriminator && v.unmodeled.size === 0;
}

/** `default`, `deprecated`, `discriminator` and the keywords compared only as a whole. */
export function compareMisc(b: SchemaView, h: SchemaView, out: ChangeSink): void {
  if (quiet(b) && quiet(h)) return;
  const who = h.ptr; // rendered by subject() only when a change is reported
  if (!b.default && h.default)
    emit(
      out,
      "default-added",
      `${subject(who)}: default ${showCanonical(h.default.value)} added`,
      h.default.ptr,
    );
  if (b.default && !h.default)
    emit(
      out,
      "default-removed",
      `${subject(who)}: default ${showCanonical(b.default.value)} removed`,
      b.default.ptr,
      "base",
    );
  if (b.default && h.default && !deepEqual(b.default.value, h.default.value)) {
    emit(
      out,
      "default-changed",
      `${subject(who)}: default ${showCanonical(b.default.value)} → ${showCanonical(h.default.value)}`,
      h.default.ptr,
    );
  }
  if (!b.deprecated && h.deprecated)
    emit(out, "became-deprecated", `${subject(who)}: deprecated`, h.ptr);
  if (b.deprecated && !h.deprecated)
    emit(out, "no-longer-deprecated", `${subject(who)}: no longer deprecated`, h.ptr);
  compareDiscriminator(b, h, who, out);
  for (const key of new Set([...b.unmodeled.keys(), ...h.unmodeled.keys()])) {
    const bs = b.unmodeled.get(key);
    const hs = h.unmodeled.get(key);
    if (!bs && hs) emit(out, "keyword-added", `${subject(who)}: ${key} added`, hs.ptr);
    else if (bs && !hs)
      emit(out, "keyword-removed", `${subject(who)}: ${key} removed`, bs.ptr, "base");
    else if (bs && hs && !deepEqual(bs.value, hs.value))
      emit(out, "keyword-changed", `${subject(who)}: ${key} changed`, hs.ptr);
  }
}

function compareDiscriminator(b: SchemaView, h: SchemaView, who: string, out: ChangeSink): void {
  const bd = b.discriminator;
  const hd = h.discriminator;
  if (!bd && hd)
    return emit(out, "discriminator-added", `${subject(who)}: discriminator added`, hd.ptr);
  if (bd && !hd)
    return emit(
      out,
      "discriminator-removed",
      `${subject(who)}: discriminator removed`,
      bd.ptr,
      "base",
    );
  if (!bd || !hd) return;
  if (bd.value.propertyName !== hd.value.propertyName) {
    emit(
      out,
      "discriminator-changed",
      `${subject(who)}: discriminator property ${showCanonical(bd.value.propertyName)} → ${showCanonical(hd.value.propertyName)}`,
      hd.ptr,
    );
  }
  const bm = isObject(bd.value.mapping) ? bd.value.mapping : {};
  const hm = isObject(hd.value.mapping) ? hd.value.mapping : {};
  for (const key of new Set([...Object.keys(bm), ...Object.keys(hm)])) {
    if (!(key in bm))
      emit(
        out,
        "discriminator-mapping-added",
        `${subject(who)}: discriminator value "${key}" added`,
        hd.ptr,
      );
    else if (!(key in hm))
      emit(
        out,
        "discriminator-mapping-removed",
        `${subject(who)}: discriminator value "${key}" removed`,
        hd.ptr,
      );
    else if (!deepEqual(bm[key], hm[key]))
      emit(
        out,
        "discriminator-changed",
        `${subject(who)}: discriminator value "${key}" maps elsewhere`,
        hd.ptr,
      );
  }
}

/** Annotations (description, title, examples, `x-` extensions): patch-level documentation. */
export function compareDocs(b: SchemaView, h: SchemaView, out: ChangeSink): void {
  const who = h.ptr; // rendered by subject() only when a change is reported
  if (b.docs.size === 0 && h.docs.size === 0) return;
  for (const key of new Set([...b.docs.keys(), ...h.docs.keys()])) {
    const bs = b.docs.get(key);
    const hs = h.docs.get(key);
    const word = key.slice(key.indexOf("#") + 1);
    if (!bs && hs) emit(out, "documentation-changed", `${subject(who)}: ${word} added`, hs.ptr);
    else if (bs && !hs)
      emit(out, "documentation-changed", `${subject(who)}: ${word} removed`, bs.ptr, "base");
    else if (bs && hs && !deepEqual(bs.value, hs.value))
      emit(out, "documentation-changed", `${subject(who)}: ${word} changed`, hs.ptr);
  }
}
