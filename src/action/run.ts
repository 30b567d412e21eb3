import { createHash } from "node:crypto";
import * as core from "@actions/core";
import { checkSources } from "../check.js";
import { yaml } from "../lazy.js";
import {
  DEFAULT_CONFIG_PATH,
  EMPTY_CONFIG,
  MAX_CONFIG_BYTES,
  parseConfig,
  resolveSettings,
  type Config,
} from "../config.js";
import { createClient, errorMessage, type GitHub } from "../github/client.js";
import { buildReport } from "../report/build.js";
import { readContext, readInputs, type ActionInputs, type RunContext } from "./inputs.js";
import {
  annotate,
  publishToPullRequest,
  writeJobSummary,
  writeOutputs,
  type PublishTarget,
} from "./publish.js";
import { documentSchemaFromText, MAX_SCHEMA_BYTES, type DocumentSchema } from "../ord/schema.js";
import { DEFAULT_MAX_DOCUMENT_BYTES, hasDocumentCandidates } from "../ord/documents.js";
import { baseLabel, readBoundedFile, type SideSource } from "../ord/sources.js";
import { labelAddedAt } from "../github/label-events.js";
import {
  approvalForHead,
  changedBasePaths,
  holdsBaseDocument,
  isCompleteList,
  removedPaths,
  verifyCheckout,
  type PullFile,
} from "./integrity.js";
import {
  baseSource,
  documentsMatcher,
  filterSource,
  headSource,
  ordPaths,
  readBaseFile,
} from "./sources.js";

/** Reads from GitHub that may fail (e.g. a stand-in outage): undefined, and the run goes on. */
async function tryRead<T>(what: string, read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    core.warning(`could not read ${what} from GitHub: ${errorMessage(error)}`);
    return undefined;
  }
}

/** One key per job configuration, so two jobs of a monorepo keep separate summary comments. */
function stickyKey(inputs: ActionInputs): string {
  const identity = `${inputs.config ?? ""}\n${inputs.documents.join("\n")}`;
  return createHash("sha256").update(identity).digest("hex").slice(0, 12);
}

/** Whether the listed files touch a head ORD path, or remove (or rename away) a JSON file. */
function touchesOrd(files: PullFile[], ordFiles: Set<string>): boolean {
  return (
    files.some((f) => ordFiles.has(f.filename)) ||
    removedPaths(files).some((p) => /\.jsonc?$/i.test(p))
  );
}

/**
 * The message of a run that found no ORD document in base or head (if-no-documents): nothing
 * was checked, which a gate must not pass off as "0 entities" without saying so.
 */
function noDocumentsMessage(inputs: ActionInputs, baseSha: string): string {
  const globs = inputs.documents.length > 0 ? inputs.documents.join(", ") : "every JSON file";
  return (
    `No ORD documents: the documents globs (${globs}) match no file with ` +
    `"openResourceDiscovery" in the base commit ${baseSha.slice(0, 7)} or in the pull request, ` +
    `so nothing was checked. Documents generated at build time are not in the repository and ` +
    `cannot be checked: commit them or point \`documents\` at them. ` +
    `Set if-no-documents to error to fail the check in this case, or ignore to silence this.`
  );
}

/** Applies if-no-documents: throws on error, warns (and returns the note) on warn. */
function onNoDocuments(inputs: ActionInputs, baseSha: string): string | undefined {
  const message = noDocumentsMessage(inputs, baseSha);
  if (inputs.ifNoDocuments === "error") throw new Error(message);
  if (inputs.ifNoDocuments === "ignore") {
    core.info(message);
    return undefined;
  }
  core.warning(message);
  return message;
}

const hasDocuments = (...sides: SideSource[]): boolean =>
  sides.some((side) => hasDocumentCandidates(side.files));

async function liveLabels(client: GitHub | undefined, ctx: RunContext): Promise<string[]> {
  const pr = ctx.pullRequest;
  if (!pr) return [];
  // The event payload is stale on a rerun after (un)labelling: ask the API, fall back to it.
  const live = client
    ? await tryRead("the pull request's labels", () =>
        client.paginate(client.rest.issues.listLabelsOnIssue, {
          owner: ctx.owner,
          repo: ctx.repo,
          issue_number: pr.number,
          per_page: 100,
        }),
      )
    : undefined;
  return live ? live.map((l) => l.name) : pr.labels;
}

/** Whether the approval label on the pull request was given for the head this run checks. */
async function approvesHead(
  client: GitHub | undefined,
  ctx: RunContext,
  label: string,
  headPushedAt: string | null | undefined,
): Promise<boolean> {
  const pr = ctx.pullRequest;
  if (!pr) return false;
  const event = { approvalLabel: label, action: pr.action, label: pr.label };
  if (approvalForHead(event)) return true;
  const labeledAt = client
    ? await tryRead("the pull request's label events", () =>
        labelAddedAt(client, { owner: ctx.owner, repo: ctx.repo, issue_number: pr.number }, label),
      )
    : undefined;
  return approvalForHead({ ...event, labeledAt, headPushedAt });
}

/**
 * The config as the base commit has it: the pull request is judged by the rules it is merged
 * into, so it cannot switch off its own gate (`fail-on: never`, rules off, ignores). A change to
 * the config takes effect once merged, and a notice says so.
 */
async function baseConfig(
  inputs: ActionInputs,
  baseSha: string,
  ctx: RunContext,
  client: GitHub | undefined,
): Promise<Config> {
  const file = inputs.config ?? DEFAULT_CONFIG_PATH;
  const log = (line: string): void => core.info(line);
  const text = await readBaseFile(baseSha, file, ctx.workspace, client, ctx, log, MAX_CONFIG_BYTES);
  let head: string | undefined;
  try {
    // Only to say whether it differs: the head's file may be a FIFO or a link to /dev/zero.
    head = readBoundedFile(file, ctx.workspace, MAX_CONFIG_BYTES).toString("utf8");
  } catch {
    head = undefined;
  }
  if (head !== text) {
    core.notice(
      `${file} differs in this pull request; the check uses the base commit's version until it is merged.`,
    );
  }
  if (text === undefined) return EMPTY_CONFIG;
  try {
    return parseConfig(yaml().parse(text) ?? {}, file);
  } catch (error) {
    throw new Error(`cannot read config ${file} of the base commit: ${errorMessage(error)}`);
  }
}

/**
 * The `schema` input as the base commit has it, like the config: the pull request could replace
 * its head copy with `{}`, a pattern that backtracks for ever, or a link to a runner file. When
 * the base has no such file (the pull request adds it), the bundled schema applies until merged.
 */
async function baseSchema(
  inputs: ActionInputs,
  baseSha: string,
  ctx: RunContext,
  client: GitHub | undefined,
): Promise<DocumentSchema | undefined> {
  const file = inputs.schema;
  if (!file || file === "bundled") return undefined;
  const log = (line: string): void => core.info(line);
  const text = await readBaseFile(baseSha, file, ctx.workspace, client, ctx, log, MAX_SCHEMA_BYTES);
  if (text === undefined) {
    core.notice(
      `${file} is not in the base commit; the bundled ORD schema applies until it is merged.`,
    );
    return undefined;
  }
  return documentSchemaFromText(text, `${baseLabel(baseSha)}${file}`);
}

/** The Action: gather inputs, run the same check() as the CLI, publish, set the exit code. */
export async function run(): Promise<void> {
  try {
    const inputs = readInputs();
    if (inputs.token) core.setSecret(inputs.token);
    const ctx = readContext();
    const client = inputs.token
      ? createClient(inputs.token, ctx.apiUrl, (line) => core.info(line))
      : undefined;
    const pr = ctx.pullRequest;
    const baseSha = inputs.baseRef ?? pr?.baseSha;
    if (!baseSha)
      throw new Error(
        "nothing to compare with: run on pull_request events or set the base-ref input",
      );
    // Before anything is read from the workspace: it must be the pull request (SECURITY.md).
    if (pr) verifyCheckout(ctx.workspace, pr.headSha, pr.number);
    const config = await baseConfig(inputs, baseSha, ctx, client);

    const head = headSource(ctx.workspace, inputs.documents);
    const prRef = pr && { owner: ctx.owner, repo: ctx.repo, pull_number: pr.number };
    const files: PullFile[] | undefined =
      prRef && client
        ? await tryRead("the pull request's files", () =>
            client.paginate(client.rest.pulls.listFiles, { ...prRef, per_page: 100 }),
          )
        : undefined;
    // The files API stops at 3,000 files; changed_files says how many there are.
    const pull =
      prRef && client
        ? await tryRead("the pull request", async () => (await client.rest.pulls.get(prRef)).data)
        : undefined;
    const complete = files !== undefined && isCompleteList(files, pull?.changed_files);
    if (files && !complete) {
      core.info(
        `GitHub lists ${files.length} of the pull request's ${pull?.changed_files ?? "unknown number of"} changed files: the whole check runs.`,
      );
    }
    const owns = documentsMatcher(inputs.documents);
    const target = (note?: string): PublishTarget => ({
      client,
      pr: prRef && pr ? { ...prRef, headSha: pr.headSha } : undefined,
      files,
      comment: inputs.comment,
      key: stickyKey(inputs),
      owns,
      workspace: ctx.workspace,
      tempDir: ctx.tempDir,
      note,
    });
    // The shortcut needs the whole file list, and both sides' documents: the head's (and the
    // definitions they reference), and any base document at a path the pull request changes,
    // removes or renames away (it may be no document, or no longer matched, in the head).
    if (
      files &&
      complete &&
      !touchesOrd(files, ordPaths(head, config.definitions)) &&
      !(await holdsBaseDocument(
        changedBasePaths(files).filter((p) => owns(p) && /\.jsonc?$/i.test(p)),
        (file) =>
          readBaseFile(
            baseSha,
            file,
            ctx.workspace,
            client,
            ctx,
            (l) => core.info(l),
            config.maxDocumentSize ?? DEFAULT_MAX_DOCUMENT_BYTES,
          ),
      ))
    ) {
      core.info(
        "No ORD changes: this pull request touches no ORD document and no definition file they reference.",
      );
      // Unchanged paths are the same on both sides, and no changed one is a base document.
      const noDocuments = hasDocuments(head) ? undefined : onNoDocuments(inputs, baseSha);
      const report = buildReport([], [], resolveSettings(inputs, config).failOn);
      writeOutputs(report, ctx.tempDir);
      await core.summary
        .addRaw(
          `## ORD version check: ✅ pass\n\nNo ORD changes in this pull request.\n${noDocuments ? `\n> ${noDocuments}\n` : ""}`,
          true,
        )
        .write();
      // An earlier push may have had ORD changes: its summary comment and review comments must
      // not go on showing findings that are gone. Update them; start nothing new on this PR.
      await publishToPullRequest(report, {
        ...target("No ORD changes in this pull request."),
        updateOnly: true,
      });
      return;
    }

    const labelled = (await liveLabels(client, ctx)).includes(inputs.approvalLabel);
    const approved =
      labelled &&
      (await approvesHead(client, ctx, inputs.approvalLabel, pull?.head.repo?.pushed_at));
    const staleApproval =
      labelled && !approved
        ? `The label \`${inputs.approvalLabel}\` was added before the latest push to the pull request (or when cannot be told), so it does not approve the changes as they are now: remove it and add it again to approve them.`
        : undefined;
    if (staleApproval) core.notice(staleApproval);
    const removed = removedPaths(files ?? []);
    const basePaths = [...new Set([...head.files.map((f) => f.rel), ...removed])];
    const incomplete =
      files && !complete
        ? `GitHub lists only ${files.length} of the pull request's ${pull?.changed_files ?? "unknown number of"} changed files, and base commit ${baseSha} is not in the checkout: documents the pull request removes could be missed. Let git reach the base commit (actions/checkout with persist-credentials, or fetch-depth: 0).`
        : undefined;
    // Base files are named `<sha7>:<path>`, so base-located findings never read as head lines.
    const base = filterSource(
      await baseSource(
        baseSha,
        ctx.workspace,
        basePaths,
        client,
        ctx,
        (line) => core.info(line),
        incomplete,
      ),
      inputs.documents,
    );
    const report = checkSources(
      { base, head },
      {
        config,
        failOn: inputs.failOn,
        schema: await baseSchema(inputs, baseSha, ctx, client),
        approvalLabel: approved ? inputs.approvalLabel : undefined,
      },
    );
    const approvalNote = approved
      ? `The label \`${inputs.approvalLabel}\` approves breaking changes: errors of ${config.approvalRules.map((r) => `\`${r}\``).join(", ")} are reported as warnings.`
      : undefined;
    // Counted only when nothing was found (cheap then): documents without entities are documents.
    const noDocuments =
      report.summary.entities === 0 && report.findings.length === 0 && !hasDocuments(base, head)
        ? onNoDocuments(inputs, baseSha)
        : undefined;
    const note =
      [noDocuments, approvalNote ?? staleApproval].filter(Boolean).join(" ") || undefined;

    // Findings reach the runner before any GitHub write can fail.
    writeOutputs(report, ctx.tempDir);
    await writeJobSummary(report, note);
    annotate(report, baseLabel(baseSha));
    await publishToPullRequest(report, {
      ...target(note),
      base: { label: baseLabel(baseSha), read: (file) => base.read(file) },
    });
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
  } catch (error) {
    core.setFailed(errorMessage(error));
  }
}
