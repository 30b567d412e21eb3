import { yaml } from "../../lazy.js";
import type { Syntax } from "./locate.js";

/**
 * How deep a YAML definition may nest. The yaml library builds values recursively, so a deeper
 * file runs out of stack, and where the stack ends depends on the caller and the JIT: the same
 * file would sometimes parse and sometimes not. Real definitions nest a few dozen levels.
 */
export const MAX_DEFINITION_DEPTH = 256;

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
 * A definition's data: JSON when it looks like JSON, else YAML (aliases capped: a YAML bomb must
 * not hang the run). Every failure is a problem with a message that depends on the text alone.
 */
export function parseData(text: string): { value: unknown; syntax: Syntax } | { problem: string } {
  const syntax: Syntax = text.trimStart().startsWith("{") ? "json" : "yaml";
  try {
    if (syntax === "json") return { value: JSON.parse(text), syntax };
    if (yamlTooDeep(text, MAX_DEFINITION_DEPTH)) {
      return { problem: `it nests more than ${MAX_DEFINITION_DEPTH} levels deep` };
    }
    return { value: yaml().parse(text, { maxAliasCount: 1000, logLevel: "error" }), syntax };
  } catch (error) {
    // A last resort: a stack overflow's message says where the stack ended, which varies.
    const exhausted =
      error instanceof RangeError || (error as { code?: unknown }).code === "RESOURCE_EXHAUSTION";
    if (exhausted) return { problem: "it is nested too deeply to read" };
    return { problem: (error as Error).message.split("\n")[0] ?? "unparseable" };
  }
}
