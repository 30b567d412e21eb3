/**
 * The stand-in's data: one repository with pull requests, their files and patches, labels, issue
 * comments, reviews and review comments, file contents per commit, and the tokens it accepts.
 * Tests read and edit it directly (plain fields, camelCase); the routes render it as GitHub JSON.
 */
import { createHash } from "node:crypto";
import { commentableLines, diffHunk, makePatch, type Side } from "./diff.js";

/** The token the stand-in accepts by default: the workflow's GITHUB_TOKEN, a bot with write access. */
export const DEFAULT_TOKEN = "ghs_stand_in_default_token";

/** The GitHub App permissions the stand-in checks (what `permissions:` in a workflow grants). */
export type Permission = "contents" | "issues" | "pull_requests";
/** A permission level; "none" denies reads too. */
export type Access = "none" | "read" | "write";

/** A token the stand-in accepts. */
export interface TokenInfo {
  login: string;
  /** Default: 41898282 (github-actions[bot]) for bots, a number derived from the login otherwise. */
  id?: number;
  type?: "Bot" | "User";
  /** A fork pull request's token: every write answers 403 "Resource not accessible by integration". */
  readOnly?: boolean;
  /** Per-permission access; unlisted permissions are "write" (or "read" when readOnly). */
  permissions?: Partial<Record<Permission, Access>>;
  /** The primary rate limit of this token; when `remaining` is 0 requests get GitHub's 403. */
  rateLimit?: { limit: number; remaining: number; reset: number };
}

/** `status` of a pull-request file as the files API reports it. */
export type FileStatus =
  "added" | "removed" | "modified" | "renamed" | "copied" | "changed" | "unchanged";

/** A file of a pull request. `patch` is absent for binary files and diffs GitHub does not show. */
export interface PullFile {
  filename: string;
  status: FileStatus;
  patch?: string;
  previousFilename?: string;
}

/** A file given to {@link GitHubState.addPullRequest} or {@link GitHubState.push}. */
export interface FileInput {
  filename: string;
  /** Text at the base (null or absent: the file is added). Stored as the base commit's content. */
  base?: string | null;
  /** Text at the head (null: the file is removed). Stored as the head commit's content. */
  head?: string | null;
  /** An explicit patch (e.g. copied from `git diff`); computed from base/head when absent. */
  patch?: string;
  status?: FileStatus;
  previousFilename?: string;
}

/** A pull request (also an issue: labels and issue comments hang off its number). */
export interface PullRequest {
  number: number;
  title: string;
  body: string | null;
  /** Login of the author. */
  user: string;
  state: "open" | "closed";
  draft: boolean;
  base: { ref: string; sha: string };
  /** `owner` differs from the repository owner for a pull request from a fork. */
  head: { ref: string; sha: string; owner: string };
  /** Earlier head SHAs (one per {@link GitHubState.push}), oldest first. */
  pastHeads: string[];
  /** Label names, in order. */
  labels: string[];
  files: PullFile[];
  createdAt: string;
  updatedAt: string;
}

/** Input of {@link GitHubState.addPullRequest}; everything has a default. */
export interface PullRequestInput {
  number?: number;
  title?: string;
  body?: string | null;
  user?: string;
  draft?: boolean;
  base?: { ref?: string; sha?: string };
  /** `owner`: set it to another login to make a fork pull request. */
  head?: { ref?: string; sha?: string; owner?: string };
  labels?: string[];
  files?: FileInput[];
}

/** A comment on the pull request's conversation (issue comments API). */
export interface IssueComment {
  id: number;
  issueNumber: number;
  body: string;
  user: string;
  createdAt: string;
  updatedAt: string;
}

/** A labeled/unlabeled event of an issue or pull request (issue events API), in server time. */
export interface IssueEvent {
  id: number;
  issueNumber: number;
  event: "labeled" | "unlabeled";
  label: string;
  actor: string;
  createdAt: string;
}

/** A submitted (or pending) review. */
export interface Review {
  id: number;
  pullNumber: number;
  user: string;
  body: string;
  state: "COMMENTED" | "APPROVED" | "CHANGES_REQUESTED" | "PENDING" | "DISMISSED";
  commitId: string;
  submittedAt: string | null;
}

/** An inline review comment. `line`/`position` become null when a push makes it outdated. */
export interface ReviewComment {
  id: number;
  pullNumber: number;
  reviewId: number;
  path: string;
  body: string;
  user: string;
  side: Side;
  line: number | null;
  originalLine: number;
  startLine: number | null;
  startSide: Side | null;
  position: number | null;
  originalPosition: number;
  commitId: string;
  originalCommitId: string;
  diffHunk: string;
  inReplyToId?: number;
  subjectType: "line" | "file";
  createdAt: string;
  updatedAt: string;
}

/** A commit's files: only what it changed (null: deleted); the rest comes from `parent`. */
export interface Commit {
  parent?: string;
  files: Record<string, string | null>;
}

/** A 40-hex SHA derived from a seed, so defaults are stable across runs. */
export function fakeSha(seed: string): string {
  return createHash("sha1").update(seed).digest("hex");
}

/** GitHub's timestamp format: ISO 8601 in UTC without milliseconds. */
export function githubTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** The repository, its pull requests and everything on them. All fields are plain and editable. */
export class GitHubState {
  owner = "octo-org";
  repo = "ord-docs";
  repositoryId = 700_100;
  defaultBranch = "main";
  private = false;
  tokens: Record<string, TokenInfo> = {
    [DEFAULT_TOKEN]: { login: "github-actions[bot]", type: "Bot", id: 41898282 },
  };
  pulls: PullRequest[] = [];
  issueComments: IssueComment[] = [];
  reviews: Review[] = [];
  reviewComments: ReviewComment[] = [];
  /** Label events, oldest first (GitHub's issue events API lists them so). */
  issueEvents: IssueEvent[] = [];
  /**
   * When each repository (by owner: the base repository or a fork) was last pushed to: GitHub's
   * `pushed_at`, which moves with a push to any of its branches. Set by addPullRequest and push.
   */
  pushedAt: Record<string, string> = {};
  /** Commits by SHA; branch names resolve through `refs`. */
  commits: Record<string, Commit> = {};
  refs: Record<string, string> = {};
  /** Next id of any created object; ids are unique across kinds, as GitHub's are in practice. */
  nextId = 1_000_001;
  /** The clock used for created_at/updated_at; replace it for stable timestamps. */
  now: () => Date = () => new Date();

  /** A fresh id. */
  id(): number {
    return this.nextId++;
  }

  /** The current time in GitHub's format. */
  timestamp(): string {
    return githubTime(this.now());
  }

  /** Adds a pull request; files given as base/head texts get a real patch and commit contents. */
  addPullRequest(input: PullRequestInput = {}): PullRequest {
    const number = input.number ?? Math.max(0, ...this.pulls.map((p) => p.number)) + 1;
    if (this.pulls.some((p) => p.number === number))
      throw new Error(`pull request #${number} exists`);
    const baseRef = input.base?.ref ?? this.defaultBranch;
    const baseSha = input.base?.sha ?? this.refs[baseRef] ?? fakeSha(`base of #${number}`);
    const headRef = input.head?.ref ?? `feature-${number}`;
    const headSha = input.head?.sha ?? fakeSha(`head of #${number}`);
    const now = this.timestamp();
    const pull: PullRequest = {
      number,
      title: input.title ?? `Update ORD documents (#${number})`,
      body: input.body ?? null,
      user: input.user ?? "octocat",
      state: "open",
      draft: input.draft ?? false,
      base: { ref: baseRef, sha: baseSha },
      head: { ref: headRef, sha: headSha, owner: input.head?.owner ?? this.owner },
      pastHeads: [],
      labels: [...(input.labels ?? [])],
      files: [],
      createdAt: now,
      updatedAt: now,
    };
    this.pushedAt[pull.head.owner] = now;
    this.commits[baseSha] ??= { files: {} };
    this.refs[baseRef] ??= baseSha;
    this.commits[headSha] = { parent: baseSha, files: {} };
    this.refs[headRef] = headSha;
    pull.files = this.applyFiles(baseSha, headSha, input.files ?? []);
    this.pulls.push(pull);
    return pull;
  }

  /** The pull request with that number; throws when there is none (a test mistake). */
  pull(number: number): PullRequest {
    const pull = this.pulls.find((p) => p.number === number);
    if (!pull) throw new Error(`no pull request #${number} in the stand-in`);
    return pull;
  }

  /**
   * A push to the pull request's branch: a new head commit with these files (the whole PR diff
   * against the base, as the files API shows it after the push). Review comments whose line is
   * no longer in the diff with the same text become outdated (line and position null), as on GitHub.
   */
  push(number: number, change: { sha?: string; files: FileInput[] }): PullRequest {
    const pull = this.pull(number);
    const sha = change.sha ?? fakeSha(`${pull.head.sha} +1`);
    this.commits[sha] = { parent: pull.base.sha, files: {} };
    this.refs[pull.head.ref] = sha;
    pull.files = this.applyFiles(pull.base.sha, sha, change.files);
    pull.pastHeads.push(pull.head.sha);
    pull.head.sha = sha;
    pull.updatedAt = this.timestamp();
    this.pushedAt[pull.head.owner] = pull.updatedAt;
    for (const comment of this.reviewComments) {
      if (comment.pullNumber === number && comment.line !== null) this.reanchor(comment, pull);
    }
    return pull;
  }

  /** Adds a label to the pull request as a person does: the label and its `labeled` event. */
  addLabel(number: number, label: string, actor = "maintainer"): IssueEvent {
    const pull = this.pull(number);
    if (!pull.labels.includes(label)) pull.labels.push(label);
    const event: IssueEvent = {
      id: this.id(),
      issueNumber: number,
      event: "labeled",
      label,
      actor,
      createdAt: this.timestamp(),
    };
    this.issueEvents.push(event);
    pull.updatedAt = event.createdAt;
    return event;
  }

  /** Adds an issue comment (e.g. a sticky comment left by an earlier run or a person). */
  addIssueComment(issueNumber: number, body: string, user = "github-actions[bot]"): IssueComment {
    this.pull(issueNumber);
    const now = this.timestamp();
    const comment = { id: this.id(), issueNumber, body, user, createdAt: now, updatedAt: now };
    this.issueComments.push(comment);
    return comment;
  }

  /** Sets (or with null, deletes) a file at a commit SHA or branch, creating the commit if needed. */
  setFile(ref: string, path: string, text: string | null): void {
    const sha = this.commits[ref] ? ref : (this.refs[ref] ?? ref);
    (this.commits[sha] ??= { files: {} }).files[path] = text;
  }

  /** A file's text at a SHA or branch (following parents), or undefined when absent there. */
  fileAt(ref: string, path: string): string | undefined {
    return this.snapshot(ref)?.[path];
  }

  /** All files at a SHA or branch, or undefined when the ref is unknown. */
  snapshot(ref: string): Record<string, string> | undefined {
    let sha: string | undefined = this.commits[ref] ? ref : this.refs[ref];
    if (sha === undefined || !this.commits[sha]) return undefined;
    const chain: Commit[] = [];
    for (let seen = 0; sha !== undefined && seen < 1000; seen++) {
      const commit: Commit | undefined = this.commits[sha];
      if (!commit) break;
      chain.unshift(commit);
      sha = commit.parent;
    }
    const files: Record<string, string> = {};
    for (const commit of chain) {
      for (const [path, text] of Object.entries(commit.files)) {
        if (text === null) delete files[path];
        else files[path] = text;
      }
    }
    return files;
  }

  private applyFiles(baseSha: string, headSha: string, inputs: FileInput[]): PullFile[] {
    return inputs.map((input) => {
      const hasTexts = "base" in input || "head" in input;
      const base = input.base ?? (hasTexts ? null : undefined);
      const head = "head" in input ? (input.head ?? null) : hasTexts ? null : undefined;
      if (base !== undefined && base !== null)
        this.setFile(baseSha, input.previousFilename ?? input.filename, base);
      if (head !== undefined) this.setFile(headSha, input.filename, head);
      if (input.previousFilename && head !== undefined)
        this.setFile(headSha, input.previousFilename, null);
      const patch = input.patch ?? (hasTexts ? makePatch(base ?? null, head ?? null) : undefined);
      const status: FileStatus =
        input.status ??
        (input.previousFilename
          ? "renamed"
          : base === null
            ? "added"
            : head === null
              ? "removed"
              : "modified");
      const file: PullFile = { filename: input.filename, status };
      if (patch !== undefined) file.patch = patch;
      if (input.previousFilename) file.previousFilename = input.previousFilename;
      return file;
    });
  }

  // Approximates GitHub's outdating: a comment stays current when its line text is still a
  // commentable line of the new patch (nearest occurrence wins); otherwise it becomes outdated.
  private reanchor(comment: ReviewComment, pull: PullRequest): void {
    const patch = pull.files.find((f) => f.filename === comment.path)?.patch;
    const text = comment.diffHunk.split("\n").at(-1) ?? "";
    const candidates = patch ? [...commentableLines(patch, comment.side).values()] : [];
    const same = candidates
      .filter((l) => l.text.slice(1) === text.slice(1))
      .sort((a, b) => distance(a, comment) - distance(b, comment))[0];
    if (!patch || !same) {
      comment.line = null;
      comment.position = null;
      comment.startLine = null;
      return;
    }
    const line = comment.side === "LEFT" ? same.oldLine : same.newLine;
    if (comment.startLine !== null && line !== null)
      comment.startLine += line - (comment.line ?? line);
    comment.line = line;
    comment.position = same.position;
    comment.diffHunk = diffHunk(patch, same);
    comment.commitId = pull.head.sha;
  }
}

function distance(
  line: { oldLine: number | null; newLine: number | null },
  comment: ReviewComment,
): number {
  const at = comment.side === "LEFT" ? line.oldLine : line.newLine;
  return Math.abs((at ?? 0) - (comment.line ?? 0));
}
