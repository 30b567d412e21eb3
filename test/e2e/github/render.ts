/**
 * The state rendered as GitHub's JSON. The objects carry every field the official schemas mark as
 * required (server.test.ts validates them), so code written against real responses finds its data.
 */
import { createHash } from "node:crypto";
import { countChanges } from "./diff.js";
import type {
  GitHubState,
  IssueComment,
  IssueEvent,
  PullFile,
  PullRequest,
  Review,
  ReviewComment,
} from "./state.js";

/** What the renderers need besides the state: the API base URL the client used. */
export interface RenderContext {
  api: string;
  state: GitHubState;
}

type Json = Record<string, unknown>;

const WEB = "https://github.com";

/** A stable positive integer from a string (ids of users and labels that have none configured). */
export function stableId(seed: string): number {
  return (createHash("sha1").update(seed).digest().readUInt32BE(0) % 100_000_000) + 1;
}

/** GitHub's simple-user for a login; a login ending in `[bot]` is a Bot. */
export function renderUser(ctx: RenderContext, login: string): Json {
  const token = Object.values(ctx.state.tokens).find((t) => t.login === login);
  const bot = token?.type === "Bot" || login.endsWith("[bot]");
  const id = token?.id ?? stableId(`user:${login}`);
  const url = `${ctx.api}/users/${encodeURIComponent(login)}`;
  return {
    login,
    id,
    node_id: `${bot ? "BOT" : "U"}_kgDO${id}`,
    avatar_url: `https://avatars.githubusercontent.com/${bot ? "in/15368" : `u/${id}`}?v=4`,
    gravatar_id: "",
    url,
    html_url: bot ? `${WEB}/apps/${login.replace(/\[bot\]$/, "")}` : `${WEB}/${login}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: bot ? "Bot" : "User",
    user_view_type: "public",
    site_admin: false,
  };
}

const REPO_TEMPLATES: Record<string, string> = {
  archive_url: "/{archive_format}{/ref}",
  assignees_url: "/assignees{/user}",
  blobs_url: "/git/blobs{/sha}",
  branches_url: "/branches{/branch}",
  collaborators_url: "/collaborators{/collaborator}",
  comments_url: "/comments{/number}",
  commits_url: "/commits{/sha}",
  compare_url: "/compare/{base}...{head}",
  contents_url: "/contents/{+path}",
  contributors_url: "/contributors",
  deployments_url: "/deployments",
  downloads_url: "/downloads",
  events_url: "/events",
  forks_url: "/forks",
  git_commits_url: "/git/commits{/sha}",
  git_refs_url: "/git/refs{/sha}",
  git_tags_url: "/git/tags{/sha}",
  hooks_url: "/hooks",
  issue_comment_url: "/issues/comments{/number}",
  issue_events_url: "/issues/events{/number}",
  issues_url: "/issues{/number}",
  keys_url: "/keys{/key_id}",
  labels_url: "/labels{/name}",
  languages_url: "/languages",
  merges_url: "/merges",
  milestones_url: "/milestones{/number}",
  notifications_url: "/notifications{?since,all,participating}",
  pulls_url: "/pulls{/number}",
  releases_url: "/releases{/id}",
  stargazers_url: "/stargazers",
  statuses_url: "/statuses/{sha}",
  subscribers_url: "/subscribers",
  subscription_url: "/subscription",
  tags_url: "/tags",
  teams_url: "/teams",
  trees_url: "/git/trees{/sha}",
};

/** GitHub's repository object for the stand-in's repository, or its fork owned by `owner`. */
export function renderRepository(ctx: RenderContext, owner = ctx.state.owner): Json {
  const { state } = ctx;
  const fork = owner !== state.owner;
  const name = state.repo;
  const fullName = `${owner}/${name}`;
  const id = fork ? stableId(`repo:${fullName}`) : state.repositoryId;
  const url = `${ctx.api}/repos/${fullName}`;
  const urls = Object.fromEntries(Object.entries(REPO_TEMPLATES).map(([k, v]) => [k, url + v]));
  const now = state.timestamp();
  return {
    id,
    node_id: `R_kgDO${id}`,
    name,
    full_name: fullName,
    owner: renderUser(ctx, owner),
    private: state.private,
    html_url: `${WEB}/${fullName}`,
    description: null,
    fork,
    url,
    ...urls,
    git_url: `git://github.com/${fullName}.git`,
    ssh_url: `git@github.com:${fullName}.git`,
    clone_url: `${WEB}/${fullName}.git`,
    svn_url: `${WEB}/${fullName}`,
    homepage: null,
    language: null,
    mirror_url: null,
    size: 100,
    forks: 0,
    forks_count: 0,
    stargazers_count: 0,
    watchers: 0,
    watchers_count: 0,
    open_issues: state.pulls.filter((p) => p.state === "open").length,
    open_issues_count: state.pulls.filter((p) => p.state === "open").length,
    default_branch: state.defaultBranch,
    has_issues: true,
    has_projects: true,
    has_wiki: true,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: false,
    disabled: false,
    visibility: state.private ? "private" : "public",
    license: null,
    topics: [],
    pushed_at: state.pushedAt[owner] ?? now,
    created_at: "2024-01-15T09:00:00Z",
    updated_at: now,
  };
}

/** A label object for a name (labels exist implicitly; color and id derive from the name). */
export function renderLabel(ctx: RenderContext, name: string): Json {
  const id = stableId(`label:${name}`);
  return {
    id,
    node_id: `LA_kwDO${id}`,
    url: `${ctx.api}/repos/${ctx.state.owner}/${ctx.state.repo}/labels/${encodeURIComponent(name)}`,
    name,
    description: null,
    color: createHash("sha1").update(name).digest("hex").slice(0, 6),
    default: false,
  };
}

/** GitHub's pull-request object (the `GET /pulls/{n}` shape). */
export function renderPull(ctx: RenderContext, pull: PullRequest): Json {
  const { state } = ctx;
  const repoUrl = `${ctx.api}/repos/${state.owner}/${state.repo}`;
  const html = `${WEB}/${state.owner}/${state.repo}/pull/${pull.number}`;
  const url = `${repoUrl}/pulls/${pull.number}`;
  const issue = `${repoUrl}/issues/${pull.number}`;
  const changes = pull.files.map((f) => countChanges(f.patch));
  const side = (ref: string, sha: string, owner: string) => ({
    label: `${owner}:${ref}`,
    ref,
    sha,
    user: renderUser(ctx, owner),
    repo: renderRepository(ctx, owner),
  });
  return {
    url,
    id: stableId(`pull:${pull.number}`),
    node_id: `PR_kwDO${pull.number}`,
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: issue,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: `${repoUrl}/pulls/comments{/number}`,
    comments_url: `${issue}/comments`,
    statuses_url: `${repoUrl}/statuses/${pull.head.sha}`,
    number: pull.number,
    state: pull.state,
    locked: false,
    title: pull.title,
    user: renderUser(ctx, pull.user),
    body: pull.body,
    labels: pull.labels.map((name) => renderLabel(ctx, name)),
    milestone: null,
    active_lock_reason: null,
    created_at: pull.createdAt,
    updated_at: pull.updatedAt,
    closed_at: null,
    merged_at: null,
    merge_commit_sha: null,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: side(pull.head.ref, pull.head.sha, pull.head.owner),
    base: side(pull.base.ref, pull.base.sha, state.owner),
    _links: {
      self: { href: url },
      html: { href: html },
      issue: { href: issue },
      comments: { href: `${issue}/comments` },
      review_comments: { href: `${url}/comments` },
      review_comment: { href: `${repoUrl}/pulls/comments{/number}` },
      commits: { href: `${url}/commits` },
      statuses: { href: `${repoUrl}/statuses/${pull.head.sha}` },
    },
    author_association: pull.user === state.owner ? "OWNER" : "CONTRIBUTOR",
    auto_merge: null,
    draft: pull.draft,
    merged: false,
    mergeable: true,
    rebaseable: true,
    mergeable_state: "clean",
    merged_by: null,
    comments: state.issueComments.filter((c) => c.issueNumber === pull.number).length,
    review_comments: state.reviewComments.filter((c) => c.pullNumber === pull.number).length,
    maintainer_can_modify: false,
    commits: 1,
    additions: changes.reduce((n, c) => n + c.additions, 0),
    deletions: changes.reduce((n, c) => n + c.deletions, 0),
    changed_files: pull.files.length,
  };
}

/** A diff-entry of the files API. */
export function renderFile(ctx: RenderContext, pull: PullRequest, file: PullFile): Json {
  const { additions, deletions } = countChanges(file.patch);
  const path = file.filename.split("/").map(encodeURIComponent).join("/");
  const repoWeb = `${WEB}/${ctx.state.owner}/${ctx.state.repo}`;
  const text = ctx.state.fileAt(pull.head.sha, file.filename);
  const out: Json = {
    sha: text === undefined ? null : blobSha(text),
    filename: file.filename,
    status: file.status,
    additions,
    deletions,
    changes: additions + deletions,
    blob_url: `${repoWeb}/blob/${pull.head.sha}/${path}`,
    raw_url: `${repoWeb}/raw/${pull.head.sha}/${path}`,
    contents_url: `${ctx.api}/repos/${ctx.state.owner}/${ctx.state.repo}/contents/${path}?ref=${pull.head.sha}`,
  };
  if (file.patch !== undefined) out.patch = file.patch;
  if (file.previousFilename !== undefined) out.previous_filename = file.previousFilename;
  return out;
}

/** An issue comment. */
export function renderIssueComment(ctx: RenderContext, comment: IssueComment): Json {
  const repoUrl = `${ctx.api}/repos/${ctx.state.owner}/${ctx.state.repo}`;
  return {
    id: comment.id,
    node_id: `IC_kwDO${comment.id}`,
    url: `${repoUrl}/issues/comments/${comment.id}`,
    html_url: `${WEB}/${ctx.state.owner}/${ctx.state.repo}/pull/${comment.issueNumber}#issuecomment-${comment.id}`,
    body: comment.body,
    user: renderUser(ctx, comment.user),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    issue_url: `${repoUrl}/issues/${comment.issueNumber}`,
    author_association: association(ctx, comment.user),
    performed_via_github_app: null,
    reactions: reactions(`${repoUrl}/issues/comments/${comment.id}/reactions`),
  };
}

/** A labeled/unlabeled issue event. */
export function renderIssueEvent(ctx: RenderContext, event: IssueEvent): Json {
  const repoUrl = `${ctx.api}/repos/${ctx.state.owner}/${ctx.state.repo}`;
  return {
    id: event.id,
    node_id: `LE_kwDO${event.id}`,
    url: `${repoUrl}/issues/events/${event.id}`,
    actor: renderUser(ctx, event.actor),
    event: event.event,
    commit_id: null,
    commit_url: null,
    created_at: event.createdAt,
    performed_via_github_app: null,
    label: {
      name: event.label,
      color: createHash("sha1").update(event.label).digest("hex").slice(0, 6),
    },
  };
}

/** A pull-request review. */
export function renderReview(ctx: RenderContext, review: Review): Json {
  const repoUrl = `${ctx.api}/repos/${ctx.state.owner}/${ctx.state.repo}`;
  const html = `${WEB}/${ctx.state.owner}/${ctx.state.repo}/pull/${review.pullNumber}#pullrequestreview-${review.id}`;
  const out: Json = {
    id: review.id,
    node_id: `PRR_kwDO${review.id}`,
    user: renderUser(ctx, review.user),
    body: review.body,
    state: review.state,
    html_url: html,
    pull_request_url: `${repoUrl}/pulls/${review.pullNumber}`,
    author_association: association(ctx, review.user),
    _links: {
      html: { href: html },
      pull_request: { href: `${repoUrl}/pulls/${review.pullNumber}` },
    },
    commit_id: review.commitId,
  };
  if (review.submittedAt) out.submitted_at = review.submittedAt;
  return out;
}

/** A review comment; outdated comments have `line` and `position` null, as on GitHub. */
export function renderReviewComment(ctx: RenderContext, c: ReviewComment): Json {
  const repoUrl = `${ctx.api}/repos/${ctx.state.owner}/${ctx.state.repo}`;
  const html = `${WEB}/${ctx.state.owner}/${ctx.state.repo}/pull/${c.pullNumber}#discussion_r${c.id}`;
  const out: Json = {
    url: `${repoUrl}/pulls/comments/${c.id}`,
    pull_request_review_id: c.reviewId,
    id: c.id,
    node_id: `PRRC_kwDO${c.id}`,
    diff_hunk: c.diffHunk,
    path: c.path,
    commit_id: c.commitId,
    original_commit_id: c.originalCommitId,
    user: renderUser(ctx, c.user),
    body: c.body,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    html_url: html,
    pull_request_url: `${repoUrl}/pulls/${c.pullNumber}`,
    author_association: association(ctx, c.user),
    _links: {
      self: { href: `${repoUrl}/pulls/comments/${c.id}` },
      html: { href: html },
      pull_request: { href: `${repoUrl}/pulls/${c.pullNumber}` },
    },
    reactions: reactions(`${repoUrl}/pulls/comments/${c.id}/reactions`),
    start_line: c.startLine,
    original_start_line: c.startLine === null ? null : c.startLine,
    start_side: c.startSide,
    line: c.line,
    original_line: c.originalLine,
    side: c.side,
    position: c.position,
    original_position: c.originalPosition,
    subject_type: c.subjectType,
  };
  if (c.inReplyToId !== undefined) out.in_reply_to_id = c.inReplyToId;
  return out;
}

/** A git blob SHA of a text, as the contents API reports it. */
export function blobSha(text: string): string {
  const bytes = Buffer.from(text, "utf8");
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

function association(ctx: RenderContext, login: string): string {
  return login === ctx.state.owner ? "OWNER" : "NONE";
}

function reactions(url: string): Json {
  return {
    url,
    total_count: 0,
    "+1": 0,
    "-1": 0,
    laugh: 0,
    confused: 0,
    heart: 0,
    hooray: 0,
    eyes: 0,
    rocket: 0,
  };
}
