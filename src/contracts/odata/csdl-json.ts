import { normalizeTarget } from "./annotations.js";
import {
  CORE,
  READ_TERMS,
  resolveAlias,
  tagged,
  writeForbidden,
  v4Capabilities,
  v4RestrictedProperties,
  type Facets,
  type ODataModel,
  type Operation,
  type Parameter,
  type Property,
  type StructuredType,
} from "./model.js";
import { canonical, isObject, ptr, type JsonObject } from "../../json/values.js";

/** Whether a parsed JSON value is a CSDL JSON document (`$Version` 4.x and a schema). */
export function isCsdlJson(value: unknown): value is JsonObject {
  return (
    isObject(value) &&
    typeof value.$Version === "string" &&
    value.$Version.startsWith("4") &&
    Object.entries(value).some(([k, v]) => !k.startsWith("$") && isObject(v))
  );
}

const str = (v: unknown, fallback = ""): string => (typeof v === "string" ? v : fallback);
const num = (v: unknown): string | undefined =>
  typeof v === "number" || typeof v === "string" ? String(v) : undefined;

const facetsOf = (o: JsonObject): Facets => {
  const out: Facets = {};
  const [maxLength, precision, scale, srid] = [o.$MaxLength, o.$Precision, o.$Scale, o.$SRID].map(
    num,
  );
  if (maxLength !== undefined) out.maxLength = maxLength;
  if (precision !== undefined) out.precision = precision;
  if (scale !== undefined) out.scale = scale;
  if (srid !== undefined) out.srid = srid;
  return out;
};

/**
 * Reads CSDL JSON (OData 4.0/4.01) into the model. CSDL JSON leaves defaults out: `$Type` is
 * `Edm.String`, `$Nullable` false, `$Kind` of a type member `Property`. Pointers are the
 * document's own JSON pointers.
 */
export function readCsdlJson(doc: JsonObject): ODataModel {
  const aliases = new Map<string, string>();
  for (const ref of Object.values(isObject(doc.$Reference) ? doc.$Reference : {}))
    for (const include of isObject(ref) && Array.isArray(ref.$Include) ? ref.$Include : [])
      if (
        isObject(include) &&
        typeof include.$Alias === "string" &&
        typeof include.$Namespace === "string"
      )
        aliases.set(include.$Alias, include.$Namespace);
  const schemas = Object.entries(doc).filter(
    (e): e is [string, JsonObject] => !e[0].startsWith("$") && isObject(e[1]),
  );
  for (const [ns, schema] of schemas)
    if (typeof schema.$Alias === "string") aliases.set(schema.$Alias, ns);
  const q = (name: unknown, collection?: unknown): string => {
    const type = resolveAlias(str(name, "Edm.String"), aliases);
    return collection === true ? `Collection(${type})` : type;
  };
  const containerName = resolveAlias(str(doc.$EntityContainer), aliases);
  const containers = new Set([containerName]);

  // external annotations by normalized target; inline ones are read from each element
  const external = new Map<string, Map<string, string>>();
  for (const [, schema] of schemas)
    for (const [target, terms] of Object.entries(
      isObject(schema.$Annotations) ? schema.$Annotations : {},
    )) {
      if (!isObject(terms)) continue;
      const key = normalizeTarget(target, aliases, containers);
      const map = external.get(key) ?? new Map<string, string>();
      for (const [term, value] of Object.entries(terms))
        if (term.startsWith("@")) map.set(resolveAlias(term.slice(1), aliases), canonical(value));
      external.set(key, map);
    }
  /** All annotations of an element: inline (`@Term` keys, or `Member@Term` on its parent) and external. */
  const annotationsOf = (target: string, holder: JsonObject, prefix = ""): Map<string, string> => {
    const out = new Map(external.get(target));
    for (const [k, v] of Object.entries(holder))
      if (k.startsWith(`${prefix}@`))
        out.set(resolveAlias(k.slice(prefix.length + 1), aliases), canonical(v));
    return out;
  };
  const others = (all: Map<string, string>): Map<string, string> =>
    new Map([...all].filter(([term]) => !READ_TERMS.has(term.replace(/#.*$/, ""))));

  const version = str(doc.$Version);
  const model: ODataModel = {
    version,
    major: 4,
    types: new Map(),
    enums: new Map(),
    typeDefinitions: new Map(),
    sets: new Map(),
    operations: new Map(),
    imports: new Map(),
    canonical: canonical(doc),
  };
  const parameter = (p: JsonObject, pointer: string, owner: string, action: boolean): Parameter => {
    const all = annotationsOf(`${owner}/${str(p.$Name)}`, p);
    const nullable = p.$Nullable === true;
    return {
      name: str(p.$Name),
      pointer,
      type: q(p.$Type, p.$Collection),
      nullable,
      optional: tagged(all, `${CORE}.OptionalParameter`) || (nullable && action),
      facets: facetsOf(p),
    };
  };

  for (const [ns, schema] of schemas) {
    for (const [local, el] of Object.entries(schema)) {
      if (local.startsWith("$") || local.includes("@")) continue;
      const name = `${ns}.${local}`;
      const pointer = ptr("", ns, local);
      if (Array.isArray(el)) {
        const overloads: Operation[] = [];
        el.forEach((o, i) => {
          if (!isObject(o)) return;
          const action = o.$Kind === "Action";
          const params = Array.isArray(o.$Parameter) ? o.$Parameter.filter(isObject) : [];
          const bound = o.$IsBound === true;
          const at = ptr(pointer, i);
          const returns = isObject(o.$ReturnType) ? o.$ReturnType : undefined;
          overloads.push({
            kind: action ? "action" : "function",
            name,
            pointer: at,
            ...(bound && params[0]
              ? { bindingType: q(params[0].$Type, params[0].$Collection) }
              : {}),
            composable: o.$IsComposable === true,
            parameters: params
              .map((p, j) => ({ p, j }))
              .slice(bound ? 1 : 0)
              .map(({ p, j }) => parameter(p, ptr(at, "$Parameter", j), name, action)),
            ...(returns
              ? {
                  returnType: {
                    type: q(returns.$Type, returns.$Collection),
                    nullable: returns.$Nullable === true,
                  },
                }
              : {}),
            annotations: others(annotationsOf(name, o)),
          });
        });
        model.operations.set(name, overloads);
        continue;
      }
      if (!isObject(el)) continue;
      const kind = el.$Kind;
      if (kind === "EntityType" || kind === "ComplexType") {
        const type: StructuredType = {
          kind: kind === "EntityType" ? "entity" : "complex",
          name,
          pointer,
          ...(typeof el.$BaseType === "string" ? { baseType: q(el.$BaseType) } : {}),
          abstract: el.$Abstract === true,
          open: el.$OpenType === true,
          hasStream: el.$HasStream === true,
          ...(Array.isArray(el.$Key)
            ? { key: el.$Key.map((k) => (isObject(k) ? str(Object.values(k)[0]) : str(k))) }
            : {}),
          properties: new Map(),
          navigation: new Map(),
          annotations: others(annotationsOf(name, el)),
        };
        for (const [member, m] of Object.entries(el)) {
          if (member.startsWith("$") || member.includes("@") || !isObject(m)) continue;
          const target = `${name}/${member}`;
          const all = annotationsOf(target, m);
          if (m.$Kind === "NavigationProperty") {
            type.navigation.set(member, {
              name: member,
              pointer: ptr(pointer, member),
              type: q(m.$Type, m.$Collection),
              nullable: m.$Collection !== true && m.$Nullable === true,
              containsTarget: m.$ContainsTarget === true,
              annotations: others(all),
            });
            continue;
          }
          const computed = tagged(all, `${CORE}.Computed`) || writeForbidden(all);
          const property: Property = {
            name: member,
            pointer: ptr(pointer, member),
            type: q(m.$Type, m.$Collection),
            nullable: m.$Nullable === true,
            facets: facetsOf(m),
            ...(m.$DefaultValue !== undefined
              ? {
                  defaultValue:
                    typeof m.$DefaultValue === "string"
                      ? m.$DefaultValue
                      : JSON.stringify(m.$DefaultValue),
                }
              : {}),
            creatable: !computed,
            updatable: !computed && !tagged(all, `${CORE}.Immutable`),
            filterable: true,
            sortable: true,
            annotations: others(all),
          };
          type.properties.set(member, property);
        }
        model.types.set(name, type);
      } else if (kind === "EnumType") {
        const members = new Map<
          string,
          { value?: string; pointer: string; annotations: Map<string, string> }
        >();
        for (const [member, value] of Object.entries(el))
          if (!member.startsWith("$") && !member.includes("@"))
            members.set(member, {
              ...(num(value) !== undefined ? { value: num(value) } : {}),
              pointer: ptr(pointer, member),
              annotations: others(annotationsOf(`${name}/${member}`, el, member)),
            });
        model.enums.set(name, {
          name,
          pointer,
          underlying: q(el.$UnderlyingType ?? "Edm.Int32"),
          flags: el.$IsFlags === true,
          members,
          annotations: others(annotationsOf(name, el)),
        });
      } else if (kind === "TypeDefinition") {
        model.typeDefinitions.set(name, {
          name,
          pointer,
          underlying: q(el.$UnderlyingType),
          facets: facetsOf(el),
          annotations: others(annotationsOf(name, el)),
        });
      } else if (kind === "EntityContainer") {
        model.container = { name: local, pointer, isDefault: true };
        for (const [member, m] of Object.entries(el)) {
          if (member.startsWith("$") || member.includes("@") || !isObject(m)) continue;
          const at = ptr(pointer, member);
          const all = annotationsOf(`$Container/${member}`, m);
          if (typeof m.$Action === "string" || typeof m.$Function === "string") {
            model.imports.set(member, {
              kind: typeof m.$Action === "string" ? "action" : "function",
              name: member,
              pointer: at,
              operation: q(m.$Action ?? m.$Function),
              ...(typeof m.$EntitySet === "string" ? { entitySet: m.$EntitySet } : {}),
              annotations: others(all),
            });
          } else if (typeof m.$Type === "string") {
            model.sets.set(member, {
              kind: m.$Collection === true ? "entity set" : "singleton",
              name: member,
              pointer: at,
              type: q(m.$Type),
              capabilities: v4Capabilities(all),
              restricted: v4RestrictedProperties(all),
              bindings: new Map(
                Object.entries(
                  isObject(m.$NavigationPropertyBinding) ? m.$NavigationPropertyBinding : {},
                ).map(([path, target]) => [path, str(target)]),
              ),
              annotations: others(all),
            });
          }
        }
      }
    }
  }
  return model;
}
