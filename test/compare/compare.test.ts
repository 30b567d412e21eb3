import { describe, expect, it } from "vitest";
import { compareSides } from "../../src/compare/compare.js";
import { loadBoth } from "../../src/ord/documents.js";
import { api, doc, side, openapi } from "../helpers.js";

/** One API, the same metadata on both sides, whose OpenAPI file lost `/planets` in head. */
function sides() {
  const entity = api("stars", {
    resourceDefinitions: [{ type: "openapi-v3", mediaType: "application/json", url: "stars.json" }],
  });
  const ord = { "ord.json": doc({ apiResources: [entity] }) };
  const sources = {
    base: side(ord, { "stars.json": openapi(["/stars", "/planets"]) }),
    head: side(ord, { "stars.json": openapi(["/stars"]) }),
  };
  return { sources, ...loadBoth(sources.base.files, sources.head.files) };
}

describe("a comparison is built once, definitions included", () => {
  it("its status, level and required increment already count the definition's contract changes", () => {
    const { sources, base, head } = sides();
    const [c] = compareSides(base, head, { definitions: { ...sources, mappings: [] } });
    expect(c).toMatchObject({ status: "changed", level: "breaking", required: "major" });
    expect(c!.definitions).toHaveLength(1);
  });

  it("a contract change carries its change id as a field, not inside its reason", () => {
    const { sources, base, head } = sides();
    const [c] = compareSides(base, head, { definitions: { ...sources, mappings: [] } });
    const [change] = c!.changes;
    expect(change).toMatchObject({ source: "definition", id: "operation-removed" });
    expect(change!.reason).not.toContain("operation-removed");
  });

  it("without sources only the metadata is compared", () => {
    const { base, head } = sides();
    const [c] = compareSides(base, head);
    expect(c).toMatchObject({ status: "unchanged", level: "none", required: "none", changes: [] });
  });
});
