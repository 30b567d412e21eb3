/**
 * One handler per implemented GitHub operation (keyed by operationId), with the permissions GitHub
 * accepts for it. Handlers get validated, coerced parameters and return a reply or throw a
 * GitHubError; authentication, faults, validation and logging happen in server.ts.
 */
import { checkBodyLength, GitHubError, notFound } from "./errors.js";
import {
  blobSha,
  renderFile,
  renderIssueComment,
  renderIssueEvent,
  renderLabel,
  renderPull,
  renderReview,
  renderReviewComment,
  type RenderContext,
} from "./render.js";
import { createReview, createReviewComment, type CommentInput } from "./reviews.js";
import type { Permission, PullRequest, TokenInfo } from "./state.js";

/** A request as a handler sees it. */
export interface Exchange {
  ctx: RenderContext;
  token: TokenInfo;
  /** Path and query parameters, coerced to the types of the description. */
  params: Record<string, unknown>;
  /** The JSON body (already validated against the description). */
  body: unknown;
  accept: string;
  /** The request URL, for Link headers. */
  url: URL;
}

/** A handler's answer: JSON (or text for raw/diff media types), status and extra headers. */
export interface Reply {
  status: number;
  json?: unknown;
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

/** An implemented operation: who may call it (any one set suffices) and what it does. */
export interface Route {
  accepted: [Permission, "read" | "write"][][];
  handle(x: Exchange): Reply;
}

const PR_READ: Route["accepted"] = [[["pull_requests", "read"]]];
const PR_WRITE: Route["accepted"] = [[["pull_requests", "write"]]];
const ISSUE_READ: Route["accepted"] = [[["issues", "read"]], [["pull_requests", "read"]]];
const ISSUE_WRITE: Route["accepted"] = [[["issues", "write"]], [["pull_requests", "write"]]];

/** GitHub's `x-accepted-github-permissions` value for a route ("issues=write; pull_requests=write"). */
export function acceptedPermissions(route: Route): string {
  return route.accepted.map((set) => set.map(([p, a]) => `${p}=${a}`).join(",")).join("; ");
}

/** The implemented operations. */
export const ROUTES: Record<string, Route> = {
  "pulls/get": {
    accepted: PR_READ,
    handle(x) {
      const pull = findPull(x);
      // application/vnd.github.diff (or .patch): the whole pull request as a git diff.
      if (/\.(diff|patch)\b/.test(x.accept)) {
        const text = pull.files
          .filter((f) => f.patch !== undefined)
          .map((f) => {
            const from = f.previousFilename ?? f.filename;
            const mode =
              f.status === "added"
                ? "new file mode 100644\n"
                : f.status === "removed"
                  ? "deleted file mode 100644\n"
                  : "";
            const a = f.status === "added" ? "/dev/null" : `a/${from}`;
            const b = f.status === "removed" ? "/dev/null" : `b/${f.filename}`;
            return `diff --git a/${from} b/${f.filename}\n${mode}--- ${a}\n+++ ${b}\n${f.patch}\n`;
          })
          .join("");
        return { status: 200, text, contentType: "text/plain; charset=utf-8" };
      }
      return { status: 200, json: renderPull(x.ctx, pull) };
    },
  },
  "pulls/list-files": {
    accepted: PR_READ,
    handle(x) {
      const pull = findPull(x);
      // GitHub lists at most 3000 files of a pull request.
      return page(
        x,
        pull.files.slice(0, 3000).map((f) => renderFile(x.ctx, pull, f)),
      );
    },
  },
  "pulls/list-reviews": {
    accepted: PR_READ,
    handle(x) {
      const pull = findPull(x);
      const reviews = x.ctx.state.reviews.filter(
        (r) => r.pullNumber === pull.number && visible(x, r.state, r.user),
      );
      return page(
        x,
        reviews.map((r) => renderReview(x.ctx, r)),
      );
    },
  },
  "pulls/create-review": {
    accepted: PR_WRITE,
    handle(x) {
      const review = createReview(x.ctx.state, findPull(x), x.token, x.body ?? {});
      return { status: 200, json: renderReview(x.ctx, review) };
    },
  },
  "pulls/list-review-comments": {
    accepted: PR_READ,
    handle(x) {
      const pull = findPull(x);
      const { state } = x.ctx;
      let comments = state.reviewComments.filter((c) => {
        const review = state.reviews.find((r) => r.id === c.reviewId);
        return c.pullNumber === pull.number && (!review || visible(x, review.state, review.user));
      });
      comments = since(x, comments);
      if (x.params.sort === "updated")
        comments.sort((a, b) => a.updatedAt.localeCompare(b.updatedAt) || a.id - b.id);
      if (x.params.direction === "desc") comments.reverse();
      return page(
        x,
        comments.map((c) => renderReviewComment(x.ctx, c)),
      );
    },
  },
  "pulls/create-review-comment": {
    accepted: PR_WRITE,
    handle(x) {
      const comment = createReviewComment(
        x.ctx.state,
        findPull(x),
        x.token,
        x.body as CommentInput,
      );
      return {
        status: 201,
        json: renderReviewComment(x.ctx, comment),
        headers: location(x, comment.id, "pulls"),
      };
    },
  },
  "pulls/get-review-comment": {
    accepted: PR_READ,
    handle(x) {
      return { status: 200, json: renderReviewComment(x.ctx, findReviewComment(x)) };
    },
  },
  "pulls/update-review-comment": {
    accepted: PR_WRITE,
    handle(x) {
      const comment = findReviewComment(x);
      const { body } = x.body as { body: string };
      checkBodyLength("PullRequestReviewComment", body);
      comment.body = body;
      comment.updatedAt = x.ctx.state.timestamp();
      return { status: 200, json: renderReviewComment(x.ctx, comment) };
    },
  },
  "pulls/delete-review-comment": {
    accepted: PR_WRITE,
    handle(x) {
      const comment = findReviewComment(x);
      x.ctx.state.reviewComments.splice(x.ctx.state.reviewComments.indexOf(comment), 1);
      return { status: 204 };
    },
  },
  "issues/list-labels-on-issue": {
    accepted: ISSUE_READ,
    handle(x) {
      return page(
        x,
        findPull(x).labels.map((name) => renderLabel(x.ctx, name)),
      );
    },
  },
  "issues/list-events": {
    accepted: ISSUE_READ,
    handle(x) {
      const pull = findPull(x);
      return page(
        x,
        x.ctx.state.issueEvents
          .filter((e) => e.issueNumber === pull.number)
          .map((e) => renderIssueEvent(x.ctx, e)),
      );
    },
  },
  "issues/list-comments": {
    accepted: ISSUE_READ,
    handle(x) {
      const pull = findPull(x);
      const comments = since(
        x,
        x.ctx.state.issueComments.filter((c) => c.issueNumber === pull.number),
      );
      return page(
        x,
        comments.map((c) => renderIssueComment(x.ctx, c)),
      );
    },
  },
  "issues/create-comment": {
    accepted: ISSUE_WRITE,
    handle(x) {
      const pull = findPull(x);
      const { body } = x.body as { body: string };
      checkBodyLength("IssueComment", body);
      const comment = x.ctx.state.addIssueComment(pull.number, body, x.token.login);
      return {
        status: 201,
        json: renderIssueComment(x.ctx, comment),
        headers: location(x, comment.id, "issues"),
      };
    },
  },
  "issues/get-comment": {
    accepted: ISSUE_READ,
    handle(x) {
      return { status: 200, json: renderIssueComment(x.ctx, findIssueComment(x)) };
    },
  },
  "issues/update-comment": {
    accepted: ISSUE_WRITE,
    handle(x) {
      const comment = findIssueComment(x);
      const { body } = x.body as { body: string };
      checkBodyLength("IssueComment", body);
      comment.body = body;
      comment.updatedAt = x.ctx.state.timestamp();
      return { status: 200, json: renderIssueComment(x.ctx, comment) };
    },
  },
  "issues/delete-comment": {
    accepted: ISSUE_WRITE,
    handle(x) {
      const comment = findIssueComment(x);
      x.ctx.state.issueComments.splice(x.ctx.state.issueComments.indexOf(comment), 1);
      return { status: 204 };
    },
  },
  "repos/get-content": {
    accepted: [[["contents", "read"]]],
    handle(x) {
      const { state } = x.ctx;
      const ref =
        typeof x.params.ref === "string" && x.params.ref !== ""
          ? x.params.ref
          : state.defaultBranch;
      const files = state.snapshot(ref);
      if (!files) throw new GitHubError(404, { message: `No commit found for the ref ${ref}` });
      const path = String(x.params.path).replace(/^\/+|\/+$/g, "");
      const text = files[path];
      const repoUrl = `${x.ctx.api}/repos/${state.owner}/${state.repo}`;
      if (text === undefined) {
        const children = directory(files, path);
        if (children.length === 0) throw notFound();
        return {
          status: 200,
          json: children.map((c) => contentEntry(repoUrl, ref, c.path, c.text)),
        };
      }
      if (/\.raw\b/.test(x.accept) && !/raw\+json/.test(x.accept)) {
        return { status: 200, text, contentType: "text/plain; charset=utf-8" };
      }
      const entry = contentEntry(repoUrl, ref, path, text);
      const bytes = Buffer.from(text, "utf8");
      // Files over 1 MB come without content (encoding "none"); GitHub wraps base64 at 60 columns.
      const content =
        bytes.length > 1024 * 1024
          ? ""
          : (bytes.toString("base64").match(/.{1,60}/g) ?? []).join("\n") + "\n";
      return {
        status: 200,
        json: { ...entry, content, encoding: bytes.length > 1024 * 1024 ? "none" : "base64" },
      };
    },
  },
};

function findPull(x: Exchange): PullRequest {
  const number = Number(x.params.pull_number ?? x.params.issue_number);
  const pull = x.ctx.state.pulls.find((p) => p.number === number);
  if (!pull) throw notFound();
  return pull;
}

function findIssueComment(x: Exchange) {
  const comment = x.ctx.state.issueComments.find((c) => c.id === Number(x.params.comment_id));
  if (!comment) throw notFound();
  return comment;
}

function findReviewComment(x: Exchange) {
  const comment = x.ctx.state.reviewComments.find((c) => c.id === Number(x.params.comment_id));
  if (!comment) throw notFound();
  return comment;
}

// Pending reviews (and their comments) are visible to their author only.
function visible(x: Exchange, state: string, user: string): boolean {
  return state !== "PENDING" || user === x.token.login;
}

function since<T extends { updatedAt: string }>(x: Exchange, items: T[]): T[] {
  if (typeof x.params.since !== "string") return items;
  const from = Date.parse(x.params.since);
  return items.filter((i) => Date.parse(i.updatedAt) >= from);
}

function location(x: Exchange, id: number, kind: "issues" | "pulls"): Record<string, string> {
  return {
    location: `${x.ctx.api}/repos/${x.ctx.state.owner}/${x.ctx.state.repo}/${kind}/comments/${id}`,
  };
}

/**
 * One page of a list with GitHub's Link header. Like GitHub, the links address the repository by
 * id (`/repositories/{id}/...`) and keep the other query parameters; per_page is capped at 100.
 */
function page(x: Exchange, items: unknown[]): Reply {
  const requested = Number(x.params.per_page ?? 30);
  const perPage = Math.min(100, requested >= 1 ? Math.floor(requested) : 30);
  const current = Math.max(1, Math.floor(Number(x.params.page ?? 1)) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const rest = x.url.pathname.replace(/^\/repos\/[^/]+\/[^/]+|^\/repositories\/\d+/, "");
  const link = (n: number, rel: string) => {
    const query = new URLSearchParams(x.url.searchParams);
    query.delete("page");
    query.set("page", String(n));
    return `<${x.ctx.api}/repositories/${x.ctx.state.repositoryId}${rest}?${query.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (current > 1) links.push(link(Math.min(current - 1, last), "prev"));
  if (current < last) links.push(link(current + 1, "next"), link(last, "last"));
  if (current > 1) links.push(link(1, "first"));
  const reply: Reply = {
    status: 200,
    json: items.slice((current - 1) * perPage, current * perPage),
  };
  if (links.length > 0) reply.headers = { link: links.join(", ") };
  return reply;
}

function directory(
  files: Record<string, string>,
  dir: string,
): { path: string; text: string | null }[] {
  const prefix = dir === "" ? "" : `${dir}/`;
  const children = new Map<string, string | null>();
  for (const [path, text] of Object.entries(files)) {
    if (!path.startsWith(prefix)) continue;
    const [name, ...deeper] = path.slice(prefix.length).split("/");
    children.set(prefix + (name ?? ""), deeper.length > 0 ? null : text);
  }
  return [...children]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, text]) => ({ path, text }));
}

function contentEntry(repoUrl: string, ref: string, path: string, text: string | null) {
  const web = repoUrl.replace(/^.*\/repos\//, "https://github.com/");
  const url = `${repoUrl}/contents/${path}?ref=${encodeURIComponent(ref)}`;
  const sha = text === null ? blobSha(`tree:${path}`) : blobSha(text);
  const kind = text === null ? "tree" : "blob";
  const html = `${web}/${kind}/${ref}/${path}`;
  const git = `${repoUrl}/git/${kind}s/${sha}`;
  return {
    type: text === null ? "dir" : "file",
    size: text === null ? 0 : Buffer.byteLength(text),
    name: path.split("/").at(-1) ?? path,
    path,
    sha,
    url,
    git_url: git,
    html_url: html,
    download_url:
      text === null
        ? null
        : `https://raw.githubusercontent.com/${web.replace("https://github.com/", "")}/${ref}/${path}`,
    _links: { self: url, git, html },
  };
}
