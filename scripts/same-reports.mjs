// Byte-compares the reports of two CLI bundles, for a refactor or an optimisation that must not
// change what users see: `node scripts/same-reports.mjs <old cli.js> <new cli.js>`. Cases: the
// examples and, when ../shared exists, every ORD pair of its corpus and every OpenAPI, AsyncAPI,
// GraphQL and OData pair, each definition pair wrapped as one API resource's definition. Each
// case is checked as JSON and as markdown; the exit code is 1 when any report or exit code differs.
import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");
const SHARED = path.resolve(ROOT, "../shared");
const [oldCli, newCli] = process.argv.slice(2).map((p) => path.resolve(p));
if (!oldCli || !newCli) {
  console.error("usage: node scripts/same-reports.mjs <old cli.js> <new cli.js>");
  process.exit(2);
}
const tmp = mkdtempSync(path.join(tmpdir(), "same-reports-"));
const dirs = (at) =>
  existsSync(at) ? readdirSync(at).filter((d) => statSync(path.join(at, d)).isDirectory()) : [];

/** [name, base folder, head folder] */
const cases = [["examples", path.join(ROOT, "examples/base"), path.join(ROOT, "examples/head")]];

const pairs2 = path.join(SHARED, "ord-corpus/pairs-2");
for (const d of dirs(pairs2))
  cases.push([`pairs-2/${d}`, path.join(pairs2, d, "base"), path.join(pairs2, d, "head")]);

const pairs = path.join(SHARED, "ord-corpus/pairs");
for (const d of dirs(pairs)) {
  if (!existsSync(path.join(pairs, d, "base.json"))) continue;
  const at = path.join(tmp, "pairs", d);
  for (const side of ["base", "head"]) {
    mkdirSync(path.join(at, side), { recursive: true });
    copyFileSync(path.join(pairs, d, `${side}.json`), path.join(at, side, "ord.json"));
  }
  cases.push([`pairs/${d}`, path.join(at, "base"), path.join(at, "head")]);
}

/** One API resource whose only definition is the pair's file (version 1.0.0 → 1.0.1). */
function document(type, url, version) {
  const pkg = "x:package:p:v1";
  return {
    openResourceDiscovery: "1.9",
    describedSystemInstance: { baseUrl: "https://x.example.com" },
    packages: [
      {
        ordId: pkg,
        title: "P",
        shortDescription: "p",
        description: "p",
        version: "1.0.0",
        vendor: "sap:vendor:SAP:",
        policyLevel: "none",
      },
    ],
    apiResources: [
      {
        ordId: "x:apiResource:a:v1",
        title: "A",
        shortDescription: "a",
        description: "a",
        version,
        visibility: "public",
        releaseStatus: "active",
        partOfPackage: pkg,
        apiProtocol: "rest",
        resourceDefinitions: [
          { type, mediaType: "application/json", url, accessStrategies: [{ type: "open" }] },
        ],
      },
    ],
  };
}

function definitionPair(name, dir, type) {
  const files = readdirSync(dir);
  const base = files.find((f) => f.startsWith("base."));
  const head = files.find((f) => f.startsWith("head.") || f.startsWith("revision."));
  if (!base || !head) return;
  const ext = path.extname(base);
  const at = path.join(tmp, "definitions", name);
  for (const [side, file, version] of [
    ["base", base, "1.0.0"],
    ["head", head, "1.0.1"],
  ]) {
    mkdirSync(path.join(at, side), { recursive: true });
    copyFileSync(path.join(dir, file), path.join(at, side, `def${ext}`));
    const doc = document(type(ext), `/def${ext}`, version);
    writeFileSync(path.join(at, side, "ord.json"), JSON.stringify(doc, null, 2));
  }
  cases.push([name, path.join(at, "base"), path.join(at, "head")]);
}

const openapi = path.join(SHARED, "openapi-pairs");
for (const d of dirs(openapi))
  definitionPair(`openapi/${d}`, path.join(openapi, d), () => "openapi-v3");
const contracts = path.join(SHARED, "contract-pairs");
const TYPES = {
  asyncapi: () => "asyncapi-v2",
  asyncapi3: () => "asyncapi-v2", // a 3.x document is recognised by its content
  graphql: () => "graphql-sdl",
  odata: (ext) => (ext === ".xml" ? "edmx" : "csdl-json"),
};
for (const [family, type] of Object.entries(TYPES))
  for (const d of dirs(path.join(contracts, family)))
    definitionPair(`${family}/${d}`, path.join(contracts, family, d), type);

let same = 0;
const differ = [];
for (const [name, base, head] of cases) {
  for (const format of ["json", "markdown"]) {
    const run = (cli) =>
      spawnSync("node", [cli, "check", "--base", base, "--head", head, "--format", format], {
        encoding: "utf8",
        maxBuffer: 1 << 28,
      });
    const [a, b] = [run(oldCli), run(newCli)];
    if (a.stdout === b.stdout && a.status === b.status) same++;
    else differ.push(`${name} (${format})`);
  }
}
rmSync(tmp, { recursive: true, force: true });
console.log(`${cases.length} cases: ${same} reports identical, ${differ.length} differ`);
for (const name of differ) console.log(`  ${name}`);
process.exit(differ.length > 0 ? 1 : 0);
