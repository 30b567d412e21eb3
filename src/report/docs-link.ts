import pkg from "../../package.json" with { type: "json" };

/**
 * The one place that builds links to the rule documentation (reports, SARIF help URIs, review
 * comments, `--help`). Links point at the docs of the running version, so a rule page never
 * describes a newer or older behaviour than the one that produced the finding.
 */
export interface DocsSource {
  /** `owner/name` of a repository on `server`. */
  repository: string;
  /** A tag, branch or commit of that repository. */
  ref: string;
  /** The web address of its GitHub: github.com unless given (a GitHub Enterprise Server). */
  server?: string;
}

const GITHUB = "https://github.com";

const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
// Characters of ordinary tags, branches and SHAs; anything else (spaces, brackets, quotes) could
// break out of a Markdown link or a URL, so such a ref is not used.
const REF = /^[A-Za-z0-9_./+-]+$/;

/**
 * A server address as a link prefix (no trailing slash), or undefined when it is none: only http(s)
 * with a host and a plain path, so no runner variable can break out of a Markdown link.
 */
function serverPrefix(server: string | undefined): string | undefined {
  if (server === undefined) return GITHUB;
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    return undefined;
  }
  const plain = /^[A-Za-z0-9_.~/-]*$/.test(url.pathname);
  if (!/^https?:$/.test(url.protocol) || !url.hostname || url.username || url.search || url.hash)
    return undefined;
  return plain ? `${url.origin}${url.pathname.replace(/\/+$/, "")}` : undefined;
}

const usable = (s: DocsSource): boolean =>
  serverPrefix(s.server) !== undefined &&
  REPOSITORY.test(s.repository) &&
  REF.test(s.ref) &&
  !`${s.repository}/${s.ref}`.split("/").some((part) => part === "." || part === "..");

/** The package's own repository (package.json `repository`) at the tag of its version. */
export function packageDocsSource(): DocsSource {
  const url = typeof pkg.repository === "string" ? pkg.repository : pkg.repository.url;
  const repository = /github\.com[/:]([^/]+\/[^/]+?)(?:\.git)?\/?$/.exec(url)?.[1] ?? "";
  // The release workflow tags every release vX.Y.Z.
  return { repository, ref: `v${pkg.version}` };
}

/**
 * The docs of the Action as the runner started it: GITHUB_ACTION_REPOSITORY and
 * GITHUB_ACTION_REF name the action's own repository and the ref the workflow used (`@v1`, a SHA,
 * a fork), on the runner's GitHub (GITHUB_SERVER_URL: a GitHub Enterprise Server has its own).
 * A local action (`uses: ./`) and a `run:` step have neither: the package's docs then.
 */
export function actionDocsSource(env: Record<string, string | undefined>): DocsSource {
  const source = {
    repository: env.GITHUB_ACTION_REPOSITORY ?? "",
    ref: env.GITHUB_ACTION_REF ?? "",
    server: env.GITHUB_SERVER_URL || undefined,
  };
  return usable(source) ? source : packageDocsSource();
}

// Module state so that every renderer, whichever front door called it, links the same docs
// without passing a source through the core; only the Action's entry changes it.
let active: DocsSource = packageDocsSource();

/** Makes every later link point at `source` (the Action calls this once at start-up). */
export function useDocsSource(source: DocsSource): void {
  active = usable(source) ? source : packageDocsSource();
}

const base = (): string => `${serverPrefix(active.server) ?? GITHUB}/${active.repository}`;

/** The documentation page of a rule. */
export function ruleDocUrl(id: string): string {
  return `${base()}/blob/${active.ref}/docs/rules/${encodeURIComponent(id)}.md`;
}

/** The rule index (docs/rules/README.md, which GitHub shows for the folder). */
export function rulesIndexUrl(): string {
  return `${base()}/tree/${active.ref}/docs/rules`;
}
