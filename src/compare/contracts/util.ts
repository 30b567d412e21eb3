/**
 * Small, total helpers shared by the contract differs. Inputs are parsed JSON/YAML of unknown
 * shape, so every accessor checks the type and answers `undefined` rather than throwing.
 */

/** A plain JSON object. */
export type Obj = Record<string, unknown>;

/** True for a non-null, non-array object. */
export function isObj(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The object at `key` of `value`, when both are objects. */
export function objAt(value: unknown, key: string): Obj | undefined {
  if (!isObj(value)) return undefined;
  const child = value[key];
  return isObj(child) ? child : undefined;
}

/** The string at `key` of `value`, when there is one. */
export function strAt(value: unknown, key: string): string | undefined {
  if (!isObj(value)) return undefined;
  const child = value[key];
  return typeof child === "string" ? child : undefined;
}

/** The finite number at `key` of `value`, when there is one. */
export function numAt(value: unknown, key: string): number | undefined {
  if (!isObj(value)) return undefined;
  const child = value[key];
  return typeof child === "number" && Number.isFinite(child) ? child : undefined;
}

/** True only for a literal `true` at `key` (YAML `yes` or `"true"` strings are not booleans). */
export function flagAt(value: unknown, key: string): boolean {
  return isObj(value) && value[key] === true;
}

/** The own keys of an object, or none. Own keys only: `__proto__` tricks are not followed. */
export function keysOf(value: unknown): string[] {
  return isObj(value) ? Object.keys(value) : [];
}

/** Appends reference tokens to a JSON pointer, escaping `~` and `/` (RFC 6901). */
export function ptr(base: string, ...tokens: (string | number)[]): string {
  let out = base;
  for (const token of tokens) {
    const text = String(token);
    // fast path: most tokens need no escaping, and this runs for every keyword of every schema
    out +=
      text.includes("~") || text.includes("/")
        ? "/" + text.replace(/~/g, "~0").replace(/\//g, "~1")
        : "/" + text;
  }
  return out;
}

/** The unescaped reference tokens of a JSON pointer (`""` is the root and has none). */
export function pointerTokens(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/**
 * Structural equality of two JSON values. Cycle-safe (a YAML document may alias an ancestor): a
 * pair already under comparison is assumed equal, which is the right answer for a coinductive
 * structure and keeps the walk finite.
 */
export function deepEqual(a: unknown, b: unknown, seen?: Map<object, Set<object>>): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) {
    return typeof a === "number" && typeof b === "number" && Number.isNaN(a) && Number.isNaN(b);
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  seen ??= new Map();
  let partners = seen.get(a);
  if (partners?.has(b)) return true;
  if (!partners) seen.set(a, (partners = new Set()));
  partners.add(b);
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    return a.every((item, i) => deepEqual(item, b[i], seen));
  }
  const ak = Object.keys(a);
  const bo = b as Obj;
  if (ak.length !== Object.keys(bo).length) return false;
  return ak.every((k) => Object.hasOwn(bo, k) && deepEqual((a as Obj)[k], bo[k], seen));
}

/**
 * A stable text key for a JSON value (object keys sorted), used to compare enum values as a set.
 * Cycles print as `"[cycle]"` and very deep values are cut, so the key is always finite.
 */
export function canonical(value: unknown, depth = 0, stack: object[] = []): string {
  if (value === undefined) return "undefined";
  if (typeof value !== "object" || value === null) {
    // JSON.stringify gives undefined only for functions and symbols, which JSON input never has
    return JSON.stringify(value) ?? typeof value;
  }
  if (depth > 32 || stack.includes(value)) return '"[cycle]"';
  stack.push(value);
  const out = Array.isArray(value)
    ? "[" + value.map((v) => canonical(v, depth + 1, stack)).join(",") + "]"
    : "{" +
      Object.keys(value)
        .sort()
        .map((k) => JSON.stringify(k) + ":" + canonical((value as Obj)[k], depth + 1, stack))
        .join(",") +
      "}";
  stack.pop();
  return out;
}

/** A short human rendering of a value for a reason line (long values are elided). */
export function show(value: unknown): string {
  const text = canonical(value);
  return text.length > 60 ? text.slice(0, 57) + "..." : text;
}

/** HTTP methods an OpenAPI path item may hold, in the order they are reported. */
export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** A path or channel template with parameter names blanked, so `/a/{id}` matches `/a/{key}`. */
export function templateKey(path: string): string {
  return path.replace(/\{[^}]*\}/g, "{}");
}

/** The parameter names of a path template, in order of appearance. */
export function templateParams(path: string): string[] {
  return [...path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1] ?? "");
}
