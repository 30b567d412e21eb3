import * as core from "@actions/core";
import { isGitRevision } from "../ord/sources.js";
import type { FailOn } from "../types.js";

export type CommentMode = "review" | "summary" | "none";
/** What a run with no ORD document in base or head does (like upload-artifact's if-no-files-found). */
export type IfNoDocuments = "error" | "warn" | "ignore";

/** The Action's inputs, parsed once into a typed object (empty strings become undefined). */
export interface ActionInputs {
  token: string;
  documents: string[];
  baseRef?: string;
  config?: string;
  failOn?: FailOn;
  comment: CommentMode;
  approvalLabel: string;
  schema?: string;
  ifNoDocuments: IfNoDocuments;
}

const optional = (name: string): string | undefined => core.getInput(name).trim() || undefined;

function oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
  const value = optional(name);
  if (value !== undefined && !(allowed as readonly string[]).includes(value)) {
    throw new Error(`input ${name} must be one of ${allowed.join(", ")} (got "${value}")`);
  }
  return value as T | undefined;
}

/** The base reaches `git fetch` and `git cat-file`: an option there could run a command. */
function revision(value: string | undefined): string | undefined {
  if (value !== undefined && !isGitRevision(value)) {
    throw new Error(
      `input base-ref must be a commit SHA or a ref name that does not start with "-" (got "${value}")`,
    );
  }
  return value;
}

export function readInputs(): ActionInputs {
  return {
    token: core.getInput("github-token"),
    documents: (optional("documents") ?? "")
      .split(/[\n,]/)
      .map((glob) => glob.trim())
      .filter((glob) => glob !== ""),
    baseRef: revision(optional("base-ref")),
    config: optional("config"),
    failOn: oneOf<FailOn>("fail-on", ["error", "warning", "notice", "never"]),
    comment: oneOf<CommentMode>("comment", ["review", "summary", "none"]) ?? "review",
    approvalLabel: optional("approval-label") ?? "ord-breaking-change-approved",
    schema: optional("schema"),
    ifNoDocuments: oneOf<IfNoDocuments>("if-no-documents", ["error", "warn", "ignore"]) ?? "warn",
  };
}

export { readContext, type RunContext } from "./context.js";
