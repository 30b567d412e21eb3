/**
 * The `if-no-documents` input: a run that found no ORD document in base or head checked
 * nothing, which a gate must not pass off as "0 entities" without saying so.
 */
import * as core from "@actions/core";
import { hasDocumentCandidates } from "../ord/documents.js";
import type { SideSource } from "../ord/sources.js";
import type { ActionInputs } from "./inputs.js";

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
