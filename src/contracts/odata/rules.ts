import type { ChangeClass } from "../../types.js";

/**
 * An OData rule's class for an element clients write (an entity set they may create or update
 * into, a parameter) and for one they only read. An element that is both takes the more severe.
 */
export interface ODataRule {
  written: ChangeClass;
  read: ChangeClass;
  kind: "added" | "removed" | "changed";
}

const fixed = (cls: ChangeClass, kind: ODataRule["kind"]): ODataRule => ({
  written: cls,
  read: cls,
  kind,
});
/** Accepts less: breaks writers, and readers get a stronger promise. */
const narrows = (kind: ODataRule["kind"]): ODataRule => ({
  written: "breaking",
  read: "additive",
  kind,
});
/** Returns more: breaks readers, and writers may send more. */
const widens = (kind: ODataRule["kind"]): ODataRule => ({
  written: "additive",
  read: "breaking",
  kind,
});

/**
 * Rules of OData metadata, the yardstick being the protocol's own model-versioning rules (OData
 * 4.01 Part 1, "Model Versioning": which additions a service may make without a new version).
 * docs/contracts/odata.md explains each.
 */
export const ODATA_RULES = {
  "odata-version-changed": fixed("breaking", "changed"),
  "entity-container-renamed": fixed("patch", "changed"),
  "entity-set-added": fixed("additive", "added"),
  "entity-set-removed": fixed("breaking", "removed"),
  "entity-set-type-changed": fixed("breaking", "changed"),
  "singleton-added": fixed("additive", "added"),
  "singleton-removed": fixed("breaking", "removed"),
  "singleton-type-changed": fixed("breaking", "changed"),
  "entity-set-capability-removed": fixed("breaking", "changed"),
  "entity-set-capability-added": fixed("additive", "changed"),
  "entity-set-now-requires-filter": fixed("breaking", "changed"),
  "entity-set-no-longer-requires-filter": fixed("additive", "changed"),
  "navigation-binding-changed": fixed("patch", "changed"),
  "entity-type-added": fixed("additive", "added"),
  "entity-type-removed": fixed("breaking", "removed"),
  "complex-type-added": fixed("additive", "added"),
  "complex-type-removed": fixed("breaking", "removed"),
  "type-kind-changed": fixed("breaking", "changed"),
  "enum-type-added": fixed("additive", "added"),
  "enum-type-removed": fixed("breaking", "removed"),
  "enum-type-changed": fixed("breaking", "changed"),
  "type-definition-added": fixed("additive", "added"),
  "type-definition-removed": fixed("breaking", "removed"),
  "type-definition-changed": fixed("breaking", "changed"),
  "key-changed": fixed("breaking", "changed"),
  "base-type-changed": fixed("breaking", "changed"),
  "type-became-abstract": fixed("breaking", "changed"),
  "type-no-longer-abstract": fixed("additive", "changed"),
  "type-no-longer-open": fixed("breaking", "changed"),
  "type-became-open": fixed("additive", "changed"),
  "media-stream-changed": fixed("breaking", "changed"),
  "property-added": fixed("additive", "added"),
  "non-nullable-property-added": narrows("added"),
  "property-removed": fixed("breaking", "removed"),
  "property-type-changed": fixed("breaking", "changed"),
  "property-type-widened": widens("changed"),
  "property-type-narrowed": narrows("changed"),
  "property-became-nullable": widens("changed"),
  "property-became-not-nullable": narrows("changed"),
  "property-max-length-reduced": narrows("changed"),
  "property-max-length-increased": widens("changed"),
  "property-precision-reduced": narrows("changed"),
  "property-precision-increased": widens("changed"),
  "property-srid-changed": fixed("breaking", "changed"),
  "property-default-added": { written: "additive", read: "patch", kind: "added" },
  "property-default-removed": { written: "breaking", read: "patch", kind: "removed" },
  "property-default-changed": { written: "breaking", read: "patch", kind: "changed" },
  "property-became-read-only": { written: "breaking", read: "patch", kind: "changed" },
  "property-became-writable": fixed("additive", "changed"),
  "property-capability-removed": fixed("breaking", "changed"),
  "property-capability-added": fixed("additive", "changed"),
  "navigation-property-added": fixed("additive", "added"),
  "required-navigation-property-added": narrows("added"),
  "navigation-property-removed": fixed("breaking", "removed"),
  "navigation-property-changed": fixed("breaking", "changed"),
  "enum-member-added": widens("added"),
  "enum-member-removed": fixed("breaking", "removed"),
  "enum-member-value-changed": fixed("breaking", "changed"),
  "operation-added": fixed("additive", "added"),
  "operation-removed": fixed("breaking", "removed"),
  "operation-import-added": fixed("additive", "added"),
  "operation-import-removed": fixed("breaking", "removed"),
  "operation-import-changed": fixed("breaking", "changed"),
  "operation-http-method-changed": fixed("breaking", "changed"),
  "operation-no-longer-composable": fixed("breaking", "changed"),
  "operation-became-composable": fixed("additive", "changed"),
  "required-parameter-added": fixed("breaking", "added"),
  "optional-parameter-added": fixed("additive", "added"),
  "parameter-removed": fixed("breaking", "removed"),
  "parameter-type-changed": fixed("breaking", "changed"),
  "parameter-became-required": fixed("breaking", "changed"),
  "parameter-became-optional": fixed("additive", "changed"),
  "parameter-facet-narrowed": fixed("breaking", "changed"),
  "parameter-facet-widened": fixed("additive", "changed"),
  "return-type-added": fixed("additive", "added"),
  "return-type-removed": fixed("breaking", "removed"),
  "return-type-changed": fixed("breaking", "changed"),
  "return-became-nullable": fixed("breaking", "changed"),
  "return-became-not-nullable": fixed("additive", "changed"),
  "annotation-changed": fixed("patch", "changed"),
  "metadata-changed": fixed("patch", "changed"),
} satisfies Record<string, ODataRule>;

export type ODataRuleId = keyof typeof ODATA_RULES;
