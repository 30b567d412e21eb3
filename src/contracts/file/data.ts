import { MAX_JSON_DEPTH, valueTooDeep } from "../../json/values.js";
import { yaml } from "../../lazy.js";
import { closingQuote } from "../../json/positions.js";

/** The syntax a definition was read in, which decides how a pointer is found in its text. */
export type Syntax = "json" | "yaml" | "graphql" | "xml";

type CstNode = { type?: string; value?: unknown; items?: { key?: unknown; value?: unknown }[] };

/** Whether the YAML's syntax tree (built without recursion) nests deeper than `limit`. */
function yamlTooDeep(text: string, limit: number): boolean {
  for (const token of new (yaml().Parser)().parse(text)) {
    const stack: [unknown, number][] = [[token, 0]];
    while (stack.length > 0) {
      const [node, depth] = stack.pop()!;
      if (depth > limit) return true;
      if (!node || typeof node !== "object") continue;
      const { type, value, items } = node as CstNode;
      if (type === "document") stack.push([value, depth]);
      for (const item of items ?? []) stack.push([item.key, depth + 1], [item.value, depth + 1]);
    }
  }
  return false;
}

/**
 * Whether JSON text nests deeper than `limit` (one pass over the characters, strings skipped).
 * `JSON.parse` itself copes with any depth, but the locator (jsonc-parser), the comparison and
 * the renderers after it recurse: 200,000 levels overflowed the stack and ended the run.
 */
function jsonTooDeep(text: string, limit: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Skips the string natively, quote to quote: most of a definition's bytes are in strings.
      i = closingQuote(text, i);
      if (i === -1) return false;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/**
 * A definition's data: JSON when it looks like JSON, else YAML (aliases capped: a YAML bomb must
 * not hang the run). Every failure is a problem with a message that depends on the text alone.
 */
export type ParsedData = { value: unknown; syntax: Syntax } | { problem: string };

export function parseData(text: string): ParsedData {
  const syntax: Syntax = text.trimStart().startsWith("{") ? "json" : "yaml";
  const tooDeep = { problem: `it nests more than ${MAX_JSON_DEPTH} levels deep` };
  try {
    if (syntax === "json") {
      // Parsed first, the depth read from the value: the text is scanned only when it does not
      // parse, for the same verdict as before (too deep wins over a syntax error).
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        if (jsonTooDeep(text, MAX_JSON_DEPTH)) return tooDeep;
        throw error;
      }
      return valueTooDeep(value, MAX_JSON_DEPTH) ? tooDeep : { value, syntax };
    }
    if (yamlTooDeep(text, MAX_JSON_DEPTH)) return tooDeep;
    return { value: yaml().parse(text, { maxAliasCount: 1000, logLevel: "error" }), syntax };
  } catch (error) {
    // A last resort: a stack overflow's message says where the stack ended, which varies.
    const exhausted =
      error instanceof RangeError || (error as { code?: unknown }).code === "RESOURCE_EXHAUSTION";
    if (exhausted) return { problem: "it is nested too deeply to read" };
    return { problem: (error as Error).message.split("\n")[0] ?? "unparseable" };
  }
}
