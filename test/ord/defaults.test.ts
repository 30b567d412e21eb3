/**
 * The defaults table (src/ord/defaults.ts) against the schemas it was reviewed from: every
 * `default` of the bundled schema is in the table with the same value, and every table entry is a
 * default of the bundled schema or of the newest schema in ../shared (when that folder exists).
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SCHEMA_DEFAULTS } from "../../src/ord/defaults.js";
import { SHARED } from "../helpers.js";

const require = createRequire(import.meta.url);
const BUNDLED =
  require("@open-resource-discovery/specification/dist/generated/spec/v1/schemas/Document.schema.json") as Schema;
const NEWEST = path.join(SHARED, "ord-corpus/schema/Document.schema.1.16.3.json");

interface Schema {
  properties?: Record<string, { default?: unknown }>;
  definitions?: Record<string, Schema>;
}

/** Where a schema definition sits in a document: [table scope, field path prefix]. */
const PLACE: Record<string, [string, string]> = {
  "": ["document", ""],
  Package: ["packages", ""],
  ApiResource: ["apiResources", ""],
  EventResource: ["eventResources", ""],
  EntityType: ["entityTypes", ""],
  EntityTypeDefinition: ["entityTypes", "definitions."],
  DataProduct: ["dataProducts", ""],
  Capability: ["capabilities", ""],
  Agent: ["agents", ""],
  Group: ["groups", ""],
  GroupType: ["groupTypes", ""],
};

/** Every property default of a schema as "scope field → value". */
function defaultsIn(schema: Schema): Map<string, unknown> {
  const found = new Map<string, unknown>();
  const definitions: [string, Schema][] = [
    ["", schema],
    ...Object.entries(schema.definitions ?? {}),
  ];
  for (const [name, definition] of definitions) {
    for (const [field, property] of Object.entries(definition.properties ?? {})) {
      if (!property || !("default" in property)) continue;
      const place = PLACE[name];
      expect(place, `definition ${name} has defaults but no place in the table`).toBeDefined();
      found.set(`${place![0]} ${place![1]}${field}`, property.default);
    }
  }
  return found;
}

const table = new Map<string, unknown>(
  Object.entries(SCHEMA_DEFAULTS).flatMap(([scope, fields]) =>
    Object.entries(fields).map(([field, value]) => [`${scope} ${field}`, value] as const),
  ),
);

describe("schema defaults table", () => {
  const bundled = defaultsIn(BUNDLED);

  it("holds every default of the bundled schema with its value", () => {
    expect(bundled.size).toBeGreaterThan(10);
    for (const [key, value] of bundled) expect(table.get(key), key).toEqual(value);
  });

  it.skipIf(!existsSync(NEWEST))(
    "holds only defaults of the bundled or the 1.16.3 schema, with their values",
    () => {
      const newest = defaultsIn(JSON.parse(readFileSync(NEWEST, "utf8")) as Schema);
      for (const [key, value] of table) {
        expect(bundled.has(key) || newest.has(key), `${key} is in no schema`).toBe(true);
        expect(bundled.has(key) ? bundled.get(key) : newest.get(key), key).toEqual(value);
      }
      for (const [key, value] of newest) expect(table.get(key), key).toEqual(value);
    },
  );
});
