/**
 * The verdict a careful reviewer gives each OData pair of ../shared/contract-pairs/odata (issue
 * 14): the entity level a consumer of the service should see. The pairs are not ours and stay in
 * ../shared; these labels are our own judgement, written from OData's model-versioning rules
 * (OData 4.01 Part 1, "Model Versioning": the additions a service may make without a new version
 * are adding entity sets, singletons, types, nullable or defaulted properties, nullable or
 * collection navigation properties, actions, functions and their imports, nullable action
 * parameters, and annotations clients need not understand; anything else needs a new version)
 * and from the metadata's own word on what clients may write (V2 `sap:creatable`/`sap:updatable`,
 * V4 `Capabilities.InsertRestrictions`/`UpdateRestrictions`). `none`: nothing changed in the model.
 */
import type { Label, Level } from "./labels.js";

const l = (level: Level, why: string): Label => ({ level, why });

export const ODATA_LABELS: Record<string, Label> = {
  "o01-trippin-v4-entity-set-removed": l("breaking", "requests to /NewComePeople fail"),
  "o02-trippin-v4-entity-property-removed": l(
    "breaking",
    "clients reading, selecting or filtering MiddleName fail",
  ),
  "o03-trippin-v4-non-nullable-property-added": l(
    "breaking",
    "Airports may be created (no insert restriction): creates without Elevation are rejected; only nullable or defaulted properties are safe additions",
  ),
  "o04-trippin-v4-non-nullable-property-with-default-added": l(
    "additive",
    "a property with a default value is a safe addition",
  ),
  "o05-trippin-v4-property-type-changed-int64-to-string": l(
    "breaking",
    "a number becomes a string on the wire",
  ),
  "o06-trippin-v4-property-became-nullable": l(
    "breaking",
    "clients reading Budget may now get null",
  ),
  "o07-trippin-v4-key-changed": l("breaking", "entity URLs (Airports('KSEA')) change meaning"),
  "o08-trippin-v4-action-import-removed": l("breaking", "POST /ResetDataSource fails"),
  "o09-trippin-v4-function-and-function-import-added": l(
    "additive",
    "adding a function and its import is a safe addition",
  ),
  "o10-trippin-v4-action-parameter-added-non-nullable": l(
    "breaking",
    "calls without the new parameter are rejected; only nullable action parameters are safe",
  ),
  "o11-trippin-v4-function-parameter-added-nullable": l(
    "breaking",
    "a function is called with all its parameters (only Core.OptionalParameter ones may be left out): old URLs no longer match; the rules list only nullable action parameters as safe",
  ),
  "o12-trippin-v4-function-return-type-changed": l(
    "breaking",
    "a single entity becomes a collection",
  ),
  "o13-trippin-v4-enum-member-removed": l(
    "breaking",
    "clients sending or filtering by Feature4 fail",
  ),
  "o14-trippin-v4-enum-member-added": l(
    "breaking",
    "Person.Gender is read: clients meet a member they do not know; new members are not among the safe additions",
  ),
  "o15-trippin-v4-entity-container-renamed": l(
    "patch",
    "V4 URLs and payloads do not name the container; annotations targeting it moved along",
  ),
  "o16-trippin-v4-elements-reordered": l("none", "the same model, elements in another order"),
  "o17-trippin-v4-core-description-changed": l("patch", "documentation only"),
  "o18-cap-v4-read-only-set-property-became-non-nullable": l(
    "additive",
    "Books is read-only (Insertable/Updatable false): readers get a stronger promise",
  ),
  "o19-cap-v4-read-only-set-non-nullable-property-added": l(
    "additive",
    "Books is read-only: a new property is only read, and clients ignore unknown properties",
  ),
  "o20-gwsample-v2-entity-type-and-set-added": l("additive", "a new entity type and set"),
  "o21-gwsample-v2-nullable-property-added": l(
    "additive",
    "a nullable property is a safe addition",
  ),
  "o22-gwsample-v2-read-only-non-nullable-property-added": l(
    "additive",
    "sap:creatable/updatable false: clients never send it, only read it",
  ),
  "o23-gwsample-v2-max-length-reduced": l(
    "breaking",
    "BusinessPartnerSet is creatable: longer company names are rejected",
  ),
  "o24-gwsample-v2-max-length-increased": l(
    "breaking",
    "clients reading FirstName (fixed-size fields, UI5 input constraints) may get longer values",
  ),
  "o25-gwsample-v2-property-became-non-nullable": l(
    "breaking",
    "ContactSet is creatable: creates without EmailAddress are rejected",
  ),
  "o26-gwsample-v2-entity-set-no-longer-creatable": l("breaking", "POST /ProductSet is rejected"),
  "o27-gwsample-v2-sap-label-changed": l("patch", "a UI label only"),
  "o28-gwsample-v2-navigation-property-removed": l(
    "breaking",
    "$expand=ToProducts and /ToProducts fail",
  ),
  "o29-gwsample-v2-attributes-rewrapped": l("none", "the same XML, attributes on other lines"),
  "o30-sepmra-v2-function-import-removed": l("breaking", "calls to the function import fail"),
  "o31-sepmra-v2-function-import-http-method-changed": l(
    "breaking",
    "GET calls are rejected, POST is required",
  ),
  "o32-sepmra-v2-function-import-optional-parameter-added": l(
    "additive",
    "a Nullable parameter may be left out of a V2 call",
  ),
};
