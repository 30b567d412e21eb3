/**
 * The `if-no-documents` input: a run that found no ORD document in base or head checked
 * nothing, which a gate must not pass off as "0 entities" without saying so.
 */
import * as core from "@actions/core";
import { hasDocumentCandidates } from "../ord/documents.js";
import type { SideSource } from "../ord/sources.js";
import type { ActionInputs } from "./inputs.js";
import { documentsMatcher } from "./sources.js";

export const hasDocuments = (...sides: SideSource[]): boolean =>
  sides.some((side) => hasDocumentCandidates(side.files));

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
export function onNoDocuments(inputs: ActionInputs, baseSha: string): string | undefined {
  const message = noDocumentsMessage(inputs, baseSha);
  if (inputs.ifNoDocuments === "error") throw new Error(message);
  if (inputs.ifNoDocuments === "ignore") {
    core.info(message);
    return undefined;
  }
  core.warning(message);
  return message;
}

/** The `documents` input's default (action.yml): a repository without JSONC files made no typo. */
const DEFAULT_GLOBS = new Set(["**/*.json", "**/*.jsonc"]);

/**
 * Warns of each `documents` glob that selects no file on either side while another glob does (when
 * none does, if-no-documents speaks): a typo in one of several globs would check less than asked,
 * without a word. The default globs are never named. The CLI refuses such a `--head` glob
 * (src/cli/head-globs.ts).
 */
export function warnIdleGlobs(globs: readonly string[], ...sides: SideSource[]): void {
  const selects = (glob: string): boolean => {
    const matches = documentsMatcher([glob]);
    return sides.some((side) => side.files.some((file) => matches(file.rel)));
  };
  const idle = globs.filter((glob) => !selects(glob));
  if (idle.length === globs.length) return;
  for (const glob of idle) {
    if (DEFAULT_GLOBS.has(glob)) continue;
    core.warning(
      `The documents glob "${glob}" matches no .json or .jsonc file in the base commit or the pull request, so nothing it was meant to select was checked: correct it, or remove it.`,
    );
  }
}
