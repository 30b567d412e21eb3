import type { JsonObject } from "../types.js";
import type { PositionIndex, Range, Scan } from "./positions.js";

/** A parsed earlier version of the same document (base, when loading head). */
export interface EarlierParse {
  text: string;
  value: JsonObject;
  positions: PositionIndex;
}

/** How far ahead in the earlier array an unchanged element is looked for (insertions, removals). */
const LOOKAHEAD = 16;

/**
 * Parses a changed document, reusing the earlier version's values for the elements of top-level
 * arrays whose text did not change: most entities of a pull request. They are neither parsed
 * again nor held twice (values are never mutated, so base and head may share them).
 *
 * The rest of the text, each reused element replaced by `0`, goes through JSON.parse. A reused
 * element is text that parsed as a whole value in the earlier version, and it sits between a
 * `[` or `,` and a `,` or `]`, so the text is valid JSON exactly when that parse succeeds; the
 * caller falls back to a full parse (and its error position) when it throws. Returns undefined
 * when nothing can be reused.
 */
export function parseReusing(text: string, scan: Scan, earlier: EarlierParse): unknown {
  const pieces: string[] = [];
  const fills: { key: string; index: number; value: unknown }[] = [];
  let from = 0;
  for (const [key, entry] of scan.top) {
    const before = earlier.value[key];
    if (!entry.elements || !Array.isArray(before)) continue;
    let next = 0;
    entry.elements.forEach((element, index) => {
      const match = unchanged(text, element, earlier, key, next, before.length);
      // A duplicated top-level key can make ranges run backwards: no reuse there.
      if (match === undefined || element.start < from) return;
      pieces.push(text.slice(from, element.start), "0");
      from = element.end;
      fills.push({ key, index, value: before[match] });
      next = match + 1;
    });
  }
  if (fills.length === 0) return undefined;
  pieces.push(text.slice(from));
  const value = JSON.parse(pieces.join("")) as Record<string, unknown[]>;
  for (const { key, index, value: reused } of fills) {
    const list = value[key];
    // The scan is exact on valid JSON; this only guards the reasoning above.
    if (!Array.isArray(list) || list[index] !== 0) return JSON.parse(text);
    list[index] = reused;
  }
  return value;
}

/** Index of the earlier element (from `start`, a few ahead) with exactly this text. */
function unchanged(
  text: string,
  element: Range,
  earlier: EarlierParse,
  key: string,
  start: number,
  count: number,
): number | undefined {
  const length = element.end - element.start;
  for (let j = start; j < Math.min(count, start + LOOKAHEAD); j++) {
    const range = earlier.positions.rangeOf([key, j]);
    if (!range || range.end - range.start !== length) continue;
    if (earlier.text.slice(range.start, range.end) === text.slice(element.start, element.end)) {
      return j;
    }
  }
  return undefined;
}
