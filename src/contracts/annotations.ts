import type { Collector } from "./collect.js";
import { OPENAPI_RULES as R } from "./rules.js";
import { deepEqual, ptr, type Obj } from "./util.js";

/** Annotations and `x-` extensions of one object: documentation, never a contract change. */
export function docs(
  out: Collector,
  label: string,
  b: Obj,
  h: Obj,
  at: { b: string; h: string },
  keys: string[],
): void {
  const all = new Set([...keys, ...Object.keys(b).filter(ext), ...Object.keys(h).filter(ext)]);
  for (const key of all) {
    if (deepEqual(b[key], h[key])) continue;
    const gone = h[key] === undefined;
    const verb = b[key] === undefined ? "added" : gone ? "removed" : "changed";
    const pointer = gone ? ptr(at.b, key) : ptr(at.h, key);
    out.add(
      "documentation-changed",
      R["documentation-changed"],
      label,
      `${key} ${verb}`,
      pointer,
      gone ? "base" : "head",
    );
  }
}

function ext(key: string): boolean {
  return key.startsWith("x-");
}
