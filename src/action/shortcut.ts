/**
 * The "no ORD changes" shortcut: a pull request that touches no ORD document, no file that
 * would be one, and no definition file they reference passes at once. It needs the whole file
 * list and both sides (SECURITY.md, "What the gate guarantees"); run.ts decides when to try it.
 */
import * as core from "@actions/core";
import type { DefinitionMapping } from "../compare/definitions.js";
import type { PullFile } from "../github/host.js";
import type { Side } from "../ord/documents.js";
import type { SideSource } from "../ord/sources.js";
import { buildReport } from "../report/build.js";
import type { FailOn } from "../types.js";
import { changedBasePaths, holdsBaseDocument, removedPaths } from "./integrity.js";
import { publishToPullRequest, writeOutputs, type PublishTarget } from "./publish.js";
import { ordFiles } from "./sources.js";

const isJson = (path: string): boolean => /\.jsonc?$/i.test(path);

/**
 * Whether the pull request's `files` may change what the check judges: a head ORD path (the
 * head's documents, loaded as `side`, and what they reference), a removed JSON file, or any base
 * document at a path it changes, removes or renames away (which may be no document, or no
 * longer matched, in the head).
 */
export async function changesOrd(
  files: PullFile[],
  head: { source: SideSource; side: Side },
  mappings: readonly DefinitionMapping[],
  owns: (path: string) => boolean,
  readBase: (path: string) => Promise<string | undefined>,
): Promise<boolean> {
  const ord = ordFiles(head.source, head.side, mappings);
  if (files.some((f) => ord.paths.has(f.filename))) return true;
  const named = (path: string | undefined): boolean =>
    path !== undefined && ord.unresolvedNames.has(path.slice(path.lastIndexOf("/") + 1));
  if (files.some((f) => named(f.filename) || named(f.previous_filename))) return true;
  if (removedPaths(files).some(isJson)) return true;
  const changed = changedBasePaths(files).filter((p) => owns(p) && isJson(p));
  return holdsBaseDocument(changed, readBase);
}

/**
 * Passes a pull request without ORD changes: outputs, a short job summary, and the summary
 * and review comments of an earlier push brought up to date (their findings may be gone);
 * nothing new is started on the pull request.
 */
export async function passWithoutOrdChanges(
  failOn: FailOn,
  /** Applies if-no-documents (it may throw); the note for the summary, if any. */
  noDocuments: () => string | undefined,
  target: PublishTarget,
): Promise<void> {
  core.info(
    "No ORD changes: this pull request touches no ORD document and no definition file they reference.",
  );
  const note = noDocuments();
  const report = buildReport([], [], failOn);
  writeOutputs(report, target.tempDir);
  await core.summary
    .addRaw(
      `## ORD version check: ✅ pass\n\nNo ORD changes in this pull request.\n${note ? `\n> ${note}\n` : ""}`,
      true,
    )
    .write();
  await publishToPullRequest(report, {
    ...target,
    note: "No ORD changes in this pull request.",
    updateOnly: true,
  });
}
