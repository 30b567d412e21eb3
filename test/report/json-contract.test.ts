import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { check, checkSources } from "../../src/check.js";
import { renderJson } from "../../src/report/json.js";
import { api, doc, NOW, side, openapi } from "../helpers.js";

// docs/report.md is the contract other tools read: every field the JSON report writes is
// documented there, and every documented field is one the report writes.

const ROOT = path.resolve(import.meta.dirname, "../..");
const CONTRACT = readFileSync(path.join(ROOT, "docs/report.md"), "utf8");

/** The field names of the table under `## <heading>` (first column, `a`, `b` split). */
function documented(heading: string): string[] {
  const section = CONTRACT.split(/^## /m).find((s) => s.startsWith(`${heading}\n`));
  if (!section) throw new Error(`docs/report.md has no section "${heading}"`);
  return section
    .split("\n")
    .filter((line) => line.startsWith("| `"))
    .flatMap((line) => [...line.split("|")[1]!.matchAll(/`([a-zA-Z]+)`/g)].map((m) => m[1]!));
}

/** An API whose OpenAPI definition lost a path: a contract change with a definition file. */
function contractChange() {
  const entity = api("stars", {
    resourceDefinitions: [{ type: "openapi-v3", mediaType: "application/json", url: "stars.json" }],
  });
  const report = checkSources(
    {
      base: side(
        { "ord.json": doc({ apiResources: [entity] }) },
        {
          "stars.json": openapi(["/stars", "/planets"]),
        },
      ),
      head: side(
        { "ord.json": doc({ apiResources: [entity] }) },
        {
          "stars.json": openapi(["/stars"]),
        },
      ),
    },
    { now: NOW },
  );
  return JSON.parse(renderJson(report)) as {
    entities: { changes: Record<string, unknown>[] }[];
  };
}

describe("docs/report.md describes the JSON report", () => {
  const examples = JSON.parse(
    renderJson(
      check({ base: "examples/base", head: "examples/head", cwd: ROOT, now: NOW, scope: "all" }),
    ),
  ) as {
    entities: Record<string, unknown>[];
    findings: Record<string, unknown>[];
  } & Record<string, unknown>;
  const keys = (objects: object[]) => [...new Set(objects.flatMap((o) => Object.keys(o)))].sort();
  const changes = [...examples.entities, ...contractChange().entities].flatMap(
    (e) => e.changes as object[],
  );

  it("every top-level, entity, change and finding field, and nothing more", () => {
    expect(keys([examples])).toEqual([...documented("Top level")].sort());
    expect(keys(examples.entities)).toEqual([...documented("Entities")].sort());
    expect(keys(changes)).toEqual([...documented("Changes")].sort());
    expect(keys(examples.findings)).toEqual([...documented("Findings")].sort());
  });

  it("a contract change names its change id at the end of its reason, as documented", () => {
    const [change] = contractChange().entities[0]!.changes;
    expect(change).toMatchObject({ source: "definition", class: "breaking", kind: "removed" });
    expect(change!.reason).toMatch(/ \(operation-removed\)$/);
  });
});
