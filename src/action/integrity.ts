/**
 * What keeps the gate honest against a hostile pull request (SECURITY.md, "What the gate
 * guarantees"): the workspace must be the pull request, the "no ORD changes" shortcut must see
 * the whole pull request on both sides. Plain functions; run.ts wires them to GitHub and git.
 */
import { execFileSync } from "node:child_process";
import type { PullFile } from "../github/host.js";
import { mentionsWord } from "../ord/marker.js";

/**
 * Paths the base commit has and the head no longer has: removed files and the old path of a
 * renamed one (GitHub lists a rename once, as `renamed`, under its new name).
 */
export function removedPaths(files: PullFile[]): string[] {
  return files.flatMap((f) =>
    f.status === "removed"
      ? [f.filename]
      : f.status === "renamed" && f.previous_filename
        ? [f.previous_filename]
        : [],
  );
}

/**
 * Paths whose base version the pull request changes or removes: every listed path except the
 * new ones (added, the target of a copy or a rename), plus the old path of a rename.
 */
export function changedBasePaths(files: PullFile[]): string[] {
  return files.flatMap((f) =>
    f.status === "renamed"
      ? f.previous_filename
        ? [f.previous_filename]
        : []
      : f.status === "added" || f.status === "copied"
        ? []
        : [f.filename],
  );
}

/**
 * Whether the files API listed the whole pull request. It lists at most 3,000 files: a longer
 * pull request can hide any change behind 3,000 others. Unknown `changed_files`: not complete.
 */
export function isCompleteList(files: PullFile[], changedFiles: number | undefined): boolean {
  return changedFiles !== undefined && files.length >= changedFiles;
}

/** More base files than this to look at, and the shortcut is not worth it: the check runs. */
export const MAX_SHORTCUT_BASE_READS = 50;

/**
 * Whether any of `paths` holds an ORD document in the base commit (or might: a file that cannot
 * be read counts). The head side alone cannot tell: a pull request that renames a document out
 * of the globs, or strips its `openResourceDiscovery`, has no ORD document left in the head.
 */
export async function holdsBaseDocument(
  paths: string[],
  readBase: (path: string) => Promise<string | undefined>,
): Promise<boolean> {
  if (paths.length > MAX_SHORTCUT_BASE_READS) return true;
  for (const path of paths) {
    const text = await readBase(path);
    // The same test as loadSide's: a file that never mentions the marker is no ORD document.
    if (text === undefined || mentionsWord(text, "openResourceDiscovery")) return true;
  }
  return false;
}

function gitOutput(args: string[], cwd: string): string {
  return execFileSync("git", args, { cwd, stdio: ["ignore", "pipe", "pipe"] })
    .toString("utf8")
    .trim();
}

function stderrOf(error: unknown): string {
  const stderr = (error as { stderr?: Buffer | string }).stderr;
  const text = stderr ? stderr.toString().trim() : "";
  return text || (error instanceof Error ? error.message : String(error));
}

/**
 * Parents of a commit, read from the commit object itself: in a shallow clone (actions/checkout's
 * default depth 1) `git rev-parse <sha>^@` shows none, the object still names them.
 */
function parentsOf(sha: string, cwd: string): string[] {
  const object = gitOutput(["cat-file", "commit", sha], cwd);
  const end = object.indexOf("\n\n");
  const header = end < 0 ? object : object.slice(0, end);
  return [...header.matchAll(/^parent ([0-9a-f]{40,64})$/gm)].map((m) => m[1]!);
}

/** The commit checked out in `workspace`; else an error saying it cannot be shown to hold `what`. */
function checkedOutCommit(workspace: string, what: string): string {
  try {
    return gitOutput(["rev-parse", "--verify", "HEAD^{commit}"], workspace);
  } catch (error) {
    throw new Error(
      `the workspace ${workspace} is not a git checkout (${stderrOf(error)}), so it cannot be ` +
        `shown to hold ${what}. Add actions/checkout before this step.`,
    );
  }
}

/**
 * Fails unless the workspace holds the pull request: its head commit, or the merge commit GitHub
 * makes of it (refs/pull/N/merge, whose parents include the head; what actions/checkout checks
 * out on pull_request). Anything else (the base branch under pull_request_target with a plain
 * checkout, no checkout at all) would be compared with the base and pass whatever the pull
 * request changes.
 */
export function verifyCheckout(workspace: string, headSha: string, number: number): void {
  const checkedOut = checkedOutCommit(
    workspace,
    `pull request #${number} (head ${headSha}); without it the check would pass whatever the pull request changes`,
  );
  if (checkedOut === headSha) return;
  let parents: string[] = [];
  try {
    parents = parentsOf(checkedOut, workspace);
  } catch {
    parents = [];
  }
  if (parents.length >= 2 && parents.includes(headSha)) return;
  throw new Error(
    `the workspace holds commit ${checkedOut}, which is neither the head of pull request ` +
      `#${number} (${headSha}) nor its merge commit: the check would compare the base with ` +
      `something other than the pull request and pass. Under pull_request_target, ` +
      `actions/checkout checks out the base branch unless told otherwise; run the check on ` +
      `pull_request (see SECURITY.md), or check out refs/pull/${number}/merge.`,
  );
}

/**
 * Fails unless the workspace holds `sha`, the commit a merge_group or push event is about
 * (actions/checkout checks out GITHUB_SHA, which is that commit): judging any other commit would
 * let the queue merge, or the audit pass, what was never checked.
 */
export function verifyCommit(workspace: string, sha: string, eventName: string): void {
  const checkedOut = checkedOutCommit(workspace, `commit ${sha} of the ${eventName} event`);
  if (checkedOut !== sha) {
    throw new Error(
      `the workspace holds commit ${checkedOut}, not commit ${sha} of the ${eventName} event: ` +
        `the check would judge something other than what is merged. Check out the event's ` +
        `commit (actions/checkout's default).`,
    );
  }
}

/**
 * Whether the approval label on the pull request approves the head this run checks. A label
 * approves what the pull request was when it was added, not what is pushed afterwards, and only
 * when someone other than the pull request's author added it:
 * - on the run of its own `labeled` event, it approves the event's head, which is the checked-out
 *   one (verifyCheckout);
 * - on any other run (a push, a re-run, another label), only when GitHub's record of the label
 *   being added (`labeledAt`, issue events) is newer than the last push to the head's repository
 *   (`headPushedAt`, the repository's `pushed_at`). Both are GitHub's clock, not the commit's
 *   dates, which the author sets. `pushed_at` moves with a push to any branch of that
 *   repository, so this errs towards asking for the label again. Unknown: not approved.
 */
export function approvalForHead(input: {
  approvalLabel: string;
  action?: string;
  label?: string;
  /** The labeled event's sender is the pull request's author: their own label is no approval. */
  byAuthor?: boolean;
  /** The label's latest addition by someone other than the author. */
  labeledAt?: string;
  headPushedAt?: string | null;
}): boolean {
  if (input.action === "labeled" && input.label === input.approvalLabel && !input.byAuthor)
    return true;
  if (!input.labeledAt || !input.headPushedAt) return false;
  const labeled = Date.parse(input.labeledAt);
  const pushed = Date.parse(input.headPushedAt);
  // Same second (GitHub's resolution): it cannot be told which came first.
  return Number.isFinite(labeled) && Number.isFinite(pushed) && labeled > pushed;
}
