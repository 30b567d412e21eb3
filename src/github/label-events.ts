import type { GitHub } from "./client.js";

/**
 * When `label` was last added to the issue or pull request, in GitHub's time (issue events API;
 * needs issues or pull-requests read), or undefined when it never was.
 */
export async function labelAddedAt(
  client: GitHub,
  issue: { owner: string; repo: string; issue_number: number },
  label: string,
): Promise<string | undefined> {
  const events = await client.paginate(client.rest.issues.listEvents, { ...issue, per_page: 100 });
  let latest: string | undefined;
  for (const event of events) {
    if (event.event !== "labeled" || !("label" in event) || event.label?.name !== label) continue;
    if (latest === undefined || Date.parse(event.created_at) > Date.parse(latest))
      latest = event.created_at;
  }
  return latest;
}
