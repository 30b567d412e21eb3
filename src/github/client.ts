import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";

const GitHubClient = Octokit.plugin(retry, throttling);
export type GitHub = InstanceType<typeof GitHubClient>;

/** Retries per request on 5xx and on rate limits; beyond this a request fails. */
const MAX_RETRIES = 3;
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
  return new GitHubClient({
    auth: token,
    baseUrl,
    userAgent: "ord-version-guard",
    // The retry plugin's own option. (Not `request: { retries }`: preset on every request, it
    // makes the plugin retry any error at once, 403/404/422 included, and a secondary rate limit
    // then gets immediate retries instead of the throttling plugin's wait for retry-after.)
    retry: { retries: MAX_RETRIES },
    log: { debug: () => {}, info: () => {}, warn: log, error: log },
    throttle: {
      onRateLimit: (retryAfter, options, _octokit, retryCount) =>
        waitOrGiveUp("rate limit", retryAfter, options, retryCount, log),
      onSecondaryRateLimit: (retryAfter, options, _octokit, retryCount) =>
        waitOrGiveUp("secondary rate limit", retryAfter, options, retryCount, log),
    },
  });
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
