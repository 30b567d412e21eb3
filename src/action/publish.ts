import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import * as core from "@actions/core";
import { renderJson } from "../report/json.js";
import { renderMarkdown } from "../report/markdown.js";
import { errorMessage, isRateLimit, statusOf } from "../github/client.js";
import { reviewDiff, type DiffFile } from "../github/diff-lines.js";
import {
  MAX_ANNOTATIONS_PER_SEVERITY,
  MAX_SUMMARY_BYTES,
  truncateBytes,
} from "../github/limits.js";
import type { PullRequestHost } from "../github/host.js";
import { findingFingerprint, planReview } from "../github/review.js";
import type { Report, Severity } from "../types.js";
import type { CommentMode } from "./inputs.js";

export interface PublishTarget {
  /** The pull request's host; none without a token or a pull request. */
  host?: PullRequestHost;
  /** The head commit the review comments are on. */
  headSha?: string;
  files?: DiffFile[];
  /**
   * The base the check compared with: its files' label in findings (`<sha7>:`) and their bytes,
   * so a finding on a removed line can be commented on the diff's left side.
   */
  base?: { label: string; read: (path: string) => Buffer | undefined };
  comment: CommentMode;
  /** Distinguishes the sticky comments of several jobs (configs) on one pull request. */
  key: string;
  /**
   * Whether a file is one this job checks (its `documents` globs). Only our review comments on
   * such files may be resolved: in a monorepo, another job's comments are not ours to close.
   */
  owns: (file: string) => boolean;
  workspace: string;
  tempDir: string;
  /** A line for every surface, e.g. when an approval label downgraded errors. */
  note?: string;
  /**
   * Only bring what earlier runs wrote up to date: resolve their review comments, update the
   * summary comment if there is one, create nothing (a pull request without ORD changes).
   */
  updateOnly?: boolean;
}

/** The JSON report on disk and the step outputs: available whatever GitHub does next. */
export function writeOutputs(report: Report, tempDir: string): string {
  const file = path.join(tempDir, "ord-version-guard-report.json");
  writeFileSync(file, renderJson(report));
  core.setOutput("verdict", report.verdict);
  core.setOutput("errors", report.summary.errors);
  core.setOutput("warnings", report.summary.warnings);
  core.setOutput("notices", report.summary.notices);
  core.setOutput("report", file);
  return file;
}

function withNote(markdown: string, note?: string): string {
  if (!note) return markdown;
  const [title, ...rest] = markdown.split("\n");
  return [title, "", `> ${note}`, ...rest].join("\n");
}

/** The job summary is written first, so no GitHub failure can lose a finding. */
export async function writeJobSummary(report: Report, note?: string): Promise<void> {
  const markdown = truncateBytes(
    withNote(renderMarkdown(report), note),
    MAX_SUMMARY_BYTES - 1024,
    "_Truncated at GitHub's 1 MiB job-summary limit; the full JSON report is the `report` output._",
  );
  await core.summary.addRaw(markdown, true).write();
}

const ANNOTATE: Record<Severity, (message: string, properties: core.AnnotationProperties) => void> =
  {
    error: core.error,
    warning: core.warning,
    notice: core.notice,
  };

/**
 * File-and-line annotations within GitHub's per-step limits, saying how many were left out.
 * A location in the base (its file starts with `basePrefix`, see labelBase) is not a line of the
 * checkout: such an annotation names it in the message instead of pointing at the head file.
 */
export function annotate(report: Report, basePrefix?: string): void {
  const shown: Record<Severity, number> = { error: 0, warning: 0, notice: 0 };
  let left = 0;
  for (const finding of report.findings) {
    if (shown[finding.severity] >= MAX_ANNOTATIONS_PER_SEVERITY) {
      left++;
      continue;
    }
    shown[finding.severity]++;
    const title = `${finding.ruleId}${finding.ordId ? ` · ${finding.ordId}` : ""}`;
    const location = finding.location;
    if (location && basePrefix && location.file.startsWith(basePrefix)) {
      ANNOTATE[finding.severity](`${finding.message} (${location.file}:${location.line})`, {
        title,
      });
      continue;
    }
    ANNOTATE[finding.severity](finding.message, {
      title,
      file: location?.file,
      startLine: location?.line,
      startColumn: location?.column,
    });
  }
  if (left > 0) {
    core.notice(
      `${left} more findings are not annotated (GitHub shows ${MAX_ANNOTATIONS_PER_SEVERITY} per severity); see the job summary.`,
    );
  }
}

/**
 * Runs one GitHub write; a failure becomes a notice or warning and never changes the verdict.
 * A 403 is the usual fork-PR (read-only token) or missing-permission case.
 */
async function attempt(what: string, write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (error) {
    // A rate limit also answers 403, but it is no permission problem: it gets the warning.
    if (statusOf(error) === 403 && !isRateLimit(error)) {
      core.notice(
        `${what} skipped: the token may not write to this pull request (a fork PR, or the workflow lacks "permissions: pull-requests: write"). The findings are in the job summary and annotations.`,
      );
    } else {
      core.warning(
        `${what} failed: ${errorMessage(error)}. The findings are in the job summary and annotations; the verdict is unchanged.`,
      );
    }
  }
}

/** A line reader over `read` (a file's text), which reads each file once. */
function linesOf(read: (file: string) => string | undefined) {
  const lines = new Map<string, string[]>();
  return (file: string, line: number): string | undefined => {
    if (!lines.has(file)) lines.set(file, read(file)?.split(/\r?\n/) ?? []);
    return lines.get(file)![line - 1];
  };
}

/** Review comments on the right lines and the sticky summary comment. */
export async function publishToPullRequest(report: Report, target: PublishTarget): Promise<void> {
  const { host, headSha } = target;
  if (!host || !headSha || target.comment === "none") return;
  const markdown = withNote(renderMarkdown(report), target.note);
  if (target.comment === "review" && target.files) {
    await attempt("The review", async () => {
      const lineText = linesOf((file) => {
        try {
          return readFileSync(path.join(target.workspace, file), "utf8");
        } catch {
          return undefined;
        }
      });
      const self = await host.login();
      const existing = await host.ourReviewComments(self);
      const base = target.base;
      const current = new Set(
        report.findings.flatMap((f) =>
          f.location ? [findingFingerprint({ ...f, location: f.location }, base?.label)] : [],
        ),
      );
      const plan = planReview(
        report.findings,
        reviewDiff(target.files!),
        lineText,
        new Set(existing.map((c) => c.fingerprint)),
        base && {
          label: base.label,
          lineText: linesOf((file) => base.read(file)?.toString("utf8")),
        },
      );
      const summary = `ord-version-guard: ${plan.comments.length} new finding${plan.comments.length === 1 ? "" : "s"} on changed lines (the summary comment lists all).`;
      if (!target.updateOnly) await host.postReview(headSha, plan.comments, summary, self);
      const ours = existing.filter((c) => target.owns(c.path));
      await host.resolveOutdated(ours, current, headSha);
    });
  }
  await attempt("The summary comment", async () => {
    await host.upsertSummaryComment(
      await host.login(),
      target.key,
      markdown,
      "_Truncated at GitHub's comment limit: the job summary of this run has the full report._",
      !target.updateOnly,
    );
  });
}

/** The exit code: failed with the counts when the verdict is fail. */
export function reportVerdict(report: Report): void {
  const { errors, warnings, notices } = report.summary;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
  const counts = [
    plural(errors, "error"),
    plural(warnings, "warning"),
    plural(notices, "notice"),
  ].join(", ");
  if (report.verdict === "fail")
    core.setFailed(`ORD version check failed (fail-on: ${report.failOn}): ${counts}`);
  else core.info(`ORD version check passed: ${counts}`);
}
