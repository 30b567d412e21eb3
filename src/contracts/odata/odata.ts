import type { ChangeClass } from "../../types.js";
import { parseData } from "../file/data.js";
import { Directions, lineage } from "./direction.js";
import { readEdmx } from "./edmx.js";
import { isCsdlJson, readCsdlJson } from "./csdl-json.js";
import type {
  Capabilities,
  Facets,
  NavigationProperty,
  ODataModel,
  Operation,
  Parameter,
  Property,
  StructuredType,
} from "./model.js";
import { ODATA_RULES, type ODataRuleId } from "./rules.js";
import type { ContractChange } from "../types.js";

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

const RANK: Record<ChangeClass, number> = { patch: 0, additive: 1, breaking: 2 };

/** Who is affected by a change: clients that send the element, clients that read it. */
interface Audience {
  written: boolean;
  read: boolean;
}
const EVERYONE: Audience = { written: true, read: true };

/** `NS.Person` → `Person`, for reasons a human reads. */
const short = (name: string): string => name.slice(name.lastIndexOf(".") + 1).replace(/\)$/, ")");
const showType = (type: string): string => type.replace(/[\w.]+\.(\w+)/g, "$1");

/** Types a value may widen to without losing any: the JSON a client reads stays a number. */
const WIDER: Record<string, string[]> = {
  "Edm.Byte": ["Edm.Int16", "Edm.Int32", "Edm.Int64", "Edm.Decimal"],
  "Edm.SByte": ["Edm.Int16", "Edm.Int32", "Edm.Int64", "Edm.Decimal"],
  "Edm.Int16": ["Edm.Int32", "Edm.Int64", "Edm.Decimal"],
  "Edm.Int32": ["Edm.Int64", "Edm.Decimal"],
  "Edm.Int64": ["Edm.Decimal"],
  "Edm.Single": ["Edm.Double"],
};

/** A facet as a number, `max` or absent as unbounded. */
const bound = (value: string | undefined): number =>
  value === undefined || value === "max" || value === "variable" ? Infinity : Number(value);

class Differ {
  readonly out: ContractChange[] = [];
  readonly dirs: { base: Directions; head: Directions };

  constructor(
    readonly base: ODataModel,
    readonly head: ODataModel,
  ) {
    this.dirs = { base: new Directions(base), head: new Directions(head) };
  }

  add(
    id: ODataRuleId,
    where: { pointer: string },
    side: "base" | "head",
    reason: string,
    audience: Audience = EVERYONE,
  ): void {
    const rule = ODATA_RULES[id];
    const classes: ChangeClass[] = [];
    if (audience.written) classes.push(rule.written);
    if (audience.read || classes.length === 0) classes.push(rule.read);
    const cls = classes.reduce((a, b) => (RANK[b] > RANK[a] ? b : a));
    this.out.push({ id, class: cls, kind: rule.kind, reason, pointer: where.pointer, side });
  }

  annotations(
    label: string,
    b: ReadonlyMap<string, string>,
    h: ReadonlyMap<string, string>,
    at: { pointer: string },
  ): void {
    const terms = [...new Set([...b.keys(), ...h.keys()])]
      .filter((t) => b.get(t) !== h.get(t))
      .sort();
    if (terms.length === 0) return;
    const shown =
      terms.slice(0, 5).join(", ") + (terms.length > 5 ? ` and ${terms.length - 5} more` : "");
    this.add("annotation-changed", at, "head", `${label}: annotations changed (${shown})`);
  }

  run(): ContractChange[] {
    const { base, head } = this;
    if (base.major !== head.major)
      this.add(
        "odata-version-changed",
        head.container ?? { pointer: "" },
        "head",
        `OData version ${base.version} → ${head.version}`,
      );
    if (base.container && head.container && base.container.name !== head.container.name)
      this.add(
        "entity-container-renamed",
        head.container,
        "head",
        `entity container ${base.container.name} → ${head.container.name} (service URLs do not name it; annotations that target it must follow)`,
      );
    this.sets();
    this.types();
    this.enums();
    this.typeDefinitions();
    this.operations();
    this.imports();
    if (this.out.length === 0 && base.canonical !== head.canonical)
      this.add(
        "metadata-changed",
        head.container ?? { pointer: "" },
        "head",
        "metadata changed in a part the differ does not model (e.g. associations, references, documentation)",
      );
    return this.out;
  }

  sets(): void {
    const { base, head } = this;
    for (const [name, b] of base.sets) {
      const h = head.sets.get(name);
      if (!h) {
        this.add(
          b.kind === "singleton" ? "singleton-removed" : "entity-set-removed",
          b,
          "base",
          `${b.kind} ${name} was removed`,
        );
        continue;
      }
      if (b.type !== h.type || b.kind !== h.kind)
        this.add(
          h.kind === "singleton" ? "singleton-type-changed" : "entity-set-type-changed",
          h,
          "head",
          `${h.kind} ${name}: ${b.kind} of ${short(b.type)} → ${h.kind} of ${short(h.type)}`,
        );
      for (const key of Object.keys(b.capabilities) as (keyof Capabilities)[]) {
        const [was, now] = [b.capabilities[key], h.capabilities[key]];
        if (was === now) continue;
        if (key === "requiresFilter")
          this.add(
            now ? "entity-set-now-requires-filter" : "entity-set-no-longer-requires-filter",
            h,
            "head",
            `${h.kind} ${name}: ${now ? "now requires a $filter" : "no longer requires a $filter"}`,
          );
        else
          this.add(
            now ? "entity-set-capability-added" : "entity-set-capability-removed",
            h,
            "head",
            `${h.kind} ${name}: ${now ? "is now" : "is no longer"} ${key}`,
          );
      }
      const bindings = (m: ReadonlyMap<string, string>) => JSON.stringify([...m].sort());
      if (bindings(b.bindings) !== bindings(h.bindings))
        this.add(
          "navigation-binding-changed",
          h,
          "head",
          `${h.kind} ${name}: navigation property bindings changed`,
        );
      this.annotations(`${h.kind} ${name}`, b.annotations, h.annotations, h);
    }
    for (const [name, h] of head.sets)
      if (!base.sets.has(name))
        this.add(
          h.kind === "singleton" ? "singleton-added" : "entity-set-added",
          h,
          "head",
          `${h.kind} ${name} was added`,
        );
  }

  types(): void {
    const { base, head } = this;
    const kindOf = (m: ODataModel, name: string) =>
      m.types.get(name)?.kind ??
      (m.enums.has(name) ? "enum" : m.typeDefinitions.has(name) ? "type definition" : undefined);
    for (const [name, b] of base.types) {
      const h = head.types.get(name);
      const headKind = kindOf(head, name);
      if (headKind && headKind !== b.kind) {
        this.add(
          "type-kind-changed",
          h ?? head.enums.get(name) ?? head.typeDefinitions.get(name)!,
          "head",
          `${short(name)}: ${b.kind} type → ${headKind} type`,
        );
        continue;
      }
      if (!h) {
        this.add(
          b.kind === "entity" ? "entity-type-removed" : "complex-type-removed",
          b,
          "base",
          `${b.kind} type ${short(name)} was removed`,
        );
        continue;
      }
      this.structured(b, h);
    }
    for (const [name, h] of head.types)
      if (!kindOf(base, name))
        this.add(
          h.kind === "entity" ? "entity-type-added" : "complex-type-added",
          h,
          "head",
          `${h.kind} type ${short(name)} was added`,
        );
  }

  structured(b: StructuredType, h: StructuredType): void {
    const label = short(h.name);
    if (h.kind === "entity" && JSON.stringify(b.key ?? []) !== JSON.stringify(h.key ?? []))
      this.add(
        "key-changed",
        { pointer: `${h.pointer}/$Key` },
        "head",
        `${label}: key (${(b.key ?? []).join(", ")}) → (${(h.key ?? []).join(", ")})`,
      );
    if ((b.baseType ?? "") !== (h.baseType ?? ""))
      this.add(
        "base-type-changed",
        h,
        "head",
        `${label}: base type ${short(b.baseType ?? "none")} → ${short(h.baseType ?? "none")}`,
      );
    if (b.abstract !== h.abstract)
      this.add(
        h.abstract ? "type-became-abstract" : "type-no-longer-abstract",
        h,
        "head",
        `${label}: ${h.abstract ? "became abstract" : "is no longer abstract"}`,
      );
    if (b.open !== h.open)
      this.add(
        h.open ? "type-became-open" : "type-no-longer-open",
        h,
        "head",
        `${label}: ${h.open ? "became open (dynamic properties allowed)" : "is no longer open: dynamic properties are gone"}`,
      );
    if (b.hasStream !== h.hasStream)
      this.add(
        "media-stream-changed",
        h,
        "head",
        `${label}: ${h.hasStream ? "became a media entity" : "is no longer a media entity"}`,
      );
    this.annotations(label, b.annotations, h.annotations, h);

    const members = <T>(
      m: ODataModel,
      name: string,
      pick: (t: StructuredType) => Map<string, T>,
    ) => {
      const out = new Map<string, { member: T; declared: string }>();
      for (const t of lineage(m, name))
        for (const [k, v] of pick(t)) if (!out.has(k)) out.set(k, { member: v, declared: t.name });
      return out;
    };
    const props = {
      base: members(this.base, b.name, (t) => t.properties),
      head: members(this.head, h.name, (t) => t.properties),
    };
    for (const [name, bp] of props.base) {
      const hp = props.head.get(name);
      if (bp.declared !== b.name && hp?.declared !== h.name) continue; // reported where declared
      const audience = { written: this.dirs.base.propertyWritten(b.name, bp.member), read: true };
      if (!hp)
        this.add("property-removed", bp.member, "base", `${label}.${name} was removed`, audience);
      else this.property(`${label}.${name}`, h.name, bp.member, hp.member);
    }
    for (const [name, hp] of props.head) {
      if (props.base.has(name) || hp.declared !== h.name) continue;
      const p = hp.member;
      if (!p.nullable && p.defaultValue === undefined)
        this.add(
          "non-nullable-property-added",
          p,
          "head",
          `${label}.${name} (${showType(p.type)}, not nullable, no default) was added: clients that create ${label} without it are rejected`,
          {
            written: this.dirs.head.propertyInserted(h.name, p),
            read: true,
          },
        );
      else
        this.add(
          "property-added",
          p,
          "head",
          `${label}.${name} (${showType(p.type)}${p.nullable ? ", nullable" : ", with a default"}) was added`,
        );
    }

    const navs = {
      base: members(this.base, b.name, (t) => t.navigation),
      head: members(this.head, h.name, (t) => t.navigation),
    };
    for (const [name, bn] of navs.base) {
      const hn = navs.head.get(name);
      if (bn.declared !== b.name && hn?.declared !== h.name) continue;
      if (!hn)
        this.add(
          "navigation-property-removed",
          bn.member,
          "base",
          `navigation property ${label}.${name} was removed`,
        );
      else this.navigation(`${label}.${name}`, h.name, bn.member, hn.member);
    }
    for (const [name, hn] of navs.head) {
      if (navs.base.has(name) || hn.declared !== h.name) continue;
      const n = hn.member;
      if (n.nullable || n.type.startsWith("Collection("))
        this.add(
          "navigation-property-added",
          n,
          "head",
          `navigation property ${label}.${name} (${showType(n.type)}) was added`,
        );
      else
        this.add(
          "required-navigation-property-added",
          n,
          "head",
          `navigation property ${label}.${name} (${showType(n.type)}, not nullable) was added`,
          {
            written: this.dirs.head.typeInserted(h.name),
            read: true,
          },
        );
    }
  }

  property(label: string, owner: string, b: Property, h: Property): void {
    const written =
      this.dirs.head.propertyWritten(owner, h) || this.dirs.base.propertyWritten(owner, b);
    const audience = { written, read: true };
    if (b.type !== h.type) {
      const id: ODataRuleId = WIDER[b.type]?.includes(h.type)
        ? "property-type-widened"
        : WIDER[h.type]?.includes(b.type)
          ? "property-type-narrowed"
          : "property-type-changed";
      this.add(id, h, "head", `${label}: type ${showType(b.type)} → ${showType(h.type)}`, audience);
    }
    if (b.nullable !== h.nullable)
      this.add(
        h.nullable ? "property-became-nullable" : "property-became-not-nullable",
        h,
        "head",
        `${label}: ${h.nullable ? "became nullable: clients may now read null" : "became not nullable: clients that send null or leave it out on create are rejected"}`,
        audience,
      );
    this.facets(label, b.facets, h.facets, h, audience, false);
    if (b.facets.srid !== h.facets.srid)
      this.add(
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
      this.add(
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
      this.add(
        "property-became-read-only",
        h,
        "head",
        `${label}: clients can no longer set it on ${lost.join(" or ")}`,
        {
          written: this.dirs.base.propertyWritten(owner, b),
          read: true,
        },
      );
    if (gained.length > 0)
      this.add(
        "property-became-writable",
        h,
        "head",
        `${label}: clients may now set it on ${gained.join(" and ")}`,
      );
    for (const key of ["filterable", "sortable"] as const)
      if (b[key] !== h[key])
        this.add(
          h[key] ? "property-capability-added" : "property-capability-removed",
          h,
          "head",
          `${label}: ${h[key] ? "is now" : "is no longer"} ${key}`,
        );
    this.annotations(label, b.annotations, h.annotations, h);
  }

  /** Max length and precision/scale of a property (`parameter`: of a parameter). */
  facets(
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
      if (narrowed) this.add(ids[0], at, "head", `${label}: ${what} ${text}`, audience);
      if (widened) this.add(ids[1], at, "head", `${label}: ${what} ${text}`, audience);
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

  navigation(label: string, owner: string, b: NavigationProperty, h: NavigationProperty): void {
    if (b.type !== h.type || b.containsTarget !== h.containsTarget)
      this.add(
        "navigation-property-changed",
        h,
        "head",
        `navigation property ${label}: ${showType(b.type)}${b.containsTarget ? " (contained)" : ""} → ${showType(h.type)}${h.containsTarget ? " (contained)" : ""}`,
      );
    else if (b.nullable !== h.nullable)
      this.add(
        h.nullable ? "property-became-nullable" : "property-became-not-nullable",
        h,
        "head",
        `navigation property ${label}: ${h.nullable ? "became nullable" : "became not nullable"}`,
        {
          written: this.dirs.head.typeInserted(owner),
          read: true,
        },
      );
    this.annotations(`navigation property ${label}`, b.annotations, h.annotations, h);
  }

  enums(): void {
    const { base, head } = this;
    for (const [name, b] of base.enums) {
      const h = head.enums.get(name);
      if (!h) {
        if (!head.types.has(name) && !head.typeDefinitions.has(name))
          this.add("enum-type-removed", b, "base", `enum type ${short(name)} was removed`);
        else
          this.add(
            "type-kind-changed",
            b,
            "base",
            `${short(name)}: enum type → another kind of type`,
          );
        continue;
      }
      if (b.underlying !== h.underlying || b.flags !== h.flags)
        this.add(
          "enum-type-changed",
          h,
          "head",
          `enum type ${short(name)}: ${b.underlying}${b.flags ? " flags" : ""} → ${h.underlying}${h.flags ? " flags" : ""}`,
        );
      for (const [m, bm] of b.members) {
        const hm = h.members.get(m);
        if (!hm)
          this.add(
            "enum-member-removed",
            bm,
            "base",
            `${short(name)}.${m} was removed: clients sending or filtering by it fail`,
          );
        else {
          if (bm.value !== hm.value)
            this.add(
              "enum-member-value-changed",
              hm,
              "head",
              `${short(name)}.${m}: value ${bm.value ?? "implicit"} → ${hm.value ?? "implicit"}`,
            );
          this.annotations(`${short(name)}.${m}`, bm.annotations, hm.annotations, hm);
        }
      }
      for (const [m, hm] of h.members)
        if (!b.members.has(m))
          this.add(
            "enum-member-added",
            hm,
            "head",
            `${short(name)}.${m} was added: clients reading ${short(name)} may meet a member they do not know`,
            {
              written: this.dirs.head.valueWritten(name),
              read: this.dirs.head.valueRead(name),
            },
          );
      this.annotations(`enum type ${short(name)}`, b.annotations, h.annotations, h);
    }
    for (const [name, h] of head.enums)
      if (!base.enums.has(name) && !base.types.has(name) && !base.typeDefinitions.has(name))
        this.add("enum-type-added", h, "head", `enum type ${short(name)} was added`);
  }

  typeDefinitions(): void {
    const { base, head } = this;
    for (const [name, b] of base.typeDefinitions) {
      const h = head.typeDefinitions.get(name);
      if (!h) {
        if (!head.types.has(name) && !head.enums.has(name))
          this.add(
            "type-definition-removed",
            b,
            "base",
            `type definition ${short(name)} was removed`,
          );
        continue;
      }
      if (b.underlying !== h.underlying || JSON.stringify(b.facets) !== JSON.stringify(h.facets))
        this.add(
          "type-definition-changed",
          h,
          "head",
          `type definition ${short(name)}: ${b.underlying} ${JSON.stringify(b.facets)} → ${h.underlying} ${JSON.stringify(h.facets)}`,
        );
      this.annotations(`type definition ${short(name)}`, b.annotations, h.annotations, h);
    }
    for (const [name, h] of head.typeDefinitions)
      if (!base.typeDefinitions.has(name) && !base.types.has(name) && !base.enums.has(name))
        this.add("type-definition-added", h, "head", `type definition ${short(name)} was added`);
  }

  operations(): void {
    const { base, head } = this;
    const signature = (op: Operation) =>
      `${op.bindingType ?? ""}(${op.parameters
        .map((p) => p.name)
        .sort()
        .join(",")})`;
    const describe = (op: Operation) =>
      `${op.kind} ${short(op.name)}${op.bindingType ? ` bound to ${showType(op.bindingType)}` : ""}`;
    for (const name of new Set([...base.operations.keys(), ...head.operations.keys()])) {
      const bs = [...(base.operations.get(name) ?? [])];
      const hs = [...(head.operations.get(name) ?? [])];
      const pairs: [Operation, Operation][] = [];
      // the same binding and parameter names first, then the same binding
      for (const match of [
        (a: Operation, b: Operation) => signature(a) === signature(b),
        (a: Operation, b: Operation) => (a.bindingType ?? "") === (b.bindingType ?? ""),
      ])
        for (const b of [...bs]) {
          const i = hs.findIndex((h) => match(b, h));
          if (i < 0) continue;
          pairs.push([b, hs[i]!]);
          hs.splice(i, 1);
          bs.splice(bs.indexOf(b), 1);
        }
      for (const b of bs) this.add("operation-removed", b, "base", `${describe(b)} was removed`);
      for (const h of hs) this.add("operation-added", h, "head", `${describe(h)} was added`);
      for (const [b, h] of pairs) this.operation(describe(h), b, h);
    }
  }

  operation(label: string, b: Operation, h: Operation): void {
    if ((b.httpMethod ?? "") !== (h.httpMethod ?? ""))
      this.add(
        "operation-http-method-changed",
        h,
        "head",
        `${label}: HTTP method ${b.httpMethod ?? "none"} → ${h.httpMethod ?? "none"}`,
      );
    if (b.composable !== h.composable)
      this.add(
        h.composable ? "operation-became-composable" : "operation-no-longer-composable",
        h,
        "head",
        `${label}: ${h.composable ? "became composable" : "is no longer composable"}`,
      );
    for (const bp of b.parameters) {
      const hp = h.parameters.find((p) => p.name === bp.name);
      if (!hp)
        this.add("parameter-removed", bp, "base", `${label}: parameter ${bp.name} was removed`);
      else this.parameter(`${label}: parameter ${bp.name}`, bp, hp);
    }
    for (const hp of h.parameters)
      if (!b.parameters.some((p) => p.name === hp.name))
        this.add(
          hp.optional ? "optional-parameter-added" : "required-parameter-added",
          hp,
          "head",
          `${label}: ${hp.optional ? "optional" : "required"} parameter ${hp.name} (${showType(hp.type)}) was added`,
        );
    const [br, hr] = [b.returnType, h.returnType];
    if (!br && hr)
      this.add("return-type-added", h, "head", `${label}: now returns ${showType(hr.type)}`);
    else if (br && !hr)
      this.add(
        "return-type-removed",
        { pointer: `${b.pointer}/$ReturnType` },
        "base",
        `${label}: no longer returns ${showType(br.type)}`,
      );
    else if (br && hr) {
      const at = { pointer: `${h.pointer}/$ReturnType` };
      if (br.type !== hr.type)
        this.add(
          "return-type-changed",
          at,
          "head",
          `${label}: returns ${showType(br.type)} → ${showType(hr.type)}`,
        );
      else if (br.nullable !== hr.nullable)
        this.add(
          hr.nullable ? "return-became-nullable" : "return-became-not-nullable",
          at,
          "head",
          `${label}: return value ${hr.nullable ? "may now be null" : "is no longer null"}`,
        );
    }
    this.annotations(label, b.annotations, h.annotations, h);
  }

  parameter(label: string, b: Parameter, h: Parameter): void {
    if (b.type !== h.type)
      this.add(
        "parameter-type-changed",
        h,
        "head",
        `${label}: type ${showType(b.type)} → ${showType(h.type)}`,
      );
    if (b.optional !== h.optional)
      this.add(
        h.optional ? "parameter-became-optional" : "parameter-became-required",
        h,
        "head",
        `${label}: ${h.optional ? "became optional" : "became required"}`,
      );
    else if (b.nullable !== h.nullable)
      this.add(
        h.nullable ? "parameter-facet-widened" : "parameter-facet-narrowed",
        h,
        "head",
        `${label}: ${h.nullable ? "now accepts null" : "no longer accepts null"}`,
      );
    this.facets(label, b.facets, h.facets, h, EVERYONE, true);
  }

  imports(): void {
    const { base, head } = this;
    for (const [name, b] of base.imports) {
      const h = head.imports.get(name);
      const label = `${b.kind} import ${name}`;
      if (!h) {
        this.add("operation-import-removed", b, "base", `${label} was removed`);
        continue;
      }
      if (
        (b.operation ?? "") !== (h.operation ?? "") ||
        (b.entitySet ?? "") !== (h.entitySet ?? "") ||
        b.kind !== h.kind
      )
        this.add(
          "operation-import-changed",
          h,
          "head",
          `${label}: ${b.kind} ${short(b.operation ?? name)} on ${b.entitySet ?? "no entity set"} → ${h.kind} ${short(h.operation ?? name)} on ${h.entitySet ?? "no entity set"}`,
        );
      if (b.inline && h.inline) this.operation(`function import ${name}`, b.inline, h.inline);
      this.annotations(label, b.annotations, h.annotations, h);
    }
    for (const [name, h] of head.imports)
      if (!base.imports.has(name))
        this.add("operation-import-added", h, "head", `${h.kind} import ${name} was added`);
  }
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
  return new Differ(base, head).run();
}
