/**
 * GitHub's error responses. Each handler throws a {@link GitHubError}; the server adds the
 * operation's `documentation_url` and `status` fields, as GitHub does on every error body.
 */

/** GitHub's limit on the body of issue comments, reviews and review comments (characters). */
export const MAX_BODY_LENGTH = 65_536;

/** An error response: the HTTP status and GitHub's JSON body (`message`, optional `errors`). */
export class GitHubError extends Error {
  constructor(
    readonly status: number,
    readonly body: { message: string; errors?: unknown[] },
    readonly headers: Record<string, string> = {},
  ) {
    super(`${status} ${body.message}`);
  }
}

/** 404 Not Found, as for a missing resource (and, on GitHub, for one the token may not see). */
export function notFound(): GitHubError {
  return new GitHubError(404, { message: "Not Found" });
}

/**
 * 422 "Unprocessable Entity" with GitHub's review-thread messages joined into one sentence, the
 * way GitHub reports a rejected review ("a, b, and c" as Rails' to_sentence writes it).
 */
export function unprocessable(messages: string[]): GitHubError {
  return new GitHubError(422, { message: "Unprocessable Entity", errors: [toSentence(messages)] });
}

/** 422 "Validation Failed" with one model error, the shape of GitHub's model validations. */
export function validationFailed(
  resource: string,
  field: string,
  code: string,
  message?: string,
): GitHubError {
  const error: Record<string, string> = { resource, code, field };
  if (message !== undefined) error.message = message;
  return new GitHubError(422, { message: "Validation Failed", errors: [error] });
}

/**
 * Rejects a body over GitHub's limit. GitHub counts characters (code points); the error is the one
 * GitHub returns for issue comments (`field: "data"`, `code: "unprocessable"`).
 */
export function checkBodyLength(resource: string, body: string | undefined): void {
  if (body === undefined) return;
  if ([...body].length > MAX_BODY_LENGTH) {
    throw validationFailed(
      resource,
      "data",
      "unprocessable",
      `Body is too long (maximum is ${MAX_BODY_LENGTH} characters)`,
    );
  }
}

function toSentence(parts: string[]): string {
  if (parts.length <= 1) return parts.join("");
  if (parts.length === 2) return `${parts[0]} and ${parts[1]}`;
  return `${parts.slice(0, -1).join(", ")}, and ${parts.at(-1)}`;
}
