import {
  buildSchema,
  findBreakingChanges,
  findDangerousChanges,
  lexicographicSortSchema,
  printSchema,
  type GraphQLSchema,
} from "graphql";
import type { ContractChange } from "./types.js";

/** Parses SDL into a schema; undefined when it is not valid SDL (the caller reports it). */
export function parseGraphQl(text: string): GraphQLSchema | undefined {
  try {
    return buildSchema(text, { assumeValidSDL: false });
  } catch {
    return undefined;
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
