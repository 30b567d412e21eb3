/**
 * The ORD entity types as data: which top-level array holds them, the concept in their ORD ID,
 * and which versioning and lifecycle fields the ORD 1.16 schema gives them. Rules consult this
 * table instead of hard-coding type names ("entity types that have the field").
 */
export interface EntityTypeInfo {
  /** Top-level array name in the document, e.g. `apiResources`. */
  array: string;
  /** Concept segment of the ORD ID, e.g. `apiResource`. */
  concept: string;
  versioned: boolean;
  /** Has `releaseStatus`; packages and bundles do not and count as `active` where rules say so. */
  lifecycle: boolean;
  fields: ReadonlySet<string>;
}

const LIFECYCLE = ["deprecationDate", "sunsetDate", "successors", "changelogEntries"];

function type(
  array: string,
  concept: string,
  versioned: boolean,
  lifecycle: boolean,
  fields: string[],
): EntityTypeInfo {
  return { array, concept, versioned, lifecycle, fields: new Set(fields) };
}

export const ENTITY_TYPES: readonly EntityTypeInfo[] = [
  type("apiResources", "apiResource", true, true, LIFECYCLE),
  type("eventResources", "eventResource", true, true, LIFECYCLE),
  type("entityTypes", "entityType", true, true, LIFECYCLE),
  type("capabilities", "capability", true, true, []),
  type("dataProducts", "dataProduct", true, true, LIFECYCLE),
  type("integrationDependencies", "integrationDependency", true, true, [
    "sunsetDate",
    "successors",
  ]),
  type("agents", "agent", true, true, LIFECYCLE),
  type("overlays", "overlay", true, true, []),
  type("packages", "package", true, false, []),
  type("consumptionBundles", "consumptionBundle", true, false, []),
  type("products", "product", false, false, []),
  type("vendors", "vendor", false, false, []),
];

export const ENTITY_TYPE_BY_ARRAY: ReadonlyMap<string, EntityTypeInfo> = new Map(
  ENTITY_TYPES.map((info) => [info.array, info]),
);

/**
 * Fields judged by the lifecycle rules rather than classified as changes (docs/rules/README.md,
 * "Change classes": lifecycle fields).
 * `ordId` is matched case-insensitively and has its own rule for case changes.
 */
export const BOOKKEEPING_FIELDS: ReadonlySet<string> = new Set([
  "ordId",
  "version",
  "lastUpdate",
  "releaseStatus",
  "deprecationDate",
  "sunsetDate",
  "successors",
  "changelogEntries",
  "lifecycleStatus",
]);

export const RELEASE_STATUSES = ["development", "beta", "active", "deprecated", "sunset"] as const;
