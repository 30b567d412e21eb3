import { existsSync } from "node:fs";
import path from "node:path";
import { yaml } from "./lazy.js";
import type { DefinitionMapping } from "./compare/definitions.js";
import { readBoundedFile, UsageError } from "./ord/sources.js";
import { didYouMean } from "./suggest.js";
// The config's JSON schema (also what editors use), precompiled by
// scripts/build-config-validator.mjs: nothing compiles a schema at run time.
import validateConfig from "./generated/config-validator.cjs";
import configSchema from "../ord-version-guard.schema.json" with { type: "json" };
import type { ErrorObject } from "ajv";
import { type ChangeClass, type ConfiguredSeverity, type FailOn, type Scope } from "./types.js";
import { clip, isObject } from "./json/values.js";

export const DEFAULT_CONFIG_PATH = ".github/ord-version-guard.yml";
/** Where a config is looked for when none is named, in this order (`.yaml` as well as `.yml`). */
export const DEFAULT_CONFIG_PATHS: readonly string[] = [
  DEFAULT_CONFIG_PATH,
  ".github/ord-version-guard.yaml",
];
/** A config is a few lines; a larger file is a mistake or an attack, not a config. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * The built-in defaults of the settings the command line (flags), the Action (inputs) and the
 * config share. action.yml gives these inputs no default: an input with a default always reaches
 * the Action and would shadow the config.
 */
export const DEFAULT_SETTINGS: Settings = { failOn: "error", scope: "changed" };

export interface Settings {
  failOn: FailOn;
  scope: Scope;
}

/**
 * The one place a setting is resolved, for the command line and the Action alike: an explicit
 * flag or input, then the config, then the built-in default.
 */
export function resolveSettings(explicit: Partial<Settings>, config: Config): Settings {
  return {
    failOn: explicit.failOn ?? config.failOn ?? DEFAULT_SETTINGS.failOn,
    scope: explicit.scope ?? config.scope ?? DEFAULT_SETTINGS.scope,
  };
}
export const DEFAULT_APPROVAL_RULES = [
  "breaking-change-without-new-major",
  "entity-removed-without-deprecation",
];

export interface IgnoreEntry {
  rule: string;
  ordId?: string;
  reason: string;
  until?: string;
}

/** The config file, validated once; every field has its default here. */
export interface Config {
  failOn?: FailOn;
  scope?: Scope;
  rules: Map<string, ConfiguredSeverity>;
  ignore: IgnoreEntry[];
  changeClasses: Map<string, ChangeClass>;
  definitions: DefinitionMapping[];
  approvalRules: string[];
  /** Documents larger than this many bytes are reported, not parsed. */
  maxDocumentSize?: number;
  /** The file it was read from, for the run to say which config it used. */
  file?: string;
}

export const EMPTY_CONFIG: Config = {
  rules: new Map(),
  ignore: [],
  changeClasses: new Map(),
  definitions: [],
  approvalRules: DEFAULT_APPROVAL_RULES,
};

/** How many problems of one config file are listed; the rest are counted. */
const MAX_PROBLEMS = 20;

/** A 1-based line and column in the config file, when the file's text is known. */
type Locate = (path: readonly (string | number)[], key?: string) => string;

/**
 * Loads the config: `file` when given (it must exist), else the first default path present.
 * Any mistake is a UsageError naming the file, line and column: a typo must not silently turn a
 * rule off or on.
 */
export function loadConfig(file: string | undefined, cwd: string): Config {
  const chosen = file ?? findDefaultConfig(cwd);
  if (!chosen) return EMPTY_CONFIG;
  let text: string;
  try {
    text = readBoundedFile(chosen, cwd, MAX_CONFIG_BYTES).toString("utf8");
  } catch (error) {
    throw new UsageError(`cannot read config ${chosen}: ${(error as Error).message}`);
  }
  return { ...parseConfigText(text, chosen), file: chosen };
}

/**
 * The default config present in `cwd` (`.yml` or `.yaml`), or undefined. Both present is a
 * mistake: one of them would be ignored without a word.
 */
export function findDefaultConfig(cwd: string): string | undefined {
  const present = DEFAULT_CONFIG_PATHS.filter((p) => existsSync(path.join(cwd, p)));
  if (present.length > 1) {
    throw new UsageError(`both ${present.join(" and ")} exist: keep one of them`);
  }
  return present[0];
}

/**
 * What the YAML library's own words would not tell a user (they name its API, or a stack):
 * by error code, or by the exception its parsing or `toJS` throws.
 */
function plainYamlProblem(error: unknown): string | undefined {
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (code === "MULTIPLE_DOCS") return "more than one YAML document (a second ---): keep one";
  if (error instanceof RangeError || code === "RESOURCE_EXHAUSTION") {
    return "nested too deeply to read";
  }
  // yaml's toJS stops at 100 alias expansions: a billion-laughs bomb, never a real config.
  if (typeof message === "string" && /alias count/i.test(message)) {
    return "too many YAML aliases (* references to an & anchor)";
  }
  return undefined;
}

/** Parses and validates a config file's text; messages name `name`, line and column. */
export function parseConfigText(text: string, name: string): Config {
  const { parseDocument, LineCounter, isMap, isScalar } = yaml();
  const lines = new LineCounter();
  let doc: ReturnType<typeof parseDocument>;
  let value: unknown;
  try {
    doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
    const [syntax] = doc.errors;
    if (syntax) {
      // First line only: YAML errors quote the offending lines, which are not ours to print.
      const at = lines.linePos(syntax.pos[0]);
      // Where a stack ran out depends on the stack, not the file: no position for that one.
      const exhausted = syntax.code === "RESOURCE_EXHAUSTION";
      const where = exhausted ? name : `${name}:${at.line}:${at.col}`;
      const problem = plainYamlProblem(syntax) ?? syntax.message.split("\n")[0];
      throw new UsageError(`cannot read config ${where}: ${problem}`);
    }
    value = doc.toJS();
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const problem = plainYamlProblem(error) ?? (error as Error).message.split("\n")[0];
    throw new UsageError(`cannot read config ${name}: ${problem}`);
  }
  const locate: Locate = (jsonPath, key) => {
    let node: unknown = jsonPath.length === 0 ? doc.contents : doc.getIn(jsonPath, true);
    if (key !== undefined && isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
      if (pair) node = pair.key;
    }
    const offset = (node as { range?: [number, number, number] } | null)?.range?.[0];
    if (offset === undefined) return name;
    const { line, col } = lines.linePos(offset);
    return `${name}:${line}:${col}`;
  };
  return validated(value ?? {}, name, locate);
}

/** Validates an already parsed config (tests; callers with a file use parseConfigText). */
export function parseConfig(raw: unknown, name = "config"): Config {
  return validated(raw, name, () => name);
}

function validated(raw: unknown, name: string, locate: Locate): Config {
  const value = normalize(raw);
  if (!validateConfig(value)) {
    const problems = describeErrors(validateConfig.errors ?? [], value, locate);
    const shown = problems.slice(0, MAX_PROBLEMS);
    if (problems.length > shown.length) {
      shown.push(`${name}: ${problems.length - shown.length} more problems`);
    }
    throw new UsageError(shown.join("\n"));
  }
  const config = value as ConfigFile;
  const severities = Object.entries(config.rules ?? {}).map(
    // YAML reads a bare `off` as the string "off"; `false` is accepted as a courtesy.
    ([id, severity]): [string, ConfiguredSeverity] => [id, severity === false ? "off" : severity],
  );
  return {
    failOn: config["fail-on"],
    scope: config.scope,
    rules: new Map(severities),
    ignore: (config.ignore ?? []).map((e) => ({
      rule: e.rule,
      ordId: e.ordId,
      reason: e.reason,
      until: e.until,
    })),
    changeClasses: new Map(Object.entries(config["change-classes"] ?? {})),
    definitions: (config.definitions ?? []).map(({ url, path: folder }) => ({ url, path: folder })),
    approvalRules: config["approval-rules"] ?? DEFAULT_APPROVAL_RULES,
    maxDocumentSize: config["max-document-size"],
  };
}

/** The config file as the schema describes it (after validation). */
interface ConfigFile {
  "fail-on"?: FailOn;
  scope?: Scope;
  rules?: Record<string, ConfiguredSeverity | false>;
  ignore?: IgnoreEntry[];
  "change-classes"?: Record<string, ChangeClass>;
  definitions?: DefinitionMapping[];
  "approval-rules"?: string[];
  "max-document-size"?: number;
}

/** Lists whose key is present with nothing under it (every entry commented out) are empty. */
const LISTS = ["ignore", "definitions", "approval-rules"];

/**
 * What YAML reads that the schema should not reject: an empty list key is an empty list, and a
 * YAML 1.1 timestamp (`!!timestamp 2027-06-30`) read as a Date is the date it names.
 */
function normalize(given: unknown): unknown {
  if (!isObject(given)) return given;
  const raw = { ...given };
  for (const key of LISTS) if (raw[key] === null) raw[key] = [];
  if (!Array.isArray(raw.ignore)) return raw;
  const ignore = raw.ignore.map((entry: unknown) =>
    isObject(entry) && entry.until instanceof Date
      ? { ...entry, until: entry.until.toISOString().slice(0, 10) }
      : entry,
  );
  return { ...raw, ignore };
}

/** What to write instead, where the schema's own words would not say it. */
const FIX: Record<string, string> = {
  "/max-document-size": "must be a number of bytes, e.g. 52428800 for 50 MB",
  "/ignore/*/until": "must be a date like 2027-06-30",
  "/ignore/*/reason": "needs a reason: why the finding is acceptable",
  "/ignore/*": "must be a mapping with rule, reason and optional ordId, until",
  "/definitions/*": 'must be a mapping with "url" and "path" strings',
  "/rules": `must map rule IDs to error, warning, notice or off`,
  "/change-classes": "must map field paths to breaking, additive or patch",
};

const TYPE_NAMES: Record<string, string> = {
  object: "a mapping",
  array: "a list",
  string: "a string",
  integer: "a whole number",
};

/** `/ignore/0/until` → `ignore[0].until`, as the config's keys read. */
function display(pointer: string): string {
  return pointerSegments(pointer)
    .map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? s : `.${s}`))
    .join("");
}

function pointerSegments(pointer: string): (string | number)[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function valueAt(data: unknown, segments: readonly (string | number)[]): unknown {
  let node = data;
  for (const segment of segments) node = (node as Record<string | number, unknown>)?.[segment];
  return node;
}

/** The schema node a `#/...` schema path names (for the keys a mapping allows). */
function schemaAt(schemaPath: string): Record<string, unknown> | undefined {
  let node: unknown = configSchema;
  for (const segment of pointerSegments(schemaPath.slice(1))) {
    if (!isObject(node)) return undefined;
    node = node[String(segment)];
  }
  return isObject(node) ? node : undefined;
}

/** One message per mistake, in the file's words, with the place and the fix. */
function describeErrors(errors: readonly ErrorObject[], data: unknown, locate: Locate): string[] {
  const messages: string[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    const message = describeError(error, data, locate);
    if (message && !seen.has(message)) {
      seen.add(message);
      messages.push(message);
    }
  }
  return messages;
}

function describeError(error: ErrorObject, data: unknown, locate: Locate): string | undefined {
  const segments = pointerSegments(error.instancePath);
  const where = display(error.instancePath);
  const generic = error.instancePath.replace(/\/\d+(?=\/|$)/g, "/*");
  const params = error.params as Record<string, unknown>;
  const fix = FIX[generic];
  switch (error.keyword) {
    case "propertyNames":
      return undefined; // the name's own error says which name and why
    case "additionalProperties": {
      const key = String(params.additionalProperty);
      const parent = schemaAt(error.schemaPath.replace(/\/additionalProperties$/, ""));
      const known = Object.keys((parent?.properties as object | undefined) ?? {});
      const owner = where ? `${where} has unknown key` : "unknown key";
      return `${locate(segments, key)}: ${owner} "${key}"${didYouMean(key, known)} (known: ${known.join(", ")})`;
    }
    case "enum": {
      const allowed = (params.allowedValues as unknown[]).filter((v) => typeof v === "string");
      const isRule = error.schemaPath.includes("/ruleId/");
      const got = error.propertyName ?? valueAt(data, segments);
      const at = locate(segments, error.propertyName);
      if (isRule) {
        return `${at}: ${where}: unknown rule "${String(got)}"${didYouMean(String(got), allowed)} (docs/rules/README.md lists the rules)`;
      }
      const shown = clip(JSON.stringify(got) ?? String(got), 80);
      return `${at}: "${where}" must be one of ${allowed.join(", ")} (got ${shown})${typeof got === "string" ? didYouMean(got, allowed) : ""}`;
    }
    case "required":
      return `${locate(segments)}: ${where} needs "${String(params.missingProperty)}"`;
    case "type":
      if (where === "") {
        return `${locate(segments)}: the config must be a YAML mapping of keys such as fail-on, rules and ignore`;
      }
      return `${locate(segments)}: "${where}" ${fix ?? `must be ${TYPE_NAMES[String(params.type)] ?? String(params.type)}`}`;
    default:
      return `${locate(segments)}: "${where}" ${fix ?? error.message ?? error.keyword}`;
  }
}
