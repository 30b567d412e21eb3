/**
 * Injected failures: a queue of rules, each answering the next matching requests with a fixed
 * status (a 502 once, a secondary rate limit, a 429...) before anything else is checked.
 */

/** A failure to inject. All matchers are optional: a rule without any matches every request. */
export interface Fault {
  /** HTTP method, e.g. "POST". */
  method?: string;
  /** The request path as sent (`/repos/o/r/pulls/1/reviews`): a string must equal it, a RegExp must match it. */
  path?: string | RegExp;
  /** The GitHub operation, e.g. "pulls/create-review" (matches both /repos/... and /repositories/... URLs). */
  operationId?: string;
  status: number;
  /** How many matching requests fail (default 1). */
  times?: number;
  /** Matching requests to let through before failing (default 0): "the second review fails". */
  skip?: number;
  headers?: Record<string, string>;
  /** The JSON body; default `{ message: <status text> }`. */
  body?: unknown;
  /** Milliseconds to wait before answering (a slow gateway). */
  delayMs?: number;
  /**
   * GitHub carries the request out (a review is stored, a comment written) and the answer is
   * lost on the way: the client sees `status` all the same, e.g. a 502 from a gateway that gave
   * up waiting on a backend that finished.
   */
  executed?: boolean;
}

/** Which faults fired, for assertions. */
export interface FiredFault {
  fault: Fault;
  method: string;
  path: string;
}

/** The fault queue of a stand-in. */
export class Faults {
  /** Rules not yet used up, in the order they are tried. */
  readonly pending: Fault[] = [];
  /** Every fault that answered a request. */
  readonly fired: FiredFault[] = [];

  /** Adds rules; each is copied, so a rule object can be reused across stand-ins. */
  push(...faults: Fault[]): void {
    for (const f of faults) this.pending.push({ times: 1, skip: 0, ...f });
  }

  /** Removes every pending rule. */
  clear(): void {
    this.pending.length = 0;
  }

  /**
   * GitHub's secondary rate limit: 403 with `retry-after` and the message Octokit's throttling
   * plugin recognises ("You have exceeded a secondary rate limit").
   */
  secondaryRateLimit(
    match: Omit<Fault, "status" | "headers" | "body"> = {},
    retryAfterSeconds = 1,
  ): void {
    this.push({
      ...match,
      status: 403,
      headers: { "retry-after": String(retryAfterSeconds) },
      body: {
        message:
          "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 0000:0000:0000000:0000000:00000000.",
        documentation_url:
          "https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
      },
    });
  }

  /** A gateway error, 502 by default (GitHub answers a timed-out backend this way). */
  serverError(match: Omit<Fault, "status"> = {}, status = 502): void {
    this.push({ ...match, status });
  }

  /** The rule that answers this request, consuming one use of it; undefined when none matches. */
  take(method: string, path: string, operationId: string | undefined): Fault | undefined {
    for (const fault of this.pending) {
      if (fault.method !== undefined && fault.method.toUpperCase() !== method) continue;
      if (fault.operationId !== undefined && fault.operationId !== operationId) continue;
      if (typeof fault.path === "string" && fault.path !== path) continue;
      if (fault.path instanceof RegExp && !fault.path.test(path)) continue;
      if ((fault.skip ?? 0) > 0) {
        fault.skip = (fault.skip ?? 0) - 1;
        continue;
      }
      fault.times = (fault.times ?? 1) - 1;
      if (fault.times <= 0) this.pending.splice(this.pending.indexOf(fault), 1);
      this.fired.push({ fault, method, path });
      return fault;
    }
    return undefined;
  }
}
