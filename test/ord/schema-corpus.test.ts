import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import { parse } from "jsonc-parser";
import { describe, expect, it } from "vitest";
import { bundledDocumentSchema, compareOrdVersions } from "../../src/ord/schema.js";
import { HAS_SHARED, SHARED } from "../helpers.js";

// The real documents and the ORD 1.16.3 schema of ../shared (not part of this repository):
// skipped cleanly when absent.
const CORPUS = path.join(SHARED, "ord-corpus");
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return files(file);
    return name.endsWith(".md") ? [] : [file];
  });
}

/** Every ORD document of the corpus (a JSON(C) object declaring `openResourceDiscovery`). */
function corpusDocuments(): { name: string; document: Record<string, unknown> }[] {
  return ["documents", "generated", "pairs", "pairs-2"]
    .flatMap((folder) => files(path.join(CORPUS, folder)))
    .flatMap((file) => {
      const document = parse(readFileSync(file, "utf8"), [], {
        allowTrailingComma: true,
      }) as unknown;
      if (!document || typeof document !== "object" || Array.isArray(document)) return [];
      const value = document as Record<string, unknown>;
      if (typeof value.openResourceDiscovery !== "string") return [];
      return [{ name: path.relative(CORPUS, file), document: value }];
    });
}

describe.skipIf(!HAS_SHARED)("the version-aware bundled schema against ORD 1.16.3", () => {
  const documents = HAS_SHARED ? corpusDocuments() : [];
  const spec = HAS_SHARED
    ? (() => {
        const ajv = new Ajv({ allErrors: true, strict: false, logger: false });
        addFormats(ajv);
        const schema = JSON.parse(
          readFileSync(path.join(CORPUS, "schema", "Document.schema.1.16.3.json"), "utf8"),
        ) as object;
        return ajv.compile(schema);
      })()
    : undefined;
  const ours = bundledDocumentSchema();
  const judged = documents.map(({ name, document }) => ({
    name,
    declared: document.openResourceDiscovery as string,
    specAccepts: spec!(document),
    problems: ours.validate(document).map((p) => `${p.at.join("/")} ${p.description}`),
  }));

  it("reads the corpus, with documents of 1.14 to 1.16 that 1.16.3 accepts", () => {
    const modern = judged.filter(
      (d) => d.specAccepts && compareOrdVersions(d.declared, "1.14") >= 0,
    );
    expect(modern.length).toBeGreaterThanOrEqual(40);
  });

  it("no document that the 1.16.3 schema accepts gets a finding for the version it declares", () => {
    const disagreeing = judged
      .filter((d) => d.specAccepts && d.problems.length > 0)
      .map((d) => `${d.name} (ORD ${d.declared}): ${d.problems.join("; ")}`);
    expect(disagreeing).toEqual([]);
  });

  it("a 1.16 document that the 1.16.3 schema rejects gets a finding from ours too", () => {
    const missed = judged
      .filter((d) => d.declared === "1.16" && !d.specAccepts && d.problems.length === 0)
      .map((d) => d.name);
    expect(missed).toEqual([]);
  });
});
