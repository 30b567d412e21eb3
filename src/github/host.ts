/**
 * Every GitHub call the Action makes, behind one interface (as release-please's `Scm`): the
 * Action's flow (src/action/run.ts) talks to this, octokit-host.ts implements it over the thin
 * functions of this folder, and the flow's unit tests use an in-memory host
 * (test/action/memory-host.ts). Any call may throw; the Action absorbs every failure, so a
 * GitHub failure never loses a finding nor changes the verdict (SECURITY.md).
 */
import type { ExistingComment, InlineComment } from "./review.js";

/** A file of the pull-request files API (the fields the Action uses). */
export interface PullFile {
  filename: string;
  status: string;
  patch?: string;
  /** Set for `renamed` (and `copied`) files: the path the file had in the base. */
  previous_filename?: string;
}

/** What the Action needs of the pull request beyond its event payload. */
export interface PullRequestFacts {
  /** How many files it changes: the files API lists at most 3,000 (integrity.ts). */
  changedFiles: number;
  /** The last push to the head's repository, in GitHub's time (the approval label). */
  headPushedAt?: string | null;
  /** The author's login: their own approval label does not count. */
  author?: string;
}

/** What the summary comment upsert did. */
export type StickyResult = "created" | "updated" | "unchanged" | "absent";

/** The repository's files at a commit: the base when git cannot reach it. */
export interface ContentsHost {
  /** The bytes of a regular file at `ref`; undefined when it is absent, a folder or a link. */
  readFile(path: string, ref: string): Promise<Buffer | undefined>;
}

/**
 * One repository and, on pull-request events, one pull request. The pull-request methods are
 * only called when there is one.
 */
export interface PullRequestHost extends ContentsHost {
  pullRequest(): Promise<PullRequestFacts>;
  /** Every listed file, paged (at most 3,000: compare with `changedFiles`). */
  files(): Promise<PullFile[]>;
  /** The labels now on the pull request (the event payload is stale on a re-run). */
  labels(): Promise<string[]>;
  /**
   * When `label` was last added by anyone but `exceptBy`, in GitHub's time; undefined when it
   * never was.
   */
  labelAddedAt(label: string, exceptBy?: string): Promise<string | undefined>;
  /** The login the token writes as: only comments by it are the Action's own. */
  login(): Promise<string>;
  /** Our review comments (by `self`, starting with a finding marker). */
  ourReviewComments(self: string): Promise<ExistingComment[]>;
  /** One review holding `comments` on `commitId`, never posted twice (review.ts). */
  postReview(
    commitId: string,
    comments: InlineComment[],
    summary: string,
    self: string,
  ): Promise<void>;
  /** Marks our comments whose finding is no longer in `current` as resolved; how many. */
  resolveOutdated(
    existing: ExistingComment[],
    current: ReadonlySet<string>,
    commitId: string,
  ): Promise<number>;
  /** Creates or updates the summary comment of `key` (only updates when `create` is false). */
  upsertSummaryComment(
    self: string,
    key: string,
    markdown: string,
    overflowNote: string,
    create: boolean,
  ): Promise<StickyResult>;
}

/** What the Action knows when it connects: token, API URL, repository and pull request. */
export interface HostSetup {
  token: string;
  apiUrl: string;
  owner: string;
  repo: string;
  pullNumber?: number;
  /** One line per retry or rate-limit wait. */
  log: (line: string) => void;
}

/** How run() gets its host: the Octokit one in the Action, an in-memory one in unit tests. */
export type ConnectHost = (setup: HostSetup) => PullRequestHost;
