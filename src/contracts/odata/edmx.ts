import { addAnnotation, normalizeTarget, type AnnotationIndex } from "./annotations.js";
import {
  ALLOW_ALL,
  CORE,
  READ_TERMS,
  resolveAlias,
  tagged,
  writeForbidden,
  v4Capabilities,
  v4RestrictedProperties,
  type Capabilities,
  type Facets,
  type ODataModel,
  type Operation,
  type Parameter,
  type Property,
  type StructuredType,
} from "./model.js";
import { childNamed, childrenNamed, parseXml, type XmlElement } from "./xml.js";
import { ptr } from "../../json/values.js";

/** A model, and the offset of each element by its pointer (for createEdmxOffsets). */
export interface EdmxRead {
  model: ODataModel;
  offsets: Map<string, number>;
}

const facetsOf = (el: XmlElement): Facets => {
  const out: Facets = {};
  if (el.attrs.MaxLength !== undefined) out.maxLength = el.attrs.MaxLength;
  if (el.attrs.Precision !== undefined) out.precision = el.attrs.Precision;
  if (el.attrs.Scale !== undefined) out.scale = el.attrs.Scale;
  if (el.attrs.SRID !== undefined) out.srid = el.attrs.SRID;
  return out;
};

/** The `sap:` attributes of a V2 element, by local name. */
const sapOf = (el: XmlElement): Map<string, string> =>
  new Map(
    Object.entries(el.attrs)
      .filter(([k]) => k.startsWith("sap:"))
      .map(([k, v]) => [k.slice(4), v]),
  );

const sapFlag = (sap: ReadonlyMap<string, string>, name: string, fallback: boolean): boolean =>
  sap.has(name) ? sap.get(name) === "true" : fallback;

/** V2 `sap:` attributes that the model reads as capabilities: the rest are annotations. */
const SAP_READ = new Set([
  "creatable",
  "updatable",
  "deletable",
  "filterable",
  "sortable",
  "pageable",
  "addressable",
  "searchable",
  "requires-filter",
  "countable",
]);

/** A V2 entity set's capabilities from its `sap:` attributes (defaults as SAP Gateway's). */
function v2Capabilities(sap: ReadonlyMap<string, string>): Capabilities {
  return {
    ...ALLOW_ALL,
    insertable: sapFlag(sap, "creatable", true),
    updatable: sapFlag(sap, "updatable", true),
    deletable: sapFlag(sap, "deletable", true),
    pageable: sapFlag(sap, "pageable", true),
    addressable: sapFlag(sap, "addressable", true),
    // `sap:searchable` defaults to false: only an explicit true promises $search / search=
    searchable: sapFlag(sap, "searchable", false),
    countable: sapFlag(sap, "countable", true),
    requiresFilter: sapFlag(sap, "requires-filter", false),
  };
}

/** Annotations of a target without the terms the model reads, plus unread `sap:` attributes. */
function otherAnnotations(
  index: AnnotationIndex,
  target: string,
  sap: ReadonlyMap<string, string> = new Map(),
): Map<string, string> {
  const out = new Map<string, string>();
  for (const [term, value] of index.get(target) ?? [])
    if (!READ_TERMS.has(term.replace(/#.*$/, ""))) out.set(term, value);
  for (const [name, value] of sap)
    if (!SAP_READ.has(name)) out.set(`sap:${name}`, JSON.stringify(value));
  return out;
}

/**
 * Reads EDMX (OData V2/V3 `Version="1.0"` and V4 `Version="4.0"`/`"4.01"`) into the model, or
 * says why it cannot. Aliases are resolved; V2 navigation properties take their target and
 * multiplicity from their association; V2 function imports are operations of their own.
 */
export function readEdmx(text: string): EdmxRead | { problem: string } {
  const parsed = parseXml(text);
  if ("problem" in parsed) return parsed;
  const root = parsed.root;
  if (root.name !== "Edmx") return { problem: "is not EDMX (its root element is not edmx:Edmx)" };
  const dataServices = childNamed(root, "DataServices");
  const schemas = childrenNamed(dataServices, "Schema");
  if (!dataServices || schemas.length === 0)
    return { problem: "is not EDMX (it has no edmx:DataServices with a Schema)" };
  const edmxVersion = root.attrs.Version ?? "";
  const v4 = edmxVersion.startsWith("4");
  const version = v4
    ? edmxVersion
    : (Object.entries(dataServices.attrs).find(([k]) => /(^|:)DataServiceVersion$/.test(k))?.[1] ??
      "2.0");
  const offsets = new Map<string, number>();
  const at = (pointer: string, el: XmlElement): string => {
    if (!offsets.has(pointer)) offsets.set(pointer, el.start);
    return pointer;
  };

  const aliases = new Map<string, string>();
  for (const reference of childrenNamed(root, "Reference"))
    for (const include of childrenNamed(reference, "Include"))
      if (include.attrs.Alias && include.attrs.Namespace)
        aliases.set(include.attrs.Alias, include.attrs.Namespace);
  for (const schema of schemas)
    if (schema.attrs.Alias && schema.attrs.Namespace)
      aliases.set(schema.attrs.Alias, schema.attrs.Namespace);
  const q = (name: string | undefined): string => resolveAlias(name ?? "", aliases);

  const containers = new Set<string>();
  const containerEls: { el: XmlElement; ns: string }[] = [];
  for (const schema of schemas)
    for (const c of childrenNamed(schema, "EntityContainer")) {
      containers.add(`${schema.attrs.Namespace ?? ""}.${c.attrs.Name ?? ""}`);
      containerEls.push({ el: c, ns: schema.attrs.Namespace ?? "" });
    }

  // annotations: inline ones under their element's target, external ones under theirs
  const annotations: AnnotationIndex = new Map();
  const inline = (target: string, el: XmlElement): string => {
    for (const a of childrenNamed(el, "Annotation")) addAnnotation(annotations, target, a, aliases);
    return target;
  };
  for (const schema of schemas)
    for (const group of childrenNamed(schema, "Annotations")) {
      const target = normalizeTarget(group.attrs.Target ?? "", aliases, containers);
      for (const a of childrenNamed(group, "Annotation"))
        addAnnotation(annotations, target, a, aliases, group.attrs.Qualifier);
    }

  const model: ODataModel = {
    version,
    major: v4 ? 4 : Number.parseInt(version, 10) || 2,
    types: new Map(),
    enums: new Map(),
    typeDefinitions: new Map(),
    sets: new Map(),
    operations: new Map(),
    imports: new Map(),
    canonical: canonicalXml(root),
  };

  // V2 associations: end role → type and multiplicity
  const associations = new Map<string, Map<string, { type: string; multiplicity: string }>>();
  for (const schema of schemas)
    for (const assoc of childrenNamed(schema, "Association")) {
      const ends = new Map<string, { type: string; multiplicity: string }>();
      for (const end of childrenNamed(assoc, "End"))
        ends.set(end.attrs.Role ?? "", {
          type: q(end.attrs.Type),
          multiplicity: end.attrs.Multiplicity ?? "",
        });
      associations.set(`${schema.attrs.Namespace ?? ""}.${assoc.attrs.Name ?? ""}`, ends);
    }

  const property = (el: XmlElement, owner: string, pointer: string): Property => {
    const target = inline(`${owner}/${el.attrs.Name ?? ""}`, el);
    const own = annotations.get(target) ?? new Map<string, string>();
    const sap = sapOf(el);
    const computed = tagged(own, `${CORE}.Computed`) || writeForbidden(own);
    return {
      name: el.attrs.Name ?? "",
      pointer: at(pointer, el),
      type: q(el.attrs.Type ?? "Edm.String"),
      nullable: el.attrs.Nullable !== "false",
      facets: facetsOf(el),
      ...(el.attrs.DefaultValue !== undefined ? { defaultValue: el.attrs.DefaultValue } : {}),
      creatable: !computed && sapFlag(sap, "creatable", true),
      updatable: !computed && !tagged(own, `${CORE}.Immutable`) && sapFlag(sap, "updatable", true),
      filterable: sapFlag(sap, "filterable", true),
      sortable: sapFlag(sap, "sortable", true),
      annotations: otherAnnotations(annotations, target, sap),
    };
  };

  const parameter = (
    el: XmlElement,
    pointer: string,
    owner: string,
    action: boolean,
  ): Parameter => {
    const target = inline(`${owner}/${el.attrs.Name ?? ""}`, el);
    const own = annotations.get(target) ?? new Map<string, string>();
    const nullable = v4 ? el.attrs.Nullable !== "false" : el.attrs.Nullable === "true";
    return {
      name: el.attrs.Name ?? "",
      pointer: at(pointer, el),
      type: q(el.attrs.Type),
      nullable,
      // V4: an action's nullable parameter may be left out (the versioning rules list adding one
      // as safe); a function's only with Core.OptionalParameter. V2: SAP Gateway requires every
      // parameter that is not Nullable="true".
      optional: tagged(own, `${CORE}.OptionalParameter`) || (nullable && (action || !v4)),
      facets: facetsOf(el),
    };
  };

  for (const schema of schemas) {
    const ns = schema.attrs.Namespace ?? "";
    for (const el of schema.children) {
      const name = `${ns}.${el.attrs.Name ?? ""}`;
      const pointer = ptr("", ns, el.attrs.Name ?? "");
      if (el.name === "EntityType" || el.name === "ComplexType") {
        inline(name, el);
        const type: StructuredType = {
          kind: el.name === "EntityType" ? "entity" : "complex",
          name,
          pointer: at(pointer, el),
          ...(el.attrs.BaseType ? { baseType: q(el.attrs.BaseType) } : {}),
          abstract: el.attrs.Abstract === "true",
          open: el.attrs.OpenType === "true",
          hasStream: Object.entries(el.attrs).some(
            ([k, v]) => /(^|:)HasStream$/.test(k) && v === "true",
          ),
          properties: new Map(),
          navigation: new Map(),
          annotations: otherAnnotations(annotations, name, sapOf(el)),
        };
        const key = childNamed(el, "Key");
        if (key) {
          at(ptr(pointer, "$Key"), key);
          type.key = childrenNamed(key, "PropertyRef").map((r) => r.attrs.Name ?? "");
        }
        for (const p of childrenNamed(el, "Property"))
          type.properties.set(
            p.attrs.Name ?? "",
            property(p, name, ptr(pointer, p.attrs.Name ?? "")),
          );
        for (const n of childrenNamed(el, "NavigationProperty")) {
          const navName = n.attrs.Name ?? "";
          const target = inline(`${name}/${navName}`, n);
          let navType = q(n.attrs.Type);
          let nullable = n.attrs.Nullable !== "false";
          if (!n.attrs.Type && n.attrs.Relationship) {
            const end = associations.get(q(n.attrs.Relationship))?.get(n.attrs.ToRole ?? "");
            const many = end?.multiplicity === "*";
            navType = many ? `Collection(${end?.type ?? ""})` : (end?.type ?? "");
            nullable = end?.multiplicity !== "1";
          }
          if (navType.startsWith("Collection(")) nullable = false;
          type.navigation.set(navName, {
            name: navName,
            pointer: at(ptr(pointer, navName), n),
            type: navType,
            nullable,
            containsTarget: n.attrs.ContainsTarget === "true",
            annotations: otherAnnotations(annotations, target, sapOf(n)),
          });
        }
        model.types.set(name, type);
      } else if (el.name === "EnumType") {
        inline(name, el);
        const members = new Map<
          string,
          { value?: string; pointer: string; annotations: Map<string, string> }
        >();
        for (const m of childrenNamed(el, "Member")) {
          const target = inline(`${name}/${m.attrs.Name ?? ""}`, m);
          members.set(m.attrs.Name ?? "", {
            ...(m.attrs.Value !== undefined ? { value: m.attrs.Value } : {}),
            pointer: at(ptr(pointer, m.attrs.Name ?? ""), m),
            annotations: otherAnnotations(annotations, target),
          });
        }
        model.enums.set(name, {
          name,
          pointer: at(pointer, el),
          underlying: q(el.attrs.UnderlyingType ?? "Edm.Int32"),
          flags: el.attrs.IsFlags === "true",
          members,
          annotations: otherAnnotations(annotations, name),
        });
      } else if (el.name === "TypeDefinition") {
        inline(name, el);
        model.typeDefinitions.set(name, {
          name,
          pointer: at(pointer, el),
          underlying: q(el.attrs.UnderlyingType),
          facets: facetsOf(el),
          annotations: otherAnnotations(annotations, name),
        });
      } else if (el.name === "Action" || el.name === "Function") {
        const overloads = model.operations.get(name) ?? [];
        const at0 = ptr(pointer, overloads.length);
        inline(name, el);
        const action = el.name === "Action";
        const params = childrenNamed(el, "Parameter");
        const bound = el.attrs.IsBound === "true";
        const returns = childNamed(el, "ReturnType");
        if (returns) inline(`${name}/$ReturnType`, returns);
        const op: Operation = {
          kind: action ? "action" : "function",
          name,
          pointer: at(at0, el),
          ...(bound && params[0] ? { bindingType: q(params[0].attrs.Type) } : {}),
          composable: el.attrs.IsComposable === "true",
          parameters: params
            .map((p, i) => ({ p, i }))
            .slice(bound ? 1 : 0)
            .map(({ p, i }) => parameter(p, ptr(at0, "$Parameter", i), name, action)),
          ...(returns
            ? {
                returnType: {
                  type: q(returns.attrs.Type),
                  nullable: returns.attrs.Nullable !== "false",
                },
              }
            : {}),
          annotations: otherAnnotations(annotations, name),
        };
        if (returns) at(ptr(at0, "$ReturnType"), returns);
        overloads.push(op);
        model.operations.set(name, overloads);
      }
    }
  }

  const defaultContainer =
    containerEls.find(({ el }) =>
      Object.entries(el.attrs).some(
        ([k, v]) => /(^|:)IsDefaultEntityContainer$/.test(k) && v === "true",
      ),
    ) ?? containerEls[0];
  if (defaultContainer) {
    const { el, ns } = defaultContainer;
    model.container = {
      name: el.attrs.Name ?? "",
      pointer: at(ptr("", ns, el.attrs.Name ?? ""), el),
      isDefault:
        v4 ||
        containerEls.length === 1 ||
        Object.entries(el.attrs).some(
          ([k, v]) => /(^|:)IsDefaultEntityContainer$/.test(k) && v === "true",
        ),
    };
  }
  for (const { el: container, ns } of containerEls) {
    const isDefault = container === defaultContainer?.el;
    const cname = container.attrs.Name ?? "";
    const cpointer = at(ptr("", ns, cname), container);
    for (const el of container.children) {
      const name = el.attrs.Name ?? "";
      const key = isDefault ? name : `${cname}.${name}`;
      const pointer = at(ptr(cpointer, name), el);
      const target = inline(`$Container/${name}`, el);
      const own = annotations.get(target) ?? new Map<string, string>();
      if (el.name === "EntitySet" || el.name === "Singleton") {
        const sap = sapOf(el);
        const bindings = new Map<string, string>();
        for (const b of childrenNamed(el, "NavigationPropertyBinding"))
          bindings.set(b.attrs.Path ?? "", b.attrs.Target ?? "");
        model.sets.set(key, {
          kind: el.name === "EntitySet" ? "entity set" : "singleton",
          name: key,
          pointer,
          type: q(el.attrs.EntityType ?? el.attrs.Type),
          capabilities: v4 ? v4Capabilities(own) : { ...v2Capabilities(sap), ...v4Override(own) },
          restricted: v4RestrictedProperties(own),
          bindings,
          annotations: otherAnnotations(annotations, target, sap),
        });
      } else if (el.name === "ActionImport" || el.name === "FunctionImport") {
        const action = el.name === "ActionImport";
        const v2 = !v4 && !el.attrs.Function;
        const returnType = el.attrs.ReturnType;
        model.imports.set(key, {
          kind: action ? "action" : "function",
          name: key,
          pointer,
          ...(el.attrs.Action || el.attrs.Function
            ? { operation: q(el.attrs.Action ?? el.attrs.Function) }
            : {}),
          ...(el.attrs.EntitySet ? { entitySet: el.attrs.EntitySet } : {}),
          ...(v2
            ? {
                inline: {
                  kind: "function",
                  name: key,
                  pointer,
                  composable: false,
                  parameters: childrenNamed(el, "Parameter").map((p, i) =>
                    parameter(p, ptr(pointer, "$Parameter", i), `$Container/${name}`, false),
                  ),
                  ...(returnType ? { returnType: { type: q(returnType), nullable: true } } : {}),
                  httpMethod: (
                    Object.entries(el.attrs).find(([k]) => /(^|:)HttpMethod$/.test(k))?.[1] ?? "GET"
                  ).toUpperCase(),
                  annotations: new Map(),
                },
              }
            : {}),
          annotations: otherAnnotations(annotations, target, sapOf(el)),
        });
      }
    }
  }
  return { model, offsets };
}

/** V4 Capabilities annotations a V2 document may also carry (SAP adds them to V2 services). */
function v4Override(own: ReadonlyMap<string, string>): Partial<Capabilities> {
  const v4 = v4Capabilities(own);
  const out: Partial<Capabilities> = {};
  for (const [k, v] of Object.entries(v4) as [keyof Capabilities, boolean][])
    if (v !== ALLOW_ALL[k]) out[k] = v;
  return out;
}

/**
 * The document as canonical text: attributes sorted, children sorted (their order means nothing
 * a client depends on), whitespace between elements dropped. Two documents that differ only in
 * layout or element order give the same text.
 */
function canonicalXml(root: XmlElement): string {
  // children are joined as they are, never escaped again: nesting does not grow the text
  const canon = (el: XmlElement): string => {
    const attrs = Object.keys(el.attrs)
      .sort()
      .map((k) => `${k}=${JSON.stringify(el.attrs[k])}`)
      .join(" ");
    return `(${el.name} ${attrs} [${el.children.map(canon).sort().join(",")}] ${JSON.stringify(el.text)})`;
  };
  return canon(root);
}

/**
 * Finds the offset of an element of an EDMX file by the pointer the OData differ gave it (the
 * CSDL JSON layout, see model.ts): the model builder recorded each element's start while
 * reading, so the file is read once more and the pointer, or its nearest recorded ancestor (a
 * parameter's operation, a member's type), is looked up. Unreadable text points at its start.
 */
export function createEdmxOffsets(text: string): (pointer: string) => number {
  let offsets: Map<string, number> | undefined;
  return (pointer) => {
    if (!offsets) {
      const read = readEdmx(text);
      offsets = "problem" in read ? new Map() : read.offsets;
    }
    for (let p = pointer; p !== ""; p = p.slice(0, Math.max(0, p.lastIndexOf("/")))) {
      const found = offsets.get(p);
      if (found !== undefined) return found;
    }
    return 0;
  };
}
