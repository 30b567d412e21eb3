import type { ChangeClass } from "../types.js";

/**
 * Which way data flows through a schema. A `request` schema describes what the client sends (the
 * server must keep accepting it: narrowing breaks); a `response` schema describes what the client
 * reads (the client must keep understanding it: widening breaks).
 */
export type Direction = "request" | "response";

/** The class of a schema rule in each direction; `null` where the rule never fires that way. */
export interface SchemaRule {
  request: ChangeClass | null;
  response: ChangeClass | null;
  kind: "added" | "removed" | "changed";
}

const narrows = (kind: SchemaRule["kind"]): SchemaRule => ({
  request: "breaking",
  response: "additive",
  kind,
});
const widens = (kind: SchemaRule["kind"]): SchemaRule => ({
  request: "additive",
  response: "breaking",
  kind,
});
const both = (cls: ChangeClass, kind: SchemaRule["kind"]): SchemaRule => ({
  request: cls,
  response: cls,
  kind,
});

/**
 * Schema rules, keyed by rule name. The emitted change id is `<direction>-<rule>`, for example
 * `request-enum-value-removed`. The class follows from one idea: a request may not accept less,
 * a response may not promise less or return more than a client understands, except that new
 * optional response properties are fine (clients are expected to ignore unknown properties,
 * otherwise no API could ever grow). docs/contracts/openapi.md explains each row.
 */
export const SCHEMA_RULES = {
  "type-changed": both("breaking", "changed"),
  "type-narrowed": narrows("changed"),
  "type-widened": widens("changed"),
  "became-nullable": widens("changed"),
  "became-not-nullable": narrows("changed"),
  "format-added": narrows("added"),
  "format-removed": widens("removed"),
  "format-widened": widens("changed"),
  "format-narrowed": narrows("changed"),
  "format-changed": both("breaking", "changed"),
  "became-enum": narrows("added"),
  "enum-removed": widens("removed"),
  "enum-value-added": widens("added"),
  "enum-value-removed": narrows("removed"),
  "constraint-tightened": narrows("changed"),
  "constraint-loosened": widens("changed"),
  "pattern-added": { request: "breaking", response: "additive", kind: "added" },
  "pattern-removed": { request: "additive", response: "additive", kind: "removed" },
  "pattern-changed": { request: "breaking", response: "additive", kind: "changed" },
  "required-property-added": narrows("added"),
  "optional-property-added": both("additive", "added"),
  "property-removed": both("breaking", "removed"),
  "property-became-required": narrows("changed"),
  "property-became-optional": widens("changed"),
  "property-became-read-only": { request: "breaking", response: null, kind: "changed" },
  "property-became-write-only": { request: null, response: "breaking", kind: "changed" },
  "required-undeclared-property": both("patch", "changed"),
  "additional-properties-forbidden": narrows("changed"),
  "additional-properties-allowed": both("additive", "changed"),
  "alternative-added": widens("added"),
  "alternative-removed": narrows("removed"),
  "all-of-member-added": narrows("added"),
  "all-of-member-removed": widens("removed"),
  "keyword-added": narrows("added"),
  "keyword-removed": widens("removed"),
  "keyword-changed": both("breaking", "changed"),
  "default-added": { request: "additive", response: "patch", kind: "added" },
  "default-removed": { request: "additive", response: "patch", kind: "removed" },
  "default-changed": { request: "breaking", response: "patch", kind: "changed" },
  "discriminator-added": both("additive", "added"),
  "discriminator-removed": both("additive", "removed"),
  "discriminator-changed": both("breaking", "changed"),
  "discriminator-mapping-added": widens("added"),
  "discriminator-mapping-removed": narrows("removed"),
  "became-deprecated": both("additive", "changed"),
  "no-longer-deprecated": both("additive", "changed"),
  "schema-unresolved": both("breaking", "changed"),
  "schema-removed": widens("removed"),
} satisfies Record<string, SchemaRule>;

export type SchemaRuleId = keyof typeof SCHEMA_RULES;

/** A rule whose class does not depend on direction (operations, parameters, documentation). */
export interface FixedRule {
  class: ChangeClass;
  kind: "added" | "removed" | "changed";
}

const fixed = (cls: ChangeClass, kind: FixedRule["kind"]): FixedRule => ({ class: cls, kind });

/** Rules of the OpenAPI structure around the schemas. docs/contracts/openapi.md explains each. */
export const OPENAPI_RULES = {
  "operation-added": fixed("additive", "added"),
  "operation-removed": fixed("breaking", "removed"),
  "deprecated-operation-removed": fixed("additive", "removed"),
  "operation-deprecated": fixed("additive", "changed"),
  "operation-reactivated": fixed("additive", "changed"),
  "webhook-added": fixed("additive", "added"),
  "webhook-removed": fixed("breaking", "removed"),
  "callback-added": fixed("additive", "added"),
  "callback-removed": fixed("breaking", "removed"),
  "parameter-added-required": fixed("breaking", "added"),
  "parameter-added-optional": fixed("additive", "added"),
  "parameter-removed": fixed("breaking", "removed"),
  "deprecated-parameter-removed": fixed("additive", "removed"),
  "parameter-became-required": fixed("breaking", "changed"),
  "parameter-became-optional": fixed("additive", "changed"),
  "parameter-deprecated": fixed("additive", "changed"),
  "parameter-serialization-changed": fixed("breaking", "changed"),
  "parameter-renamed": fixed("patch", "changed"),
  "request-body-added-required": fixed("breaking", "added"),
  "request-body-added-optional": fixed("additive", "added"),
  "request-body-removed": fixed("breaking", "removed"),
  "request-body-became-required": fixed("breaking", "changed"),
  "request-body-became-optional": fixed("additive", "changed"),
  "request-media-type-added": fixed("additive", "added"),
  "request-media-type-removed": fixed("breaking", "removed"),
  "success-response-removed": fixed("breaking", "removed"),
  "response-removed": fixed("additive", "removed"),
  "response-added": fixed("additive", "added"),
  "response-media-type-added": fixed("additive", "added"),
  "response-media-type-removed": fixed("breaking", "removed"),
  "response-header-added": fixed("additive", "added"),
  "response-header-removed": fixed("breaking", "removed"),
  "response-header-became-optional": fixed("breaking", "changed"),
  "response-header-became-required": fixed("additive", "changed"),
  "security-requirement-added": fixed("breaking", "changed"),
  "security-requirement-relaxed": fixed("additive", "changed"),
  "security-scheme-changed": fixed("breaking", "changed"),
  "operation-id-changed": fixed("patch", "changed"),
  "server-changed": fixed("patch", "changed"),
  "info-changed": fixed("patch", "changed"),
  "documentation-changed": fixed("patch", "changed"),
} satisfies Record<string, FixedRule>;

export type OpenApiRuleId = keyof typeof OPENAPI_RULES;

/** Rules of the AsyncAPI 2.x structure; payload and header schemas use {@link SCHEMA_RULES}. */
export const ASYNCAPI_RULES = {
  "channel-added": fixed("additive", "added"),
  "channel-removed": fixed("breaking", "removed"),
  "operation-added": fixed("additive", "added"),
  "operation-removed": fixed("breaking", "removed"),
  "message-added": fixed("additive", "added"),
  "message-removed": fixed("breaking", "removed"),
  "message-content-type-changed": fixed("breaking", "changed"),
  "message-renamed": fixed("patch", "changed"),
  "message-correlation-id-added": fixed("additive", "added"),
  "message-correlation-id-removed": fixed("breaking", "removed"),
  "message-correlation-id-changed": fixed("breaking", "changed"),
  "channel-parameter-renamed": fixed("patch", "changed"),
  "payload-unchecked": fixed("breaking", "changed"),
  "bindings-changed": fixed("breaking", "changed"),
  "server-added": fixed("additive", "added"),
  "server-removed": fixed("breaking", "removed"),
  "server-url-changed": fixed("breaking", "changed"),
  "server-variable-value-removed": fixed("breaking", "removed"),
  "server-protocol-changed": fixed("breaking", "changed"),
  "security-requirement-added": fixed("breaking", "changed"),
  "security-requirement-relaxed": fixed("additive", "changed"),
  "security-scheme-changed": fixed("breaking", "changed"),
  "server-changed": fixed("patch", "changed"),
  "info-changed": fixed("patch", "changed"),
  "documentation-changed": fixed("patch", "changed"),
} satisfies Record<string, FixedRule>;

export type AsyncApiRuleId = keyof typeof ASYNCAPI_RULES;

/**
 * Rules of GraphQL SDL. The first two groups are graphql-js's own change types (kebab-cased), the
 * rest are what the differ adds where graphql-js does not look. docs/contracts/graphql.md explains
 * each.
 */
export const GRAPHQL_RULES = {
  // graphql-js findBreakingChanges
  "type-removed": fixed("breaking", "removed"),
  "type-changed-kind": fixed("breaking", "changed"),
  "type-removed-from-union": fixed("breaking", "removed"),
  "value-removed-from-enum": fixed("breaking", "removed"),
  "required-input-field-added": fixed("breaking", "added"),
  "implemented-interface-removed": fixed("breaking", "removed"),
  "field-removed": fixed("breaking", "removed"),
  "field-changed-kind": fixed("breaking", "changed"),
  "required-arg-added": fixed("breaking", "added"),
  "arg-removed": fixed("breaking", "removed"),
  "arg-changed-kind": fixed("breaking", "changed"),
  "directive-removed": fixed("breaking", "removed"),
  "directive-arg-removed": fixed("breaking", "removed"),
  "required-directive-arg-added": fixed("breaking", "added"),
  "directive-repeatable-removed": fixed("breaking", "removed"),
  "directive-location-removed": fixed("breaking", "removed"),
  // graphql-js findDangerousChanges
  "value-added-to-enum": fixed("additive", "added"),
  "type-added-to-union": fixed("additive", "added"),
  "optional-input-field-added": fixed("additive", "added"),
  "optional-arg-added": fixed("additive", "added"),
  "implemented-interface-added": fixed("additive", "added"),
  "arg-default-value-change": fixed("breaking", "changed"),
  // ours
  "input-field-default-value-added": fixed("additive", "added"),
  "input-field-default-value-change": fixed("breaking", "changed"),
  "root-operation-type-changed": fixed("breaking", "changed"),
  "directive-arg-changed-kind": fixed("breaking", "changed"),
  "directive-arg-default-value-change": fixed("breaking", "changed"),
  "input-became-one-of": fixed("breaking", "changed"),
  "input-no-longer-one-of": fixed("additive", "changed"),
  "directive-usage-added": fixed("breaking", "added"),
  "directive-usage-removed": fixed("breaking", "removed"),
  "directive-usage-changed": fixed("breaking", "changed"),
  deprecated: fixed("additive", "changed"),
  "deprecation-removed": fixed("additive", "changed"),
  "deprecation-reason-changed": fixed("patch", "changed"),
  "schema-extended": fixed("additive", "added"),
  "description-changed": fixed("patch", "changed"),
} satisfies Record<string, FixedRule>;

export type GraphQlRuleId = keyof typeof GRAPHQL_RULES;
