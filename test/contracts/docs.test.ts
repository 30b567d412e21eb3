import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  ASYNCAPI_RULES,
  GRAPHQL_RULES,
  OPENAPI_RULES,
  SCHEMA_RULES,
} from "../../src/contracts/rules.js";

const docs = resolve(dirname(fileURLToPath(import.meta.url)), "../../docs/contracts");

/** Table rows of a Markdown file: `| \`id\` | a | b |` → ["id", "a", "b"]. */
function rows(file: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of readFileSync(resolve(docs, file), "utf8").split("\n")) {
    const m = /^\|\s*`([a-z-]+)`\s*\|(.*)\|\s*$/.exec(line);
    if (m?.[1])
      out.set(
        m[1],
        (m[2] ?? "").split("|").map((c) => c.trim()),
      );
  }
  return out;
}

describe("docs/contracts list every rule with its class", () => {
  const openapi = rows("openapi.md");
  const asyncapi = rows("asyncapi.md");
  const graphql = rows("graphql.md");

  it.each(Object.entries(SCHEMA_RULES))("schema rule %s", (id, rule) => {
    expect(openapi.get(id)?.slice(0, 2)).toEqual([rule.request ?? "–", rule.response ?? "–"]);
  });

  it.each(Object.entries(OPENAPI_RULES))("OpenAPI rule %s", (id, rule) => {
    expect(openapi.get(id)?.[0]).toBe(rule.class);
  });

  it.each(Object.entries(ASYNCAPI_RULES))("AsyncAPI rule %s", (id, rule) => {
    expect(asyncapi.get(id)?.[0]).toBe(rule.class);
  });

  it.each(Object.entries(GRAPHQL_RULES))("GraphQL rule %s", (id, rule) => {
    expect(graphql.get(id)?.[0]).toBe(rule.class);
  });
});
