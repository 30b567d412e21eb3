import { parseData } from "../file/data.js";
import type { ContractChange } from "../types.js";
import { ODataChanges, short } from "./changes.js";
import { isCsdlJson, readCsdlJson } from "./csdl-json.js";
import { readEdmx } from "./edmx.js";
import type { Capabilities, EntitySet, ODataModel } from "./model.js";
import { imports, operations } from "./operations.js";
import { structured } from "./structures.js";

/**
 * Whether a definition without a known ORD type looks like OData metadata: an `edmx:Edmx` root
 * element, or JSON with a CSDL `$Version` 4.x (readOData then decides whether it really is).
 */
export function isODataText(text: string): boolean {
  const start = text
    .slice(0, 4096)
    .replace(/^\uFEFF/, "")
    .trimStart();
  if (start.startsWith("<")) return /<([A-Za-z_][\w.-]*:)?Edmx[\s>]/.test(start);
  return start.startsWith("{") && /"\$Version"\s*:\s*"4/.test(start);
}

/** Reads EDMX or CSDL JSON text into the model, or says why it cannot. */
export function readOData(
  text: string,
): { model: ODataModel; syntax: "xml" | "json" } | { problem: string } {
  const trimmed = text.trimStart().replace(/^\uFEFF/, "");
  if (trimmed.startsWith("{")) {
    const data = parseData(trimmed);
    if ("problem" in data) return { problem: `is not valid JSON: ${data.problem}` };
    if (!isCsdlJson(data.value))
      return { problem: "is not CSDL JSON (no $Version 4.x with a schema)" };
    return { model: readCsdlJson(data.value), syntax: "json" };
  }
  const read = readEdmx(text);
  return "problem" in read ? read : { model: read.model, syntax: "xml" };
}

/** Entity sets and singletons: added, removed, retyped, and what clients may do with them. */
export function sets(c: ODataChanges): void {
  const { base, head } = c;
  for (const [name, b] of base.sets) {
    const h = head.sets.get(name);
    if (!h) {
      c.add(
        b.kind === "singleton" ? "singleton-removed" : "entity-set-removed",
        b,
        "base",
        `${b.kind} ${name} was removed`,
      );
      continue;
    }
    if (b.type !== h.type || b.kind !== h.kind)
      c.add(
        h.kind === "singleton" ? "singleton-type-changed" : "entity-set-type-changed",
        h,
        "head",
        `${h.kind} ${name}: ${b.kind} of ${short(b.type)} → ${h.kind} of ${short(h.type)}`,
      );
    for (const key of Object.keys(b.capabilities) as (keyof Capabilities)[]) {
      const [was, now] = [b.capabilities[key], h.capabilities[key]];
      if (was === now) continue;
      if (key === "requiresFilter")
        c.add(
          now ? "entity-set-now-requires-filter" : "entity-set-no-longer-requires-filter",
          h,
          "head",
          `${h.kind} ${name}: ${now ? "now requires a $filter" : "no longer requires a $filter"}`,
        );
      else
        c.add(
          now ? "entity-set-capability-added" : "entity-set-capability-removed",
          h,
          "head",
          `${h.kind} ${name}: ${now ? "is now" : "is no longer"} ${key}`,
        );
    }
    restrictedProperties(c, b, h);
    const bindings = (m: ReadonlyMap<string, string>) => JSON.stringify([...m].sort());
    if (bindings(b.bindings) !== bindings(h.bindings))
      c.add(
        "navigation-binding-changed",
        h,
        "head",
        `${h.kind} ${name}: navigation property bindings changed`,
      );
    c.annotations(`${h.kind} ${name}`, b.annotations, h.annotations, h);
  }
  for (const [name, h] of head.sets)
    if (!base.sets.has(name))
      c.add(
        h.kind === "singleton" ? "singleton-added" : "entity-set-added",
        h,
        "head",
        `${h.kind} ${name} was added`,
      );
}

/**
 * Properties a set may no longer be filtered or sorted by (V4 `Non*Properties`): queries using
 * them are rejected, as with V2 `sap:filterable="false"` on the property.
 */
function restrictedProperties(c: ODataChanges, b: EntitySet, h: EntitySet): void {
  for (const key of ["filterable", "sortable"] as const) {
    const [was, now] = [b.restricted[key], h.restricted[key]];
    for (const path of now)
      if (!was.has(path))
        c.add(
          "property-capability-removed",
          h,
          "head",
          `${h.kind} ${h.name}: property ${path} is no longer ${key}`,
        );
    for (const path of was)
      if (!now.has(path))
        c.add(
          "property-capability-added",
          h,
          "head",
          `${h.kind} ${h.name}: property ${path} is ${key} again`,
        );
  }
}

/** Entity and complex types added or removed; those on both sides compared (structures.ts). */
export function types(c: ODataChanges): void {
  const { base, head } = c;
  const kindOf = (m: ODataModel, name: string) =>
    m.types.get(name)?.kind ??
    (m.enums.has(name) ? "enum" : m.typeDefinitions.has(name) ? "type definition" : undefined);
  for (const [name, b] of base.types) {
    const h = head.types.get(name);
    const headKind = kindOf(head, name);
    if (headKind && headKind !== b.kind) {
      c.add(
        "type-kind-changed",
        h ?? head.enums.get(name) ?? head.typeDefinitions.get(name)!,
        "head",
        `${short(name)}: ${b.kind} type → ${headKind} type`,
      );
      continue;
    }
    if (!h) {
      c.add(
        b.kind === "entity" ? "entity-type-removed" : "complex-type-removed",
        b,
        "base",
        `${b.kind} type ${short(name)} was removed`,
      );
      continue;
    }
    structured(c, b, h);
  }
  for (const [name, h] of head.types)
    if (!kindOf(base, name))
      c.add(
        h.kind === "entity" ? "entity-type-added" : "complex-type-added",
        h,
        "head",
        `${h.kind} type ${short(name)} was added`,
      );
}

/** Enum types: added, removed, and their members and values. */
export function enums(c: ODataChanges): void {
  const { base, head } = c;
  for (const [name, b] of base.enums) {
    const h = head.enums.get(name);
    if (!h) {
      if (!head.types.has(name) && !head.typeDefinitions.has(name))
        c.add("enum-type-removed", b, "base", `enum type ${short(name)} was removed`);
      else
        c.add("type-kind-changed", b, "base", `${short(name)}: enum type → another kind of type`);
      continue;
    }
    if (b.underlying !== h.underlying || b.flags !== h.flags)
      c.add(
        "enum-type-changed",
        h,
        "head",
        `enum type ${short(name)}: ${b.underlying}${b.flags ? " flags" : ""} → ${h.underlying}${h.flags ? " flags" : ""}`,
      );
    for (const [m, bm] of b.members) {
      const hm = h.members.get(m);
      if (!hm)
        c.add(
          "enum-member-removed",
          bm,
          "base",
          `${short(name)}.${m} was removed: clients sending or filtering by it fail`,
        );
      else {
        if (bm.value !== hm.value)
          c.add(
            "enum-member-value-changed",
            hm,
            "head",
            `${short(name)}.${m}: value ${bm.value ?? "implicit"} → ${hm.value ?? "implicit"}`,
          );
        c.annotations(`${short(name)}.${m}`, bm.annotations, hm.annotations, hm);
      }
    }
    for (const [m, hm] of h.members)
      if (!b.members.has(m))
        c.add(
          "enum-member-added",
          hm,
          "head",
          `${short(name)}.${m} was added: clients reading ${short(name)} may meet a member they do not know`,
          {
            written: c.dirs.head.valueWritten(name),
            read: c.dirs.head.valueRead(name),
          },
        );
    c.annotations(`enum type ${short(name)}`, b.annotations, h.annotations, h);
  }
  for (const [name, h] of head.enums)
    if (!base.enums.has(name) && !base.types.has(name) && !base.typeDefinitions.has(name))
      c.add("enum-type-added", h, "head", `enum type ${short(name)} was added`);
}

/** Type definitions added, removed or changed. */
export function typeDefinitions(c: ODataChanges): void {
  const { base, head } = c;
  for (const [name, b] of base.typeDefinitions) {
    const h = head.typeDefinitions.get(name);
    if (!h) {
      if (!head.types.has(name) && !head.enums.has(name))
        c.add("type-definition-removed", b, "base", `type definition ${short(name)} was removed`);
      continue;
    }
    if (b.underlying !== h.underlying || JSON.stringify(b.facets) !== JSON.stringify(h.facets))
      c.add(
        "type-definition-changed",
        h,
        "head",
        `type definition ${short(name)}: ${b.underlying} ${JSON.stringify(b.facets)} → ${h.underlying} ${JSON.stringify(h.facets)}`,
      );
    c.annotations(`type definition ${short(name)}`, b.annotations, h.annotations, h);
  }
  for (const [name, h] of head.typeDefinitions)
    if (!base.typeDefinitions.has(name) && !base.types.has(name) && !base.enums.has(name))
      c.add("type-definition-added", h, "head", `type definition ${short(name)} was added`);
}

/**
 * OData metadata (EDMX V2/V4, CSDL JSON): entity sets and what clients may do with them, entity
 * and complex types with keys, properties and navigation properties, enum types, type
 * definitions, actions and functions with their imports. Classes follow OData's model-versioning
 * rules; a change to something clients send (a property of an entity set they may create or
 * update, a parameter) is judged as a request, anything else as a response. docs/contracts/odata.md
 * lists every id.
 */
export function diffOData(base: ODataModel, head: ODataModel): ContractChange[] {
  const c = new ODataChanges(base, head);
  if (base.major !== head.major)
    c.add(
      "odata-version-changed",
      head.container ?? { pointer: "" },
      "head",
      `OData version ${base.version} → ${head.version}`,
    );
  if (base.container && head.container && base.container.name !== head.container.name)
    c.add(
      "entity-container-renamed",
      head.container,
      "head",
      `entity container ${base.container.name} → ${head.container.name} (service URLs do not name it; annotations that target it must follow)`,
    );
  sets(c);
  types(c);
  enums(c);
  typeDefinitions(c);
  operations(c);
  imports(c);
  if (c.out.length === 0 && base.canonical !== head.canonical)
    c.add(
      "metadata-changed",
      head.container ?? { pointer: "" },
      "head",
      "metadata changed in a part the differ does not model (e.g. associations, references, documentation)",
    );
  return c.out;
}
