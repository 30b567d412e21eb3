/**
 * Running a case and checking what it gives: base → head and head → base, in both scopes,
 * through checkSources in memory and every renderer. A thrown error is a crash (grouped by a
 * signature of its message shape and first frame in src/); a report that breaks a promise of the
 * checker (verdict, positions, summary counts, a broken document passing unnoticed) is a
 * violation.
 */
import path from "node:path";
import { checkSources } from "../../src/check.js";
import type { SideSource, SourceFile } from "../../src/ord/sources.js";
import { FORMATS, renderReport } from "../../src/report/render.js";
import type { Report, Scope } from "../../src/types.js";
import type { FileSet, FuzzCase } from "./cases.js";

/** An in-memory side, like a directory: documents are candidates, other files readable by path. */
export function sideOf(set: FileSet, order?: (files: SourceFile[]) => SourceFile[]): SideSource {
  const files: SourceFile[] = [...set.docs].map(([rel, bytes]) => ({
    path: rel,
    rel,
    bytes: () => bytes,
    explicit: false,
    dir: path.posix.dirname(rel),
  }));
  return {
    files: order ? order(files) : files,
    read: (relative) => set.extra.get(relative) ?? set.docs.get(relative),
    display: (relative) => relative,
    // Listed like a real side, so definition URLs get the same suffix lookup as in a checkout.
    list: () => [...new Set([...set.docs.keys(), ...set.extra.keys()])].sort(),
  };
}

export const NOW = new Date("2026-11-21T12:00:00Z");

export interface Crash {
  run: string;
  name: string;
  message: string;
  stack: string;
  /** Error name, message shape and first frame in src/ or node_modules/: groups equal crashes. */
  signature: string;
}

export interface CaseResult {
  index: number;
  ms: number;
  crashes: Crash[];
  /** Reports that break a promise of the checker (a broken document that passes unnoticed...). */
  violations: string[];
  verdicts: string[];
}

/** The first frame in src/ (where the checker went wrong), else the first in node_modules/. */
function firstFrame(stack: string): string {
  const frames = stack
    .split("\n")
    .slice(1)
    .map((line) => /((?:src|node_modules)\/[^():]+):(\d+):\d+\)?$/.exec(line.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => `${m[1]}:${m[2]}`);
  return frames.find((f) => f.startsWith("src/")) ?? frames[0] ?? "?";
}

export function crashOf(run: string, error: unknown): Crash {
  const e = error instanceof Error ? error : new Error(String(error));
  const stack = e.stack ?? "";
  const shape = e.message
    .split("\n")[0]!
    .replace(/"[^"]*"|'[^']*'/g, "…")
    .replace(/\d+/g, "N")
    .slice(0, 120);
  return {
    run,
    name: e.name,
    message: e.message.slice(0, 500),
    stack,
    signature: `${e.name}: ${shape} @ ${firstFrame(stack)}`,
  };
}

function checkReport(
  report: Report,
  fc: FuzzCase,
  run: string,
  forward: boolean,
  violations: string[],
): void {
  if (report.verdict !== "pass" && report.verdict !== "fail")
    violations.push(`${run}: verdict ${String(report.verdict)}`);
  const counts = { error: 0, warning: 0, notice: 0 };
  for (const f of report.findings) {
    counts[f.severity]++;
    const l = f.location;
    if (
      l &&
      !(Number.isInteger(l.line) && l.line >= 1 && Number.isInteger(l.column) && l.column >= 1)
    ) {
      violations.push(`${run}: ${f.ruleId} has location ${JSON.stringify(l)}`);
    }
  }
  const s = report.summary;
  if (s.errors !== counts.error || s.warnings !== counts.warning || s.notices !== counts.notice) {
    violations.push(`${run}: summary counts differ from the findings`);
  }
  if (forward) {
    for (const file of fc.expectUnreadable) {
      const found = report.findings.some(
        (f) => f.ruleId === "document-unreadable" && f.location?.file === file,
      );
      if (!found)
        violations.push(
          `${run}: ${file} is no longer a readable ORD document but no document-unreadable finding names it`,
        );
    }
  }
}

/** Runs base → head and head → base, in both scopes, through checkSources and every renderer. */
export function runCase(fc: FuzzCase): CaseResult {
  const started = performance.now();
  const crashes: Crash[] = [];
  const violations: string[] = [];
  const verdicts: string[] = [];
  for (const forward of [true, false]) {
    for (const scope of ["changed", "all"] as Scope[]) {
      const run = `${forward ? "base=original head=mutated" : "base=mutated head=original"} scope=${scope}`;
      let report: Report;
      try {
        const [b, h] = forward ? [fc.base, fc.head] : [fc.head, fc.base];
        report = checkSources(
          { base: sideOf(b), head: sideOf(h) },
          { now: NOW, scope, config: fc.config, failOn: fc.failOn },
        );
      } catch (error) {
        crashes.push(crashOf(run, error));
        continue;
      }
      verdicts.push(report.verdict);
      checkReport(report, fc, run, forward, violations);
      for (const format of FORMATS) {
        try {
          const text = renderReport(report, format);
          if (format === "json" || format === "sarif") JSON.parse(text);
        } catch (error) {
          crashes.push(crashOf(`${run} render=${format}`, error));
        }
      }
    }
  }
  return { index: fc.index, ms: performance.now() - started, crashes, violations, verdicts };
}
