import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Io } from "../src/cli/main.js";
import { checkSources, type CheckOptions } from "../src/check.js";
import type { SideSource, SourceFile } from "../src/ord/sources.js";
import type { Finding, Report } from "../src/types.js";

/** Fixed "today" so date rules (tombstones, ignore `until`) give the same result every day. */
export const NOW = new Date("2026-11-21T12:00:00Z");

export const SHARED = path.resolve(import.meta.dirname, "../../shared");
export const HAS_SHARED = existsSync(path.join(SHARED, "ord-corpus"));

type Files = Record<string, unknown>;

/** The repository's root (where examples/ and package.json are). */
export const ROOT = path.resolve(import.meta.dirname, "..");

/**
 * Runs the CLI in-process in `cwd`: its exit status and what it printed. Colour follows `io`
 * (no TTY and an empty environment by default, so the output is plain whatever the shell sets).
 */
export async function cli(args: string[], cwd = ROOT, io: Partial<Io> = {}) {
  // Loaded on first use: most files that import the helpers never run the CLI.
  const { main } = await import("../src/cli/main.js");
  let stdout = "";
  let stderr = "";
  const status = await main(args, cwd, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    tty: false,
    env: {},
    ...io,
  });
  return { status, stdout, stderr };
}

/**
 * A new temporary folder holding `files`: name → content (strings as the raw text, anything
 * else as JSON with 2-space indentation); folders in the names are created.
 */
export function workspace(files: Files, prefix = "ovg-test-"): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  for (const [name, value] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(
      path.join(dir, name),
      typeof value === "string" ? value : JSON.stringify(value, null, 2),
    );
  }
  return dir;
}

/** Runs git in `cwd` as a throwaway identity (no signing); its trimmed output. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    "git",
    ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", ...args],
    { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
  ).trim();
}

/**
 * An in-memory side: file name → document (objects are serialised with 2-space indentation,
 * strings are taken as the raw file text, Buffers as the raw bytes: invalid UTF-8, BOMs, NULs).
 * Other files (definitions) are readable by path.
 */
export function side(files: Files, extra: Files = {}): SideSource {
  const text = (value: unknown): Buffer =>
    Buffer.isBuffer(value)
      ? value
      : Buffer.from(typeof value === "string" ? value : `${JSON.stringify(value, null, 2)}\n`);
  const sourceFiles: SourceFile[] = Object.entries(files).map(([name, value]) => ({
    path: name,
    rel: name,
    bytes: () => text(value),
    explicit: false,
    dir: path.posix.dirname(name),
  }));
  return {
    files: sourceFiles,
    list: () => [...new Set([...Object.keys(files), ...Object.keys(extra)])].sort(),
    display: (relative) => relative,
    read: (relative) =>
      relative in extra
        ? text(extra[relative])
        : relative in files
          ? text(files[relative])
          : undefined,
  };
}

/** Checks one base document against one head document (both named `ord.json`). */
export function run(
  base: unknown,
  head: unknown,
  options: Omit<CheckOptions, "base" | "head"> = {},
): Report {
  return checkSources(
    {
      base: side(base === undefined ? {} : { "ord.json": base }),
      head: side(head === undefined ? {} : { "ord.json": head }),
    },
    { now: NOW, ...options },
  );
}

/** An OpenAPI definition whose paths each have a GET answering 200, as JSON text. */
export function openapi(
  paths: string[],
  options: { title?: string; version?: string; openapi?: string; indent?: number } = {},
): string {
  const { title = "Stars", version = "1.0.0", openapi = "3.0.3", indent } = options;
  const get = { get: { responses: { "200": { description: "ok" } } } };
  return JSON.stringify(
    { openapi, info: { title, version }, paths: Object.fromEntries(paths.map((p) => [p, get])) },
    null,
    indent,
  );
}

/** An ORD document around the given top-level arrays. */
export function doc(content: Record<string, unknown> = {}): Record<string, unknown> {
  return { openResourceDiscovery: "1.12", ...content };
}

const NS = "sap.xref";

/** A valid, active API resource; `overrides` replace fields (undefined deletes one). */
export function api(
  name: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const id = typeof overrides.ordId === "string" ? overrides.ordId : "";
  const major = Number(/:v(\d+)$/.exec(id)?.[1] ?? 1);
  return clean({
    ordId: `${NS}:apiResource:${name}:v${major}`,
    title: `${name} API`,
    shortDescription: `The ${name} API`,
    description: `Reads and writes ${name}.`,
    version: `${major}.0.0`,
    releaseStatus: "active",
    visibility: "public",
    partOfPackage: `${NS}:package:astronomy:v1`,
    apiProtocol: "rest",
    entryPoints: [`/${name}/v${major}`],
    lastUpdate: "2026-01-01T00:00:00Z",
    ...overrides,
  });
}

/** A valid, active event resource. */
export function event(
  name: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return clean({
    ordId: `${NS}:eventResource:${name}:v1`,
    title: `${name} events`,
    shortDescription: `Events about ${name}`,
    description: `Events about ${name}.`,
    version: "1.0.0",
    releaseStatus: "active",
    visibility: "public",
    partOfPackage: `${NS}:package:astronomy:v1`,
    lastUpdate: "2026-01-01T00:00:00Z",
    ...overrides,
  });
}

/** A valid package (no releaseStatus: counts as active). */
export function pkg(
  name: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return clean({
    ordId: `${NS}:package:${name}:v1`,
    title: `${name} package`,
    shortDescription: `The ${name} package`,
    description: `Everything about ${name}.`,
    version: "1.0.0",
    vendor: "sap:vendor:SAP:",
    ...overrides,
  });
}

/** Any entity of a given top-level array, with the fields given. */
export function entity(
  concept: string,
  name: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return clean({
    ordId: `${NS}:${concept}:${name}:v1`,
    title: name,
    version: "1.0.0",
    releaseStatus: "active",
    visibility: "public",
    partOfPackage: `${NS}:package:astronomy:v1`,
    ...overrides,
  });
}

function clean(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}

/** Rule IDs of the findings, sorted, for compact assertions. */
export function ruleIds(report: Report, severity?: Finding["severity"]): string[] {
  return report.findings
    .filter((f) => !severity || f.severity === severity)
    .map((f) => f.ruleId)
    .sort();
}

export function findingsOf(report: Report, ruleId: string): Finding[] {
  return report.findings.filter((f) => f.ruleId === ruleId);
}

/** Whether a process runs (a zombie waiting for its parent to reap it does not). */
export function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return true; // no /proc: kill(pid, 0) is the answer
  }
}
