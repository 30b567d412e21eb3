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
 * structure and keeps the walk finite. Without recursion: two cycles of coprime lengths (a 5 KB
 * YAML file) pair up tens of thousands of nodes on one path, which overflowed the stack.
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  const seen = new Map<object, Set<object>>();
  const stack: [unknown, unknown][] = [[a, b]];
  while (stack.length > 0) {
    const [x, y] = stack.pop()!;
    if (x === y) continue;
    if (typeof x !== "object" || typeof y !== "object" || x === null || y === null) {
      if (typeof x === "number" && typeof y === "number" && Number.isNaN(x) && Number.isNaN(y))
        continue;
      return false;
    }
    if (Array.isArray(x) !== Array.isArray(y)) return false;
    let partners = seen.get(x);
    if (partners?.has(y)) continue;
    if (!partners) seen.set(x, (partners = new Set()));
    partners.add(y);
    if (Array.isArray(x) && Array.isArray(y)) {
      if (x.length !== y.length) return false;
      // pushed last first, so the walk visits items in order, as the recursive one did
      for (let i = x.length - 1; i >= 0; i--) stack.push([x[i], y[i]]);
      continue;
    }
    const keys = Object.keys(x);
    const yo = y as Obj;
    if (keys.length !== Object.keys(yo).length) return false;
    for (let i = keys.length - 1; i >= 0; i--) {
      const k = keys[i]!;
      if (!Object.hasOwn(yo, k)) return false;
      stack.push([(x as Obj)[k], yo[k]]);
    }
  }
  return true;
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
