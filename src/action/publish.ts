import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import * as core from "@actions/core";
import { renderJson } from "../report/json.js";
import { renderMarkdown } from "../report/markdown.js";
import { errorMessage, statusOf, type GitHub } from "../github/client.js";
import { diffLineMap } from "../github/diff-lines.js";
import {
  MAX_ANNOTATIONS_PER_SEVERITY,
  MAX_SUMMARY_BYTES,
  truncateBytes,
} from "../github/limits.js";
import { fingerprint } from "../github/markers.js";
import {
  listOurReviewComments,
  planReview,
  postReview,
  resolveOutdated,
  type PullRequestRef,
} from "../github/review.js";
import { upsertStickyComment } from "../github/sticky.js";
import type { Report, Severity } from "../types.js";
import type { CommentMode } from "./inputs.js";

export interface PublishTarget {
  client?: GitHub;
  pr?: PullRequestRef & { headSha: string };
  files?: { filename: string; patch?: string }[];
  comment: CommentMode;
  /** Distinguishes the sticky comments of several jobs (configs) on one pull request. */
  key: string;
  workspace: string;
  tempDir: string;
  /** A line for every surface when an approval label downgraded errors. */
  approvalNote?: string;
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

/** File-and-line annotations within GitHub's per-step limits, saying how many were left out. */
export function annotate(report: Report): void {
  const shown: Record<Severity, number> = { error: 0, warning: 0, notice: 0 };
  let left = 0;
  for (const finding of report.findings) {
    if (shown[finding.severity] >= MAX_ANNOTATIONS_PER_SEVERITY) {
      left++;
      continue;
    }
    shown[finding.severity]++;
    const location = finding.location;
    ANNOTATE[finding.severity](finding.message, {
      title: `${finding.ruleId}${finding.ordId ? ` · ${finding.ordId}` : ""}`,
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
    if (statusOf(error) === 403) {
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

/** Review comments on the right lines and the sticky summary comment. */
export async function publishToPullRequest(report: Report, target: PublishTarget): Promise<void> {
  const { client, pr } = target;
  if (!client || !pr || target.comment === "none") return;
  const markdown = withNote(renderMarkdown(report), target.approvalNote);
  if (target.comment === "review" && target.files) {
    await attempt("The review", async () => {
      const lines = new Map<string, string[]>();
      const lineText = (file: string, line: number): string | undefined => {
        if (!lines.has(file)) {
          try {
            lines.set(file, readFileSync(path.join(target.workspace, file), "utf8").split(/\r?\n/));
          } catch {
            lines.set(file, []);
          }
        }
        return lines.get(file)![line - 1];
      };
      const existing = await listOurReviewComments(client, pr);
      const current = new Set(
        report.findings.flatMap((f) =>
          f.location
            ? [fingerprint({ ruleId: f.ruleId, ordId: f.ordId, file: f.location.file })]
            : [],
        ),
      );
      const plan = planReview(
        report.findings,
        diffLineMap(target.files!),
        lineText,
        new Set(existing.map((c) => c.fingerprint)),
      );
      const ref = { owner: pr.owner, repo: pr.repo, pull_number: pr.pull_number };
      const summary = `ord-version-guard: ${plan.comments.length} new finding${plan.comments.length === 1 ? "" : "s"} on changed lines (the summary comment lists all).`;
      await postReview(client, ref, pr.headSha, plan.comments, summary);
      await resolveOutdated(client, ref, existing, current, pr.headSha);
    });
  }
  await attempt("The summary comment", async () => {
    await upsertStickyComment(
      client,
      pr,
      target.key,
      markdown,
      "_Truncated at GitHub's comment limit: the job summary of this run has the full report._",
    );
  });
}
