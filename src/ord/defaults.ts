/**
 * The `default` values the ORD Document schema gives to properties, as data. An absent property
 * means its default, so writing `"disabled": false` or leaving it out is the same metadata: adding
 * or removing a property at its default is no change (docs/rules/README.md, "Change classes").
 *
 * Reviewed against the bundled schema (`@open-resource-discovery/specification` 1.13.0) and the
 * 1.16.3 schema; test/ord/defaults.test.ts fails when the bundled schema has a default this table
 * lacks or disagrees with. Entries only 1.14+ schemas have are marked. Keys are field paths inside
 * one entity (`definitions.visibility`: the `visibility` of each element of `definitions`).
 */
export const SCHEMA_DEFAULTS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  /** Document level. */
  document: { perspective: "system-instance", policyLevel: "none" },
  packages: { policyLevel: "none" },
  apiResources: {
    disabled: false,
    direction: "inbound",
    usage: "external",
    policyLevel: "none",
    systemInstanceAware: false,
    abstract: false, // 1.14+
  },
  eventResources: {
    disabled: false,
    policyLevel: "none",
    systemInstanceAware: false,
    abstract: false, // 1.14+
  },
  entityTypes: {
    policyLevel: "none",
    systemInstanceAware: false,
    "definitions.visibility": "private", // 1.16+ (EntityTypeDefinition)
  },
  dataProducts: {
    disabled: false,
    policyLevel: "none",
    systemInstanceAware: false,
    abstract: false, // 1.14+
  },
  capabilities: { disabled: false, systemInstanceAware: false },
  agents: { disabled: false }, // 1.14+
  groups: { visibility: "public" }, // 1.16+
  groupTypes: { visibility: "public" }, // 1.16+
};

const NONE: Readonly<Record<string, unknown>> = {};

/** The defaults of one entity array (or `document`), by field path; empty when it has none. */
export function defaultsOf(scope: string): Readonly<Record<string, unknown>> {
  return Object.hasOwn(SCHEMA_DEFAULTS, scope) ? SCHEMA_DEFAULTS[scope]! : NONE;
}
