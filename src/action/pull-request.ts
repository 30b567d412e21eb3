/**
 * What the Action reads about the pull request from GitHub. Every read may fail (a stand-in
 * outage, a fork's token): it is then a warning and the run goes on with less, erring towards
 * running the whole check and not approving (SECURITY.md, "What the gate guarantees").
 */
import * as core from "@actions/core";
import { errorMessage } from "../github/client.js";
import { sameLogin } from "../github/label-events.js";
import type { PullFile, PullRequestHost } from "../github/host.js";
import type { RunContext } from "./inputs.js";
import { approvalForHead, isCompleteList } from "./integrity.js";

/** A read from GitHub that may fail: undefined then, and the run goes on. */
export async function tryRead<T>(what: string, read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    core.warning(`could not read ${what} from GitHub: ${errorMessage(error)}`);
    return undefined;
  }
}

/** The pull request as GitHub lists it. */
export interface PullListing {
  /** The files, when they could be read. */
  files?: PullFile[];
  /** How many files it changes (unknown when the pull request could not be read). */
  changedFiles?: number;
  headPushedAt?: string | null;
  author?: string;
  /** Whether `files` is the whole pull request (the files API stops at 3,000). */
  complete: boolean;
}

export async function readPullRequest(host: PullRequestHost): Promise<PullListing> {
  const files = await tryRead("the pull request's files", () => host.files());
  const facts = await tryRead("the pull request", () => host.pullRequest());
  const complete = files !== undefined && isCompleteList(files, facts?.changedFiles);
  if (files && !complete) {
    core.info(
      `GitHub lists ${files.length} of the pull request's ${facts?.changedFiles ?? "unknown number of"} changed files: the whole check runs.`,
    );
  }
  return { files, ...facts, complete };
}

/** Whether the approval label approves this run's head, and why not when it is on the PR. */
export interface Approval {
  approved: boolean;
  /** The label is there but older than the latest push (or unreadable): a notice says so. */
  stale?: string;
}

/**
 * The approval label of the pull request this run is for: the event's, or on merge_group the
 * queued one's (named by the queue's branch; no payload there, the API tells). `pull` is what
 * readPullRequest found, if it ran.
 */
export async function approvalOf(
  host: PullRequestHost | undefined,
  ctx: RunContext,
  label: string,
  pull: PullListing | undefined,
): Promise<Approval> {
  const queued = ctx.queuedPullRequest === undefined ? undefined : { labels: [] };
  const pr: RunContext["pullRequest"] | { labels: string[] } | undefined =
    ctx.pullRequest ?? queued;
  if (!pr) return { approved: false };
  // The event payload is stale on a rerun after (un)labelling: ask the API. Without a token
  // the payload is all there is; with one, labels GitHub failed to list approve nothing: a
  // labeled event's payload always has the label, which may have been removed since.
  const live = host && (await tryRead("the pull request's labels", () => host.labels()));
  if (host && live === undefined) {
    if (!pr.labels.includes(label)) return { approved: false };
    return {
      approved: false,
      stale: `The labels of the pull request could not be read from GitHub, so it cannot be told whether \`${label}\` is still on it: it does not approve this run. Re-run the job to apply it.`,
    };
  }
  if (!(live ?? pr.labels).includes(label)) return { approved: false };
  const payload: Partial<NonNullable<RunContext["pullRequest"]>> = ctx.pullRequest ?? {};
  const facts = pull ?? (host && (await tryRead("the pull request", () => host.pullRequest())));
  // An approval is someone else's: the author's own label approves nothing (as GitHub lets no
  // author approve their own pull request). Unknown author: nothing tells, nothing approves.
  const author = payload.author ?? facts?.author;
  const stale = {
    approved: false,
    stale: `The label \`${label}\` was added before the latest push to the pull request, or by its author (or when or by whom cannot be told), so it does not approve the changes as they are now: someone other than the author must remove it and add it again to approve them.`,
  };
  if (author === undefined) return stale;
  const event = {
    approvalLabel: label,
    action: payload.action,
    label: payload.label,
    byAuthor: sameLogin(payload.sender, author),
  };
  if (approvalForHead(event)) return { approved: true };
  const labeledAt =
    host &&
    (await tryRead("the pull request's label events", () => host.labelAddedAt(label, author)));
  if (approvalForHead({ ...event, labeledAt, headPushedAt: facts?.headPushedAt }))
    return { approved: true };
  return stale;
}
