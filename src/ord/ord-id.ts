/** ORD ID syntax (ORD spec 1.16 "ORD ID"): `<namespace>:<concept>:<resourceName>:v<major>`. */

export interface ParsedOrdId {
  namespace: string;
  concept: string;
  name: string;
  /** `null` for products and vendors, whose ID ends with an empty major (`...:`). */
  major: number | null;
  /** The ID without its major, lower-cased: entities of one series are majors of one thing. */
  series: string;
}

const NAMESPACE = "[a-z0-9]+(?:[.][a-z0-9]+)*";
const NAME = "[a-zA-Z0-9._\\-]+";
const MAJOR = "v0|v[1-9][0-9]*";
const UNVERSIONED_CONCEPTS = new Set(["product", "vendor"]);

const patterns = new Map<string, RegExp>();

/** The pattern the 1.16 schema gives each concept's `ordId` (vendors: a namespace without dots). */
export function ordIdPattern(concept: string): RegExp {
  let pattern = patterns.get(concept);
  if (!pattern) {
    const major = UNVERSIONED_CONCEPTS.has(concept) ? "()" : `(${MAJOR})`;
    pattern =
      concept === "vendor"
        ? new RegExp(`^([a-z0-9]+):(vendor):(${NAME}):()$`)
        : new RegExp(`^(${NAMESPACE}):(${concept}):(${NAME}):${major}$`);
    patterns.set(concept, pattern);
  }
  return pattern;
}

const TOMBSTONE_PATTERN = new RegExp(
  `^(${NAMESPACE}):(package|consumptionBundle|product|vendor|apiResource|eventResource|capability|entityType|integrationDependency|dataProduct|agent|overlay):(${NAME}):(${MAJOR}|)?$`,
);

export function isValidTombstoneOrdId(ordId: string): boolean {
  return TOMBSTONE_PATTERN.test(ordId);
}

/** Lenient split used for matching and series; validity is judged by `ordIdPattern`. */
export function parseOrdId(ordId: string): ParsedOrdId | undefined {
  const parts = ordId.split(":");
  if (parts.length !== 4) return undefined;
  const [namespace, concept, name, majorPart] = parts as [string, string, string, string];
  const digits = /^v(\d+)$/i.exec(majorPart);
  const major = digits ? Number(digits[1]) : null;
  if (major === null && majorPart !== "") return undefined;
  return {
    namespace,
    concept,
    name,
    major,
    series: `${namespace}:${concept}:${name}`.toLowerCase(),
  };
}

/** Matching key: IDs are compared case-insensitively (spec 1.14.1). */
export function ordIdKey(ordId: string): string {
  return ordId.toLowerCase();
}
