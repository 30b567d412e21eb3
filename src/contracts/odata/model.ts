/**
 * The part of an OData service's metadata a client depends on, read from EDMX (V2 and V4 XML,
 * edmx.ts) or CSDL JSON (csdl-json.ts) into one shape, so one differ (odata.ts)
 * compares both. Every element carries a pointer in the CSDL JSON layout
 * (`/<Namespace>/<Type>/<Property>`, `/<Namespace>/<Container>/<EntitySet>`,
 * `/<Namespace>/<Function>/<overload>/$Parameter/<i>`): a real JSON pointer into CSDL JSON, and
 * for XML the key under which createEdmxOffsets (edmx.ts) finds the element's line.
 */

/** Facets of a property, parameter or return type, as written (`MaxLength="max"` stays "max"). */
export interface Facets {
  maxLength?: string;
  precision?: string;
  scale?: string;
  srid?: string;
}

export interface Property {
  name: string;
  pointer: string;
  /** Qualified type, aliases resolved; collections as `Collection(Edm.String)`. */
  type: string;
  nullable: boolean;
  facets: Facets;
  defaultValue?: string;
  /** Clients may set it on create / on update (V2 `sap:creatable`/`sap:updatable`, V4 `Core.Computed`/`Core.Immutable`). */
  creatable: boolean;
  updatable: boolean;
  /** V2 `sap:filterable` / `sap:sortable` (true unless `"false"`). */
  filterable: boolean;
  sortable: boolean;
  /** Annotations (V4 terms and V2 `sap:` attributes not read above), canonical text by term. */
  annotations: Map<string, string>;
}

export interface NavigationProperty {
  name: string;
  pointer: string;
  /** Target entity type; `Collection(...)` for to-many. */
  type: string;
  nullable: boolean;
  containsTarget: boolean;
  annotations: Map<string, string>;
}

export interface StructuredType {
  kind: "entity" | "complex";
  name: string;
  pointer: string;
  baseType?: string;
  abstract: boolean;
  open: boolean;
  hasStream: boolean;
  /** Key property paths, in order (entity types). */
  key?: string[];
  properties: Map<string, Property>;
  navigation: Map<string, NavigationProperty>;
  annotations: Map<string, string>;
}

export interface EnumType {
  name: string;
  pointer: string;
  underlying: string;
  flags: boolean;
  members: Map<string, { value?: string; pointer: string; annotations: Map<string, string> }>;
  annotations: Map<string, string>;
}

export interface TypeDefinition {
  name: string;
  pointer: string;
  underlying: string;
  facets: Facets;
  annotations: Map<string, string>;
}

/** What clients may do with an entity set or singleton (absent restrictions allow). */
export interface Capabilities {
  insertable: boolean;
  updatable: boolean;
  deletable: boolean;
  readable: boolean;
  filterable: boolean;
  sortable: boolean;
  countable: boolean;
  pageable: boolean;
  searchable: boolean;
  addressable: boolean;
  /** `$expand` from it (V4 `ExpandRestrictions/Expandable`). */
  expandable: boolean;
  /** A restriction when true: clients must filter (V2 `sap:requires-filter`, V4 `RequiresFilter`). */
  requiresFilter: boolean;
}

export interface EntitySet {
  kind: "entity set" | "singleton";
  name: string;
  pointer: string;
  type: string;
  capabilities: Capabilities;
  /** Property paths clients may not filter or sort this set by (V4 `Non*Properties`). */
  restricted: PropertyRestrictions;
  /** Navigation property binding path → target set. */
  bindings: Map<string, string>;
  annotations: Map<string, string>;
}

export interface Parameter {
  name: string;
  pointer: string;
  type: string;
  nullable: boolean;
  /** May be left out of a call (V4 `Core.OptionalParameter`; V2 `Nullable="true"`; V4 action: nullable). */
  optional: boolean;
  facets: Facets;
}

export interface ReturnType {
  type: string;
  nullable: boolean;
}

export interface Operation {
  kind: "action" | "function";
  name: string;
  pointer: string;
  /** The binding parameter's type, for bound operations. */
  bindingType?: string;
  composable: boolean;
  /** Non-binding parameters, in order. */
  parameters: Parameter[];
  returnType?: ReturnType;
  /** V2 function imports: `m:HttpMethod`. */
  httpMethod?: string;
  annotations: Map<string, string>;
}

export interface OperationImport {
  kind: "action" | "function";
  name: string;
  pointer: string;
  /** The qualified action or function it exposes (V4). */
  operation?: string;
  entitySet?: string;
  /** V2: the function import is itself the operation. */
  inline?: Operation;
  annotations: Map<string, string>;
}

export interface ODataModel {
  /** `2.0`, `3.0` (EDMX 1.0 with its `DataServiceVersion`), `4.0`, `4.01`. */
  version: string;
  major: number;
  container?: { name: string; pointer: string; isDefault: boolean };
  types: Map<string, StructuredType>;
  enums: Map<string, EnumType>;
  typeDefinitions: Map<string, TypeDefinition>;
  /** Entity sets and singletons by name (`Container.Set` for a V2 non-default container). */
  sets: Map<string, EntitySet>;
  /** V4 actions and functions by qualified name, each with its overloads. */
  operations: Map<string, Operation[]>;
  imports: Map<string, OperationImport>;
  /** The whole document, canonical (order-free where order means nothing): changes the model
   * above does not capture still show as `metadata-changed`. */
  canonical: string;
}

/** Standard vocabulary namespaces, by the aliases documents use for them. */
export const VOCABULARIES: Record<string, string> = {
  Core: "Org.OData.Core.V1",
  Capabilities: "Org.OData.Capabilities.V1",
  Validation: "Org.OData.Validation.V1",
  Measures: "Org.OData.Measures.V1",
  Common: "com.sap.vocabularies.Common.v1",
  UI: "com.sap.vocabularies.UI.v1",
};

export const CORE = "Org.OData.Core.V1";
export const CAPABILITIES = "Org.OData.Capabilities.V1";

/**
 * Resolves aliases in a qualified name (`self.Person` → `My.Namespace.Person`), also inside
 * `Collection(...)` and in a term with a qualifier (`Core.Description#short`).
 */
export function resolveAlias(name: string, aliases: ReadonlyMap<string, string>): string {
  const collection = /^Collection\((.*)\)$/.exec(name);
  if (collection) return `Collection(${resolveAlias(collection[1]!, aliases)})`;
  const dot = name.lastIndexOf(".", name.includes("#") ? name.indexOf("#") : name.length);
  if (dot < 0) return name;
  const prefix = name.slice(0, dot);
  const namespace =
    aliases.get(prefix) ?? (Object.hasOwn(VOCABULARIES, prefix) ? VOCABULARIES[prefix] : undefined);
  return namespace ? `${namespace}${name.slice(dot)}` : name;
}

/** The record an annotation holds (`{ Insertable: false }`), or nothing. */
export function recordOf(value: string | undefined): Record<string, unknown> | undefined {
  if (value === undefined) return undefined;
  try {
    const parsed = JSON.parse(value) as unknown;
    return parsed && typeof parsed === "object" && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** A boolean term's value: `true` when annotated without a value or with `true`. */
export function tagged(annotations: ReadonlyMap<string, string>, term: string): boolean {
  const value = annotations.get(term);
  return value !== undefined && value !== "false";
}

/**
 * Whether a property's `Core.Permissions` leaves out writing (`Read`, `None`): clients can then
 * no longer set it, as with `Core.Computed`. Written `Core.Permission/Read` in XML, `Read` in
 * CSDL JSON, several flags separated by spaces.
 */
export function writeForbidden(annotations: ReadonlyMap<string, string>): boolean {
  const value = annotations.get(`${CORE}.Permissions`);
  if (value === undefined) return false;
  const flags = JSON.parse(value) as unknown;
  if (typeof flags !== "string") return false;
  const members = flags.split(/\s+/).map((flag) => flag.slice(flag.lastIndexOf("/") + 1));
  return !members.some((member) => member === "Write" || member === "ReadWrite");
}

/** An empty set of capabilities: everything allowed, nothing required. */
export const ALLOW_ALL: Capabilities = {
  insertable: true,
  updatable: true,
  deletable: true,
  readable: true,
  filterable: true,
  sortable: true,
  countable: true,
  pageable: true,
  searchable: true,
  addressable: true,
  expandable: true,
  requiresFilter: false,
};

/** Capabilities from V4 `Capabilities.*Restrictions` annotations of a set (unqualified ones). */
export function v4Capabilities(annotations: ReadonlyMap<string, string>): Capabilities {
  const flag = (term: string, property: string, fallback: boolean): boolean => {
    const value = recordOf(annotations.get(`${CAPABILITIES}.${term}`))?.[property];
    return typeof value === "boolean" ? value : fallback;
  };
  return {
    insertable: flag("InsertRestrictions", "Insertable", true),
    updatable: flag("UpdateRestrictions", "Updatable", true),
    deletable: flag("DeleteRestrictions", "Deletable", true),
    readable: flag("ReadRestrictions", "Readable", true),
    filterable: flag("FilterRestrictions", "Filterable", true),
    sortable: flag("SortRestrictions", "Sortable", true),
    countable: flag("CountRestrictions", "Countable", true),
    // V2's sap:pageable covers both $top and $skip; V2's sap:addressable is IndexableByKey
    pageable: !["TopSupported", "SkipSupported"].some(
      (term) => annotations.get(`${CAPABILITIES}.${term}`) === "false",
    ),
    searchable: flag("SearchRestrictions", "Searchable", true),
    addressable: annotations.get(`${CAPABILITIES}.IndexableByKey`) !== "false",
    expandable: flag("ExpandRestrictions", "Expandable", true),
    requiresFilter: flag("FilterRestrictions", "RequiresFilter", false),
  };
}

/** Per query option, the property paths an entity set may not be queried by. */
export interface PropertyRestrictions {
  filterable: Set<string>;
  sortable: Set<string>;
}

/**
 * V4 `FilterRestrictions/NonFilterableProperties` and `SortRestrictions/NonSortableProperties`
 * of a set: V2 says the same with `sap:filterable`/`sap:sortable` on the property. Paths are
 * `{"$PropertyPath": "Name"}` in CSDL XML and plain strings in CSDL JSON.
 */
export function v4RestrictedProperties(
  annotations: ReadonlyMap<string, string>,
): PropertyRestrictions {
  const paths = (term: string, property: string): Set<string> => {
    const list = recordOf(annotations.get(`${CAPABILITIES}.${term}`))?.[property];
    const out = new Set<string>();
    for (const item of Array.isArray(list) ? (list as unknown[]) : []) {
      const path =
        typeof item === "string"
          ? item
          : (item as { $PropertyPath?: unknown } | null)?.$PropertyPath;
      if (typeof path === "string") out.add(path);
    }
    return out;
  };
  return {
    filterable: paths("FilterRestrictions", "NonFilterableProperties"),
    sortable: paths("SortRestrictions", "NonSortableProperties"),
  };
}

/** The terms {@link v4Capabilities} and the property flags read: not reported as annotations. */
export const READ_TERMS = new Set([
  `${CAPABILITIES}.InsertRestrictions`,
  `${CAPABILITIES}.UpdateRestrictions`,
  `${CAPABILITIES}.DeleteRestrictions`,
  `${CAPABILITIES}.ReadRestrictions`,
  `${CAPABILITIES}.FilterRestrictions`,
  `${CAPABILITIES}.SortRestrictions`,
  `${CAPABILITIES}.CountRestrictions`,
  `${CAPABILITIES}.SearchRestrictions`,
  `${CAPABILITIES}.TopSupported`,
  `${CAPABILITIES}.SkipSupported`,
  `${CAPABILITIES}.IndexableByKey`,
  `${CORE}.Computed`,
  `${CORE}.Immutable`,
  `${CORE}.OptionalParameter`,
]);
