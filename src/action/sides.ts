/**
 * The Action's sides when the documents are generated (`generate`) or the base is published
 * (`base-url`): docs/sources.md. Undefined when neither input is set, and run() reads both sides
 * from the repository as before.
 */
import * as core from "@actions/core";
import {
  generateBothSides,
  generatorEnv,
  requireGeneratedDocuments,
  runGenerator,
  type Worktree,
} from "../ord/generate.js";
import { publishedLabel, readPublishedSource } from "../ord/published.js";
import { baseLabel, labelBase, readFileSource, type SideSource } from "../ord/sources.js";
import type { Config } from "../config.js";
import type { ActionInputs, RunContext } from "./inputs.js";
import { ensureCommit, filterSource, headSource } from "./sources.js";

export interface AlternateSides {
  base: SideSource;
  head: SideSource;
  /** The prefix of base locations (annotations name them in the text, see annotate). */
  baseLabel: string;
  /** Removes the base worktree; call when the run is over. */
  dispose: () => void;
}

/** The command's output goes into one collapsible group of the log per side. */
async function inGroup<T>(title: string, body: () => Promise<T>): Promise<T> {
  core.startGroup(title);
  try {
    return await body();
  } finally {
    core.endGroup();
  }
}

/** The head after a generate run must hold a document (see requireGeneratedDocuments). */
function generatedHead(ctx: RunContext, inputs: ActionInputs): SideSource {
  const head = headSource(ctx.workspace, inputs.documents);
  if (inputs.generate) requireGeneratedDocuments(head, inputs.generate, "the documents input");
  return head;
}

export async function alternateSides(
  inputs: ActionInputs,
  ctx: RunContext,
  baseSha: string,
  config: Config,
): Promise<AlternateSides | undefined> {
  if (!inputs.baseUrl && !inputs.generate) return undefined;
  const generate = inputs.generate
    ? {
        command: inputs.generate,
        timeoutMs: inputs.generateTimeoutMs,
        log: (line: string) => core.info(line),
        env: generatorEnv(process.env),
      }
    : undefined;
  if (inputs.baseUrl) {
    // Read before anything runs: a base that cannot be read stops the run (exit 2).
    const base = await readPublishedSource({
      url: inputs.baseUrl,
      allowHosts: inputs.allowHosts,
      header: inputs.baseHeader,
      mappings: config.definitions,
    });
    core.info(`Base: the documents published at ${inputs.baseUrl} (${base.files.length}).`);
    if (generate)
      await inGroup(`generate (head): ${generate.command}`, () =>
        runGenerator(ctx.workspace, "head", generate),
      );
    // The documents globs name files of the checkout; every published document is compared.
    return {
      base,
      head: generatedHead(ctx, inputs),
      baseLabel: publishedLabel(inputs.baseUrl),
      dispose: () => {},
    };
  }
  if (!ensureCommit(baseSha, ctx.workspace, (line) => core.info(line))) {
    throw new Error(
      `generate needs the base commit ${baseSha} in the checkout: it could not be fetched (use actions/checkout with fetch-depth: 0)`,
    );
  }
  const worktree: Worktree = await inGroup(`generate (base and head): ${generate!.command}`, () =>
    generateBothSides(baseSha, ctx.workspace, ctx.tempDir, generate!),
  );
  try {
    return {
      base: labelBase(filterSource(readFileSource(".", worktree.cwd), inputs.documents), baseSha),
      head: generatedHead(ctx, inputs),
      baseLabel: baseLabel(baseSha),
      dispose: worktree.remove,
    };
  } catch (error) {
    worktree.remove();
    throw error;
  }
}
