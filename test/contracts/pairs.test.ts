import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { diffOpenApi } from "../../src/contracts/openapi/openapi.js";

/** oasdiff's before/after pairs, read from ../shared (never copied into the repository). */
const dir = resolve(dirname(fileURLToPath(import.meta.url)), "../../../shared/openapi-pairs");
const present = existsSync(join(dir, "labels.json"));

/** Labelled pairs where we disagree with oasdiff on purpose (docs/contracts/openapi.md says why). */
const DELIBERATE = new Map([
  [
    "op-security-added",
    "a first security requirement on an open operation locks out anonymous clients",
  ],
  ["req-property-pattern-added", "the pattern is on a readOnly property, which clients never send"],
]);

describe.skipIf(!present)("oasdiff's labelled pairs (../shared/openapi-pairs)", () => {
  const labels = present
    ? (
        JSON.parse(readFileSync(join(dir, "labels.json"), "utf8")) as {
          pairs: { name: string; level: string }[];
        }
      ).pairs
    : [];
  const verdict = (name: string) => {
    const read = (file: string) =>
      parseYaml(readFileSync(join(dir, name, file), "utf8")) as unknown;
    return diffOpenApi(read("base.yaml"), read("revision.yaml")).some(
      (c) => c.class === "breaking",
    );
  };
  const agrees = (level: string, breaking: boolean) =>
    level === "warn" || (level === "breaking") === breaking;

  it("agrees with at least 95% of the labelled verdicts", () => {
    const results = labels.map((p) => ({ ...p, agree: agrees(p.level, verdict(p.name)) }));
    const agreed = results.filter((r) => r.agree).length;
    expect(labels.length).toBe(62);
    expect(agreed / labels.length).toBeGreaterThanOrEqual(0.95);
  });

  it("disagrees only where we chose to", () => {
    const disagreements = labels
      .filter((p) => !agrees(p.level, verdict(p.name)))
      .map((p) => p.name);
    expect(disagreements.sort()).toEqual([...DELIBERATE.keys()].sort());
  });

  it("classifies every pair, labelled or not, without throwing", () => {
    const names = readdirSync(dir).filter((n) => statSync(join(dir, n)).isDirectory());
    expect(names.length).toBe(93);
    for (const name of names) expect(typeof verdict(name)).toBe("boolean");
  });
});
