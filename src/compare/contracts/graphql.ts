import type { GraphQLSchema } from "graphql";
import { graphql } from "../../lazy.js";
import { MAX_DEFINITION_DEPTH } from "./data.js";
import type { ContractChange } from "./types.js";

/** Whether brackets nest deeper than `limit` (graphql-js's lexer is iterative, its parser not). */
function tooDeep(text: string, limit: number): boolean {
  const { Lexer, Source, TokenKind } = graphql();
  const openers = new Set<string>([TokenKind.BRACE_L, TokenKind.BRACKET_L, TokenKind.PAREN_L]);
  const closers = new Set<string>([TokenKind.BRACE_R, TokenKind.BRACKET_R, TokenKind.PAREN_R]);
  const lexer = new Lexer(new Source(text));
  let depth = 0;
  for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
    if (openers.has(token.kind) && ++depth > limit) return true;
    if (closers.has(token.kind)) depth = Math.max(0, depth - 1);
  }
  return false;
}

/** Parses SDL into a schema, or says why it is not one (the caller reports it). */
export function parseGraphQl(text: string): GraphQLSchema | { problem: string } {
  try {
    // Deeper nesting would run out of stack at a depth that varies from run to run.
    if (tooDeep(text, MAX_DEFINITION_DEPTH)) {
      return { problem: `nests more than ${MAX_DEFINITION_DEPTH} levels deep` };
    }
    return graphql().buildSchema(text, { assumeValidSDL: false });
  } catch {
    return { problem: "is not valid GraphQL SDL" };
  }
}

/** "Query.stars was removed." → "Query.stars": the schema coordinate the description starts with. */
function coordinate(description: string): string {
  return (
    /^([_A-Za-z][_0-9A-Za-z]*(?:\.[_A-Za-z][_0-9A-Za-z]*)?(?:\([^)]*\))?)/.exec(description)?.[1] ??
    ""
  );
}

const kebab = (type: string): string => type.toLowerCase().replace(/_/g, "-");

/**
 * GraphQL SDL with graphql-js's own change finders: breaking changes are `breaking`; dangerous
 * ones (e.g. an enum value or optional argument added, which a client's exhaustive switch or
 * stored query may trip on) are `additive` with the danger in the reason. Any other difference
 * is additive when the printed schema changed, else patch (descriptions only).
 */
export function diffGraphQl(base: GraphQLSchema, head: GraphQLSchema): ContractChange[] {
  const { findBreakingChanges, findDangerousChanges, lexicographicSortSchema, printSchema } =
    graphql();
  const changes: ContractChange[] = [
    ...findBreakingChanges(base, head).map((c): ContractChange => ({
      id: kebab(c.type),
      class: "breaking",
      kind: /REMOVED/.test(c.type) ? "removed" : "changed",
      reason: c.description,
      pointer: coordinate(c.description),
      side: /REMOVED/.test(c.type) ? "base" : "head",
    })),
    ...findDangerousChanges(base, head).map((c): ContractChange => ({
      id: kebab(c.type),
      class: "additive",
      kind: /ADDED/.test(c.type) ? "added" : "changed",
      reason: `${c.description} (dangerous: clients that assume the old set may misbehave)`,
      pointer: coordinate(c.description),
      side: "head",
    })),
  ];
  if (changes.length > 0) return changes;
  const printed = (schema: GraphQLSchema): string => printSchema(lexicographicSortSchema(schema));
  const withoutDescriptions = (sdl: string): string =>
    sdl.replace(/"""[\s\S]*?"""|"(?:[^"\\]|\\.)*"/g, "");
  const [before, after] = [printed(base), printed(head)];
  if (withoutDescriptions(before) !== withoutDescriptions(after)) {
    return [
      {
        id: "schema-extended",
        class: "additive",
        kind: "added",
        reason: "types, fields or arguments were added",
        pointer: "",
        side: "head",
      },
    ];
  }
  if (before !== after) {
    return [
      {
        id: "description-changed",
        class: "patch",
        kind: "changed",
        reason: "descriptions changed",
        pointer: "",
        side: "head",
      },
    ];
  }
  return [];
}
