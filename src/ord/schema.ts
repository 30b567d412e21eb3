import type { AnySchema, ErrorObject, ValidateFunction } from "ajv";
import { parse as parseJsonc, type JSONPath, type ParseError } from "jsonc-parser";
import { ajvCompilers, documentValidator } from "../lazy.js";
import { readBoundedFile, UsageError } from "./sources.js";

export interface SchemaProblem {
  /** What is wrong, e.g. `must have required property 'title'`. */
  description: string;
  at: JSONPath;
  /** The property a problem of an object is about (unknown or missing), when it names one. */
  property?: string;
}

/** `["apiResources", 3, "title"]` → `/apiResources/3/title` (JSON pointer, for messages). */
export function pointerOf(at: JSONPath): string {
  return at.map((s) => `/${String(s).replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");
}

export interface DocumentSchema {
  /**
   * Highest ORD version the schema knows (from its `openResourceDiscovery` enum), if any: documents
   * declaring a newer one are checked against this one.
   */
  ordVersion: string | undefined;
  validate(document: unknown): SchemaProblem[];
}

/** Most problems reported per document; the rest are summarised in one line. */
export const MAX_SCHEMA_PROBLEMS = 50;

let bundled: DocumentSchema | undefined;

/**
 * The schema shipped in `@open-resource-discovery/specification` (1.13.0) plus what later ORD
 * versions changed (src/ord/schema-versions.json), precompiled at build time
 * (scripts/build-validator.mjs): loading it costs milliseconds, compiling it half a second. Each
 * document is judged by the ORD version it declares. Loaded on the first document to validate:
 * a run that validates none (`--version`, the Action up to its first request) skips its 1 MB.
 */
export function bundledDocumentSchema(): DocumentSchema {
  if (bundled) return bundled;
  const validator = documentValidator();
  bundled = {
    ordVersion: validator.ordVersion,
    validate: (document) =>
      guarded(document, (d) => (validator(d) ? [] : dedupe(validator.errors ?? []))),
  };
  return bundled;
}

/** The ORD schema is a few hundred kilobytes; a larger file is refused unread. */
export const MAX_SCHEMA_BYTES = 10 * 1024 * 1024;

/**
 * A user-supplied schema file (`--schema`), draft-07, 2019-09 or 2020-12 by its `$schema`:
 * `file` relative to `root`, read as a bounded regular file (see readBoundedFile).
 */
export function documentSchemaFromFile(file: string, root = process.cwd()): DocumentSchema {
  let text: string;
  try {
    text = readBoundedFile(file, root, MAX_SCHEMA_BYTES).toString("utf8");
  } catch (error) {
    throw new UsageError(`cannot read schema ${file}: ${(error as Error).message}`);
  }
  return documentSchemaFromText(text, file);
}

/** A user's schema from its text (the Action reads it from the base commit); `name` for errors. */
export function documentSchemaFromText(text: string, name: string): DocumentSchema {
  let schema: AnySchema;
  try {
    schema = JSON.parse(text) as AnySchema;
  } catch {
    // JSON.parse's message quotes the text: only where it breaks is said.
    let where: string;
    try {
      where = jsonErrorAt(text);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      throw new UsageError(`cannot read schema ${name}: nested too deeply to read`);
    }
    throw new UsageError(`cannot read schema ${name}: not valid JSON${where}`);
  }
  // ajv takes an array (or a number) without a word and then checks nothing: no schema at all.
  const kind = schema === null ? "null" : Array.isArray(schema) ? "an array" : typeof schema;
  if (kind !== "object" && kind !== "boolean") {
    throw new UsageError(
      `cannot compile schema ${name}: a JSON schema is an object (or true or false), not ${kind}`,
    );
  }
  try {
    return compile(schema);
  } catch (error) {
    // The compiler recurses: a schema nested thousands deep ends its stack, whose message
    // ("Maximum call stack size exceeded") says nothing about the file.
    const problem = error instanceof RangeError ? "nested too deeply" : (error as Error).message;
    throw new UsageError(`cannot compile schema ${name}: ${problem}`);
  }
}

/** ` at line L, column C` of the first syntax error of `text`, or "" when none is found. */
function jsonErrorAt(text: string): string {
  const errors: ParseError[] = [];
  parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false });
  if (errors.length === 0) return "";
  const before = text.slice(0, errors[0]!.offset).split("\n");
  return ` at line ${before.length}, column ${before.at(-1)!.length + 1}`;
}

/** Compiles a user's schema (any keywords allowed: it is theirs, not ours to lint). */
function compile(schema: AnySchema): DocumentSchema {
  const draft = typeof schema === "object" ? String(schema.$schema ?? "") : "";
  const { Ajv, Ajv2019, Ajv2020, addFormats } = ajvCompilers();
  const options = { allErrors: true, strict: false, validateSchema: false, logger: false as const };
  const ajv = draft.includes("2020-12")
    ? new Ajv2020(options)
    : draft.includes("2019-09")
      ? new Ajv2019(options)
      : new Ajv(options);
  addFormats(ajv);
  // The ORD schema annotates itself with `x-*` keywords; they carry no validation.
  for (const keyword of extensionKeywords(schema)) ajv.addKeyword({ keyword });
  const validate: ValidateFunction = ajv.compile(schema);
  return {
    ordVersion: highestOrdVersion(schema),
    validate(document) {
      return guarded(document, (d) => (validate(d) ? [] : dedupe(validate.errors ?? [])));
    },
  };
}

/** Longest string the schema's patterns and formats are given once one overflowed (below). */
export const MAX_VALIDATED_STRING = 65_536;

/**
 * Runs one validation. A pattern or format over a string of megabytes can overflow the regular
 * expression engine's backtracking stack (a 5 MB version of dot-separated identifiers did, and
 * ended the run with a RangeError): then the document is validated again with such strings cut
 * to their first {@link MAX_VALIDATED_STRING} characters, and each cut string is a problem of its
 * own. Trying the document as it is first spares the common case a walk over it.
 */
function guarded(document: unknown, run: (d: unknown) => SchemaProblem[]): SchemaProblem[] {
  try {
    return run(document);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
  }
  const cut: JSONPath[] = [];
  const capped = capStrings(document, cut);
  const notes = cut.map((at) => ({
    description: `is longer than ${MAX_VALIDATED_STRING} characters: only its first ${MAX_VALIDATED_STRING} were checked against the schema`,
    at,
  }));
  try {
    return [...notes, ...run(capped)];
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return [...notes, { description: "could not be validated: it is too large", at: [] }];
  }
}

/** A copy of `value` with strings over {@link MAX_VALIDATED_STRING} cut; their paths go to `cut`. */
function capStrings(value: unknown, cut: JSONPath[]): unknown {
  // defineProperty, not assignment: a `__proto__` key is data and must stay an own property
  const put = (parent: object, key: string | number, v: unknown): void => {
    Object.defineProperty(parent, key, {
      value: v,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  };
  const copy: { value?: unknown } = {};
  // Without recursion: each container is copied before its children, which are queued.
  const stack: [unknown, object, string | number, JSONPath][] = [[value, copy, "value", []]];
  while (stack.length > 0) {
    const [node, parent, key, at] = stack.pop()!;
    if (Array.isArray(node)) {
      const out: unknown[] = new Array(node.length);
      put(parent, key, out);
      node.forEach((item, i) => stack.push([item, out, i, [...at, i]]));
    } else if (node !== null && typeof node === "object") {
      const out = {};
      put(parent, key, out);
      for (const [k, item] of Object.entries(node)) stack.push([item, out, k, [...at, k]]);
    } else if (typeof node === "string" && node.length > MAX_VALIDATED_STRING) {
      cut.push(at);
      put(parent, key, node.slice(0, MAX_VALIDATED_STRING));
    } else put(parent, key, node);
  }
  return copy.value;
}

function extensionKeywords(schema: unknown): Set<string> {
  const found = new Set<string>();
  const stack = [schema];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) stack.push(...(node as unknown[]));
    else if (node && typeof node === "object") {
      for (const [key, value] of Object.entries(node)) {
        if (key.startsWith("x-")) found.add(key);
        stack.push(value);
      }
    }
  }
  return found;
}

function highestOrdVersion(schema: AnySchema): string | undefined {
  const versions = (
    schema as { properties?: { openResourceDiscovery?: { enum?: unknown[] } } }
  ).properties?.openResourceDiscovery?.enum?.filter((v): v is string => typeof v === "string");
  return versions?.sort(compareOrdVersions).at(-1);
}

/** Compares `1.9` and `1.16` as versions, not strings. */
export function compareOrdVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0 && !Number.isNaN(d)) return d;
  }
  return 0;
}

/** `…/oneOf/4/const` → `…/oneOf/4`: the schema branch an error comes from. */
function branchOf(error: ErrorObject): string {
  return `${error.instancePath} ${error.schemaPath.slice(0, error.schemaPath.lastIndexOf("/"))}`;
}

/**
 * Sorts out the errors of the version gates the build put into the bundled schema
 * (scripts/build-validator.mjs, src/ord/schema-versions.json). A gate that failed in a branch that
 * failed anyway (`"foo"` is not `"development"` whatever the version) says nothing: it goes, and so
 * does that branch's value from the "must be one of" list. A gate that alone rejected a value
 * (`"development"` in a 1.13 document) is the whole story at that place: the "must be one of" and
 * "must match a schema" lines there go.
 */
function versionGates(errors: ErrorObject[]): ErrorObject[] {
  if (!errors.some((e) => e.keyword === "ordVersion")) return errors;
  const failedOtherwise = new Set(errors.filter((e) => e.keyword !== "ordVersion").map(branchOf));
  const closed = new Set<string>();
  const decisive = new Set<string>();
  for (const error of errors) {
    if (error.keyword !== "ordVersion") continue;
    if (failedOtherwise.has(branchOf(error))) closed.add(branchOf(error));
    else decisive.add(error.instancePath);
  }
  return errors.filter((error) => {
    if (closed.has(branchOf(error))) return false;
    if (!decisive.has(error.instancePath)) return true;
    return !["const", "oneOf", "anyOf", "enum"].includes(error.keyword);
  });
}

/**
 * One problem per message and place. ORD writes enumerations as `oneOf` of `const`s, which ajv
 * reports as one "must be equal to constant" per option plus "must match exactly one schema":
 * those become a single "must be one of ...". An `if` error only says that its `then`/`else` failed,
 * whose own errors are listed.
 */
function dedupe(all: ErrorObject[]): SchemaProblem[] {
  const errors = versionGates(all).filter((e) => e.keyword !== "if");
  const allowed = new Map<string, unknown[]>();
  for (const error of errors) {
    if (error.keyword !== "const") continue;
    const values = allowed.get(error.instancePath) ?? [];
    values.push((error.params as { allowedValue?: unknown }).allowedValue);
    allowed.set(error.instancePath, values);
  }
  const seen = new Set<string>();
  const problems: SchemaProblem[] = [];
  for (const error of errors) {
    const consts = allowed.get(error.instancePath);
    if (consts && error.keyword === "const") continue;
    const description =
      consts && error.keyword === "oneOf"
        ? `must be one of ${consts.map((v) => JSON.stringify(v)).join(", ")}`
        : describe(error);
    const key = `${error.instancePath} ${description}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const params = error.params as { additionalProperty?: unknown; missingProperty?: unknown };
    const property = params.additionalProperty ?? params.missingProperty;
    problems.push({
      description,
      at: pointerToPath(error.instancePath),
      ...(typeof property === "string" ? { property } : {}),
    });
  }
  return problems;
}

function describe(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === "additionalProperties") {
    return `has unknown property "${String(params.additionalProperty)}"`;
  }
  if (error.keyword === "ordVersion") {
    const since = String(params.requires).slice(2);
    const declared = params.declared;
    const range = String(params.requires).startsWith(">=")
      ? `was added in ORD ${since}`
      : `was removed after ORD ${since}`;
    return typeof declared === "string"
      ? `${range}; the document declares ORD ${declared}`
      : `${range}; the document declares no ORD version`;
  }
  if (error.keyword === "pattern")
    return describePattern(error.instancePath, String(params.pattern));
  if (error.keyword === "enum" && Array.isArray(params.allowedValues)) {
    return `must be one of ${params.allowedValues.map((v) => JSON.stringify(v)).join(", ")}`;
  }
  return error.message ?? error.keyword;
}

/** Longest pattern quoted in a message; longer ones say what the field must be instead. */
const MAX_QUOTED_PATTERN = 60;

/**
 * A pattern error in words: the schema's regular expressions for versions, ORD IDs and the like
 * run to 200 characters, which tell a reader nothing. Short patterns are quoted as they are.
 */
function describePattern(instancePath: string, pattern: string): string {
  // The field, not an index of its list (`/apiResources/0/successors/1` → successors).
  const field =
    instancePath
      .split("/")
      .filter((s) => s !== "" && !/^\d+$/.test(s))
      .at(-1) ?? "";
  if (field === "version") {
    return "must be a SemVer 2.0.0 version (MAJOR.MINOR.PATCH, e.g. 1.2.3, without a leading v)";
  }
  if (pattern.length <= MAX_QUOTED_PATTERN) return `must match pattern "${pattern}"`;
  const hint = FIELD_FORMATS[field];
  return hint
    ? `must be ${hint}`
    : `does not have the format the ORD specification defines for ${field ? `"${field}"` : "this value"}`;
}

/** What the long patterns of the ORD schema describe, by field name. */
const FIELD_FORMATS: Record<string, string> = {
  ordId: "an ORD ID like namespace:apiResource:name:v1",
  successors: "an ORD ID like namespace:apiResource:name:v2",
  partOfPackage: "a package ORD ID like namespace:package:name:v1",
  partOfGroups: "a group ID like namespace:groupType:name",
  correlationIds: "a correlation ID like namespace:type:id",
  systemNamespace: "a system namespace like sap.xref",
};

function pointerToPath(pointer: string): JSONPath {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((segment) => (/^(0|[1-9]\d*)$/.test(segment) ? Number(segment) : segment));
}
