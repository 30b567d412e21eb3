// Precompiles the bundled ORD schema into a standalone ajv validator (CommonJS: ajv's standalone
// output requires its format helpers), so a run loads code instead of compiling the schema
// (about 450 ms at every start). Annotations are stripped first: they do not validate anything.
//
// The npm package stops at ORD 1.13; src/ord/schema-versions.json says what later (and a few
// earlier) versions changed. Those changes are woven into the one schema behind an `ordVersion`
// keyword that compares the document's own `openResourceDiscovery`, so a single precompiled
// validator judges each document by the version it declares (one validator, not one per version:
// each copy would add 800 kB to the bundles and to the start-up parse).
import { createRequire } from "node:module";
import { mkdirSync, writeFileSync } from "node:fs";

const require = createRequire(import.meta.url);
const { default: Ajv, _ } = require("ajv");
const { default: addFormats } = require("ajv-formats");
const { default: standaloneCode } = require("ajv/dist/standalone");
const { default: names } = require("ajv/dist/compile/names");
const { usePattern } = require("ajv/dist/vocabularies/code");
const schema = require("@open-resource-discovery/specification/dist/generated/spec/v1/schemas/Document.schema.json");
const versionData = require("../src/ord/schema-versions.json");

const ANNOTATIONS = new Set(["description", "title", "examples", "$comment"]);
/** Keywords whose value maps names to schemas: the names are data, not keywords. */
const SCHEMA_MAPS = new Set([
  "properties",
  "patternProperties",
  "definitions",
  "$defs",
  "dependencies",
]);
/** Keywords whose value is data, never a schema. */
const LITERALS = new Set(["const", "enum", "default", "required"]);

function strip(node) {
  if (Array.isArray(node)) return node.map(strip);
  if (!node || typeof node !== "object") return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (ANNOTATIONS.has(key) || key.startsWith("x-")) continue;
    if (LITERALS.has(key)) out[key] = value;
    else if (SCHEMA_MAPS.has(key) && value && typeof value === "object") {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, s]) => [name, strip(s)]));
    } else out[key] = strip(value);
  }
  return out;
}

function segments(pointer) {
  if (!pointer.startsWith("/"))
    throw new Error(`schema-versions.json: not a JSON pointer: ${pointer}`);
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function lookup(root, pointer) {
  let node = root;
  for (const segment of segments(pointer)) {
    if (!node || typeof node !== "object" || !(segment in node)) {
      throw new Error(`schema-versions.json: ${pointer} is not in the schema`);
    }
    node = node[segment];
  }
  return node;
}

/** The parent object of `pointer` and the last segment (the parent must exist). */
function slot(root, pointer) {
  const path = segments(pointer);
  const key = path.pop();
  const parent = path.length === 0 ? root : lookup(root, `/${path.join("/")}`);
  return { parent, key };
}

/** Replaces `{"$like": pointer}` by a copy of that node of the (stripped) 1.13.0 schema. */
function resolveLike(node, original) {
  if (Array.isArray(node)) return node.map((n) => resolveLike(n, original));
  if (!node || typeof node !== "object") return node;
  if (typeof node.$like === "string") return structuredClone(lookup(original, node.$like));
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, resolveLike(v, original)]));
}

const VERSION = /^(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

/** Applies the changes of schema-versions.json, each gated on the document's declared version. */
function applyVersions(base, data) {
  const original = structuredClone(base);
  const out = structuredClone(base);
  for (const change of data.changes) {
    const kinds = ["define", "add", "values", "replace"].filter((k) => k in change);
    if (kinds.length !== 1)
      throw new Error(`schema-versions.json: one kind per change: ${JSON.stringify(change)}`);
    const [kind] = kinds;
    const pointer = change[kind];
    if (kind === "define") {
      const { parent, key } = slot(out, pointer);
      if (key in parent) throw new Error(`schema-versions.json: ${pointer} already exists`);
      parent[key] = resolveLike(change.schema, original);
      continue;
    }
    const bound = change.since ?? change.until;
    if (!VERSION.test(bound ?? "") || (change.since && change.until)) {
      throw new Error(`schema-versions.json: ${pointer} needs one of since/until as major.minor`);
    }
    const gate = { ordVersion: `${change.since ? ">=" : "<="}${bound}` };
    if (kind === "values") {
      const list = lookup(out, pointer);
      if (!Array.isArray(list))
        throw new Error(`schema-versions.json: ${pointer} is no oneOf/anyOf list`);
      for (const value of change.accept) list.push({ const: value, ...gate });
    } else if (kind === "add") {
      const { parent, key } = slot(out, pointer);
      if (key in parent) throw new Error(`schema-versions.json: ${pointer} already exists`);
      parent[key] = { allOf: [gate, resolveLike(change.schema, original)] };
    } else {
      const { parent, key } = slot(out, pointer);
      const before = lookup(out, pointer);
      parent[key] = { if: gate, then: resolveLike(change.schema, original), else: before };
    }
  }
  // Every version the data knows is a valid declaration.
  const declared = out.properties.openResourceDiscovery.enum;
  for (const version of data.versions) if (!declared.includes(version)) declared.push(version);
  return out;
}

/**
 * `ordVersion: ">=1.14"` (or `"<=1.9"`) holds when the document's `openResourceDiscovery` is a
 * `major.minor` version in that range. A missing or malformed declaration never holds, so such
 * documents keep the 1.13.0 schema's verdict. Generated as inline code: standalone validators
 * cannot carry function keywords.
 */
function ordVersionKeyword(ajv) {
  ajv.addKeyword({
    keyword: "ordVersion",
    schemaType: "string",
    error: {
      message: ({ schema }) => _`${"needs ORD " + schema}`,
      params: ({ schema }) =>
        _`{requires: ${schema}, declared: ${names.rootData} && ${names.rootData}.openResourceDiscovery}`,
    },
    code(cxt) {
      const { gen, schema } = cxt;
      const match = /^(>=|<=)(\d+)\.(\d+)$/.exec(schema);
      if (!match) throw new Error(`ordVersion: bad range ${schema}`);
      const rank = Number(match[2]) * 1000 + Number(match[3]);
      const pattern = usePattern(cxt, VERSION.source);
      const declared = gen.const(
        "declared",
        _`${names.rootData} && typeof ${names.rootData} == "object" ? ${names.rootData}.openResourceDiscovery : undefined`,
      );
      const parts = gen.const(
        "parts",
        _`typeof ${declared} == "string" ? ${pattern}.exec(${declared}) : null`,
      );
      const value = _`(${parts}[1] * 1000 + ${parts}[2] * 1)`;
      cxt.pass(
        match[1] === ">="
          ? _`${parts} !== null && ${value} >= ${rank}`
          : _`${parts} !== null && ${value} <= ${rank}`,
      );
    },
  });
}

const ajv = new Ajv({ allErrors: true, strict: false, code: { source: true } });
addFormats(ajv);
ordVersionKeyword(ajv);
const versioned = applyVersions(strip(schema), versionData);
const validate = ajv.compile(versioned);
const versions = versioned.properties.openResourceDiscovery.enum;
const ordVersion = versions
  .sort((a, b) => {
    const [pa, pb] = [a, b].map((v) => v.split(".").map(Number));
    return pa[0] - pb[0] || pa[1] - pb[1];
  })
  .at(-1);
// ajv joins a referenced schema's errors with `vErrors.concat(...)`, copying the whole list at each
// call: an array of 100,000 bad items took minutes. Appending in place keeps it linear (ajv itself
// already aliases the callee's list when its own is empty, so sharing is no new risk).
const CONCAT = /vErrors = vErrors === null \? (\w+)\.errors : vErrors\.concat\(\1\.errors\);/g;
const APPEND = `function appendErrors(to, from) {
  if (to === null) return from;
  for (let i = 0; i < from.length; i++) to.push(from[i]);
  return to;
}
`;
function linearErrors(code) {
  const out = code.replace(CONCAT, "vErrors = appendErrors(vErrors, $1.errors);");
  if (out === code || out.includes(".concat(")) {
    throw new Error("ajv's standalone output changed: update linearErrors in build-validator.mjs");
  }
  return `${out}\n${APPEND}`;
}

/**
 * ajv writes every error site as an object literal and four statements that append it: 2,367
 * sites, half of the 1 MB validator. Each becomes one call of `pushError` with the same five
 * values, which builds the same object (keys in the same order). V8 parses the file at every run
 * and compiles each validating function on its first call, so the smaller code loads and first
 * validates about 10 ms sooner (25 → 21 ms to load, 43 → 36 ms for a first small document).
 */
const ERROR_FIELDS = ["instancePath", "schemaPath", "keyword", "params", "message"];
const ERROR_SITE = /const (err\d+) = \{/g;
const PUSH_ERROR = `function pushError(list, instancePath, schemaPath, keyword, params, message) {
  const error = { instancePath, schemaPath, keyword, params, message };
  if (list === null) return [error];
  list.push(error);
  return list;
}
`;

/** The top-level parts of the JavaScript between `open` (a bracket) and its match, split at commas. */
function literalParts(code, open) {
  const parts = [];
  let depth = 0;
  let from = open + 1;
  for (let i = open; i < code.length; i++) {
    const c = code[i];
    if (c === '"') {
      for (i++; code[i] !== '"'; i++) if (code[i] === "\\") i++;
    } else if (c === "{" || c === "[" || c === "(") depth++;
    else if (c === "}" || c === "]" || c === ")") {
      if (--depth === 0) return { parts: [...parts, code.slice(from, i)], close: i };
    } else if (c === "," && depth === 1) {
      parts.push(code.slice(from, i));
      from = i + 1;
    }
  }
  throw new Error("ajv's standalone output changed: an error literal does not close");
}

function compactErrors(code) {
  let out = "";
  let from = 0;
  let sites = 0;
  for (const match of code.matchAll(ERROR_SITE)) {
    if (match.index < from) continue;
    const name = match[1];
    const open = match.index + match[0].length - 1;
    const { parts, close } = literalParts(code, open);
    const append = `;if(vErrors === null){vErrors = [${name}];}else {vErrors.push(${name});}errors++;`;
    // `instancePath` alone is shorthand for `instancePath:instancePath`.
    const values = parts.map((part, k) =>
      part === ERROR_FIELDS[k]
        ? part
        : part.startsWith(`${ERROR_FIELDS[k]}:`)
          ? part.slice(ERROR_FIELDS[k].length + 1)
          : undefined,
    );
    if (!code.startsWith(append, close + 1) || values.length !== 5 || values.includes(undefined))
      continue;
    out += `${code.slice(from, match.index)}vErrors = pushError(vErrors,${values.join(",")});errors++;`;
    from = close + 1 + append.length;
    sites++;
  }
  if (sites === 0)
    throw new Error("ajv's standalone output changed: update compactErrors in build-validator.mjs");
  return `${out}${code.slice(from)}\n${PUSH_ERROR}`;
}

/**
 * The validator ships unbundled (scripts/build.mjs copies it to dist/vendor/): V8 compiles a
 * script's top level once, while a bundler wraps each module in a function that is parsed once
 * with the bundle and again, fully, on its first call (95 ms instead of 37 for this 1 MB file).
 * The few ajv modules it requires come from one small bundled file next to it, ajv-runtime.cjs.
 */
function unbundled(standalone) {
  const modules = [...new Set([...standalone.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]))];
  const runtime = `// Generated by scripts/build-validator.mjs: the ajv modules document-validator.cjs requires. Do not edit.\nmodule.exports = {\n${modules.map((m) => `  ${JSON.stringify(m)}: require(${JSON.stringify(m)}),\n`).join("")}};\n`;
  const rewritten = standalone.replace(
    /require\("([^"]+)"\)/g,
    (_, m) => `runtime[${JSON.stringify(m)}]`,
  );
  if (!rewritten.startsWith('"use strict";'))
    throw new Error("ajv's standalone output changed: update unbundled in build-validator.mjs");
  const code = rewritten.replace(
    '"use strict";',
    '"use strict";const runtime = require("./ajv-runtime.cjs");',
  );
  return { runtime, code };
}

const baseVersion = require("@open-resource-discovery/specification/package.json").version;
const header = `// Generated by scripts/build-validator.mjs from @open-resource-discovery/specification ${baseVersion} and src/ord/schema-versions.json. Do not edit.\n`;
mkdirSync("src/ord/generated", { recursive: true });
const { runtime, code } = unbundled(linearErrors(compactErrors(standaloneCode(ajv, validate))));
writeFileSync("src/ord/generated/ajv-runtime.cjs", runtime);
writeFileSync(
  "src/ord/generated/document-validator.cjs",
  `${header}${code}\nmodule.exports.ordVersion = ${JSON.stringify(ordVersion)};\nmodule.exports.baseOrdVersion = ${JSON.stringify(baseVersion)};\n`,
);
