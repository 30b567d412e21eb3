// docs/rules/README.md ("Change classes") lists the per-field classification of
// src/compare/classify.ts: every row, nothing else, and where a row's class is one of the plain
// phrases below, the class classify() gives. The table cannot drift from the code unnoticed.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CLASSIFIED_FIELDS, classify } from "../../src/compare/classify.js";
import type { RawChange } from "../../src/compare/diff.js";
import { ROOT } from "../helpers.js";

interface DocRow {
  fields: string[];
  /** undefined: "all". */
  types?: string[];
  classes: string;
}

const ticked = (cell: string): string[] => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);

/** The rows of the table whose header starts with "| Field". */
function docRows(): DocRow[] {
  const text = readFileSync(path.join(ROOT, "docs/rules/README.md"), "utf8");
  const lines = text.split("\n");
  const start = lines.findIndex((l) => /^\| Field\s+\| Entity types\s+\| Class/.test(l));
  expect(start, "the per-field table in docs/rules/README.md").toBeGreaterThan(0);
  const rows: DocRow[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith("|")) break;
    const [fields = "", types = "", classes = ""] = line
      .split("|")
      .slice(1, -1)
      .map((c) => c.trim());
    rows.push({
      fields: ticked(fields),
      types: types === "all" ? undefined : ticked(types),
      classes,
    });
  }
  return rows;
}

const key = (fields: string, types?: readonly string[]) =>
  `${fields} (${types ? [...types].sort().join(", ") : "all"})`;

/** A change of `field` on an entity of `type`, with values no row treats specially. */
const change = (field: string, kind: RawChange["kind"]): RawChange => ({
  path: field,
  fields: field.split("."),
  kind,
  element: false,
  before: kind === "added" ? undefined : "before",
  after: kind === "removed" ? undefined : "after",
});

/** Plain phrases of the Class column and the class they mean for added, removed, changed. */
const PHRASES: Record<string, [string, string, string]> = {
  "added: `additive`; removed or changed: `breaking`": ["additive", "breaking", "breaking"],
  "any change: `breaking`": ["breaking", "breaking", "breaking"],
  "`patch`": ["patch", "patch", "patch"],
};

describe("the per-field classification table of docs/rules/README.md", () => {
  const rows = docRows();

  it("lists every row of src/compare/classify.ts with its entity types, and no other", () => {
    const documented = rows.flatMap((r) => r.fields.map((f) => key(f, r.types))).sort();
    const coded = CLASSIFIED_FIELDS.map((r) => key(r.fields, r.types)).sort();
    expect(documented).toEqual(coded);
  });

  it("states the class classify() gives, where a row's class is a plain phrase", () => {
    let checked = 0;
    for (const row of rows) {
      const phrase = Object.keys(PHRASES).find((p) => row.classes.startsWith(p));
      if (!phrase) continue;
      for (const field of row.fields) {
        const type = row.types?.[0] ?? "apiResources";
        const got = (["added", "removed", "changed"] as const).map(
          (kind) => classify(change(field, kind), type).class,
        );
        expect([field, ...got]).toEqual([field, ...PHRASES[phrase]!]);
        checked++;
      }
    }
    // Most rows use a plain phrase; the rest are covered by classify.test.ts.
    expect(checked).toBeGreaterThanOrEqual(15);
  });
});
