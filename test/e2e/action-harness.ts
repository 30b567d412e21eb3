/**
 * Runs the bundled Action (`dist/index.js`) as a child process the way a GitHub runner does:
 * inputs as `INPUT_<NAME>` variables (defaults from action.yml, evaluated like the runner does),
 * a pull_request event file, GITHUB_* and RUNNER_* variables, a git workspace holding the base
 * and head commits, and GITHUB_API_URL pointing at the GitHub stand-in.
 */
import { spawn } from "node:child_process";
import { git } from "../helpers.js";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parse as parseYaml } from "yaml";
import type { ExpectStatic } from "vitest";
import {
  DEFAULT_TOKEN,
  startGitHubStandIn,
  type FileInput,
  type PullRequest,
  type StandIn,
  type StandInOptions,
} from "./github/server.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const ACTION = path.join(ROOT, "dist/index.js");
/** The Action's sources, run through tsx (tests of code not yet bundled into dist/). */
export const ACTION_SOURCE = path.join(ROOT, "src/index.ts");
const EXAMPLES = path.join(ROOT, "examples");

/** Every temp directory made here, removed by {@link cleanUp}. */
const temps: string[] = [];

function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `ovg-e2e-${prefix}-`));
  temps.push(dir);
  return dir;
}

/** Removes the temp directories of the workspaces and runs. */
export function cleanUp(): void {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Files of a directory, by `/`-separated path relative to it. */
function readTree(root: string, prefix = ""): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(path.join(root, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) for (const [k, v] of readTree(root, rel)) files.set(k, v);
    else files.set(rel, readFileSync(path.join(root, rel), "utf8"));
  }
  return files;
}

/**
 * A fresh GitHub stand-in for one test, closed afterwards. Every request must then have been
 * valid, and the stand-in must have answered all of them (no operation it lacks, no 5xx that is
 * not an injected fault: a bug of its own).
 */
export async function withGitHub(
  expect: ExpectStatic,
  body: (gh: StandIn) => Promise<void>,
  options: StandInOptions = {},
): Promise<void> {
  const gh = await startGitHubStandIn(options);
  try {
    await body(gh);
    expect(gh.invalidRequests()).toEqual([]);
    expect(
      gh.requests.filter((r) => r.note !== undefined || (r.status >= 500 && !r.fault)),
    ).toEqual([]);
  } finally {
    await gh.close();
  }
}

/** The examples as a repository: base and head texts per path (`under` prefixes every path). */
export function exampleFiles(under = ""): RepoFile[] {
  const base = readTree(path.join(EXAMPLES, "base"));
  const head = readTree(path.join(EXAMPLES, "head"));
  const paths = [...new Set([...base.keys(), ...head.keys()])].sort();
  return paths.map((p) => ({
    filename: under ? `${under}/${p}` : p,
    base: base.get(p) ?? null,
    head: head.get(p) ?? null,
  }));
}

/** A file of the repository: its text at the base and at the head commit (null: absent). */
export interface RepoFile {
  filename: string;
  base: string | null;
  head: string | null;
}

/** The files of a pull request as the stand-in takes them: only those that differ. */
export function changedFiles(files: RepoFile[]): FileInput[] {
  return files
    .filter((f) => f.base !== f.head)
    .map((f) => ({ filename: f.filename, base: f.base, head: f.head }));
}

function writeFiles(dir: string, files: RepoFile[], side: "base" | "head"): void {
  for (const file of files) {
    const target = path.join(dir, file.filename);
    const text = file[side];
    if (text === null) {
      rmSync(target, { force: true });
    } else {
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, text);
    }
  }
}

/**
 * A checked-out pull request: a git repository whose base commit holds the base texts and whose
 * head commit (checked out) holds the head texts. The stand-in's pull request uses the same SHAs.
 */
export class Workspace {
  readonly dir: string;
  readonly baseSha: string;
  headSha: string;
  files: RepoFile[];

  /**
   * `checkout`: "full" (default) has both commits; "shallow" is a depth-1 clone of the head
   * whose `origin` has the base commit (actions/checkout's default); "head-only" is that clone
   * without a remote, so the base can only come from the contents API.
   */
  constructor(files: RepoFile[], checkout: Checkout = "full") {
    const origin = tempDir("workspace");
    this.files = files;
    git(origin, "init", "--quiet", "--initial-branch=main");
    writeFiles(origin, files, "base");
    git(origin, "add", "--all");
    git(origin, "commit", "--quiet", "--allow-empty", "-m", "base");
    this.baseSha = git(origin, "rev-parse", "HEAD");
    writeFiles(origin, files, "head");
    git(origin, "add", "--all");
    git(origin, "commit", "--quiet", "--allow-empty", "-m", "head");
    this.headSha = git(origin, "rev-parse", "HEAD");
    if (checkout === "full") {
      this.dir = origin;
      return;
    }
    this.dir = tempDir("checkout");
    git(this.dir, "clone", "--quiet", "--depth=1", `file://${origin}`, ".");
    if (checkout === "head-only") git(this.dir, "remote", "remove", "origin");
  }

  /** A new head commit: `change` maps paths to their new head text (null: deleted). */
  commit(change: Record<string, string | null>): string {
    const byName = new Map(this.files.map((f) => [f.filename, f]));
    for (const [filename, head] of Object.entries(change)) {
      const file = byName.get(filename) ?? { filename, base: null, head: null };
      byName.set(filename, { ...file, head });
    }
    this.files = [...byName.values()];
    writeFiles(this.dir, this.files, "head");
    git(this.dir, "add", "--all");
    git(this.dir, "commit", "--quiet", "--allow-empty", "-m", "push");
    this.headSha = git(this.dir, "rev-parse", "HEAD");
    return this.headSha;
  }

  /** The head text of a file. */
  head(filename: string): string {
    const text = this.files.find((f) => f.filename === filename)?.head;
    if (text == null) throw new Error(`${filename} is not in the head of the workspace`);
    return text;
  }
}

/** How much of the repository the checkout has (see {@link Workspace}). */
export type Checkout = "full" | "shallow" | "head-only";

/** Options of {@link openPullRequest}. */
export interface OpenOptions {
  checkout?: Checkout;
  number?: number;
  /** Labels on the pull request (the API's view). */
  labels?: string[];
  /** The login owning the head branch; another login than the repository owner makes a fork PR. */
  headOwner?: string;
}

/** A workspace and the stand-in's pull request for the same files and SHAs. */
export function openPullRequest(
  gh: StandIn,
  files: RepoFile[],
  options: OpenOptions = {},
): { workspace: Workspace; pull: PullRequest } {
  const workspace = new Workspace(files, options.checkout);
  const pull = gh.state.addPullRequest({
    number: options.number,
    labels: options.labels,
    base: { sha: workspace.baseSha },
    head: { sha: workspace.headSha, owner: options.headOwner },
    files: changedFiles(files),
  });
  // The files the pull request does not change are in the repository too (the contents API
  // serves them); the head commit and later pushes inherit them from the base commit.
  for (const f of files) {
    if (f.base !== null && f.base === f.head) gh.state.setFile(pull.base.sha, f.filename, f.base);
  }
  return { workspace, pull };
}

/** A push to the pull request: a new head commit in the workspace and in the stand-in. */
export function pushToPullRequest(
  gh: StandIn,
  workspace: Workspace,
  pull: PullRequest,
  change: Record<string, string | null>,
): void {
  const sha = workspace.commit(change);
  gh.state.push(pull.number, { sha, files: changedFiles(workspace.files) });
}

/** A workflow command the Action printed (`::error file=a,line=3::message`). */
export interface Command {
  command: string;
  properties: Record<string, string>;
  message: string;
}

/** What a run left behind. */
/** The rule IDs of a run's JSON report (the `report` output), in report order. */
export const rulesOf = (result: RunResult): string[] =>
  (
    JSON.parse(readFileSync(result.outputs.report!, "utf8")) as { findings: { ruleId: string }[] }
  ).findings.map((f) => f.ruleId);

export interface RunResult {
  exitCode: number | null;
  /** The signal that ended the process, if one did (exitCode is null then). */
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** GITHUB_OUTPUT, parsed. */
  outputs: Record<string, string>;
  /** GITHUB_STEP_SUMMARY's content. */
  summary: string;
  commands: Command[];
  /** When the child was spawned (`performance.now()` of this process). */
  spawnedAt: number;
  /** RUNNER_TEMP of the run. */
  runnerTemp: string;
}

/** Options of {@link runAction}. */
export interface RunOptions {
  gh: StandIn;
  workspace: Workspace;
  pull: PullRequest;
  /** Default: DEFAULT_TOKEN. */
  token?: string;
  /** Inputs as in a workflow's `with:`; the rest get action.yml's defaults. */
  with?: Record<string, string>;
  /** Labels in the event payload (default: none, i.e. a payload older than the labels). */
  eventLabels?: string[];
  /** Kills the run after this many milliseconds (default 30 s). */
  timeoutMs?: number;
  /** Sends `signal` once stdout holds `output`: the runner cancelling the job. */
  stopOn?: { output: string; signal: NodeJS.Signals };
  /**
   * Run src/index.ts through tsx instead of the bundle (default: when OVG_E2E_SOURCE=1 is set),
   * so a change can be tested before dist/ is rebuilt.
   */
  source?: boolean;
  /** The event's `action` (default "synchronize"). */
  action?: string;
  /** The event's `label` (the label just added or removed on a labeled/unlabeled event). */
  label?: string;
  /**
   * Who caused the event (`sender`): by default the stand-in's label actor ("maintainer") on a
   * labeled/unlabeled event, else the pull request's author.
   */
  sender?: string;
  /**
   * The event (default pull_request): merge_group is `pull`'s entry in a merge queue (base and
   * head are its commits), push is a push of its head commit onto its base to the default branch.
   */
  eventName?: "pull_request" | "merge_group" | "push";
  /** GITHUB_SERVER_URL (default https://github.com). */
  serverUrl?: string;
  /** More variables of the runner (GITHUB_ACTION_REPOSITORY...). */
  env?: Record<string, string>;
}

interface ActionYml {
  inputs: Record<string, { default?: string }>;
}

const ACTION_YML = parseYaml(readFileSync(path.join(ROOT, "action.yml"), "utf8")) as ActionYml;

/** The value the runner gives an input: `with:` or action.yml's default, expressions evaluated. */
function inputValue(raw: string, expressions: Record<string, string>): string {
  return raw.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expr: string) => {
    const value = expressions[expr];
    if (value === undefined) throw new Error(`the harness cannot evaluate \${{ ${expr} }}`);
    return value;
  });
}

/** Parses the GITHUB_OUTPUT file (`name<<delimiter\nvalue\ndelimiter`, or `name=value`). */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== heredoc[2]; i++) value.push(lines[i]!);
      outputs[heredoc[1]!] = value.join("\n");
    } else if (line.includes("=")) {
      outputs[line.slice(0, line.indexOf("="))] = line.slice(line.indexOf("=") + 1);
    }
  }
  return outputs;
}

const unescapeData = (s: string): string =>
  s.replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%25/g, "%");
const unescapeProperty = (s: string): string =>
  unescapeData(s).replace(/%3A/g, ":").replace(/%2C/g, ",");

/** The workflow commands in a run's stdout. */
export function parseCommands(stdout: string): Command[] {
  const commands: Command[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const match = /^::([a-z-]+)( [^:]*)?::(.*)$/.exec(line);
    if (!match) continue;
    const properties: Record<string, string> = {};
    for (const pair of (match[2] ?? "").trim().split(",")) {
      if (!pair.includes("=")) continue;
      properties[pair.slice(0, pair.indexOf("="))] = unescapeProperty(
        pair.slice(pair.indexOf("=") + 1),
      );
    }
    commands.push({ command: match[1]!, properties, message: unescapeData(match[3]!) });
  }
  return commands;
}

/** Runs `node dist/index.js` for an event of `pull` (pull_request by default) and waits for it. */
export async function runAction(options: RunOptions): Promise<RunResult> {
  const { gh, workspace, pull } = options;
  const token = options.token ?? DEFAULT_TOKEN;
  const runnerTemp = tempDir("runner");
  const files = {
    event: path.join(runnerTemp, "_github_workflow", "event.json"),
    output: path.join(runnerTemp, "_runner_file_commands", "set_output"),
    summary: path.join(runnerTemp, "_runner_file_commands", "step_summary"),
    env: path.join(runnerTemp, "_runner_file_commands", "set_env"),
    state: path.join(runnerTemp, "_runner_file_commands", "save_state"),
    path: path.join(runnerTemp, "_runner_file_commands", "add_path"),
  };
  const repository = `${gh.state.owner}/${gh.state.repo}`;
  const eventName = options.eventName ?? "pull_request";
  const queueRef = `refs/heads/gh-readonly-queue/${pull.base.ref}/pr-${pull.number}-${pull.head.sha}`;
  const repositoryPayload = {
    full_name: repository,
    name: gh.state.repo,
    owner: { login: gh.state.owner },
    default_branch: pull.base.ref,
  };
  const otherEvents = {
    merge_group: {
      action: "checks_requested",
      merge_group: {
        head_sha: pull.head.sha,
        head_ref: queueRef,
        base_sha: pull.base.sha,
        base_ref: `refs/heads/${pull.base.ref}`,
      },
      repository: repositoryPayload,
    },
    push: {
      ref: `refs/heads/${pull.base.ref}`,
      before: pull.base.sha,
      after: pull.head.sha,
      repository: repositoryPayload,
    },
  };
  const pullRequestEvent = {
    action: options.action ?? "synchronize",
    ...(options.label === undefined ? {} : { label: { name: options.label } }),
    sender: {
      login: options.sender ?? (options.label === undefined ? pull.user : "maintainer"),
    },
    number: pull.number,
    pull_request: {
      number: pull.number,
      state: pull.state,
      title: pull.title,
      user: { login: pull.user },
      labels: (options.eventLabels ?? []).map((name) => ({ name })),
      base: { ref: pull.base.ref, sha: pull.base.sha, repo: { full_name: repository } },
      head: {
        ref: pull.head.ref,
        sha: pull.head.sha,
        repo: {
          full_name: `${pull.head.owner}/${gh.state.repo}`,
          fork: pull.head.owner !== gh.state.owner,
        },
      },
    },
    repository: { full_name: repository, name: gh.state.repo, owner: { login: gh.state.owner } },
  };
  mkdirSync(path.dirname(files.event), { recursive: true });
  mkdirSync(path.dirname(files.output), { recursive: true });
  const event = eventName === "pull_request" ? pullRequestEvent : otherEvents[eventName];
  writeFileSync(files.event, JSON.stringify(event, null, 2));
  for (const file of [files.output, files.summary, files.env, files.state, files.path])
    writeFileSync(file, "");

  const expressions: Record<string, string> = {
    "github.token": token,
    "github.event.pull_request.base.sha": eventName === "pull_request" ? pull.base.sha : "",
  };
  const inputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(ACTION_YML.inputs)) {
    const raw = options.with?.[name] ?? spec.default ?? "";
    inputs[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] = inputValue(raw, expressions);
  }
  for (const name of Object.keys(options.with ?? {})) {
    if (!(name in ACTION_YML.inputs)) throw new Error(`action.yml has no input ${name}`);
  }

  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LANG: "C.UTF-8",
    CI: "true",
    GITHUB_ACTIONS: "true",
    GITHUB_ACTION: "__run",
    GITHUB_ACTOR: pull.user,
    GITHUB_API_URL: gh.url,
    GITHUB_GRAPHQL_URL: `${gh.url}/graphql`,
    GITHUB_SERVER_URL: options.serverUrl ?? "https://github.com",
    GITHUB_BASE_REF: eventName === "pull_request" ? pull.base.ref : "",
    GITHUB_HEAD_REF: eventName === "pull_request" ? pull.head.ref : "",
    GITHUB_EVENT_NAME: eventName,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_JOB: "ord",
    GITHUB_REF: {
      pull_request: `refs/pull/${pull.number}/merge`,
      merge_group: queueRef,
      push: `refs/heads/${pull.base.ref}`,
    }[eventName],
    GITHUB_REPOSITORY: repository,
    GITHUB_REPOSITORY_OWNER: gh.state.owner,
    GITHUB_RUN_ID: "1",
    GITHUB_RUN_ATTEMPT: "1",
    GITHUB_SHA: pull.head.sha,
    GITHUB_WORKFLOW: "ORD version guard",
    GITHUB_WORKSPACE: workspace.dir,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_ENV: files.env,
    GITHUB_STATE: files.state,
    GITHUB_PATH: files.path,
    RUNNER_OS: "Linux",
    RUNNER_ARCH: "X64",
    RUNNER_TEMP: runnerTemp,
    RUNNER_TOOL_CACHE: path.join(runnerTemp, "tool-cache"),
    ...options.env,
    ...inputs,
  };

  const spawnedAt = performance.now();
  const source = options.source ?? process.env.OVG_E2E_SOURCE === "1";
  const args = source
    ? [
        "--import",
        pathToFileURL(createRequire(import.meta.url).resolve("tsx/esm")).href,
        ACTION_SOURCE,
      ]
    : [ACTION];
  const child = spawn(process.execPath, args, { cwd: workspace.dir, env });
  let stdout = "";
  let stderr = "";
  let stopped = false;
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
    if (options.stopOn && !stopped && stdout.includes(options.stopOn.output)) {
      stopped = true;
      child.kill(options.stopOn.signal);
    }
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  // tsx compiles the sources on start: slower than the bundle on a busy machine.
  const timeout = options.timeoutMs ?? (source ? 90_000 : 30_000);
  const timer = setTimeout(() => child.kill("SIGKILL"), timeout);
  const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>(
    (resolve, reject) => {
      child.on("error", reject);
      child.on("close", (code, killedBy) => resolve([code, killedBy]));
    },
  );
  clearTimeout(timer);
  return {
    exitCode,
    signal,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(files.output, "utf8")),
    summary: existsSync(files.summary) ? readFileSync(files.summary, "utf8") : "",
    commands: parseCommands(stdout),
    spawnedAt,
    runnerTemp,
  };
}
