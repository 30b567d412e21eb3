import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { locatePointers } from "../../src/contracts/file/locate.js";
import { diffOData, readOData } from "../../src/contracts/odata/odata.js";
import { ODATA_RULES, type ODataRuleId } from "../../src/contracts/odata/rules.js";
import type { ContractChange } from "../../src/contracts/types.js";
import type { ChangeClass } from "../../src/types.js";
import { CSDL_JSON, V2, V4 } from "./odata-fixtures.js";

/** `doc` with `from` replaced by `to`; `from` must occur, so a fixture edit cannot go stale. */
function edit(doc: string, from: string, to: string): string {
  expect(doc, `fixture has ${from}`).toContain(from);
  return doc.replace(from, to);
}

function diff(base: string, head: string): ContractChange[] {
  const [b, h] = [readOData(base), readOData(head)];
  if ("problem" in b) throw new Error(`base: ${b.problem}`);
  if ("problem" in h) throw new Error(`head: ${h.problem}`);
  return diffOData(b.model, h.model);
}

const COMPUTED = '<Annotation Term="Org.OData.Core.V1.Computed"/>';
const REQUIRES_FILTER =
  '<EntitySet Name="Archive" EntityType="self.Person"><Annotation Term="Capabilities.FilterRestrictions"><Record><PropertyValue Property="RequiresFilter" Bool="true"/></Record></Annotation></EntitySet>';
const ARCHIVE = '<EntitySet Name="Archive" EntityType="self.Person"/>';
const BOOKS_INSERT = '<PropertyValue Property="Insertable" Bool="false"/>';

/** [id, class, document, from, to, reversed (base is the edited one)] */
type Case = [ODataRuleId, ChangeClass, string, string, string, boolean?];

const CASES: Case[] = [
  [
    "entity-container-renamed",
    "patch",
    V4,
    'EntityContainer Name="Container"',
    'EntityContainer Name="Box"',
  ],
  [
    "entity-set-added",
    "additive",
    V4,
    ARCHIVE,
    `${ARCHIVE}<EntitySet Name="Others" EntityType="self.Book"/>`,
  ],
  ["entity-set-removed", "breaking", V4, ARCHIVE, ""],
  [
    "entity-set-type-changed",
    "breaking",
    V4,
    ARCHIVE,
    '<EntitySet Name="Archive" EntityType="self.Employee"/>',
  ],
  [
    "singleton-added",
    "additive",
    V4,
    '<Singleton Name="Me" Type="self.Person"/>',
    '<Singleton Name="Me" Type="self.Person"/><Singleton Name="You" Type="self.Person"/>',
  ],
  ["singleton-removed", "breaking", V4, '<Singleton Name="Me" Type="self.Person"/>', ""],
  [
    "singleton-type-changed",
    "breaking",
    V4,
    '<Singleton Name="Me" Type="self.Person"/>',
    '<Singleton Name="Me" Type="self.Employee"/>',
  ],
  [
    "entity-set-capability-removed",
    "breaking",
    V4,
    ARCHIVE,
    `<EntitySet Name="Archive" EntityType="self.Person"><Annotation Term="Capabilities.InsertRestrictions"><Record>${BOOKS_INSERT}</Record></Annotation></EntitySet>`,
  ],
  [
    "entity-set-capability-added",
    "additive",
    V4,
    BOOKS_INSERT,
    '<PropertyValue Property="Insertable" Bool="true"/>',
  ],
  ["entity-set-now-requires-filter", "breaking", V4, ARCHIVE, REQUIRES_FILTER],
  ["entity-set-no-longer-requires-filter", "additive", V4, ARCHIVE, REQUIRES_FILTER, true],
  [
    "navigation-binding-changed",
    "patch",
    V4,
    '<NavigationPropertyBinding Path="Friends" Target="People"/>',
    "",
  ],
  [
    "entity-type-added",
    "additive",
    V4,
    '<ComplexType Name="Address">',
    '<EntityType Name="Note"><Key><PropertyRef Name="Id"/></Key><Property Name="Id" Type="Edm.Int32" Nullable="false"/></EntityType><ComplexType Name="Address">',
  ],
  [
    "entity-type-removed",
    "breaking",
    V4,
    '<ComplexType Name="Address">',
    '<EntityType Name="Note"><Key><PropertyRef Name="Id"/></Key><Property Name="Id" Type="Edm.Int32" Nullable="false"/></EntityType><ComplexType Name="Address">',
    true,
  ],
  [
    "complex-type-added",
    "additive",
    V4,
    '<ComplexType Name="Address">',
    '<ComplexType Name="Geo"><Property Name="X" Type="Edm.Double"/></ComplexType><ComplexType Name="Address">',
  ],
  [
    "complex-type-removed",
    "breaking",
    V4,
    '<ComplexType Name="Address">',
    '<ComplexType Name="Geo"><Property Name="X" Type="Edm.Double"/></ComplexType><ComplexType Name="Address">',
    true,
  ],
  [
    "type-kind-changed",
    "breaking",
    V4,
    '<ComplexType Name="Address">\n        <Property Name="City" Type="Edm.String"/>\n      </ComplexType>',
    '<EntityType Name="Address"><Key><PropertyRef Name="City"/></Key><Property Name="City" Type="Edm.String" Nullable="false"/></EntityType>',
  ],
  [
    "enum-type-added",
    "additive",
    V4,
    '<TypeDefinition Name="Code"',
    '<EnumType Name="Color"><Member Name="Red"/></EnumType><TypeDefinition Name="Code"',
  ],
  [
    "enum-type-removed",
    "breaking",
    V4,
    '<TypeDefinition Name="Code"',
    '<EnumType Name="Color"><Member Name="Red"/></EnumType><TypeDefinition Name="Code"',
    true,
  ],
  [
    "enum-type-changed",
    "breaking",
    V4,
    '<EnumType Name="Status">',
    '<EnumType Name="Status" IsFlags="true">',
  ],
  [
    "type-definition-added",
    "additive",
    V4,
    '<TypeDefinition Name="Code"',
    '<TypeDefinition Name="Iso" UnderlyingType="Edm.String"/><TypeDefinition Name="Code"',
  ],
  [
    "type-definition-removed",
    "breaking",
    V4,
    '<TypeDefinition Name="Code"',
    '<TypeDefinition Name="Iso" UnderlyingType="Edm.String"/><TypeDefinition Name="Code"',
    true,
  ],
  [
    "type-definition-changed",
    "breaking",
    V4,
    'UnderlyingType="Edm.String" MaxLength="3"',
    'UnderlyingType="Edm.String" MaxLength="5"',
  ],
  ["key-changed", "breaking", V4, '<PropertyRef Name="Isbn"/>', '<PropertyRef Name="Title"/>'],
  [
    "base-type-changed",
    "breaking",
    V4,
    '<EntityType Name="Employee" BaseType="self.Person">',
    '<EntityType Name="Employee">',
  ],
  [
    "type-became-abstract",
    "breaking",
    V4,
    '<EntityType Name="Book">',
    '<EntityType Name="Book" Abstract="true">',
  ],
  [
    "type-no-longer-abstract",
    "additive",
    V4,
    '<EntityType Name="Book">',
    '<EntityType Name="Book" Abstract="true">',
    true,
  ],
  [
    "type-no-longer-open",
    "breaking",
    V4,
    '<EntityType Name="Book">',
    '<EntityType Name="Book" OpenType="true">',
    true,
  ],
  [
    "type-became-open",
    "additive",
    V4,
    '<EntityType Name="Book">',
    '<EntityType Name="Book" OpenType="true">',
  ],
  [
    "media-stream-changed",
    "breaking",
    V4,
    '<EntityType Name="Book">',
    '<EntityType Name="Book" HasStream="true">',
  ],
  [
    "property-added",
    "additive",
    V4,
    '<Property Name="Age" Type="Edm.Int32"/>',
    '<Property Name="Age" Type="Edm.Int32"/><Property Name="Nick" Type="Edm.String"/>',
  ],
  [
    "property-added",
    "additive",
    V4,
    '<Property Name="Age" Type="Edm.Int32"/>',
    '<Property Name="Age" Type="Edm.Int32"/><Property Name="Rank" Type="Edm.Int32" Nullable="false" DefaultValue="0"/>',
  ],
  [
    "non-nullable-property-added",
    "breaking",
    V4,
    '<Property Name="Age" Type="Edm.Int32"/>',
    '<Property Name="Age" Type="Edm.Int32"/><Property Name="Nick" Type="Edm.String" Nullable="false"/>',
  ],
  [
    "non-nullable-property-added",
    "additive",
    V4,
    '<Property Name="Pages" Type="Edm.Int32"/>',
    '<Property Name="Pages" Type="Edm.Int32"/><Property Name="Author" Type="Edm.String" Nullable="false"/>',
  ],
  [
    "non-nullable-property-added",
    "additive",
    V4,
    '<Property Name="Age" Type="Edm.Int32"/>',
    `<Property Name="Age" Type="Edm.Int32"/><Property Name="Key2" Type="Edm.String" Nullable="false">${COMPUTED}</Property>`,
  ],
  ["property-removed", "breaking", V4, '<Property Name="Age" Type="Edm.Int32"/>', ""],
  [
    "property-type-changed",
    "breaking",
    V4,
    '<Property Name="Age" Type="Edm.Int32"/>',
    '<Property Name="Age" Type="Edm.String"/>',
  ],
  [
    "property-type-widened",
    "breaking",
    V4,
    '<Property Name="Pages" Type="Edm.Int32"/>',
    '<Property Name="Pages" Type="Edm.Int64"/>',
  ],
  [
    "property-type-narrowed",
    "additive",
    V4,
    '<Property Name="Pages" Type="Edm.Int32"/>',
    '<Property Name="Pages" Type="Edm.Int16"/>',
  ],
  [
    "property-type-narrowed",
    "breaking",
    V4,
    '<Property Name="Age" Type="Edm.Int32"/>',
    '<Property Name="Age" Type="Edm.Int16"/>',
  ],
  [
    "property-became-nullable",
    "breaking",
    V4,
    '<Property Name="Born" Type="Edm.Date" Nullable="false"/>',
    '<Property Name="Born" Type="Edm.Date"/>',
  ],
  [
    "property-became-not-nullable",
    "breaking",
    V4,
    '<Property Name="Age" Type="Edm.Int32"/>',
    '<Property Name="Age" Type="Edm.Int32" Nullable="false"/>',
  ],
  [
    "property-became-not-nullable",
    "additive",
    V4,
    '<Property Name="Title" Type="Edm.String"/>',
    '<Property Name="Title" Type="Edm.String" Nullable="false"/>',
  ],
  ["property-max-length-reduced", "breaking", V4, 'MaxLength="40"', 'MaxLength="20"'],
  ["property-max-length-increased", "breaking", V4, 'MaxLength="40"', 'MaxLength="80"'],
  [
    "property-max-length-reduced",
    "additive",
    V4,
    '<Property Name="Title" Type="Edm.String"/>',
    '<Property Name="Title" Type="Edm.String" MaxLength="20"/>',
  ],
  [
    "property-precision-reduced",
    "additive",
    V4,
    '<Property Name="Price" Type="Edm.Decimal" Precision="10"',
    '<Property Name="Price" Type="Edm.Decimal" Precision="8"',
  ],
  [
    "property-precision-increased",
    "breaking",
    V4,
    '<Property Name="Price" Type="Edm.Decimal" Precision="10"',
    '<Property Name="Price" Type="Edm.Decimal" Precision="12"',
  ],
  [
    "property-precision-reduced",
    "breaking",
    V4,
    '<Property Name="Budget" Type="Edm.Decimal" Precision="10" Scale="2"/>',
    '<Property Name="Budget" Type="Edm.Decimal" Precision="10" Scale="1"/>',
  ],
  ["property-srid-changed", "breaking", V4, 'SRID="4326"', 'SRID="0"'],
  [
    "property-default-added",
    "additive",
    V4,
    '<Property Name="Age" Type="Edm.Int32"/>',
    '<Property Name="Age" Type="Edm.Int32" DefaultValue="0"/>',
  ],
  [
    "property-default-added",
    "patch",
    V4,
    '<Property Name="Pages" Type="Edm.Int32"/>',
    '<Property Name="Pages" Type="Edm.Int32" DefaultValue="0"/>',
  ],
  ["property-default-removed", "breaking", V4, ' DefaultValue="Active"', ""],
  ["property-default-changed", "breaking", V4, 'DefaultValue="Active"', 'DefaultValue="Retired"'],
  [
    "property-became-read-only",
    "breaking",
    V4,
    '<Property Name="Age" Type="Edm.Int32"/>',
    `<Property Name="Age" Type="Edm.Int32">${COMPUTED}</Property>`,
  ],
  [
    "property-became-read-only",
    "patch",
    V4,
    '<Property Name="Pages" Type="Edm.Int32"/>',
    `<Property Name="Pages" Type="Edm.Int32">${COMPUTED}</Property>`,
  ],
  // Core.Permissions without Write is read-only like Core.Computed (clients can no longer set it).
  [
    "property-became-read-only",
    "breaking",
    V4,
    '<Property Name="Age" Type="Edm.Int32"/>',
    '<Property Name="Age" Type="Edm.Int32"><Annotation Term="Org.OData.Core.V1.Permissions" EnumMember="Org.OData.Core.V1.Permission/Read"/></Property>',
  ],
  [
    "property-became-writable",
    "additive",
    V4,
    '<Property Name="Age" Type="Edm.Int32"/>',
    `<Property Name="Age" Type="Edm.Int32">${COMPUTED}</Property>`,
    true,
  ],
  [
    "property-capability-removed",
    "breaking",
    V2,
    'sap:label="Name"',
    'sap:label="Name" sap:filterable="false"',
  ],
  [
    "property-capability-added",
    "additive",
    V2,
    'sap:label="Name"',
    'sap:label="Name" sap:sortable="false"',
    true,
  ],
  [
    "navigation-property-added",
    "additive",
    V4,
    '<NavigationProperty Name="Manager" Type="self.Person"/>',
    '<NavigationProperty Name="Manager" Type="self.Person"/><NavigationProperty Name="Books" Type="Collection(self.Book)"/>',
  ],
  [
    "required-navigation-property-added",
    "breaking",
    V4,
    '<NavigationProperty Name="Manager" Type="self.Person"/>',
    '<NavigationProperty Name="Manager" Type="self.Person"/><NavigationProperty Name="Mentor" Type="self.Person" Nullable="false"/>',
  ],
  [
    "navigation-property-removed",
    "breaking",
    V4,
    '<NavigationProperty Name="Manager" Type="self.Person"/>',
    "",
  ],
  [
    "navigation-property-changed",
    "breaking",
    V4,
    '<NavigationProperty Name="Manager" Type="self.Person"/>',
    '<NavigationProperty Name="Manager" Type="Collection(self.Person)"/>',
  ],
  ["navigation-property-changed", "breaking", V2, 'Multiplicity="0..1"', 'Multiplicity="*"'],
  [
    "enum-member-added",
    "breaking",
    V4,
    '<Member Name="Retired" Value="1"/>',
    '<Member Name="Retired" Value="1"/><Member Name="Away" Value="2"/>',
  ],
  [
    "enum-member-added",
    "additive",
    V4,
    '<Member Name="Low" Value="0"/>',
    '<Member Name="Low" Value="0"/><Member Name="High" Value="1"/>',
  ],
  ["enum-member-removed", "breaking", V4, '<Member Name="Retired" Value="1"/>', ""],
  [
    "enum-member-value-changed",
    "breaking",
    V4,
    '<Member Name="Retired" Value="1"/>',
    '<Member Name="Retired" Value="2"/>',
  ],
  [
    "operation-added",
    "additive",
    V4,
    '<Action Name="Reset"/>',
    '<Action Name="Reset"/><Action Name="Archive"/>',
  ],
  ["operation-removed", "breaking", V4, '<Action Name="Reset"/>', ""],
  [
    "operation-import-added",
    "additive",
    V4,
    '<ActionImport Name="Reset" Action="self.Reset"/>',
    '<ActionImport Name="Reset" Action="self.Reset"/><ActionImport Name="Reset2" Action="self.Reset"/>',
  ],
  [
    "operation-import-removed",
    "breaking",
    V4,
    '<ActionImport Name="Reset" Action="self.Reset"/>',
    "",
  ],
  [
    "operation-import-changed",
    "breaking",
    V4,
    'Function="self.Nearest" EntitySet="People"',
    'Function="self.Nearest"',
  ],
  ["operation-http-method-changed", "breaking", V2, 'm:HttpMethod="POST"', 'm:HttpMethod="GET"'],
  ["operation-no-longer-composable", "breaking", V4, ' IsComposable="true"', ""],
  ["operation-became-composable", "additive", V4, ' IsComposable="true"', "", true],
  [
    "required-parameter-added",
    "breaking",
    V4,
    '<Parameter Name="level" Type="Edm.Int32" Nullable="false"/>',
    '<Parameter Name="level" Type="Edm.Int32" Nullable="false"/><Parameter Name="note" Type="Edm.String" Nullable="false"/>',
  ],
  [
    "required-parameter-added",
    "breaking",
    V4,
    '<Parameter Name="lat" Type="Edm.Double" Nullable="false"/>',
    '<Parameter Name="lat" Type="Edm.Double" Nullable="false"/><Parameter Name="radius" Type="Edm.Double"/>',
  ],
  [
    "required-parameter-added",
    "breaking",
    V2,
    '<Parameter Name="Id" Type="Edm.String" Mode="In" MaxLength="10"/>',
    '<Parameter Name="Id" Type="Edm.String" Mode="In" MaxLength="10"/><Parameter Name="Note" Type="Edm.String" Mode="In"/>',
  ],
  [
    "optional-parameter-added",
    "additive",
    V4,
    '<Parameter Name="level" Type="Edm.Int32" Nullable="false"/>',
    '<Parameter Name="level" Type="Edm.Int32" Nullable="false"/><Parameter Name="note" Type="Edm.String"/>',
  ],
  [
    "optional-parameter-added",
    "additive",
    V4,
    '<Parameter Name="lat" Type="Edm.Double" Nullable="false"/>',
    '<Parameter Name="lat" Type="Edm.Double" Nullable="false"/><Parameter Name="radius" Type="Edm.Double"><Annotation Term="Org.OData.Core.V1.OptionalParameter"/></Parameter>',
  ],
  [
    "optional-parameter-added",
    "additive",
    V2,
    '<Parameter Name="Id" Type="Edm.String" Mode="In" MaxLength="10"/>',
    '<Parameter Name="Id" Type="Edm.String" Mode="In" MaxLength="10"/><Parameter Name="Note" Type="Edm.String" Mode="In" Nullable="true"/>',
  ],
  [
    "parameter-removed",
    "breaking",
    V4,
    '<Parameter Name="level" Type="Edm.Int32" Nullable="false"/>',
    "",
  ],
  [
    "parameter-type-changed",
    "breaking",
    V4,
    '<Parameter Name="level" Type="Edm.Int32" Nullable="false"/>',
    '<Parameter Name="level" Type="Edm.Int64" Nullable="false"/>',
  ],
  [
    "parameter-became-required",
    "breaking",
    V4,
    '<Parameter Name="reason" Type="Edm.String"/>',
    '<Parameter Name="reason" Type="Edm.String" Nullable="false"/>',
  ],
  [
    "parameter-became-optional",
    "additive",
    V4,
    '<Parameter Name="level" Type="Edm.Int32" Nullable="false"/>',
    '<Parameter Name="level" Type="Edm.Int32"/>',
  ],
  [
    "parameter-facet-narrowed",
    "breaking",
    V4,
    '<Parameter Name="code" Type="Edm.String" MaxLength="10"/>',
    '<Parameter Name="code" Type="Edm.String" MaxLength="5"/>',
  ],
  [
    "parameter-facet-narrowed",
    "breaking",
    V4,
    '<Parameter Name="code" Type="Edm.String" MaxLength="10"/>',
    '<Parameter Name="code" Type="Edm.String" MaxLength="10" Nullable="false"/>',
  ],
  [
    "parameter-facet-widened",
    "additive",
    V4,
    '<Parameter Name="code" Type="Edm.String" MaxLength="10"/>',
    '<Parameter Name="code" Type="Edm.String" MaxLength="20"/>',
  ],
  [
    "return-type-added",
    "additive",
    V4,
    '<Action Name="Reset"/>',
    '<Action Name="Reset"><ReturnType Type="Edm.Boolean"/></Action>',
  ],
  ["return-type-removed", "breaking", V4, '<ReturnType Type="self.Person"/>', ""],
  [
    "return-type-changed",
    "breaking",
    V4,
    '<ReturnType Type="self.Person"/>',
    '<ReturnType Type="Collection(self.Person)"/>',
  ],
  [
    "return-became-nullable",
    "breaking",
    V4,
    '<ReturnType Type="Collection(self.Person)" Nullable="false"/>',
    '<ReturnType Type="Collection(self.Person)"/>',
  ],
  [
    "return-became-not-nullable",
    "additive",
    V4,
    '<ReturnType Type="Collection(self.Person)" Nullable="false"/>',
    '<ReturnType Type="Collection(self.Person)"/>',
    true,
  ],
  ["annotation-changed", "patch", V4, 'String="The name"', 'String="The full name"'],
  ["annotation-changed", "patch", V2, 'sap:label="Name"', 'sap:label="Product name"'],
  [
    "metadata-changed",
    "patch",
    V2,
    'AssociationSet Name="Product_Supplier_Set"',
    'AssociationSet Name="Product_Supplier_AssocSet"',
  ],
  [
    "entity-set-capability-removed",
    "breaking",
    V2,
    '<EntitySet Name="Products" EntityType="SHOP.Product"/>',
    '<EntitySet Name="Products" EntityType="SHOP.Product" sap:creatable="false"/>',
  ],
  [
    "property-became-read-only",
    "breaking",
    V2,
    'sap:label="Name"',
    'sap:label="Name" sap:updatable="false"',
  ],
  [
    "non-nullable-property-added",
    "additive",
    V2,
    '<Property Name="Id" Type="Edm.String" Nullable="false"/>',
    '<Property Name="Id" Type="Edm.String" Nullable="false"/><Property Name="Code" Type="Edm.String" Nullable="false"/>',
  ],
  [
    "non-nullable-property-added",
    "breaking",
    V2,
    '<Property Name="Name" Type="Edm.String" MaxLength="40" sap:label="Name"/>',
    '<Property Name="Name" Type="Edm.String" MaxLength="40" sap:label="Name"/><Property Name="Code" Type="Edm.String" Nullable="false"/>',
  ],
];

describe("OData differ: one change per rule id (table-driven)", () => {
  it.each(CASES)("%s (%s)", (id, cls, doc, from, to, reversed) => {
    const edited = edit(doc, from, to);
    const [base, head] = reversed ? [edited, doc] : [doc, edited];
    const changes = diff(base, head);
    const found = changes.filter((c) => c.id === id);
    expect(found.length, JSON.stringify(changes)).toBeGreaterThan(0);
    expect(found.map((c) => c.class)).toContain(cls);
    // the class of the change is the class of the pair: nothing else more severe slipped in
    const worst = changes.some((c) => c.class === "breaking")
      ? "breaking"
      : changes.some((c) => c.class === "additive")
        ? "additive"
        : "patch";
    expect(worst).toBe(cls);
    expect(found[0]!.kind).toBe(ODATA_RULES[id].kind);
    // what is gone is found in base; a default removed is a change of a property still there
    const gone = ODATA_RULES[id].kind === "removed" && id !== "property-default-removed";
    expect(found[0]!.side).toBe(gone ? "base" : "head");
  });

  it("odata-version-changed: V2 → V4 is breaking", () => {
    expect(diff(V2, V4).find((c) => c.id === "odata-version-changed")?.class).toBe("breaking");
  });

  it("every rule id has a case", () => {
    const covered = new Set<string>([...CASES.map((c) => c[0]), "odata-version-changed"]);
    expect(Object.keys(ODATA_RULES).filter((id) => !covered.has(id))).toEqual([]);
  });

  it("the same document, reformatted or reordered, is no change", () => {
    expect(diff(V4, V4.replace(/\n\s*/g, " "))).toEqual([]);
    const reordered = edit(V4, ARCHIVE, "").replace(
      '<EntitySet Name="People"',
      `${ARCHIVE}<EntitySet Name="People"`,
    );
    expect(diff(V4, reordered)).toEqual([]);
  });

  it("a property moved up to the base type is reported there, once", () => {
    const head = edit(
      edit(V4, '<Property Name="Salary" Type="Edm.Int64"/>', ""),
      '<Property Name="Age" Type="Edm.Int32"/>',
      '<Property Name="Age" Type="Edm.Int32"/><Property Name="Salary" Type="Edm.Int64"/>',
    );
    const changes = diff(V4, head);
    expect(changes.map((c) => `${c.id} ${c.pointer}`)).toEqual([
      "property-added /Demo/Person/Salary",
    ]);
  });

  it("aliases and full namespaces are the same name: only the text changed", () => {
    const spelled = V4.replace(/"self\./g, '"Demo.').replace(
      'Term="Capabilities.',
      'Term="Org.OData.Capabilities.V1.',
    );
    expect(diff(V4, spelled).map((c) => `${c.id} ${c.class}`)).toEqual(["metadata-changed patch"]);
  });
});

describe("OData differ: V4 restrictions read as their V2 counterparts are", () => {
  const PEOPLE = '<EntitySet Name="People" EntityType="self.Person">';
  const restrict = (annotation: string) => edit(V4, PEOPLE, PEOPLE + annotation);
  const record = (term: string, property: string, value: string) =>
    `<Annotation Term="Capabilities.${term}"><Record><PropertyValue Property="${property}">${value}</PropertyValue></Record></Annotation>`;
  const paths = (...names: string[]) =>
    `<Collection>${names.map((n) => `<PropertyPath>${n}</PropertyPath>`).join("")}</Collection>`;

  it.each([
    [
      "NonFilterableProperties (V2: sap:filterable)",
      record("FilterRestrictions", "NonFilterableProperties", paths("Name")),
      "property-capability-removed",
    ],
    [
      "NonSortableProperties (V2: sap:sortable)",
      record("SortRestrictions", "NonSortableProperties", paths("Name")),
      "property-capability-removed",
    ],
    [
      "SkipSupported false (V2: sap:pageable)",
      '<Annotation Term="Capabilities.SkipSupported" Bool="false"/>',
      "entity-set-capability-removed",
    ],
    [
      "IndexableByKey false (V2: sap:addressable)",
      '<Annotation Term="Capabilities.IndexableByKey" Bool="false"/>',
      "entity-set-capability-removed",
    ],
    [
      "ExpandRestrictions Expandable false",
      '<Annotation Term="Capabilities.ExpandRestrictions"><Record><PropertyValue Property="Expandable" Bool="false"/></Record></Annotation>',
      "entity-set-capability-removed",
    ],
  ])("%s is breaking", (_, annotation, id) => {
    const changes = diff(V4, restrict(annotation));
    expect(changes.map((c) => `${c.id}:${c.class}`)).toContain(`${id}:breaking`);
    // lifting the restriction again gives clients back what they had
    expect(diff(restrict(annotation), V4).some((c) => c.class === "breaking")).toBe(false);
  });

  it("a property newly restricted is named; one already restricted is no change", () => {
    const one = restrict(record("FilterRestrictions", "NonFilterableProperties", paths("Age")));
    const two = restrict(
      record("FilterRestrictions", "NonFilterableProperties", paths("Age", "Name")),
    );
    const changes = diff(one, two).filter((c) => c.id === "property-capability-removed");
    expect(changes.map((c) => c.reason)).toEqual([
      "entity set People: property Name is no longer filterable",
    ]);
  });

  it("CSDL JSON writes the paths as strings", () => {
    const base = structuredClone(CSDL_JSON);
    const head = structuredClone(CSDL_JSON);
    Object.assign(head.Demo.Container.People, {
      "@Capabilities.SortRestrictions": { NonSortableProperties: ["Name"] },
    });
    const [b, h] = [readOData(JSON.stringify(base)), readOData(JSON.stringify(head))];
    if ("problem" in b || "problem" in h) throw new Error("unreadable");
    expect(diffOData(b.model, h.model).map((c) => `${c.id}:${c.class}`)).toContain(
      "property-capability-removed:breaking",
    );
  });
});

describe("OData differ: CSDL JSON", () => {
  const json = (value: unknown) => JSON.stringify(value, null, 2);
  const variant = (change: (d: typeof CSDL_JSON) => void): string => {
    const copy = structuredClone(CSDL_JSON);
    change(copy);
    return json(copy);
  };

  it.each<[string, (d: typeof CSDL_JSON) => void, ODataRuleId, ChangeClass]>([
    [
      "a property removed",
      (d) => delete (d.Demo.Person as Record<string, unknown>).Name,
      "property-removed",
      "breaking",
    ],
    [
      "Name made not nullable (People is writable)",
      (d) => (d.Demo.Person.Name.$Nullable = false),
      "property-became-not-nullable",
      "breaking",
    ],
    [
      "Title made not nullable (Books is read-only)",
      (d) => (d.Demo.Book.Title.$Nullable = false),
      "property-became-not-nullable",
      "additive",
    ],
    [
      "a non-nullable property on read-only Books ($Nullable left out)",
      (d) => Object.assign(d.Demo.Book, { Author: {} }),
      "non-nullable-property-added",
      "additive",
    ],
    [
      "Name given Core.Permissions Read on writable People",
      (d) => Object.assign(d.Demo.Person.Name, { "@Org.OData.Core.V1.Permissions": "Read" }),
      "property-became-read-only",
      "breaking",
    ],
    [
      "a non-nullable property on writable People",
      (d) => Object.assign(d.Demo.Person, { Nick: {} }),
      "non-nullable-property-added",
      "breaking",
    ],
    [
      "an enum member added",
      (d) => Object.assign(d.Demo.Gender, { Diverse: 2 }),
      "enum-member-added",
      "breaking",
    ],
    [
      "Books made insertable",
      (d) => (d.Demo.Container.Books["@Capabilities.InsertRestrictions"].Insertable = true),
      "entity-set-capability-added",
      "additive",
    ],
    [
      "a function parameter added",
      (d) => d.Demo.Nearest[0]!.$Parameter.push({ $Name: "lon", $Type: "Edm.Double" }),
      "required-parameter-added",
      "breaking",
    ],
  ])("%s", (_name, change, id, cls) => {
    const changes = diff(json(CSDL_JSON), variant(change));
    expect(changes.find((c) => c.id === id)?.class, JSON.stringify(changes)).toBe(cls);
  });

  it("points into the JSON: the located line is the member's", () => {
    const head = variant((d) => (d.Demo.Person.Name.$Nullable = false));
    const [change] = diff(json(CSDL_JSON), head);
    expect(change!.pointer).toBe("/Demo/Person/Name");
    const line = head.split("\n").findIndex((l) => l.includes('"Name"')) + 1;
    expect(locatePointers(head, "json", [change!.pointer])[0]!.line).toBe(line);
  });

  it("key order is no change", () => {
    const { Demo, ...rest } = CSDL_JSON;
    const reordered = JSON.stringify({ Demo, ...rest });
    expect(diff(json(CSDL_JSON), reordered)).toEqual([]);
  });
});

describe("OData differ: line numbers in EDMX", () => {
  it("a removal points at its line in base, a change at its line in head", () => {
    const head = edit(V4, '<Property Name="Age" Type="Edm.Int32"/>', "");
    const changes = diff(V4, head);
    const line = V4.split("\n").findIndex((l) => l.includes('Name="Age"')) + 1;
    expect(locatePointers(V4, "xml", [changes[0]!.pointer])[0]!).toEqual({ line, column: 9 });
    const typed = edit(V4, 'MaxLength="40"', 'MaxLength="20"');
    const [narrowed] = diff(V4, typed);
    const nameLine = typed.split("\n").findIndex((l) => l.includes('Name="Name"')) + 1;
    expect(locatePointers(typed, "xml", [narrowed!.pointer])[0]!.line).toBe(nameLine);
  });

  it("a parameter, a key and an entity set are found on their own lines", () => {
    const head = edit(
      V4,
      '<Parameter Name="reason" Type="Edm.String"/>',
      '<Parameter Name="reason" Type="Edm.String" Nullable="false"/>',
    );
    const [change] = diff(V4, head);
    expect(change!.pointer).toBe("/Demo/Promote/0/$Parameter/2");
    const line = head.split("\n").findIndex((l) => l.includes('Name="reason"')) + 1;
    expect(locatePointers(head, "xml", [change!.pointer])[0]!.line).toBe(line);
  });
});

describe("OData readers: hostile and broken input is a problem with a place, never a crash", () => {
  it.each([
    [
      "an entity bomb in a DOCTYPE",
      `<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "${"x".repeat(10)}"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<edmx:Edmx Version="4.0">&b;</edmx:Edmx>`,
      /DOCTYPE \(line 2, column 1\)/,
    ],
    [
      "an unclosed element",
      edit(V4, '<Property Name="Age" Type="Edm.Int32"/>', '<Property Name="Age" Type="Edm.Int32">'),
      /not well-formed XML \(line \d+, column \d+/,
    ],
    [
      "elements nested 10,000 deep",
      `<edmx:Edmx Version="4.0">${"<a>".repeat(10_000)}${"</a>".repeat(10_000)}</edmx:Edmx>`,
      /nests more than 64/,
    ],
    ["another XML document", "<html><body/></html>", /not EDMX/],
    ["EDMX without a schema", '<edmx:Edmx Version="4.0" xmlns:edmx="x"/>', /no edmx:DataServices/],
    ["JSON that is not CSDL", '{"$Version": "4.01"}', /not CSDL JSON/],
    ["truncated JSON", '{"$Version": "4.01", "Demo": {', /not valid JSON/],
  ])("%s", (_name, text, problem) => {
    const read = readOData(text);
    expect("problem" in read && read.problem).toMatch(problem);
  });

  it("only the XML built-in entities and character references are decoded", () => {
    const doc = edit(V4, 'String="The name"', 'String="&lt;b&gt; &amp; &#65;&#x42; &unknown;"');
    const [change] = diff(V4, doc);
    expect(change?.id).toBe("annotation-changed");
    const read = readOData(doc);
    expect("problem" in read).toBe(false);
  });

  it("`__proto__`, `constructor` and `toString` names are names", () => {
    const doc = edit(
      V4,
      '<Property Name="Age" Type="Edm.Int32"/>',
      '<Property Name="__proto__" Type="Edm.Int32"/><Property Name="constructor" Type="Edm.String"/><Property Name="toString" Type="Edm.String"/>',
    );
    const changes = diff(V4, doc);
    expect(changes.map((c) => c.id).sort()).toEqual([
      "property-added",
      "property-added",
      "property-added",
      "property-removed",
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("CSDL JSON with values of the wrong kind anywhere does not crash the differ", () => {
    const ODD: unknown[] = [null, 0, "", "x", true, [], {}, [1, "a"], { $Kind: 5 }];
    const base = JSON.stringify(CSDL_JSON);
    let seed = 7;
    const random = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    for (let i = 0; i < 300; i++) {
      const copy = structuredClone(CSDL_JSON) as unknown;
      const places: [Record<string, unknown>, string][] = [];
      const walk = (node: unknown): void => {
        if (node && typeof node === "object")
          for (const k of Object.keys(node)) {
            places.push([node as Record<string, unknown>, k]);
            walk((node as Record<string, unknown>)[k]);
          }
      };
      walk(copy);
      const [holder, key] = places[Math.floor(random() * places.length)]!;
      holder[key] = ODD[Math.floor(random() * ODD.length)];
      const head = JSON.stringify(copy);
      const read = readOData(head);
      if ("problem" in read) continue;
      const b = readOData(base);
      if ("problem" in b) throw new Error(b.problem);
      expect(() => diffOData(b.model, read.model)).not.toThrow();
      expect(() => diffOData(read.model, b.model)).not.toThrow();
    }
  });
});

describe("docs/contracts/odata.md lists every rule with its classes", () => {
  const docs = readFileSync(
    resolve(dirname(fileURLToPath(import.meta.url)), "../../docs/contracts/odata.md"),
    "utf8",
  );
  const rows = new Map<string, string[]>();
  for (const line of docs.split("\n")) {
    const m = /^\|\s*`([a-z-]+)`\s*\|(.*)\|\s*$/.exec(line);
    if (m?.[1])
      rows.set(
        m[1],
        (m[2] ?? "").split("|").map((c) => c.trim()),
      );
  }
  it.each(Object.entries(ODATA_RULES))("%s", (id, rule) => {
    expect(rows.get(id)?.slice(0, 2)).toEqual([rule.written, rule.read]);
  });
});
