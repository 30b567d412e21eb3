import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parse as parseYaml } from "yaml";
import { git } from "../helpers.js";

const ROOT = path.resolve(import.meta.dirname, "../..");

/**
 * The INPUT_* variables a runner sets from action.yml's defaults: an input with a default always
 * reaches the Action, so a default there shadows the config (issue 12 item 9). Expression
 * defaults (`${{ github.token }}`) are left to the options.
 */
function actionYmlDefaults(): Record<string, string> {
  const action = parseYaml(readFileSync(path.join(ROOT, "action.yml"), "utf8")) as {
    inputs: Record<string, { default?: string }>;
  };
  const inputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs)) {
    if (spec.default !== undefined && !spec.default.includes("${{"))
      inputs[`INPUT_${name.toUpperCase()}`] = spec.default;
  }
  return inputs;
}

/**
 * A repository whose base commit holds `base` as ord/document.json and whose head commit (checked
 * out) holds `head` and `headFiles`. Returns the base commit.
 */
export function pullRequestRepo(
  repo: string,
  base: unknown,
  head: unknown,
  headFiles: Record<string, string> = {},
): string {
  const write = (file: string, text: string): void => {
    mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
    writeFileSync(path.join(repo, file), text);
  };
  mkdirSync(repo, { recursive: true });
  git(repo, "init", "-q");
  write("ord/document.json", JSON.stringify(base, null, 2));
  git(repo, "add", "-A");
  git(repo, "commit", "-q", "-m", "base");
  const baseSha = git(repo, "rev-parse", "HEAD");
  write("ord/document.json", JSON.stringify(head, null, 2));
  for (const [file, text] of Object.entries(headFiles)) write(file, text);
  git(repo, "add", "-A");
  git(repo, "commit", "-q", "-m", "head");
  return baseSha;
}

export interface SourceRunOptions {
  repo: string;
  /** RUNNER_TEMP: the event, output and summary files are written there. */
  runner: string;
  home: string;
  baseSha: string;
  number?: number;
  /** Default: a closed port, so nothing is sent anywhere. */
  apiUrl?: string;
  /** INPUT_* variables on top of the defaults (no token, no comments). */
  inputs?: Record<string, string>;
  /** PATH; default the test's own. */
  path?: string;
}

/**
 * How to start the Action from source (src/index.ts through tsx) as a runner would, for the
 * security tests that watch what the sources do: a pull_request event for the checked-out
 * head of `repo`, the runner's files, and the inputs as INPUT_* variables (action.yml's defaults,
 * then no token, no comments and the `ord/` documents, then `inputs`).
 */
export function actionFromSource(options: SourceRunOptions): {
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
} {
  const { repo, runner } = options;
  mkdirSync(runner, { recursive: true });
  const event = path.join(runner, "event.json");
  const pullRequest = {
    number: options.number ?? 1,
    base: { sha: options.baseSha },
    head: { sha: git(repo, "rev-parse", "HEAD") },
    labels: [],
  };
  writeFileSync(event, JSON.stringify({ pull_request: pullRequest }));
  for (const f of ["output", "summary"]) writeFileSync(path.join(runner, f), "");
  const loader = pathToFileURL(createRequire(import.meta.url).resolve("tsx/esm")).href;
  return {
    args: ["--import", loader, path.join(ROOT, "src/index.ts")],
    cwd: repo,
    env: {
      PATH: options.path ?? process.env.PATH,
      HOME: options.home,
      GITHUB_WORKSPACE: repo,
      GITHUB_EVENT_PATH: event,
      GITHUB_REPOSITORY: "owner/repo",
      GITHUB_API_URL: options.apiUrl ?? "http://127.0.0.1:9",
      GITHUB_OUTPUT: path.join(runner, "output"),
      GITHUB_STEP_SUMMARY: path.join(runner, "summary"),
      RUNNER_TEMP: runner,
      ...actionYmlDefaults(),
      "INPUT_GITHUB-TOKEN": "",
      INPUT_DOCUMENTS: "ord/**/*.json",
      INPUT_COMMENT: "none",
      ...options.inputs,
    },
  };
}
