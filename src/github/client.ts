import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";

const GitHubClient = Octokit.plugin(retry, throttling);
export type GitHub = InstanceType<typeof GitHubClient>;

/** Retries per request on 5xx and on rate limits; beyond this a request fails. */
const MAX_RETRIES = 3;

/**
 * Octokit with the retry plugin (5xx, network errors) and the throttling plugin (primary and
 * secondary rate limits), like create-pull-request's client. `log` receives one line per retry.
 */
export function createClient(token: string, baseUrl: string, log: (line: string) => void): GitHub {
  return new GitHubClient({
    auth: token,
    baseUrl,
    userAgent: "ord-version-guard",
    request: { retries: MAX_RETRIES },
    log: { debug: () => {}, info: () => {}, warn: log, error: log },
    throttle: {
      onRateLimit: (retryAfter, options, _octokit, retryCount) => {
        log(
          `rate limit on ${String(options.method)} ${String(options.url)}; retrying in ${retryAfter}s`,
        );
        return retryCount < MAX_RETRIES;
      },
      onSecondaryRateLimit: (retryAfter, options, _octokit, retryCount) => {
        log(
          `secondary rate limit on ${String(options.method)} ${String(options.url)}; retrying in ${retryAfter}s`,
        );
        return retryCount < MAX_RETRIES;
      },
    },
  });
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
