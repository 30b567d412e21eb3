/**
 * An in-memory PullRequestHost (src/github/host.ts) for unit tests of the Action's flow: the
 * pull request, its files, labels, comments and reviews are plain fields a test sets and reads.
 * Any method can be made to fail. What GitHub does over HTTP (paging, retries, its validation)
 * is the real host's, tested against the stand-in in test/e2e.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type {
  HostSetup,
  PullFile,
  PullRequestFacts,
  PullRequestHost,
  StickyResult,
} from "../../src/github/host.js";
import { fingerprintOf, stickyMarker } from "../../src/github/markers.js";
import { resolvedBody, type ExistingComment, type InlineComment } from "../../src/github/review.js";
import { stickyBody } from "../../src/github/sticky.js";
import { makePatch } from "../e2e/github/diff.js";
import { git } from "../helpers.js";

export const BOT = "github-actions[bot]";

export interface StoredComment {
  id: number;
  login: string;
  body: string;
  path?: string;
  line?: number;
  commitId?: string;
}

/** An error as Octokit throws it: a message and an HTTP status. */
export function httpError(status: number, message = `HTTP ${status}`): Error {
  return Object.assign(new Error(message), { status });
}

type Method = keyof PullRequestHost;

export class MemoryHost implements PullRequestHost {
  /** What connect() was given (token, API URL, repository, pull request). */
  setup?: HostSetup;
  pullFiles: PullFile[] = [];
  /** The pull request's changed_files; its file list's length when unset. */
  changedFiles?: number;
  headPushedAt: string | null = "2026-11-20T10:00:00Z";
  /** The pull request's author (their own approval label does not count). */
  author = "octocat";
  labelsNow: string[] = [];
  labelEvents: { label: string; at: string; actor?: string }[] = [];
  /** Files of the repository by `<ref>:<path>` (the contents API). */
  contents = new Map<string, string>();
  self = BOT;
  issueComments: StoredComment[] = [];
  reviewComments: StoredComment[] = [];
  reviews: { commitId: string; body: string; login: string }[] = [];
  /** Every method called, in order. */
  calls: Method[] = [];
  private failures = new Map<Method, unknown>();
  private nextId = 1;

  /** Makes every later call of `method` throw `error` (a 502 by default). */
  fail(method: Method, error: unknown = httpError(502)): this {
    this.failures.set(method, error);
    return this;
  }

  /** run()'s `connect`: remembers the setup and hands out this host. */
  connect = (setup: HostSetup): PullRequestHost => {
    this.setup = setup;
    return this;
  };

  /** Records the call; throws what `fail` set for it (after a tick, as a request would). */
  private async enter(method: Method): Promise<void> {
    this.calls.push(method);
    await Promise.resolve();
    if (this.failures.has(method)) throw this.failures.get(method);
  }

  async readFile(file: string, ref: string): Promise<Buffer | undefined> {
    await this.enter("readFile");
    const text = this.contents.get(`${ref}:${file}`);
    return text === undefined ? undefined : Buffer.from(text);
  }

  async pullRequest(): Promise<PullRequestFacts> {
    await this.enter("pullRequest");
    return {
      changedFiles: this.changedFiles ?? this.pullFiles.length,
      headPushedAt: this.headPushedAt,
      author: this.author,
    };
  }

  async files(): Promise<PullFile[]> {
    await this.enter("files");
    return this.pullFiles;
  }

  async labels(): Promise<string[]> {
    await this.enter("labels");
    return this.labelsNow;
  }

  async labelAddedAt(label: string, exceptBy?: string): Promise<string | undefined> {
    await this.enter("labelAddedAt");
    return this.labelEvents
      .filter((e) => e.label === label && (exceptBy === undefined || e.actor !== exceptBy))
      .map((e) => e.at)
      .sort()
      .pop();
  }

  async login(): Promise<string> {
    await this.enter("login");
    return this.self;
  }

  async ourReviewComments(self: string): Promise<ExistingComment[]> {
    await this.enter("ourReviewComments");
    return this.reviewComments.flatMap((c) => {
      const print = c.login === self ? fingerprintOf(c.body) : undefined;
      return print ? [{ id: c.id, path: c.path!, body: c.body, fingerprint: print }] : [];
    });
  }

  async postReview(
    commitId: string,
    comments: InlineComment[],
    summary: string,
    self: string,
  ): Promise<void> {
    await this.enter("postReview");
    if (comments.length === 0) return;
    this.reviews.push({ commitId, body: summary, login: self });
    for (const c of comments) {
      const { path: file, line, body } = c;
      this.reviewComments.push({
        id: this.nextId++,
        login: self,
        body,
        path: file,
        line,
        commitId,
      });
    }
  }

  async resolveOutdated(
    existing: ExistingComment[],
    current: ReadonlySet<string>,
    commitId: string,
  ): Promise<number> {
    await this.enter("resolveOutdated");
    let resolved = 0;
    for (const comment of existing) {
      if (current.has(comment.fingerprint)) continue;
      this.reviewComments.find((c) => c.id === comment.id)!.body = resolvedBody(comment, commitId);
      resolved++;
    }
    return resolved;
  }

  async upsertSummaryComment(
    self: string,
    key: string,
    markdown: string,
    overflowNote: string,
    create: boolean,
  ): Promise<StickyResult> {
    await this.enter("upsertSummaryComment");
    const body = stickyBody(key, markdown, overflowNote);
    const existing = this.issueComments.find(
      (c) => c.login === self && c.body.startsWith(stickyMarker(key)),
    );
    if (existing) {
      if (existing.body === body) return "unchanged";
      existing.body = body;
      return "updated";
    }
    if (!create) return "absent";
    this.issueComments.push({ id: this.nextId++, login: self, body });
    return "created";
  }
}

/** A file of the repository: its text at the base and at the head (null: absent). */
export type RepoFiles = Record<string, { base: string | null; head: string | null }>;

const temps: string[] = [];

/** Removes the repositories made by {@link pullRequestRepo}. */
export function removeRepos(): void {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
}

function writeSide(dir: string, files: RepoFiles, side: "base" | "head"): void {
  for (const [file, texts] of Object.entries(files)) {
    const target = path.join(dir, file);
    const text = texts[side];
    if (text === null) rmSync(target, { force: true });
    else {
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, text);
    }
  }
}

/**
 * A checked-out pull request: a git repository whose base commit holds the base texts and whose
 * head commit (checked out) the head texts, and a host listing the files that differ with the
 * patches GitHub would show (and serving the base through the contents API).
 */
export function pullRequestRepo(files: RepoFiles): {
  dir: string;
  baseSha: string;
  headSha: string;
  host: MemoryHost;
} {
  const dir = mkdtempSync(path.join(tmpdir(), "ovg-run-"));
  temps.push(dir);
  git(dir, "init", "--quiet", "--initial-branch=main");
  writeSide(dir, files, "base");
  git(dir, "add", "--all");
  git(dir, "commit", "--quiet", "--allow-empty", "-m", "base");
  const baseSha = git(dir, "rev-parse", "HEAD");
  writeSide(dir, files, "head");
  git(dir, "add", "--all");
  git(dir, "commit", "--quiet", "--allow-empty", "-m", "head");
  const headSha = git(dir, "rev-parse", "HEAD");
  const host = new MemoryHost();
  for (const [filename, { base, head }] of Object.entries(files)) {
    if (base !== null) host.contents.set(`${baseSha}:${filename}`, base);
    if (base === head) continue;
    const status = base === null ? "added" : head === null ? "removed" : "modified";
    host.pullFiles.push({ filename, status, patch: makePatch(base, head) });
  }
  return { dir, baseSha, headSha, host };
}
