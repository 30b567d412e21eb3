#!/usr/bin/env node
// Extracts the few GitHub REST operations the e2e stand-in implements from the official
// description in @octokit/openapi into test/e2e/github/github-rest-subset.json.
//
// Why a subset: the dereferenced description is 73 MB and takes ~1.6 s and ~190 MB of heap to
// parse; the subset loads in milliseconds in every test worker. The subset keeps, per operation,
// the parameters, the JSON request body schema and the JSON schemas of the success responses,
// plus the method and path of every other GitHub operation (so the stand-in can say "GitHub has
// this route, the stand-in does not implement it" instead of a bare 404).
//
//   node scripts/extract-github-subset.mjs          write the subset
//   node scripts/extract-github-subset.mjs --check  exit 1 when the subset is stale (a test runs this)
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";
import * as prettier from "prettier";

/** The operations the stand-in implements (test/e2e/github/routes.ts has one handler each). */
export const OPERATIONS = [
  "pulls/get",
  "pulls/list-files",
  "pulls/list-reviews",
  "pulls/create-review",
  "pulls/list-review-comments",
  "pulls/create-review-comment",
  "pulls/get-review-comment",
  "pulls/update-review-comment",
  "pulls/delete-review-comment",
  "issues/list-labels-on-issue",
  "issues/list-events",
  "issues/list-comments",
  "issues/create-comment",
  "issues/get-comment",
  "issues/update-comment",
  "issues/delete-comment",
  "repos/get-content",
];

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const target = join(root, "test/e2e/github/github-rest-subset.json");
const require = createRequire(import.meta.url);
const packageJson = require.resolve("@octokit/openapi/package.json");
const source = join(dirname(packageJson), "generated/api.github.com.deref.json");

// Documentation keywords make up most of the dereferenced schemas and never affect validation.
const DOC_KEYWORDS = new Set(["description", "example", "examples", "title", "externalDocs"]);

/** A copy of a JSON schema without documentation keywords (property names are kept as they are). */
function stripDocs(schema) {
  if (Array.isArray(schema)) return schema.map(stripDocs);
  if (schema === null || typeof schema !== "object") return schema;
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (DOC_KEYWORDS.has(key)) continue;
    if (key === "properties" || key === "patternProperties") {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stripDocs(v)]));
    } else if (key === "enum" || key === "const" || key === "default" || key === "required") {
      out[key] = value;
    } else {
      out[key] = stripDocs(value);
    }
  }
  return out;
}

function extract() {
  const description = JSON.parse(readFileSync(source, "utf8"));
  const operations = [];
  const routes = [];
  for (const [path, item] of Object.entries(description.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (typeof operation !== "object" || !operation.operationId) continue;
      routes.push([method.toUpperCase(), path, operation.operationId]);
      if (!OPERATIONS.includes(operation.operationId)) continue;
      const responses = {};
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        if (!status.startsWith("2")) continue;
        const schema = response.content?.["application/json"]?.schema;
        responses[status] = schema ? stripDocs(schema) : null;
      }
      const body = operation.requestBody?.content?.["application/json"];
      operations.push({
        operationId: operation.operationId,
        method: method.toUpperCase(),
        path,
        documentationUrl: operation.externalDocs?.url ?? "https://docs.github.com/rest",
        parameters: (operation.parameters ?? []).map((p) => ({
          name: p.name,
          in: p.in,
          required: p.required === true,
          schema: stripDocs(p.schema ?? {}),
        })),
        requestBody: body
          ? { required: operation.requestBody.required === true, schema: stripDocs(body.schema) }
          : null,
        responses,
      });
    }
  }
  const missing = OPERATIONS.filter((id) => !operations.some((o) => o.operationId === id));
  if (missing.length > 0) throw new Error(`not in the description: ${missing.join(", ")}`);
  operations.sort((a, b) => a.operationId.localeCompare(b.operationId));
  routes.sort((a, b) => a[1].localeCompare(b[1]) || a[0].localeCompare(b[0]));
  const version = JSON.parse(readFileSync(packageJson, "utf8")).version;
  return {
    source: { package: "@octokit/openapi", version, file: "generated/api.github.com.deref.json" },
    operations,
    routes,
  };
}

const subset = extract();
if (process.argv.includes("--check")) {
  let current;
  try {
    current = JSON.parse(readFileSync(target, "utf8"));
  } catch {
    current = undefined;
  }
  if (!isDeepStrictEqual(current, subset)) {
    console.error(`${target} is stale: run node scripts/extract-github-subset.mjs`);
    process.exit(1);
  }
  console.log(`${target} matches @octokit/openapi ${subset.source.version}`);
} else {
  const options = (await prettier.resolveConfig(target)) ?? {};
  const text = await prettier.format(JSON.stringify(subset), { ...options, filepath: target });
  writeFileSync(target, text);
  console.log(`wrote ${target} (${subset.operations.length} operations, ${text.length} bytes)`);
}
