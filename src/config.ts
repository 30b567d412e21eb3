import { existsSync } from "node:fs";
import path from "node:path";
import { yaml } from "./lazy.js";
import type { DefinitionMapping } from "./compare/definitions.js";
import { readBoundedFile, UsageError } from "./ord/sources.js";
import { RULE_BY_ID } from "./rules/index.js";
import {
  isObject,
  type ChangeClass,
  type ConfiguredSeverity,
  type FailOn,
  type Scope,
} from "./types.js";

export const DEFAULT_CONFIG_PATH = ".github/ord-version-guard.yml";
/**
 * Where the config is looked for when none is named, first found wins: the CLI in the working
 * directory, the Action in the base commit.
 */
export const DEFAULT_CONFIG_PATHS: readonly string[] = [DEFAULT_CONFIG_PATH];
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
}

export const EMPTY_CONFIG: Config = {
  rules: new Map(),
  ignore: [],
  changeClasses: new Map(),
  definitions: [],
  approvalRules: DEFAULT_APPROVAL_RULES,
};

const SEVERITIES = ["error", "warning", "notice", "off"];
const FAIL_ON = ["error", "warning", "notice", "never"];
const CLASSES = ["breaking", "additive", "patch"];
const KEYS = [
  "fail-on",
  "scope",
  "rules",
  "ignore",
  "change-classes",
  "definitions",
  "approval-rules",
  "max-document-size",
];

/**
 * Loads the config: `file` when given (it must exist), else the default path when present.
 * Any mistake is a UsageError naming the file and the key: a typo must not silently turn a
 * rule off or on.
 */
export function loadConfig(file: string | undefined, cwd: string): Config {
  const chosen = file ?? DEFAULT_CONFIG_PATHS.find((p) => existsSync(path.join(cwd, p)));
  if (!chosen) return EMPTY_CONFIG;
  let text: string;
  try {
    text = readBoundedFile(chosen, cwd, MAX_CONFIG_BYTES).toString("utf8");
  } catch (error) {
    throw new UsageError(`cannot read config ${chosen}: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = yaml().parse(text) ?? {};
  } catch (error) {
    // First line only: YAML errors quote the offending lines, which are not ours to print.
    const reason = (error as Error).message.split("\n")[0];
    throw new UsageError(`cannot read config ${chosen}: ${reason}`);
  }
  return parseConfig(raw, chosen);
}

export function parseConfig(raw: unknown, name = "config"): Config {
  const fail = (what: string): never => {
    throw new UsageError(`${name}: ${what}`);
  };
  if (!isObject(raw)) fail("must be a YAML mapping");
  const value = raw as Record<string, unknown>;
  for (const key of Object.keys(value)) {
    if (!KEYS.includes(key)) fail(`unknown key "${key}" (known: ${KEYS.join(", ")})`);
  }
  const oneOf = (key: string, allowed: string[]): string | undefined => {
    const v = value[key];
    if (v === undefined) return undefined;
    if (typeof v !== "string" || !allowed.includes(v))
      fail(`"${key}" must be one of ${allowed.join(", ")}`);
    return v as string;
  };
  const knownRule = (id: unknown, where: string): string => {
    if (typeof id !== "string" || !RULE_BY_ID.has(id))
      fail(`${where}: unknown rule "${String(id)}"`);
    return id as string;
  };

  const rules = new Map<string, ConfiguredSeverity>();
  if (value.rules !== undefined) {
    if (!isObject(value.rules)) fail(`"rules" must map rule IDs to ${SEVERITIES.join("|")}`);
    for (const [id, severity] of Object.entries(value.rules as Record<string, unknown>)) {
      knownRule(id, "rules");
      // YAML reads a bare `off` as the string "off"; `false` is accepted as a courtesy.
      const normalized = severity === false ? "off" : severity;
      if (typeof normalized !== "string" || !SEVERITIES.includes(normalized)) {
        fail(`rules.${id} must be one of ${SEVERITIES.join(", ")}`);
      }
      rules.set(id, normalized as ConfiguredSeverity);
    }
  }

  const ignore = list(value.ignore, "ignore").map((entry, i): IgnoreEntry => {
    if (!isObject(entry))
      fail(`ignore[${i}] must be a mapping with rule, reason and optional ordId, until`);
    const e = entry as Record<string, unknown>;
    const rule = knownRule(e.rule, `ignore[${i}]`);
    if (typeof e.reason !== "string" || e.reason.trim() === "")
      fail(`ignore[${i}] needs a "reason"`);
    if (e.ordId !== undefined && typeof e.ordId !== "string")
      fail(`ignore[${i}].ordId must be a string`);
    const until = e.until instanceof Date ? e.until.toISOString().slice(0, 10) : e.until;
    if (until !== undefined && (typeof until !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(until))) {
      fail(`ignore[${i}].until must be a date like 2027-06-30`);
    }
    return {
      rule,
      ordId: e.ordId as string | undefined,
      reason: e.reason as string,
      until: until as string | undefined,
    };
  });

  const changeClasses = new Map<string, ChangeClass>();
  if (value["change-classes"] !== undefined) {
    if (!isObject(value["change-classes"]))
      fail(`"change-classes" must map field paths to ${CLASSES.join("|")}`);
    for (const [field, cls] of Object.entries(value["change-classes"] as Record<string, unknown>)) {
      if (typeof cls !== "string" || !CLASSES.includes(cls))
        fail(`change-classes.${field} must be one of ${CLASSES.join(", ")}`);
      changeClasses.set(field, cls as ChangeClass);
    }
  }

  const definitions = list(value.definitions, "definitions").map((entry, i) => {
    const { url, path: folder } = isObject(entry) ? entry : {};
    if (typeof url !== "string" || typeof folder !== "string") {
      return fail(`definitions[${i}] needs "url" and "path" strings`);
    }
    return { url, path: folder };
  });

  const approvalRules =
    value["approval-rules"] === undefined
      ? DEFAULT_APPROVAL_RULES
      : list(value["approval-rules"], "approval-rules").map((id, i) =>
          knownRule(id, `approval-rules[${i}]`),
        );

  return {
    failOn: oneOf("fail-on", FAIL_ON) as FailOn | undefined,
    scope: oneOf("scope", ["changed", "all"]) as Scope | undefined,
    rules,
    ignore,
    changeClasses,
    definitions,
    approvalRules,
    maxDocumentSize: size(value["max-document-size"]),
  };

  function size(v: unknown): number | undefined {
    if (v === undefined) return undefined;
    if (typeof v !== "number" || !Number.isInteger(v) || v < 1) {
      fail(`"max-document-size" must be a number of bytes, e.g. 52428800 for 50 MB`);
    }
    return v as number;
  }

  function list(v: unknown, key: string): unknown[] {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) fail(`"${key}" must be a list`);
    return v as unknown[];
  }
}
