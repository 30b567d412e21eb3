import type { ChangeSink } from "../collect.js";
import { emit, subject } from "./keywords.js";
import type { SchemaView, Slot } from "./view.js";

/**
 * Constraints that either tighten or loosen what is valid: numeric bounds (with 3.0 boolean and
 * 3.1 numeric exclusives), lengths, item and property counts, `multipleOf`, `uniqueItems`, and
 * `pattern`. The direction decides later whether that breaks a client.
 */

interface Bound {
  value: number;
  exclusive: boolean;
  ptr: string;
}

/** The effective upper or lower numeric bound, folding 3.0 boolean and 3.1 numeric exclusives. */
function numericBound(v: SchemaView, which: "maximum" | "minimum"): Bound | undefined {
  const plain = v.bounds.get(which);
  const excl = v.bounds.get(which === "maximum" ? "exclusiveMaximum" : "exclusiveMinimum");
  const found: Bound[] = [];
  if (typeof plain?.value === "number")
    found.push({ value: plain.value, exclusive: excl?.value === true, ptr: plain.ptr });
  if (typeof excl?.value === "number")
    found.push({ value: excl.value, exclusive: true, ptr: excl.ptr });
  const tighter = (x: Bound, y: Bound) =>
    (which === "maximum" ? x.value < y.value : x.value > y.value) ||
    (x.value === y.value && x.exclusive);
  return found.reduce<Bound | undefined>(
    (best, c) => (!best || tighter(c, best) ? c : best),
    undefined,
  );
}

const UPPER = ["maxLength", "maxItems", "maxProperties"];
const LOWER = ["minLength", "minItems", "minProperties"];

/** Bounds, `multipleOf` and `uniqueItems`: each either tightens or loosens what is valid. */
export function compareBounds(b: SchemaView, h: SchemaView, out: ChangeSink): void {
  if (b.bounds.size === 0 && h.bounds.size === 0) return;
  const who = h.ptr; // rendered by subject() only when a change is reported
  const report = (tight: boolean, what: string, at: string, side: "base" | "head" = "head") =>
    emit(
      out,
      tight ? "constraint-tightened" : "constraint-loosened",
      `${subject(who)}: ${what}`,
      at,
      side,
    );
  for (const which of ["maximum", "minimum"] as const) {
    const bb = numericBound(b, which);
    const hb = numericBound(h, which);
    const text = (x: Bound) => `${x.exclusive ? "exclusive " : ""}${x.value}`;
    if (!bb && hb) report(true, `${which} ${text(hb)} added`, hb.ptr);
    else if (bb && !hb) report(false, `${which} ${text(bb)} removed`, bb.ptr, "base");
    else if (bb && hb && (bb.value !== hb.value || bb.exclusive !== hb.exclusive)) {
      const lower = hb.value < bb.value || (hb.value === bb.value && hb.exclusive);
      report(which === "maximum" ? lower : !lower, `${which} ${text(bb)} → ${text(hb)}`, hb.ptr);
    }
  }
  for (const key of [...UPPER, ...LOWER]) {
    const bv = b.bounds.get(key);
    const hv = h.bounds.get(key);
    const bn = typeof bv?.value === "number" ? bv.value : undefined;
    const hn = typeof hv?.value === "number" ? hv.value : undefined;
    const upper = UPPER.includes(key);
    // a lower bound of 0 says nothing: adding or removing it is no change
    if (bn === undefined && hn !== undefined && hv) {
      if (upper || hn > 0) report(true, `${key} ${hn} added`, hv.ptr);
    } else if (bn !== undefined && hn === undefined && bv) {
      if (upper || bn > 0) report(false, `${key} ${bn} removed`, bv.ptr, "base");
    } else if (bn !== undefined && hn !== undefined && bn !== hn && hv) {
      report(upper ? hn < bn : hn > bn, `${key} ${bn} → ${hn}`, hv.ptr);
    }
  }
  compareMultipleOf(b.bounds.get("multipleOf"), h.bounds.get("multipleOf"), who, out);
  const bu = b.bounds.get("uniqueItems")?.value === true;
  const hu = h.bounds.get("uniqueItems");
  if (!bu && hu?.value === true) report(true, "uniqueItems required", hu.ptr);
  if (bu && hu?.value !== true) report(false, "uniqueItems no longer required", hu?.ptr ?? h.ptr);
}

function compareMultipleOf(
  b: Slot<number | boolean> | undefined,
  h: Slot<number | boolean> | undefined,
  who: string,
  out: ChangeSink,
): void {
  const bn = typeof b?.value === "number" && b.value > 0 ? b.value : undefined;
  const hn = typeof h?.value === "number" && h.value > 0 ? h.value : undefined;
  if (bn === hn) return;
  const at = h?.ptr ?? b?.ptr ?? "";
  const side = h ? "head" : "base";
  const detail = `${subject(who)}: multipleOf ${bn ?? "none"} → ${hn ?? "none"}`;
  if (bn === undefined) emit(out, "constraint-tightened", detail, at, side);
  else if (hn === undefined) emit(out, "constraint-loosened", detail, at, side);
  else if (Number.isInteger(hn / bn)) emit(out, "constraint-tightened", detail, at);
  else if (Number.isInteger(bn / hn)) emit(out, "constraint-loosened", detail, at);
  else emit(out, "keyword-changed", detail, at);
}

/** Patterns that match every string: replacing a pattern by one of these removes it. */
const UNIVERSAL = new Set([
  "",
  ".*",
  "^.*$",
  "^.*",
  ".*$",
  "(.*)",
  "^(.*)$",
  "[\\s\\S]*",
  "^[\\s\\S]*$",
]);

/**
 * `pattern`: added tightens a request, removed loosens it, changed may do both (regexes cannot be
 * compared). A response pattern only describes what the server sends: no client library enforces
 * it on what it reads, so in responses patterns are not breaking (oasdiff agrees).
 */
export function comparePattern(b: SchemaView, h: SchemaView, out: ChangeSink): void {
  const bp = b.pattern && !UNIVERSAL.has(b.pattern.value) ? b.pattern : undefined;
  const hp = h.pattern && !UNIVERSAL.has(h.pattern.value) ? h.pattern : undefined;
  const who = h.ptr; // rendered by subject() only when a change is reported
  if (!bp && hp)
    emit(
      out,
      "pattern-added",
      `${subject(who)}: pattern ${JSON.stringify(hp.value)} added`,
      hp.ptr,
    );
  else if (bp && !hp)
    emit(
      out,
      "pattern-removed",
      `${subject(who)}: pattern ${JSON.stringify(bp.value)} removed`,
      h.pattern?.ptr ?? bp.ptr,
      h.pattern ? "head" : "base",
    );
  else if (bp && hp && bp.value !== hp.value) {
    emit(
      out,
      "pattern-changed",
      `${subject(who)}: pattern ${JSON.stringify(bp.value)} → ${JSON.stringify(hp.value)}`,
      hp.ptr,
    );
  }
}
