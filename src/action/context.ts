/**
 * What the run needs from the event and the runner's environment. Three events have commits to
 * compare (README, "Workflows"):
 * - `pull_request`: the pull request's base and head;
 * - `merge_group` (a merge queue's required check): `merge_group.base_sha` and `head_sha`;
 * - `push`: an audit of the pushed commit (`after`) against the one before it (`before`).
 */
import { readFileSync } from "node:fs";

export interface RunContext {
  eventName: string;
  workspace: string;
  /** The REST API (GITHUB_API_URL): api.github.com, or `<host>/api/v3` on GitHub Enterprise Server. */
  apiUrl: string;
  /** The web (GITHUB_SERVER_URL): github.com, or the GitHub Enterprise Server's own. */
  serverUrl: string;
  owner: string;
  repo: string;
  tempDir: string;
  /** The commit the event compares with, when it names one (base-ref overrides it). */
  baseSha?: string;
  /** The commit the event is about: the workspace must hold it. */
  headSha?: string;
  pullRequest?: {
    number: number;
    baseSha: string;
    headSha: string;
    labels: string[];
    /** The event's `action` (synchronize, labeled...) and, on labeled/unlabeled, its label. */
    action?: string;
    label?: string;
    /** The pull request's author and who caused the event (on labeled: who added the label). */
    author?: string;
    sender?: string;
  };
  /** merge_group: the pull request the queue entry merges (named by its head ref). */
  queuedPullRequest?: number;
  /** push: every entity of the head is judged (`scope: all`), not only what changed. */
  audit: boolean;
}

interface EventPayload {
  action?: string;
  label?: { name?: string };
  sender?: { login?: string };
  pull_request?: {
    number: number;
    user?: { login?: string };
    base: { sha: string };
    head: { sha: string };
    labels?: { name: string }[];
  };
  merge_group?: { base_sha?: string; head_sha?: string; head_ref?: string };
  before?: string;
  after?: string;
}

/** GitHub writes a SHA there; anything else is refused before it can reach git. */
function sha(value: unknown, what: string): string {
  if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/i.test(String(value)))
    throw new Error(`the ${what} event is not a commit SHA`);
  return String(value);
}

/** A push that creates a branch has no `before`: GitHub sends zeros. */
const NO_COMMIT = /^0+$/;

/** A merge queue's branch: `gh-readonly-queue/<base branch>/pr-<number>-<head sha>`. */
const QUEUE_REF = /gh-readonly-queue\/.+\/pr-(\d+)-[0-9a-f]+$/;

export function readContext(env: NodeJS.ProcessEnv = process.env): RunContext {
  const [owner = "", repo = ""] = (env.GITHUB_REPOSITORY ?? "").split("/");
  const eventName = env.GITHUB_EVENT_NAME ?? "";
  const event = env.GITHUB_EVENT_PATH
    ? (JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, "utf8")) as EventPayload)
    : {};
  const context: RunContext = {
    eventName,
    workspace: env.GITHUB_WORKSPACE ?? process.cwd(),
    apiUrl: env.GITHUB_API_URL ?? "https://api.github.com",
    serverUrl: env.GITHUB_SERVER_URL ?? "https://github.com",
    owner,
    repo,
    tempDir: env.RUNNER_TEMP ?? process.cwd(),
    audit: false,
  };
  const pr = event.pull_request;
  if (pr) {
    const baseSha = sha(pr.base?.sha, "base SHA of the pull_request");
    return {
      ...context,
      baseSha,
      headSha: pr.head.sha,
      pullRequest: {
        number: pr.number,
        baseSha,
        headSha: pr.head.sha,
        labels: (pr.labels ?? []).map((l) => l.name),
        action: event.action,
        label: event.label?.name,
        author: pr.user?.login,
        sender: event.sender?.login,
      },
    };
  }
  const group = event.merge_group;
  if (eventName === "merge_group" && group) {
    const queued = QUEUE_REF.exec(group.head_ref ?? "")?.[1];
    return {
      ...context,
      baseSha: sha(group.base_sha, "base_sha of the merge_group"),
      headSha: sha(group.head_sha, "head_sha of the merge_group"),
      queuedPullRequest: queued === undefined ? undefined : Number(queued),
    };
  }
  if (eventName === "push" && event.after) {
    const after = sha(event.after, "after SHA of the push");
    // A new branch has nothing before it: the audit compares the commit with itself.
    const before =
      event.before && !NO_COMMIT.test(event.before)
        ? sha(event.before, "before SHA of the push")
        : after;
    return { ...context, baseSha: before, headSha: after, audit: true };
  }
  return context;
}
