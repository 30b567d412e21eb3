/**
 * Whether a file mentions a JSON key, written plainly or with `\u` escapes. JSON lets any letter
 * of a key be escaped (`"\u006fpenResourceDiscovery"` is `openResourceDiscovery` to every
 * parser), so a byte search for the plain word alone let a pull request add or change an ORD
 * document the check never read as one.
 */

const patterns = new Map<string, RegExp>();

/** The word with each character either itself or its `\uXXXX` escape (hex in either case). */
function escapedPattern(word: string): RegExp {
  let pattern = patterns.get(word);
  if (!pattern) {
    const one = (c: string): string => {
      const hex = c.charCodeAt(0).toString(16).padStart(4, "0");
      const either = [...hex].map((h) => (/[a-f]/.test(h) ? `[${h}${h.toUpperCase()}]` : h));
      return `(?:${c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}|\\\\u${either.join("")})`;
    };
    pattern = new RegExp([...word].map(one).join(""));
    patterns.set(word, pattern);
  }
  return pattern;
}

/** The longest form of `word` in a file: every character escaped (6 bytes each). */
export const longestForm = (word: string): number => word.length * 6;

/** Whether `bytes` (or text) holds `word`, plainly or with escaped characters. */
export function mentionsWord(bytes: Buffer | string, word: string): boolean {
  if (bytes.includes(word)) return true;
  // Most files hold no escape at all: no text is made for them.
  if (!bytes.includes("\\u")) return false;
  const text = typeof bytes === "string" ? bytes : bytes.toString("latin1");
  return escapedPattern(word).test(text);
}
