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

/**
 * Lenient split used for matching and series; validity is judged by `ordIdPattern`. Runs for
 * every entity, so it slices the three colons' positions instead of splitting and joining.
 */
export function parseOrdId(ordId: string): ParsedOrdId | undefined {
  const first = ordId.indexOf(":");
  const second = ordId.indexOf(":", first + 1);
  const third = ordId.indexOf(":", second + 1);
  if (first < 0 || second < 0 || third < 0 || ordId.includes(":", third + 1)) return undefined;
  const majorPart = ordId.slice(third + 1);
  let major: number | null = null;
  if (majorPart !== "") {
    const digits = /^v(\d+)$/i.exec(majorPart);
    if (!digits) return undefined;
    major = Number(digits[1]);
  }
  return {
    namespace: ordId.slice(0, first),
    concept: ordId.slice(first + 1, second),
    name: ordId.slice(second + 1, third),
    major,
    series: ordId.slice(0, third).toLowerCase(),
  };
}

/** Matching key: IDs are compared case-insensitively (spec 1.14.1). */
export function ordIdKey(ordId: string): string {
  return ordId.toLowerCase();
}
