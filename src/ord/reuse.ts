import type { SharedJson } from "../types.js";
import type { PositionIndex, Scan } from "../json/positions.js";

/** A parsed earlier version of the same document (base, when loading head). */
export interface EarlierParse {
  /** Undefined when it can no longer be read (nothing is reused then). */
  text(): string | undefined;
  /** Shared with the document parsed now: never written to (see `SharedValue`). */
  value: SharedJson;
  positions: PositionIndex;
}

/** How far past the last match an unchanged element is looked for first. */
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
    const find = matcher(earlier, key, before.length);
    entry.elements.forEach((element, index) => {
      // A duplicated top-level key can make ranges run backwards: no reuse there.
      if (element.start < from) return;
      const match = find(text.slice(element.start, element.end));
      if (match === undefined) return;
      pieces.push(text.slice(from, element.start), "0");
      from = element.end;
      fills.push({ key, index, value: before[match] });
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

/**
 * Finds the earlier element with exactly a given text, for one array. Pull requests keep the
 * order, so it looks just after the last match first (past a few insertions or removals), and
 * else among all earlier elements of the same length (a long removal, a reordering).
 */
function matcher(
  earlier: EarlierParse,
  key: string,
  count: number,
): (piece: string) => number | undefined {
  const rangeAt = (j: number) => earlier.positions.rangeOf([key, j]);
  const text = earlier.text();
  const same = (j: number, piece: string): boolean => {
    const range = rangeAt(j);
    return (
      text !== undefined &&
      range !== undefined &&
      range.end - range.start === piece.length &&
      text.slice(range.start, range.end) === piece
    );
  };
  let byLength: Map<number, number[]> | undefined;
  let next = 0;
  return (piece) => {
    let match: number | undefined;
    for (let j = next; j < Math.min(count, next + LOOKAHEAD) && match === undefined; j++) {
      if (same(j, piece)) match = j;
    }
    if (match === undefined) {
      if (!byLength) {
        byLength = new Map();
        for (let j = 0; j < count; j++) {
          const range = rangeAt(j);
          if (!range) continue;
          const length = range.end - range.start;
          const list = byLength.get(length);
          if (list) list.push(j);
          else byLength.set(length, [j]);
        }
      }
      match = byLength.get(piece.length)?.find((j) => same(j, piece));
    }
    if (match !== undefined) next = match + 1;
    return match;
  };
}
