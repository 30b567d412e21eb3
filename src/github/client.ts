import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";

const GitHubClient = Octokit.plugin(retry, throttling);
export type GitHub = InstanceType<typeof GitHubClient>;

/** Retries per request on rate limits; beyond this a request fails. */
const MAX_RETRIES = 3;
/**
 * Retries per request on 5xx and network errors, waiting 1 s and 4 s (the plugin waits
 * (retry number)² seconds): a failure GitHub recovers from within seconds costs 5 s at most.
 */
export const SERVER_ERROR_RETRIES = 2;
/**
 * The longest rate-limit wait worth sitting out. A secondary limit asks for about a minute; a
 * spent primary limit resets up to an hour later, and waiting for it (three times) would hold
 * the job for hours: the request fails instead, and the findings are in the job summary.
 */
const MAX_WAIT_SECONDS = 60;

/**
 * Octokit with the retry plugin (5xx, network errors) and the throttling plugin (primary and
 * secondary rate limits), like create-pull-request's client. `log` receives one line per retry.
 */
export function createClient(token: string, baseUrl: string, log: (line: string) => void): GitHub {
  const client = new GitHubClient({
    auth: token,
    baseUrl,
    userAgent: "ord-version-guard",
    // The retry plugin's own option. (Not `request: { retries }`: preset on every request, it
    // makes the plugin retry any error at once, 403/404/422 included, and a secondary rate limit
    // then gets immediate retries instead of the throttling plugin's wait for retry-after.)
    retry: { retries: SERVER_ERROR_RETRIES },
    log: { debug: () => {}, info: () => {}, warn: log, error: log },
    throttle: {
      onRateLimit: (retryAfter, options, _octokit, retryCount) =>
        waitOrGiveUp("rate limit", retryAfter, options, retryCount, log),
      onSecondaryRateLimit: (retryAfter, options, _octokit, retryCount) =>
        waitOrGiveUp("secondary rate limit", retryAfter, options, retryCount, log),
    },
  });
  client.hook.wrap("request", outageBreaker(log));
  return client;
}

/**
 * Gives every request its own retry state, and stops retrying while GitHub is down.
 *
 * The retry and throttling plugins keep their count in `options.request.retryCount`, and
 * `options.request` is one object that Octokit shares between all requests: once a request had
 * used up its retries, the first retry of every later request waited (count + 1)² = 25 s and
 * more. Registered after the plugins, this hook wraps them and hands each request a fresh copy.
 *
 * A request that still fails with a server or network error after its retries means an outage:
 * the requests after it are tried once, without retries, until one succeeds. An outage then
 * costs one request's retries (seconds), not every request's.
 */
function outageBreaker(log: (line: string) => void) {
  let down = false;
  return async <T, O extends { method?: string; url?: string; request?: object }>(
    request: (options: O) => T | Promise<T>,
    options: O,
  ): Promise<T> => {
    // The hooks inside are bound to this very options object (a fresh one per request), so its
    // `request` is replaced in place: an object passed on to `request` would not reach them.
    const own: Record<string, unknown> = { ...options.request, retryCount: 0 };
    options.request = own;
    // `retries` preset to 0 is safe (it only ever stops retries); presetting more is not.
    if (down && own.retries === undefined) own.retries = 0;
    try {
      const response = await request(options);
      down = false;
      return response;
    } catch (error) {
      const status = statusOf(error);
      const retried = own.retries === undefined || Number(own.retries) > 0;
      if ((status === undefined || status >= 500) && retried && !down) {
        down = true;
        log(
          `GitHub did not answer ${String(options.method)} ${String(options.url)} after retries; later requests are tried once until one succeeds`,
        );
      }
      throw error;
    }
  };
}

/** Whether the throttling plugin should wait `retryAfter` seconds and retry; logs either way. */
function waitOrGiveUp(
  what: string,
  retryAfter: number,
  options: { method?: unknown; url?: unknown },
  retryCount: number,
  log: (line: string) => void,
): boolean {
  const request = `${String(options.method)} ${String(options.url)}`;
  if (retryCount >= MAX_RETRIES || retryAfter > MAX_WAIT_SECONDS) {
    log(`${what} on ${request}; not retrying (retry after ${retryAfter}s)`);
    return false;
  }
  log(`${what} on ${request}; retrying in ${retryAfter}s`);
  return true;
}

/** The login of the workflow's GITHUB_TOKEN (the GitHub Actions app's bot user). */
export const GITHUB_ACTIONS_LOGIN = "github-actions[bot]";

const logins = new WeakMap<GitHub, Promise<string>>();

/**
 * The login GitHub names as the author of what this client writes: only comments by it are the
 * Action's own. An installation token (`ghs_`, which is what GITHUB_TOKEN is) may not ask
 * `GET /user` (403): it is taken to be GITHUB_TOKEN, `github-actions[bot]`. Any other token (a
 * personal access token) writes as its user, asked once per client.
 */
export function selfLogin(client: GitHub): Promise<string> {
  let login = logins.get(client);
  if (!login) {
    login = (async () => {
      const auth = (await client.auth()) as { tokenType?: string };
      if (auth.tokenType === "installation") return GITHUB_ACTIONS_LOGIN;
      return (await client.rest.users.getAuthenticated()).data.login;
    })();
    // A failed lookup is not remembered: the next write may ask again.
    login.catch(() => logins.delete(client));
    logins.set(client, login);
  }
  return login;
}

/** Whether an Octokit error is a rate limit (GitHub answers 403 or 429), not a permission error. */
export function isRateLimit(error: unknown): boolean {
  const status = statusOf(error);
  if (status === 429) return true;
  const response = (error as { response?: { headers?: Record<string, unknown> } }).response;
  return (
    status === 403 &&
    (response?.headers?.["x-ratelimit-remaining"] === "0" ||
      /\brate limit\b/i.test(errorMessage(error)))
  );
}

/** The HTTP status of an Octokit error, if it has one. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown }).status;
  return typeof status === "number" ? status : undefined;
}

/** Any thrown value as a message (not only Error), for logs and setFailed. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
