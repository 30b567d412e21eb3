import type { JSONPath } from "jsonc-parser";
import { defaultsOf } from "../ord/defaults.js";
import { BOOKKEEPING_FIELDS } from "../ord/entity-types.js";
import { asText, canonical, elide, isObject, type JsonObject } from "../json/values.js";
import type { SharedJson } from "../types.js";

/** One difference between a base and a head entity, before classification. */
export interface RawChange {
  /** Display path: field names, keyed array elements in brackets (`entryPoints[/a/v1]`). */
  path: string;
  /** Field names along the path without element keys; what the classification table matches. */
  fields: string[];
  kind: "added" | "removed" | "changed";
  /** True when an element of an array was added or removed (rather than a field). */
  element: boolean;
  /** Label of that element (its key or value), for reasons. */
  key?: string;
  before?: unknown;
  after?: unknown;
  /**
   * The side on which the property is absent and stands for its schema default (`before` or
   * `after` holds that default): `disabled` absent in base and `true` in head is a change from
   * `false`, judged like one.
   */
  defaulted?: "base" | "head";
  /** Where the change sits, relative to the entity, in the base and head documents. */
  baseAt?: JSONPath;
  headAt?: JSONPath;
}

type KeyOf = (element: unknown) => string;

const byValue: KeyOf = (element) => (typeof element === "string" ? element : contentKey(element));
const byFields =
  (...names: string[][]): KeyOf =>
  (element) => {
    // Some of these arrays hold plain ORD ID strings (a capability's relatedEntityTypes, a data
    // product's entityTypes): the string is its own key, shown as written, not JSON-quoted.
    if (typeof element === "string") return element;
    if (!isObject(element)) return contentKey(element);
    // Each slot takes the first present field of its alternatives, e.g. `customType` or `type`.
    return names
      .map((alternatives) => {
        const name = alternatives.find((n) => element[n] !== undefined);
        return name === undefined ? "" : asText(element[name]);
      })
      .filter((part) => part !== "")
      .join(",");
  };

/**
 * Natural keys of arrays (docs/rules/README.md, "Change classes": reordering an array is never a
 * change): elements are matched by key, never by index, so
 * reordering is not a change. Arrays not listed are sets by deep equality.
 */
const ARRAY_KEYS: Record<string, KeyOf> = {
  entryPoints: byValue,
  tags: byValue,
  countries: byValue,
  industry: byValue,
  lineOfBusiness: byValue,
  supportedUseCases: byValue,
  successors: byValue,
  partOfGroups: byValue,
  partOfProducts: byValue,
  resourceDefinitions: byFields(["customType", "type"], ["purpose"], ["visibility"]),
  definitions: byFields(["customType", "type"], ["purpose"], ["visibility"]),
  partOfConsumptionBundles: byFields(["ordId"]),
  accessStrategies: byFields(["type"], ["customType"]),
  credentialExchangeStrategies: byFields(["type"], ["customType"]),
  links: byFields(["url"]),
  exposedEntityTypes: byFields(["ordId"]),
  relatedEntityTypes: byFields(["ordId"]),
  entityTypes: byFields(["ordId"]),
  inputPorts: byFields(["ordId"]),
  outputPorts: byFields(["ordId"]),
  changelogEntries: byFields(["version"]),
  aspects: byFields(["title"]),
};

/** Arrays of ORD IDs (or objects keyed by one): IDs compare case-insensitively (spec 1.14.1). */
const CASE_INSENSITIVE_KEYS = new Set([
  "successors",
  "partOfConsumptionBundles",
  "exposedEntityTypes",
  "relatedEntityTypes",
  "entityTypes",
  "inputPorts",
  "outputPorts",
]);

/**
 * Same content in the same order, without building strings: most entities of a pull request are
 * untouched, and this answers for them before the order-insensitive `contentKey` is needed.
 */
export function sameInOrder(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameInOrder(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    if (!Object.hasOwn(b, key)) return false;
    if (!sameInOrder((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]))
      return false;
  }
  return true;
}

/**
 * Same content, arrays compared as sets (reordering is not a change); an absent field and `null`
 * are the same content, neither says anything.
 */
export function sameContent(a: unknown, b: unknown): boolean {
  return sameInOrder(a, b) || canonical(a ?? null, true) === canonical(b ?? null, true);
}

/** The text key of an ORD value: arrays are sets there, so their order does not count. */
export function contentKey(value: unknown): string {
  return canonical(value, true);
}

/** Short human label of an array element for paths and reasons. */
function label(element: unknown, key: string, keyed: boolean): string {
  if (keyed) return key;
  if (isObject(element)) {
    for (const name of ["ordId", "title", "name", "url", "value", "type"]) {
      if (typeof element[name] === "string") return element[name];
    }
  }
  return elide(typeof element === "string" ? element : contentKey(element), 60);
}

interface Cursor {
  path: string;
  fields: string[];
  baseAt: JSONPath;
  headAt: JSONPath;
  /** Schema defaults of the entity type by field path (src/ord/defaults.ts). */
  defaults: Readonly<Record<string, unknown>>;
}

/**
 * Differences in the metadata of two matched entities. Bookkeeping fields (version,
 * lastUpdate, releaseStatus, ...) are left to the lifecycle rules. `entityType` (the top-level
 * array) selects the schema defaults: a property at its default is the same as an absent one.
 * Both values are only read: base and head share the parts that did not change.
 */
export function diffEntity(base: SharedJson, head: SharedJson, entityType = ""): RawChange[] {
  const changes: RawChange[] = [];
  const root = { path: "", fields: [], baseAt: [], headAt: [], defaults: defaultsOf(entityType) };
  diffObjects(base, head, root, changes, BOOKKEEPING_FIELDS);
  return changes;
}

function child(cursor: Cursor, name: string): Cursor {
  return {
    path: cursor.path ? `${cursor.path}.${name}` : name,
    fields: [...cursor.fields, name],
    baseAt: [...cursor.baseAt, name],
    headAt: [...cursor.headAt, name],
    defaults: cursor.defaults,
  };
}

/** The schema default of field `name` at the cursor, if it has one. */
function defaultAt(at: Cursor, name: string): unknown {
  const path = at.fields.length === 0 ? name : `${at.fields.join(".")}.${name}`;
  return Object.hasOwn(at.defaults, path) ? at.defaults[path] : undefined;
}

function diffObjects(
  base: Readonly<JsonObject>,
  head: Readonly<JsonObject>,
  at: Cursor,
  out: RawChange[],
  skip?: ReadonlySet<string>,
): void {
  const names = [...new Set([...Object.keys(base), ...Object.keys(head)])].sort();
  for (const name of names) {
    if (skip?.has(name)) continue;
    // Own properties only: a key like "constructor" must not read Object.prototype's function.
    let before = Object.hasOwn(base, name) ? base[name] : undefined;
    let after = Object.hasOwn(head, name) ? head[name] : undefined;
    // Most fields of a changed entity are untouched: no cursor is built for them.
    if (sameInOrder(before, after)) continue;
    let defaulted: RawChange["defaulted"];
    if (before === undefined || after === undefined) {
      // An absent property means its schema default: `"disabled": false` dropped is no change,
      // `"disabled": true` dropped is a change back to `false`.
      const fallback = defaultAt(at, name);
      if (fallback !== undefined) {
        if (sameContent(before ?? after, fallback)) continue;
        defaulted = before === undefined ? "base" : "head";
        before ??= fallback;
        after ??= fallback;
      }
    }
    diffValues(before, after, child(at, name), out, defaulted);
  }
}

function diffValues(
  before: unknown,
  after: unknown,
  at: Cursor,
  out: RawChange[],
  defaulted?: RawChange["defaulted"],
): void {
  if (before === after) return;
  // A missing container counts as an empty one, so its content shows element by element.
  if (before === undefined && (Array.isArray(after) || isObject(after))) {
    before = Array.isArray(after) ? [] : {};
  } else if (after === undefined && (Array.isArray(before) || isObject(before))) {
    after = Array.isArray(before) ? [] : {};
  }
  if (Array.isArray(before) && Array.isArray(after)) return diffArrays(before, after, at, out);
  if (isObject(before) && isObject(after)) return diffObjects(before, after, at, out);
  // What is left are two different scalars, or a scalar and a container: a change.
  const kind = before === undefined ? "added" : after === undefined ? "removed" : "changed";
  out.push({
    path: at.path,
    fields: at.fields,
    kind,
    element: false,
    before,
    after,
    ...(defaulted ? { defaulted } : {}),
    // A defaulted side has no place in its document: the change is shown where it is written.
    baseAt: kind === "added" || defaulted === "base" ? undefined : at.baseAt,
    headAt: kind === "removed" || defaulted === "head" ? undefined : at.headAt,
  });
}

/**
 * A key function that sees the schema defaults of the elements' fields: an entity type
 * definition without `visibility` is the same element as one with `"visibility": "private"`.
 */
function withElementDefaults(keyOf: KeyOf, at: Cursor): KeyOf {
  const prefix = `${at.fields.join(".")}.`;
  const entries = Object.entries(at.defaults).filter(
    ([path]) => path.startsWith(prefix) && !path.slice(prefix.length).includes("."),
  );
  if (entries.length === 0) return keyOf;
  const fallback = Object.fromEntries(entries.map(([path, v]) => [path.slice(prefix.length), v]));
  return (element) => keyOf(isObject(element) ? { ...fallback, ...element } : element);
}

/** Elements by match key (`#2`, `#3` for repeats), each with its display key as written. */
function keyed(
  list: readonly unknown[],
  keyOf: KeyOf,
  ignoreCase: boolean,
): Map<string, [number, string]> {
  const keys = new Map<string, [number, string]>();
  list.forEach((element, index) => {
    const key = keyOf(element);
    const match = ignoreCase ? key.toLowerCase() : key;
    let unique = match;
    for (let n = 2; keys.has(unique); n++) unique = `${match}#${n}`;
    keys.set(unique, [index, key]);
  });
  return keys;
}

function diffArrays(
  before: readonly unknown[],
  after: readonly unknown[],
  at: Cursor,
  out: RawChange[],
): void {
  const field = at.fields.at(-1) ?? "";
  // Own entries only: a field named "constructor" or "toString" is data, not a table lookup.
  const naturalKey = Object.hasOwn(ARRAY_KEYS, field) ? ARRAY_KEYS[field] : undefined;
  const keyOf = withElementDefaults(naturalKey ?? contentKey, at);
  const ignoreCase = CASE_INSENSITIVE_KEYS.has(field);
  const baseKeys = keyed(before, keyOf, ignoreCase);
  const headKeys = keyed(after, keyOf, ignoreCase);
  const element = (key: string, value: unknown) => {
    const text = label(value, key, naturalKey !== undefined);
    return { key: text, path: `${at.path}[${text}]`, fields: at.fields, element: true };
  };
  for (const [match, [index, key]] of baseKeys) {
    const found = headKeys.get(match);
    const value = before[index];
    if (!found) {
      out.push({
        ...element(key, value),
        kind: "removed",
        before: value,
        baseAt: [...at.baseAt, index],
      });
    } else if (naturalKey !== undefined && naturalKey !== byValue) {
      // Same key on both sides: what changed inside the element is diffed field by field.
      const { path, fields } = element(found[1], after[found[0]]);
      const positions = { baseAt: [...at.baseAt, index], headAt: [...at.headAt, found[0]] };
      diffValues(
        value,
        after[found[0]],
        { path, fields, defaults: at.defaults, ...positions },
        out,
      );
    }
  }
  for (const [match, [index, key]] of headKeys) {
    if (baseKeys.has(match)) continue;
    const value = after[index];
    out.push({
      ...element(key, value),
      kind: "added",
      after: value,
      headAt: [...at.headAt, index],
    });
  }
}
