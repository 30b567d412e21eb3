import { createHash } from "node:crypto";
import * as core from "@actions/core";
import { checkSources } from "../check.js";
import { Timings } from "../timing.js";
import { DEFAULT_CONFIG_PATH, resolveSettings } from "../config.js";
import { errorMessage } from "../github/client.js";
import type { ConnectHost } from "../github/host.js";
import { octokitHost } from "../github/octokit-host.js";
import { DEFAULT_MAX_DOCUMENT_BYTES, loadSide } from "../ord/documents.js";
import { baseLabel } from "../ord/sources.js";
import { baseConfig, baseSchema } from "./base-settings.js";
import { readContext, readInputs, type ActionInputs } from "./inputs.js";
import { changedBasePaths, verifyCheckout, verifyCommit } from "./integrity.js";
import { hasDocuments, onNoDocuments, warnIdleGlobs } from "./no-documents.js";
import {
  annotate,
  publishToPullRequest,
  reportVerdict,
  writeJobSummary,
  writeOutputs,
} from "./publish.js";
import { approvalOf, readPullRequest } from "./pull-request.js";
import { changesOrd, passWithoutOrdChanges } from "./shortcut.js";
import { alternateSides } from "./sides.js";
import { locateInBase } from "../report/base-locations.js";
import {
  baseSource,
  documentsMatcher,
  filterSource,
  headSource,
  readBaseFile,
  type BaseCommit,
} from "./sources.js";

/** One key per job configuration, so two jobs of a monorepo keep separate summary comments. */
function stickyKey(inputs: ActionInputs): string {
  // The config input's former default: the key of a job without one stays what it was.
  const identity = `${inputs.config ?? DEFAULT_CONFIG_PATH}\n${inputs.documents.join("\n")}`;
  return createHash("sha256").update(identity).digest("hex").slice(0, 12);
}

/** What run() talks to; the defaults are the runner's. Unit tests pass an in-memory host. */
export interface RunDependencies {
  connect?: ConnectHost;
  env?: NodeJS.ProcessEnv;
}

/** The Action: gather inputs, run the same check() as the CLI, publish, set the exit code. */
export async function run(dependencies: RunDependencies = {}): Promise<void> {
  let dispose = (): void => {};
  // Started at the check, so that `start` holds reading the pull request and the base too.
  let timings: Timings | undefined;
  try {
    const inputs = readInputs();
    if (inputs.token) core.setSecret(inputs.token);
    const ctx = readContext(dependencies.env);
    const pr = ctx.pullRequest;
    const connect = dependencies.connect ?? octokitHost;
    const host = inputs.token
      ? connect({
          token: inputs.token,
          apiUrl: ctx.apiUrl,
          owner: ctx.owner,
          repo: ctx.repo,
          pullNumber: pr?.number ?? ctx.queuedPullRequest,
          log: (line) => core.info(line),
        })
      : undefined;
    const baseSha = inputs.baseRef ?? ctx.baseSha;
    if (!baseSha)
      throw new Error(
        "nothing to compare with: run on pull_request, merge_group or push events, or set the base-ref input",
      );
    // Before anything is read from the workspace: it must be what the event is about (SECURITY.md).
    if (pr) verifyCheckout(ctx.workspace, pr.headSha, pr.number);
    else if (ctx.headSha) verifyCommit(ctx.workspace, ctx.headSha, ctx.eventName);
    const base: BaseCommit = { sha: baseSha, workspace: ctx.workspace, host, log: core.info };
    const config = await baseConfig(inputs.config, base);
    const { failOn } = resolveSettings(inputs, config);
    const maxBytes = config.maxDocumentSize ?? DEFAULT_MAX_DOCUMENT_BYTES;

    // Generated documents or a published base (docs/sources.md); undefined: the repository's.
    const alternate = await alternateSides(inputs, ctx, baseSha, config);
    if (alternate) dispose = alternate.dispose;
    const head = alternate?.head ?? headSource(ctx.workspace, inputs.documents);
    const pull = pr && host ? await readPullRequest(host) : undefined;
    const owns = documentsMatcher(inputs.documents);
    const target = {
      host: pr && host,
      headSha: pr?.headSha,
      files: pull?.files,
      comment: inputs.comment,
      key: stickyKey(inputs),
      owns,
      workspace: ctx.workspace,
      tempDir: ctx.tempDir,
    };

    // The shortcut needs the whole file list. The head it loads is the one the check judges:
    // each head document is parsed once per run.
    // Not with generated documents or a published base: what changed is not in the diff.
    const parsedHead =
      !alternate && pull?.complete
        ? loadSide(head.files, { duplicates: "all", maxBytes: config.maxDocumentSize })
        : undefined;
    if (
      pull?.files &&
      parsedHead &&
      !(await changesOrd(
        pull.files,
        { source: head, side: parsedHead },
        config.definitions,
        owns,
        (file) => readBaseFile(base, file, maxBytes),
      ))
    ) {
      // Unchanged paths are the same on both sides, and no changed one is a base document.
      const noDocuments = () => (hasDocuments(head) ? undefined : onNoDocuments(inputs, baseSha));
      warnIdleGlobs(inputs.documents, head);
      await passWithoutOrdChanges(failOn, noDocuments, target);
      return;
    }

    const approval = await approvalOf(host, ctx, inputs.approvalLabel, pull);
    if (approval.stale) core.notice(approval.stale);
    // Every path whose base version the pull request touched, not only the removed ones: a
    // document replaced by a symlink is listed as modified, and the head walk follows no symlink.
    const touched = changedBasePaths(pull?.files ?? []);
    const basePaths = [...new Set([...head.files.map((f) => f.rel), ...touched])];
    const gitAdvice = `base commit ${baseSha} is not in the checkout: documents the pull request removes could be missed. Let git reach the base commit (actions/checkout with persist-credentials, or fetch-depth: 0).`;
    const incomplete =
      pull && !pull.complete
        ? pull.files
          ? `GitHub lists only ${pull.files.length} of the pull request's ${pull.changedFiles ?? "unknown number of"} changed files, and ${gitAdvice}`
          : `GitHub did not list the pull request's changed files, and ${gitAdvice}`
        : undefined;
    // Base files are named `<sha7>:<path>`, so base-located findings never read as head lines.
    const baseSide =
      alternate?.base ??
      filterSource(await baseSource(base, basePaths, incomplete), inputs.documents);
    warnIdleGlobs(inputs.documents, head, baseSide);
    timings = new Timings();
    const report = checkSources(
      { base: baseSide, head },
      {
        config,
        failOn: inputs.failOn,
        // A push is an audit: every entity of the head is judged, not only what changed.
        scope: ctx.audit ? "all" : undefined,
        schema: await baseSchema(inputs.schema, base),
        approvalLabel: approval.approved ? inputs.approvalLabel : undefined,
        parsedHead,
        onPhase: timings.record,
      },
    );
    const approvalNote = approval.approved
      ? `The label \`${inputs.approvalLabel}\` approves breaking changes: errors of ${config.approvalRules.map((r) => `\`${r}\``).join(", ")} are reported as warnings.`
      : undefined;
    // Counted only when nothing was found (cheap then): documents without entities are documents.
    const noDocuments =
      report.summary.entities === 0 && report.findings.length === 0 && !hasDocuments(baseSide, head)
        ? onNoDocuments(inputs, baseSha)
        : undefined;
    const note =
      [noDocuments, approvalNote ?? approval.stale].filter(Boolean).join(" ") || undefined;

    // Findings reach the runner before any GitHub write can fail. The JSON report names a base
    // location as the CLI does, by its path and the base commit (docs/report.md); the surfaces
    // below keep the `<sha7>:` label, by which they tell base lines from head lines.
    const label = alternate?.baseLabel ?? baseLabel(baseSha);
    const commitLabelled = label === baseLabel(baseSha);
    await timings.time("output", async () => {
      writeOutputs(commitLabelled ? locateInBase(report, label, baseSha) : report, ctx.tempDir);
      await writeJobSummary(report, note);
      annotate(report, label);
    });
    // GitHub's time (the review and the summary comment, retries and rate-limit waits included)
    // is told apart from the check's in the debug log.
    await timings.time("publish", () =>
      publishToPullRequest(report, {
        ...target,
        note,
        base: { label, read: (file) => baseSide.read(file) },
      }),
    );
    core.debug(timings.line());
    reportVerdict(report);
  } catch (error) {
    // The steps that ran are told also when a later one failed (writing the outputs, say).
    if (timings) core.debug(timings.line());
    core.setFailed(errorMessage(error));
  } finally {
    dispose();
  }
}
