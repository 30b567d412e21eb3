import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { DEFAULT_SETTINGS } from "../../src/config.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const action = parse(readFileSync(path.join(ROOT, "action.yml"), "utf8")) as {
  runs: { using: string; main: string };
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { description: string }>;
};
const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");

/** Rows of the first markdown table under `heading`: first cell (without backticks) → other cells. */
function table(heading: string): Map<string, string[]> {
  const lines = readme.slice(readme.indexOf(heading)).split("\n");
  const first = lines.findIndex((line) => line.startsWith("|"));
  const end = lines.findIndex((line, i) => i > first && !line.startsWith("|"));
  // Skip the header row and the separator row.
  const rows = lines.slice(first + 2, end);
  return new Map(
    rows.map((row) => {
      const cells = row
        .split(/(?<!\\)\|/)
        .slice(1, -1)
        .map((c) => c.trim());
      return [cells[0]!.replace(/`/g, ""), cells.slice(1)];
    }),
  );
}

describe("README documents action.yml exactly", () => {
  it("runs on node24 from the committed ESM bundle", () => {
    expect(action.runs).toEqual({ using: "node24", main: "dist/index.js" });
  });

  it("every input, with its description and default, and no other", () => {
    const documented = table("### Inputs");
    expect([...documented.keys()].sort()).toEqual(Object.keys(action.inputs).sort());
    for (const [name, input] of Object.entries(action.inputs)) {
      const [defaultCell, description] = documented.get(name)!;
      expect(description).toBe(input.description);
      if (input.default === undefined) continue; // a setting the config shares: see below
      expect(input.default.trim(), `input ${name} needs a real default`).not.toBe("");
      for (const part of input.default.trim().split("\n"))
        expect(defaultCell).toContain(part.trim());
    }
  });

  // Issue 12 item 9: an input with a default in action.yml always reaches the Action, so it
  // would shadow the config. Such settings take their default from resolveSettings instead.
  it("an input the config also sets has no default in action.yml; the README names the config, then the built-in default", () => {
    const documented = table("### Inputs");
    expect(action.inputs["fail-on"]!.default).toBeUndefined();
    const cell = documented.get("fail-on")![0]!;
    expect(cell).toContain("config's `fail-on`");
    expect(cell).toContain(`\`${DEFAULT_SETTINGS.failOn}\``);
  });

  it("every output with its description, and no other", () => {
    const documented = table("### Outputs");
    expect([...documented.keys()].sort()).toEqual(Object.keys(action.outputs).sort());
    for (const [name, output] of Object.entries(action.outputs)) {
      expect(documented.get(name)![0]).toBe(output.description);
    }
  });
});
