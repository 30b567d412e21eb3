/**
 * The JSON toolkit: total helpers for values of unknown shape (parsed ORD documents, parsed
 * OpenAPI/AsyncAPI/CSDL JSON/YAML definitions), shared by the core and the contract differs.
 * Every accessor checks the type and answers `undefined` rather than throwing.
 */

/** A plain JSON object. */
export type JsonObject = Record<string, unknown>;

/**
 * How deep a JSON or YAML value may nest before it is refused as input, ORD documents and
 * definitions alike. Parsers, locators, comparisons and renderers after it recurse, so a deeper
 * file would run out of stack, and where the stack ends depends on the caller and the JIT: the
 * same file would sometimes pass and sometimes not. Real documents nest a few dozen levels.
 */
export const MAX_JSON_DEPTH = 256;

/**
 * Whether a parsed JSON value nests containers deeper than `limit`, counted as the text scans
 * count them (the outermost container is level 1); cheaper than scanning the text: GitHub's
 * REST description is 12 million characters but far fewer values. It recurses, at most `limit`
 * calls deep, which is what makes it safe; without the stacks of values and depths it kept
 * before, the walk takes half the time.
 */
export function valueTooDeep(value: unknown, limit: number, depth = 1): boolean {
  if (value === null || typeof value !== "object") return false;
  if (depth > limit) return true;
  if (Array.isArray(value)) {
    for (const child of value)
      if (child !== null && typeof child === "object" && valueTooDeep(child, limit, depth + 1))
        return true;
    return false;
  }
  // for-in sees own and inherited keys; JSON.parse's objects inherit nothing enumerable.
  for (const key in value) {
    const child = (value as Record<string, unknown>)[key];
    if (child !== null && typeof child === "object" && valueTooDeep(child, limit, depth + 1))
      return true;
  }
  return false;
}

/** True for a non-null, non-array object. */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The object at `key` of `value`, when both are objects. */
export function objAt(value: unknown, key: string): JsonObject | undefined {
  if (!isObject(value)) return undefined;
  const child = value[key];
  return isObject(child) ? child : undefined;
}

/** The string at `key` of `value`, when there is one. */
export function strAt(value: unknown, key: string): string | undefined {
  if (!isObject(value)) return undefined;
  const child = value[key];
  return typeof child === "string" ? child : undefined;
}

/** The finite number at `key` of `value`, when there is one. */
export function numAt(value: unknown, key: string): number | undefined {
  if (!isObject(value)) return undefined;
  const child = value[key];
  return typeof child === "number" && Number.isFinite(child) ? child : undefined;
}

/** True only for a literal `true` at `key` (YAML `yes` or `"true"` strings are not booleans). */
export function flagAt(value: unknown, key: string): boolean {
  return isObject(value) && value[key] === true;
}

/** The own keys of an object, or none. Own keys only: `__proto__` tricks are not followed. */
export function keysOf(value: unknown): string[] {
  return isObject(value) ? Object.keys(value) : [];
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
 * Structural equality of two JSON values, arrays in order. Cycle-safe (a YAML document may alias
 * an ancestor): a pair already under comparison is assumed equal, which is the right answer for
 * a coinductive structure and keeps the walk finite. Without recursion: two cycles of coprime
 * lengths (a 5 KB YAML file) pair up tens of thousands of nodes on one path, which overflowed
 * the stack.
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
    const yo = y as JsonObject;
    if (keys.length !== Object.keys(yo).length) return false;
    for (let i = keys.length - 1; i >= 0; i--) {
      const k = keys[i]!;
      if (!Object.hasOwn(yo, k)) return false;
      stack.push([(x as JsonObject)[k], yo[k]]);
    }
  }
  return true;
}

/**
 * A stable text form of a value, for comparing values and as a map key: object keys sorted,
 * arrays in order, or sorted as sets with `arraysAsSets` (ORD lists are sets: reordering one is
 * not a change; an OpenAPI `enum` is compared item by item). A cycle prints as `"[cycle]"` and
 * nesting beyond {@link MAX_JSON_DEPTH} as `"…"`, so the text is always finite.
 */
export function canonical(value: unknown, arraysAsSets = false): string {
  const ancestors: object[] = [];
  const form = (v: unknown): string => {
    if (v === undefined) return "undefined";
    // JSON.stringify gives undefined only for functions and symbols, which parsed input never has
    if (typeof v !== "object" || v === null) return JSON.stringify(v) ?? typeof v;
    if (ancestors.includes(v)) return '"[cycle]"';
    if (ancestors.length >= MAX_JSON_DEPTH) return '"…"';
    ancestors.push(v);
    let out: string;
    if (Array.isArray(v)) {
      const items = v.map(form);
      out = `[${(arraysAsSets ? items.sort() : items).join(",")}]`;
    } else {
      const keys = Object.keys(v).sort();
      out = `{${keys.map((k) => `${JSON.stringify(k)}:${form((v as JsonObject)[k])}`).join(",")}}`;
    }
    ancestors.pop();
    return out;
  };
  return form(value);
}

/**
 * Any value as text, in full (for keys and comparisons). `String(value)` throws on an object with
 * an own non-callable `toString` (`{"toString": 1}`), which anyone can put into a document.
 */
export function asText(value: unknown): string {
  return typeof value === "string" ? value : (JSON.stringify(value) ?? "undefined");
}

/** A value as text for a finding's message: long values are cut, a message stays readable. */
export function show(value: unknown): string {
  return clip(asText(value), 80);
}

/** A value in its canonical form (keys sorted) for a contract change's reason, cut at 60. */
export function showCanonical(value: unknown): string {
  return elide(canonical(value), 60);
}

/** `text` cut to about `max` characters, keeping its start and end around a count of the cut. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = Math.ceil(max * 0.6);
  const tail = Math.floor(max * 0.2);
  return `${text.slice(0, head)}…[${text.length - head - tail} characters]…${text.slice(text.length - tail)}`;
}

/** `text` cut to `max` characters, its end replaced by `...`: a short label. */
export function elide(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}
