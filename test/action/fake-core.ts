/**
 * A stand-in for @actions/core, for unit tests of the Action's flow (run.test.ts mocks the
 * module with it): inputs come from action.yml's defaults plus a test's `with:`, and every
 * log line, annotation, output, the job summary and the failure are recorded.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { AnnotationProperties } from "@actions/core";
import { parse } from "yaml";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** action.yml's defaults as the runner passes them; expressions are the test's to give. */
function actionYmlDefaults(): Record<string, string> {
  const action = parse(readFileSync(path.join(ROOT, "action.yml"), "utf8")) as {
    inputs: Record<string, { default?: string }>;
  };
  const inputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs)) {
    if (spec.default !== undefined && !spec.default.includes("${{")) inputs[name] = spec.default;
  }
  return inputs;
}

export type Level = "info" | "notice" | "warning" | "error";

export interface Logged {
  level: Level;
  message: string;
  properties?: AnnotationProperties;
}

/** What a run left behind. */
export interface CoreRecord {
  inputs: Record<string, string>;
  logged: Logged[];
  outputs: Record<string, string>;
  summary: string;
  secrets: string[];
  /** The message of setFailed (the exit code is 1 when set). */
  failed?: string;
}

export const record: CoreRecord = {
  inputs: {},
  logged: [],
  outputs: {},
  summary: "",
  secrets: [],
};

/** Starts a run: action.yml's defaults overridden by `inputs` (as `with:`). */
export function resetCore(inputs: Record<string, string> = {}): CoreRecord {
  record.inputs = { ...actionYmlDefaults(), ...inputs };
  record.logged = [];
  record.outputs = {};
  record.summary = "";
  record.secrets = [];
  record.failed = undefined;
  return record;
}

const log =
  (level: Level) =>
  (message: string | Error, properties?: AnnotationProperties): void => {
    record.logged.push({ level, message: String(message), properties });
  };

let pending = "";
const summary = {
  addRaw(text: string, addEOL = false) {
    pending += text + (addEOL ? "\n" : "");
    return summary;
  },
  write() {
    record.summary += pending;
    pending = "";
    return Promise.resolve(summary);
  },
};

/** The module as run.ts and its helpers import it (`import * as core`). */
export const fakeCore = {
  getInput: (name: string): string => (record.inputs[name] ?? "").trim(),
  setSecret: (secret: string): void => void record.secrets.push(secret),
  setOutput: (name: string, value: unknown): void => {
    record.outputs[name] = String(value);
  },
  setFailed: (message: string | Error): void => {
    record.failed = String(message);
  },
  info: (message: string): void => log("info")(message),
  notice: log("notice"),
  warning: log("warning"),
  error: log("error"),
  debug: (): void => {},
  summary,
};

/** The messages logged at `level`. */
export const messages = (level: Level): string[] =>
  record.logged.filter((l) => l.level === level).map((l) => l.message);
