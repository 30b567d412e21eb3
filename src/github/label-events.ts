import type { GitHub } from "./client.js";

/**
 * When `label` was last added to the issue or pull request, in GitHub's time (issue events API;
 * needs issues or pull-requests read), or undefined when it never was. Additions by `exceptBy`
 * (the pull request's author: an approval is someone else's) do not count.
 */
export async function labelAddedAt(
  client: GitHub,
  issue: { owner: string; repo: string; issue_number: number },
  label: string,
  exceptBy?: string,
): Promise<string | undefined> {
  const events = await client.paginate(client.rest.issues.listEvents, { ...issue, per_page: 100 });
  let latest: string | undefined;
  for (const event of events) {
    if (event.event !== "labeled" || !("label" in event) || event.label?.name !== label) continue;
    if (exceptBy !== undefined && sameLogin(event.actor?.login, exceptBy)) continue;
    if (latest === undefined || Date.parse(event.created_at) > Date.parse(latest))
      latest = event.created_at;
  }
  return latest;
}

/** GitHub logins are case-insensitive. */
export function sameLogin(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}
