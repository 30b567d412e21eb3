/**
 * Extreme values: nesting 1,000 to 100,000 levels deep, strings of megabytes, arrays and objects
 * of 100,000 elements, numbers of 100,000 digits, keys of a million characters, placed in an
 * entity field, its version or ORD ID, or the top level. They find recursion that overflows the
 * stack and work that grows faster than the input; `SMALL_SCALE` keeps the shapes at a size CI
 * runs in seconds.
 */
import { P } from "./hostile.js";
import { clone, isObj, randomEntity, setOwn } from "./json.js";
import type { Rng } from "./rng.js";

export interface ExtremeScale {
  /** Length of huge strings (default 5 MB). */
  hugeString: number;
  /** Nesting depths to pick from. */
  depths: number[];
  /** Elements of huge arrays and objects. */
  hugeArray: number;
}

export const FULL_SCALE: ExtremeScale = {
  hugeString: 5 * 1024 * 1024,
  depths: [1_000, 10_000, 100_000],
  hugeArray: 100_000,
};

/** The CI test's extremes (`--scale small`): the same shapes at a size CI runs in seconds. */
export const SMALL_SCALE: ExtremeScale = {
  hugeString: 512 * 1024,
  depths: [300, 1_000, 10_000],
  hugeArray: 5_000,
};

const PLACEHOLDER = "@@FUZZ-PLACEHOLDER@@";

function nested(rng: Rng, depth: number): string {
  const kind = rng.pick(["array", "object", "mixed"]);
  if (kind === "array") return "[".repeat(depth) + "1" + "]".repeat(depth);
  if (kind === "object") return '{"a":'.repeat(depth) + "1" + "}".repeat(depth);
  let open = "";
  let close = "";
  for (let i = 0; i < depth; i++) {
    if (i % 2) {
      open += '{"k":';
      close = `}${close}`;
    } else {
      open += "[";
      close = `]${close}`;
    }
  }
  return `${open}null${close}`;
}

/**
 * An extreme value placed somewhere in a document: in an entity field (so the diff walks it), at
 * top level, or in a tombstone. Returns the text to substitute for the placeholder.
 */
function extremeValue(
  rng: Rng,
  scale: ExtremeScale,
): { text: string; what: string; keyName?: string } {
  const kinds = (
    [
      ["deep", 5],
      ["huge-string", 2],
      ["huge-array", 1],
      ["huge-object", 0.5],
      ["huge-number", 1],
      ["huge-key", 1],
    ] as const
  ).filter(([k]) => !P.avoid.has(k));
  const kind = rng.weighted(kinds.length > 0 ? kinds : ([["huge-number", 1]] as const));
  switch (kind) {
    case "deep": {
      const depth = rng.pick(scale.depths);
      return { text: nested(rng, depth), what: `nesting depth ${depth}` };
    }
    case "huge-string": {
      const unit = rng.pick(["x", "é", "😀", "\\", " "]);
      const text = JSON.stringify(
        unit.repeat(Math.floor(scale.hugeString / Buffer.byteLength(unit))),
      );
      return {
        text,
        what: `string of ${(text.length / 1048576).toFixed(1)} MB of ${JSON.stringify(unit)}`,
      };
    }
    case "huge-array":
      return {
        text: `[${Array.from({ length: scale.hugeArray }, (_, i) => `"v${i}"`).join(",")}]`,
        what: `array of ${scale.hugeArray}`,
      };
    case "huge-object":
      return {
        text: `{${Array.from({ length: scale.hugeArray }, (_, i) => `"k${i}":${i}`).join(",")}}`,
        what: `object of ${scale.hugeArray} keys`,
      };
    case "huge-number":
      return {
        text: "9".repeat(scale.hugeString / 50),
        what: `number of ${scale.hugeString / 50} digits`,
      };
    case "huge-key":
      return {
        text: "1",
        keyName: "k".repeat(scale.hugeString / 5),
        what: `key of ${scale.hugeString / 5} characters`,
      };
  }
}

/** Places an extreme value in a parsed document; returns the serialised text. */
export function withExtreme(rng: Rng, value: unknown, scale: ExtremeScale, ops: string[]): string {
  const x = extremeValue(rng, scale);
  const doc = clone(value);
  let where = "document";
  const e = randomEntity(rng, doc);
  const spot = rng.weighted([
    ["entity-field", 6],
    ["entity-new-field", 3],
    ["top", 1],
    ["version", 1],
    ["ord-id", 1],
  ] as const);
  const key = x.keyName ?? PLACEHOLDER.toLowerCase();
  if (e && spot === "entity-field") {
    const keys = Object.keys(e.value);
    const field = keys.length > 0 ? rng.pick(keys) : "labels";
    setOwn(e.value, field, PLACEHOLDER);
    where = `${e.array}[${e.index}].${field}`;
  } else if (e && (spot === "version" || spot === "ord-id")) {
    const field = spot === "version" ? "version" : "ordId";
    setOwn(e.value, field, PLACEHOLDER);
    where = `${e.array}[${e.index}].${field}`;
  } else if (e && spot === "entity-new-field") {
    setOwn(e.value, key, PLACEHOLDER);
    where = `${e.array}[${e.index}].<new>`;
  } else if (isObj(doc)) {
    setOwn(doc, key, PLACEHOLDER);
    where = "top level";
  }
  ops.push(`extreme: ${x.what} at ${where}`);
  const text = JSON.stringify(doc, null, rng.pick([0, 2]));
  return text.replace(`"${PLACEHOLDER}"`, () => x.text);
}
