import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from "node:fs";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { check } from "../src/check.js";
import { EMPTY_CONFIG } from "../src/config.js";
import { NOW, SHARED } from "./helpers.js";

// docs/sources.md, "CAP": the definition URLs the CAP ORD plugin generates resolve without config
// once the documents sit where `cds build --for ord` writes them. The CAP-generated documents of
// the shared corpus's ord-corpus/pairs-2 (SHARED in helpers.ts; its README names each pair's
// commit) are laid out like a build:
// gen/ord/ord-document.json and each definition in gen/ord/<folder>/<file>. The pairs hold no
// definition files, so each is a small stand-in of its kind. Skips when the corpus is absent.

const PAIRS = path.join(SHARED, "ord-corpus", "pairs-2");
const HAS_PAIRS = existsSync(PAIRS);

/** `/ord/v1/<ordId>/<file>` (served) or `<ordId with _>/<file>` (relative to the document). */
const CAP_URL = /"url":\s*"((?:\/ord\/v1\/|[a-z][^"/:]*_v\d+\/)[^"]+)"/g;

const standIn = (file: string): string =>
  file.endsWith(".edmx")
    ? '<?xml version="1.0"?><edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices><Schema Namespace="S" xmlns="http://docs.oasis-open.org/odata/ns/edm"/></edmx:DataServices></edmx:Edmx>'
    : file.includes("asyncapi")
      ? JSON.stringify({ asyncapi: "2.6.0", info: { title: "x", version: "1.0.0" }, channels: {} })
      : file.includes("oas3")
        ? JSON.stringify({ openapi: "3.0.0", info: { title: "x", version: "1.0.0" }, paths: {} })
        : "{}";

const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? filesUnder(file) : [file];
  });

const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** The pair as two `cds build --for ord` outputs; how many URLs of each form it has. */
function build(pair: string): { root: string; served: number; relative: number } {
  const root = mkdtempSync(path.join(tmpdir(), "ovg-cap-layout-"));
  temps.push(root);
  let served = 0;
  let relative = 0;
  for (const side of ["base", "head"]) {
    const [documentFile] = filesUnder(path.join(PAIRS, pair, side));
    const text = readFileSync(documentFile!, "utf8");
    const out = path.join(root, side, "gen/ord");
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, "ord-document.json"), text);
    for (const [, url] of text.matchAll(CAP_URL)) {
      if (url!.startsWith("/ord/v1/")) served++;
      else relative++;
      const file = url!.replace(/^\/ord\/v1\//, "");
      mkdirSync(path.join(out, path.dirname(file)), { recursive: true });
      writeFileSync(path.join(out, file), standIn(file));
    }
  }
  return { root, served, relative };
}

const capPairs = HAS_PAIRS
  ? readdirSync(PAIRS).filter((name) => {
      if (!name.startsWith("capjs-")) return false;
      const [file] = filesUnder(path.join(PAIRS, name, "head"));
      return [...readFileSync(file!, "utf8").matchAll(CAP_URL)].length > 0;
    })
  : [];

describe.skipIf(!HAS_PAIRS)("pairs-2: CAP-generated documents in the cds build layout", () => {
  it("there are CAP pairs of both URL forms", () => {
    const forms = capPairs.map(build);
    expect(forms.some((f) => f.served > 0)).toBe(true);
    expect(forms.some((f) => f.relative > 0)).toBe(true);
  });

  it.each(capPairs)("%s: every definition is read, without config", (pair) => {
    const { root, served } = build(pair);
    const report = check({ base: "base", head: "head", cwd: root, now: NOW, scope: "all" });
    const rules = report.findings.map((f) => f.ruleId);
    expect(rules).not.toContain("definition-unchecked");
    const bySuffix = report.findings.filter((f) => f.ruleId === "definition-resolved-by-suffix");
    // /ord/v1/<ordId>/<file> is found through its tail in gen/ord/<ordId>/<file>, and says so.
    if (served > 0) expect(bySuffix.length).toBeGreaterThan(0);
    for (const finding of bySuffix) expect(finding.message).toMatch(/read head\/gen\/ord\/[^ ]+/);
    // With the mapping docs/sources.md recommends, the same files are read silently.
    const mapped = check({
      base: "base",
      head: "head",
      cwd: root,
      now: NOW,
      scope: "all",
      config: { ...EMPTY_CONFIG, definitions: [{ url: "/ord/v1/", path: "gen/ord/" }] },
    });
    const mappedRules = mapped.findings.map((f) => f.ruleId);
    expect(mappedRules).not.toContain("definition-unchecked");
    expect(mappedRules).not.toContain("definition-resolved-by-suffix");
  });
});
