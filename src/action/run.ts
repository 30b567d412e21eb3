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
import { baseLabel, readBoundedFile } from "../ord/sources.js";
import {
  baseSource,
  documentsMatcher,
  filterSource,
  headSource,
  ordPaths,
  readBaseFile,
} from "./sources.js";

type PullFile = { filename: string; status: string; patch?: string };

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

function touchesOrd(files: PullFile[], ordFiles: Set<string>): boolean {
  return files.some(
    (f) => ordFiles.has(f.filename) || (f.status === "removed" && /\.jsonc?$/i.test(f.filename)),
  );
}

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
    const config = await baseConfig(inputs, baseSha, ctx, client);

    const head = headSource(ctx.workspace, inputs.documents);
    const prRef = pr && { owner: ctx.owner, repo: ctx.repo, pull_number: pr.number };
    const files =
      prRef && client
        ? await tryRead("the pull request's files", () =>
            client.paginate(client.rest.pulls.listFiles, { ...prRef, per_page: 100 }),
          )
        : undefined;
    const target = (note?: string): PublishTarget => ({
      client,
      pr: prRef && pr ? { ...prRef, headSha: pr.headSha } : undefined,
      files,
      comment: inputs.comment,
      key: stickyKey(inputs),
      owns: documentsMatcher(inputs.documents),
      workspace: ctx.workspace,
      tempDir: ctx.tempDir,
      note,
    });
    if (files && !touchesOrd(files, ordPaths(head, config.definitions))) {
      core.info(
        "No ORD changes: this pull request touches no ORD document and no definition file they reference.",
      );
      const report = buildReport([], [], resolveSettings(inputs, config).failOn);
      writeOutputs(report, ctx.tempDir);
      await core.summary
        .addRaw("## ORD version check: ✅ pass\n\nNo ORD changes in this pull request.\n", true)
        .write();
      // An earlier push may have had ORD changes: its summary comment and review comments must
      // not go on showing findings that are gone. Update them; start nothing new on this PR.
      await publishToPullRequest(report, {
        ...target("No ORD changes in this pull request."),
        updateOnly: true,
      });
      return;
    }

    const approved = (await liveLabels(client, ctx)).includes(inputs.approvalLabel);
    const removed = (files ?? []).filter((f) => f.status === "removed").map((f) => f.filename);
    const basePaths = [...new Set([...head.files.map((f) => f.rel), ...removed])];
    // Base files are named `<sha7>:<path>`, so base-located findings never read as head lines.
    const base = filterSource(
      await baseSource(baseSha, ctx.workspace, basePaths, client, ctx, (line) => core.info(line)),
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

    // Findings reach the runner before any GitHub write can fail.
    writeOutputs(report, ctx.tempDir);
    await writeJobSummary(report, approvalNote);
    annotate(report, baseLabel(baseSha));
    await publishToPullRequest(report, target(approvalNote));
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
