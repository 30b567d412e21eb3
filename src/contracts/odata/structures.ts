/**
 * Entity and complex types: keys, base types, properties with their facets, and navigation
 * properties (docs/contracts/odata.md). A property's change is judged as a request when clients
 * write it (a property of a set they may create or update), else as a response.
 */
import { lineage } from "./direction.js";
import { bound, short, showType, WIDER, type Audience, type ODataChanges } from "./changes.js";
import type { Facets, NavigationProperty, ODataModel, Property, StructuredType } from "./model.js";
import type { ODataRuleId } from "./rules.js";

/** An entity or complex type present on both sides: key, base type, abstractness, members. */
export function structured(c: ODataChanges, b: StructuredType, h: StructuredType): void {
  const label = short(h.name);
  if (h.kind === "entity" && JSON.stringify(b.key ?? []) !== JSON.stringify(h.key ?? []))
    c.add(
      "key-changed",
      { pointer: `${h.pointer}/$Key` },
      "head",
      `${label}: key (${(b.key ?? []).join(", ")}) → (${(h.key ?? []).join(", ")})`,
    );
  if ((b.baseType ?? "") !== (h.baseType ?? ""))
    c.add(
      "base-type-changed",
      h,
      "head",
      `${label}: base type ${short(b.baseType ?? "none")} → ${short(h.baseType ?? "none")}`,
    );
  if (b.abstract !== h.abstract)
    c.add(
      h.abstract ? "type-became-abstract" : "type-no-longer-abstract",
      h,
      "head",
      `${label}: ${h.abstract ? "became abstract" : "is no longer abstract"}`,
    );
  if (b.open !== h.open)
    c.add(
      h.open ? "type-became-open" : "type-no-longer-open",
      h,
      "head",
      `${label}: ${h.open ? "became open (dynamic properties allowed)" : "is no longer open: dynamic properties are gone"}`,
    );
  if (b.hasStream !== h.hasStream)
    c.add(
      "media-stream-changed",
      h,
      "head",
      `${label}: ${h.hasStream ? "became a media entity" : "is no longer a media entity"}`,
    );
  c.annotations(label, b.annotations, h.annotations, h);

  const members = <T>(m: ODataModel, name: string, pick: (t: StructuredType) => Map<string, T>) => {
    const out = new Map<string, { member: T; declared: string }>();
    for (const t of lineage(m, name))
      for (const [k, v] of pick(t)) if (!out.has(k)) out.set(k, { member: v, declared: t.name });
    return out;
  };
  const props = {
    base: members(c.base, b.name, (t) => t.properties),
    head: members(c.head, h.name, (t) => t.properties),
  };
  for (const [name, bp] of props.base) {
    const hp = props.head.get(name);
    if (bp.declared !== b.name && hp?.declared !== h.name) continue; // reported where declared
    const audience = { written: c.dirs.base.propertyWritten(b.name, bp.member), read: true };
    if (!hp) c.add("property-removed", bp.member, "base", `${label}.${name} was removed`, audience);
    else property(c, `${label}.${name}`, h.name, bp.member, hp.member);
  }
  for (const [name, hp] of props.head) {
    if (props.base.has(name) || hp.declared !== h.name) continue;
    const p = hp.member;
    if (!p.nullable && p.defaultValue === undefined)
      c.add(
        "non-nullable-property-added",
        p,
        "head",
        `${label}.${name} (${showType(p.type)}, not nullable, no default) was added: clients that create ${label} without it are rejected`,
        {
          written: c.dirs.head.propertyInserted(h.name, p),
          read: true,
        },
      );
    else
      c.add(
        "property-added",
        p,
        "head",
        `${label}.${name} (${showType(p.type)}${p.nullable ? ", nullable" : ", with a default"}) was added`,
      );
  }

  const navs = {
    base: members(c.base, b.name, (t) => t.navigation),
    head: members(c.head, h.name, (t) => t.navigation),
  };
  for (const [name, bn] of navs.base) {
    const hn = navs.head.get(name);
    if (bn.declared !== b.name && hn?.declared !== h.name) continue;
    if (!hn)
      c.add(
        "navigation-property-removed",
        bn.member,
        "base",
        `navigation property ${label}.${name} was removed`,
      );
    else navigation(c, `${label}.${name}`, h.name, bn.member, hn.member);
  }
  for (const [name, hn] of navs.head) {
    if (navs.base.has(name) || hn.declared !== h.name) continue;
    const n = hn.member;
    if (n.nullable || n.type.startsWith("Collection("))
      c.add(
        "navigation-property-added",
        n,
        "head",
        `navigation property ${label}.${name} (${showType(n.type)}) was added`,
      );
    else
      c.add(
        "required-navigation-property-added",
        n,
        "head",
        `navigation property ${label}.${name} (${showType(n.type)}, not nullable) was added`,
        {
          written: c.dirs.head.typeInserted(h.name),
          read: true,
        },
      );
  }
}

/** A structural property on both sides: type, nullability, default and facets. */
export function property(
  c: ODataChanges,
  label: string,
  owner: string,
  b: Property,
  h: Property,
): void {
  const written = c.dirs.head.propertyWritten(owner, h) || c.dirs.base.propertyWritten(owner, b);
  const audience = { written, read: true };
  if (b.type !== h.type) {
    const id: ODataRuleId = WIDER[b.type]?.includes(h.type)
      ? "property-type-widened"
      : WIDER[h.type]?.includes(b.type)
        ? "property-type-narrowed"
        : "property-type-changed";
    c.add(id, h, "head", `${label}: type ${showType(b.type)} → ${showType(h.type)}`, audience);
  }
  if (b.nullable !== h.nullable)
    c.add(
      h.nullable ? "property-became-nullable" : "property-became-not-nullable",
      h,
      "head",
      `${label}: ${h.nullable ? "became nullable: clients may now read null" : "became not nullable: clients that send null or leave it out on create are rejected"}`,
      audience,
    );
  facets(c, label, b.facets, h.facets, h, audience, false);
  if (b.facets.srid !== h.facets.srid)
    c.add(
      "property-srid-changed",
      h,
      "head",
      `${label}: SRID ${b.facets.srid ?? "default"} → ${h.facets.srid ?? "default"}`,
      audience,
    );
  if (b.defaultValue !== h.defaultValue) {
    const id: ODataRuleId =
      b.defaultValue === undefined
        ? "property-default-added"
        : h.defaultValue === undefined
          ? "property-default-removed"
          : "property-default-changed";
    c.add(
      id,
      h,
      "head",
      `${label}: default ${b.defaultValue ?? "none"} → ${h.defaultValue ?? "none"}`,
      audience,
    );
  }
  const lost = [
    b.creatable && !h.creatable ? "create" : "",
    b.updatable && !h.updatable ? "update" : "",
  ].filter(Boolean);
  const gained = [
    !b.creatable && h.creatable ? "create" : "",
    !b.updatable && h.updatable ? "update" : "",
  ].filter(Boolean);
  if (lost.length > 0)
    c.add(
      "property-became-read-only",
      h,
      "head",
      `${label}: clients can no longer set it on ${lost.join(" or ")}`,
      {
        written: c.dirs.base.propertyWritten(owner, b),
        read: true,
      },
    );
  if (gained.length > 0)
    c.add(
      "property-became-writable",
      h,
      "head",
      `${label}: clients may now set it on ${gained.join(" and ")}`,
    );
  for (const key of ["filterable", "sortable"] as const)
    if (b[key] !== h[key])
      c.add(
        h[key] ? "property-capability-added" : "property-capability-removed",
        h,
        "head",
        `${label}: ${h[key] ? "is now" : "is no longer"} ${key}`,
      );
  c.annotations(label, b.annotations, h.annotations, h);
}

/** Max length and precision/scale of a property (`parameter`: of a parameter). */
export function facets(
  c: ODataChanges,
  label: string,
  b: Facets,
  h: Facets,
  at: { pointer: string },
  audience: Audience,
  parameter: boolean,
): void {
  const compare = (
    what: string,
    pairs: [string | undefined, string | undefined][],
    ids: [ODataRuleId, ODataRuleId],
  ) => {
    const [narrowed, widened] = [
      pairs.some(([x, y]) => bound(y) < bound(x)),
      pairs.some(([x, y]) => bound(y) > bound(x)),
    ];
    const text = pairs.map(([x, y]) => `${x ?? "unbounded"} → ${y ?? "unbounded"}`).join(", ");
    if (narrowed) c.add(ids[0], at, "head", `${label}: ${what} ${text}`, audience);
    if (widened) c.add(ids[1], at, "head", `${label}: ${what} ${text}`, audience);
  };
  compare(
    "max length",
    [[b.maxLength, h.maxLength]],
    parameter
      ? ["parameter-facet-narrowed", "parameter-facet-widened"]
      : ["property-max-length-reduced", "property-max-length-increased"],
  );
  compare(
    "precision, scale",
    [
      [b.precision, h.precision],
      [b.scale, h.scale],
    ],
    parameter
      ? ["parameter-facet-narrowed", "parameter-facet-widened"]
      : ["property-precision-reduced", "property-precision-increased"],
  );
}

/** A navigation property on both sides: its target and nullability. */
export function navigation(
  c: ODataChanges,
  label: string,
  owner: string,
  b: NavigationProperty,
  h: NavigationProperty,
): void {
  if (b.type !== h.type || b.containsTarget !== h.containsTarget)
    c.add(
      "navigation-property-changed",
      h,
      "head",
      `navigation property ${label}: ${showType(b.type)}${b.containsTarget ? " (contained)" : ""} → ${showType(h.type)}${h.containsTarget ? " (contained)" : ""}`,
    );
  else if (b.nullable !== h.nullable)
    c.add(
      h.nullable ? "property-became-nullable" : "property-became-not-nullable",
      h,
      "head",
      `navigation property ${label}: ${h.nullable ? "became nullable" : "became not nullable"}`,
      {
        written: c.dirs.head.typeInserted(owner),
        read: true,
      },
    );
  c.annotations(`navigation property ${label}`, b.annotations, h.annotations, h);
}
