import * as core from "@actions/core";
import { generateTimeoutMs } from "../ord/generate.js";
import { isPublishedBase } from "../ord/published.js";
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
  /** The published base (docs/sources.md): the ORD configuration URL, its hosts, a header. */
  baseUrl?: string;
  allowHosts: string[];
  baseHeader?: string;
  /** A command writing the documents, run in the head and in a worktree of the base commit. */
  generate?: string;
  generateTimeoutMs: number;
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

/** The inputs of docs/sources.md; a header is masked in the log before anything can print it. */
function sourceInputs(): Pick<
  ActionInputs,
  "baseUrl" | "allowHosts" | "baseHeader" | "generate" | "generateTimeoutMs"
> {
  const baseHeader = optional("base-header");
  if (baseHeader) {
    core.setSecret(baseHeader);
    const value = baseHeader.slice(baseHeader.indexOf(":") + 1).trim();
    if (value) core.setSecret(value);
  }
  const baseUrl = optional("base-url");
  const allowHosts = (optional("allow-hosts") ?? "")
    .split(/[\n,\s]+/)
    .filter((host) => host !== "");
  if (baseUrl && !isPublishedBase(baseUrl)) {
    throw new Error(`input base-url must be an http(s) URL (got "${baseUrl}")`);
  }
  if (baseUrl && allowHosts.length === 0) {
    throw new Error("input base-url needs allow-hosts: no host is contacted unless allowed");
  }
  return {
    baseUrl,
    allowHosts,
    baseHeader,
    generate: optional("generate"),
    generateTimeoutMs: generateTimeoutMs(optional("generate-timeout"), "input generate-timeout"),
  };
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
    ...sourceInputs(),
  };
}

export { readContext, type RunContext } from "./context.js";
