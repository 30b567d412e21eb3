/**
 * A local, stateful stand-in for the GitHub REST API, for end-to-end tests of the Action (GitHub
 * itself is not reachable from the test machines). Every request is checked against GitHub's
 * official REST description, authenticated, optionally failed on purpose, and logged.
 *
 * ```ts
 * const gh = await startGitHubStandIn();
 * gh.state.addPullRequest({ number: 7, files: [{ filename: "ord/doc.json", base: oldText, head: newText }] });
 * // run the Action with GITHUB_API_URL=gh.url and GITHUB_TOKEN=DEFAULT_TOKEN, then:
 * expect(gh.requests.filter((r) => r.invalid)).toEqual([]);
 * await gh.close();
 * ```
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { GitHubError } from "./errors.js";
import { Faults, type Fault } from "./faults.js";
import { invalidRequestMessage, RestDescription, type ValidationIssue } from "./openapi.js";
import { acceptedPermissions, ROUTES, type Reply, type Route } from "./routes.js";
import { GitHubState, type TokenInfo } from "./state.js";

export { DEFAULT_TOKEN, GitHubState } from "./state.js";
export { commentableLines, makePatch } from "./diff.js";
export { diffLines } from "./reviews.js";
export type { FileInput, PullRequest, PullRequestInput, TokenInfo } from "./state.js";
export type { Fault } from "./faults.js";
export type { ValidationIssue } from "./openapi.js";

/** Options of {@link startGitHubStandIn}. */
export interface StandInOptions {
  /** A prepared state (default: an empty repository `octo-org/ord-docs` accepting DEFAULT_TOKEN). */
  state?: GitHubState;
  /** Port to listen on (default: a free one). */
  port?: number;
  /**
   * Also check every success response against the documented response schema and record the
   * issues in `responseIssues` (a self-check of the stand-in; compiling the response schemas costs
   * up to ~0.5 s per process, the pull-request schema being the largest).
   */
  validateResponses?: boolean;
  /**
   * Serve the API under this path, as GitHub Enterprise Server serves it under `/api/v3`: `url`
   * ends with it, and a request outside it is answered 404 with a note.
   */
  pathPrefix?: string;
}

/** One logged request. */
export interface LoggedRequest {
  seq: number;
  /** When it arrived (`performance.now()` of this process), for the start-up benchmark. */
  receivedAt: number;
  method: string;
  /** The path as requested (`/repos/...` or, following a Link header, `/repositories/{id}/...`). */
  path: string;
  query: Record<string, string>;
  /** The parsed JSON body (the raw text when it was not JSON), undefined without a body. */
  body: unknown;
  status: number;
  /** The matched GitHub operation, e.g. "pulls/create-review". */
  operationId?: string;
  /** Login of the token's user. */
  user?: string;
  /** Where the request violates GitHub's description (its answer was 422 unless a fault came first). */
  invalid?: ValidationIssue[];
  /** True when an injected fault answered. */
  fault?: boolean;
  /** With a fault that GitHub carried out (`executed`): the status GitHub itself answered. */
  executedStatus?: number;
  /** The JSON answered. */
  response?: unknown;
  /** With `validateResponses`: where the answer violates the documented response schema. */
  responseIssues?: ValidationIssue[];
  /** Why a 404 was returned for a route GitHub has but the stand-in does not implement. */
  note?: string;
}

/** A running stand-in. */
export interface StandIn {
  /** Base URL for GITHUB_API_URL / Octokit's baseUrl, e.g. http://127.0.0.1:41234. */
  url: string;
  /** The data; read and edit it directly. */
  state: GitHubState;
  /** Every request, in arrival order (including faulted, rejected and invalid ones). */
  requests: LoggedRequest[];
  /** The fault queue. */
  faults: Faults;
  /** Requests other than GET/HEAD. */
  writes(): LoggedRequest[];
  /** Requests that violated GitHub's description. */
  invalidRequests(): LoggedRequest[];
  close(): Promise<void>;
}

const WRITE = new Set(["POST", "PATCH", "PUT", "DELETE"]);
const DOCS = "https://docs.github.com/rest";
// Known gaps of the description: GitHub answers null for the line and position of outdated and
// file-level review comments although the schema says integer.
const KNOWN_RESPONSE_GAPS = /^\/(\d+\/)?(line|position|original_line|original_position)$/;

/** Starts a stand-in on 127.0.0.1. The description loads once per process (first call ~50 ms). */
export async function startGitHubStandIn(options: StandInOptions = {}): Promise<StandIn> {
  const description = RestDescription.load();
  const state = options.state ?? new GitHubState();
  const requests: LoggedRequest[] = [];
  const faults = new Faults();
  let api = "";

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const receivedAt = performance.now();
    const method = (req.method ?? "GET").toUpperCase();
    const url = new URL(req.url ?? "/", api);
    const prefix = options.pathPrefix ?? "";
    const outsidePrefix = !url.pathname.startsWith(`${prefix}/`);
    if (!outsidePrefix) url.pathname = url.pathname.slice(prefix.length);
    const raw = await readBody(req);
    const entry: LoggedRequest = {
      seq: requests.length + 1,
      receivedAt,
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: undefined,
      status: 0,
    };
    requests.push(entry);
    const headers: Record<string, string> = { "x-github-request-id": randomUUID().toUpperCase() };
    // A fault whose request GitHub carries out: the answer, whatever it is, is replaced.
    let executed: Fault | undefined;
    const send = (status: number, reply: Omit<Reply, "status">) => {
      if (executed) {
        entry.executedStatus = status;
        Object.assign(headers, executed.headers);
        reply = {
          json: executed.body ?? { message: statusText(executed.status), documentation_url: DOCS },
        };
        status = executed.status;
      }
      entry.status = status;
      entry.response = reply.json;
      Object.assign(headers, reply.headers);
      if (reply.text !== undefined) {
        res.writeHead(status, {
          ...headers,
          "content-type": reply.contentType ?? "text/plain; charset=utf-8",
        });
        res.end(reply.text);
      } else if (reply.json === undefined) {
        res.writeHead(status, headers);
        res.end();
      } else {
        res.writeHead(status, {
          ...headers,
          "content-type": "application/json; charset=utf-8",
          "x-github-media-type": "github.v3; format=json",
        });
        res.end(JSON.stringify(reply.json));
      }
    };
    const fail = (status: number, body: { message: string; errors?: unknown[] }, docs = DOCS) =>
      send(status, { json: { ...body, documentation_url: docs, status: String(status) } });

    if (outsidePrefix) {
      entry.note = `outside the API prefix ${String(options.pathPrefix)}`;
      return fail(404, { message: "Not Found" });
    }
    let body: unknown;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw);
      } catch {
        entry.body = raw;
        return fail(400, { message: "Problems parsing JSON" });
      }
    }
    entry.body = body;
    // Link headers point at /repositories/{id}/...; serve them as the repository's own routes.
    const byId = /^\/repositories\/(\d+)(\/.*)?$/.exec(url.pathname);
    const path =
      byId && Number(byId[1]) === state.repositoryId
        ? `/repos/${state.owner}/${state.repo}${byId[2] ?? ""}`
        : url.pathname;
    const match = description.match(method, path);
    const operation = match.kind === "implemented" ? match.operation : undefined;
    entry.operationId =
      match.kind === "implemented"
        ? match.operation.operationId
        : match.kind === "unimplemented"
          ? match.operationId
          : undefined;
    let issues: ValidationIssue[] = [];
    let params: Record<string, unknown> = {};
    if (match.kind === "implemented") {
      ({ issues, params } = description.validateRequest(
        match.operation,
        match.params,
        entry.query,
        body,
      ));
      if (issues.length > 0) entry.invalid = issues;
    }
    const docs = operation?.documentationUrl ?? DOCS;

    const fault = faults.take(method, url.pathname, entry.operationId);
    if (fault?.executed) {
      entry.fault = true;
      executed = fault;
    } else if (fault) {
      entry.fault = true;
      if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      Object.assign(headers, rateHeaders(undefined), fault.headers);
      return send(fault.status, {
        json: fault.body ?? { message: statusText(fault.status), documentation_url: DOCS },
      });
    }

    const auth = /^(?:token|bearer)\s+(\S+)$/i.exec(req.headers.authorization ?? "");
    if (!auth) return fail(401, { message: "Requires authentication" });
    const token = state.tokens[auth[1] ?? ""];
    if (!token) return fail(401, { message: "Bad credentials" });
    entry.user = token.login;
    const limit = rateLimit(token);
    Object.assign(headers, rateHeaders(limit));
    if (limit.remaining <= 0) {
      return fail(
        403,
        {
          message: `API rate limit exceeded for installation ID ${state.repositoryId}. If you reach out to GitHub Support for help, please include the request ID ${headers["x-github-request-id"]}.`,
        },
        "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
      );
    }
    limit.remaining -= 1;
    Object.assign(headers, rateHeaders(limit));

    if (match.kind !== "implemented" || !operation) {
      if (match.kind === "unimplemented")
        entry.note = `GitHub has ${match.operationId}; the stand-in does not implement it`;
      if (path === "/graphql") entry.note = "the stand-in does not implement GraphQL";
      return fail(404, { message: "Not Found" });
    }
    if (
      params.owner?.toString().toLowerCase() !== state.owner.toLowerCase() ||
      params.repo?.toString().toLowerCase() !== state.repo.toLowerCase()
    ) {
      return fail(404, { message: "Not Found" }, docs);
    }
    const route = ROUTES[operation.operationId] as Route;
    headers["x-accepted-github-permissions"] = acceptedPermissions(route);
    if (!allowed(token, route))
      return fail(403, { message: "Resource not accessible by integration" }, docs);
    if (issues.length > 0)
      return fail(422, { message: invalidRequestMessage(issues), errors: issues }, docs);
    try {
      const reply = route.handle({
        ctx: { api, state },
        token,
        params,
        body,
        accept: req.headers.accept ?? "",
        url,
      });
      if (options.validateResponses && reply.json !== undefined) {
        const found = description.validateResponse(operation.operationId, reply.status, reply.json);
        const real = found.filter((i) => !(i.code === "type" && KNOWN_RESPONSE_GAPS.test(i.field)));
        if (real.length > 0) entry.responseIssues = real;
      }
      return send(reply.status, reply);
    } catch (error) {
      if (!(error instanceof GitHubError)) throw error;
      Object.assign(headers, error.headers);
      return fail(error.status, error.body, docs);
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // A bug in the stand-in: answer 500 and keep the message visible in the log.
      const last = requests.at(-1);
      if (last && last.status === 0) last.status = 500;
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ message: `stand-in error: ${String(error)}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  api = `http://127.0.0.1:${(server.address() as AddressInfo).port}${options.pathPrefix ?? ""}`;

  return {
    url: api,
    state,
    requests,
    faults,
    writes: () => requests.filter((r) => WRITE.has(r.method)),
    invalidRequests: () => requests.filter((r) => r.invalid !== undefined),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Octokit's fetch keeps connections alive; close them so close() returns promptly.
        server.closeAllConnections();
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

const LEVEL = { none: 0, read: 1, write: 2 } as const;

function allowed(token: TokenInfo, route: Route): boolean {
  const cap = token.readOnly ? LEVEL.read : LEVEL.write;
  return route.accepted.some((set) =>
    set.every(
      ([permission, needed]) =>
        Math.min(cap, LEVEL[token.permissions?.[permission] ?? "write"]) >= LEVEL[needed],
    ),
  );
}

// The token's primary rate limit; the window resets like GitHub's hourly one.
function rateLimit(token: TokenInfo): { limit: number; remaining: number; reset: number } {
  const now = Math.floor(Date.now() / 1000);
  const limit = (token.rateLimit ??= {
    limit: token.type === "Bot" ? 1000 : 5000,
    remaining: token.type === "Bot" ? 1000 : 5000,
    reset: now + 3600,
  });
  if (limit.reset <= now) Object.assign(limit, { remaining: limit.limit, reset: now + 3600 });
  return limit;
}

function rateHeaders(
  limit: { limit: number; remaining: number; reset: number } | undefined,
): Record<string, string> {
  const l = limit ?? { limit: 5000, remaining: 4999, reset: Math.floor(Date.now() / 1000) + 3600 };
  return {
    "x-ratelimit-limit": String(l.limit),
    "x-ratelimit-remaining": String(l.remaining),
    "x-ratelimit-reset": String(l.reset),
    "x-ratelimit-used": String(l.limit - l.remaining),
    "x-ratelimit-resource": "core",
  };
}

function statusText(status: number): string {
  const texts: Record<number, string> = {
    403: "Forbidden",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Server Error",
    503: "Service Unavailable",
    504: "Gateway Timeout",
  };
  return texts[status] ?? `Error ${status}`;
}
