/**
 * Generate, then compare (docs/sources.md, "Generated documents"): a command that writes the ORD
 * documents (the CAP ORD plugin's `cds build --for ord`, a script) runs in the head checkout and
 * in a temporary git worktree of the base commit, and the documents each produced are compared.
 * The command runs the pull request's code: SECURITY.md and the README say when that is safe.
 *
 * A command that fails, or does not finish within the time limit, throws a SourceError with the
 * tail of its output (exit 2): the check could not run, which is never a pass.
 */
import { mkdtempSync, rmSync } from "node:fs";
import path from "node:path";
import { onInterrupt } from "../interrupt.js";
import { childProcess } from "../lazy.js";
import { hasDocumentCandidates } from "./documents.js";
import { SourceError } from "./source-error.js";
import { UsageError, type SideSource } from "./sources.js";

/** Ten minutes: a CAP build with `npm ci` takes one or two. */
export const DEFAULT_GENERATE_TIMEOUT_SECONDS = 600;

/**
 * The longest time limit: setTimeout waits at most 2^31 - 1 ms (about 24.8 days) and fires at
 * once for anything longer, which would end every command as soon as it started.
 */
export const MAX_GENERATE_TIMEOUT_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

/** Lines of output kept for the error message of a failed command. */
const TAIL_LINES = 40;

export interface GenerateOptions {
  command: string;
  timeoutMs: number;
  /** Receives the command's output line by line (the Action: inside a log group). */
  log: (line: string) => void;
  /** The environment the command gets, secrets removed (see generatorEnv). */
  env?: NodeJS.ProcessEnv;
}

/**
 * The environment for the command, without what the run holds for itself: the Action's inputs
 * (`INPUT_GITHUB-TOKEN`), the runner's own tokens (`ACTIONS_RUNTIME_TOKEN`, the OIDC request
 * token) and the published base's header. The pull request's code gets none of them.
 */
export function generatorEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const kept: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    const upper = name.toUpperCase();
    if (
      upper.startsWith("INPUT_") ||
      upper.startsWith("ACTIONS_") ||
      upper === "GITHUB_TOKEN" ||
      upper === "GH_TOKEN" ||
      upper === "ORD_BASE_HEADER"
    )
      continue;
    kept[name] = value;
  }
  return kept;
}

/** Runs the command with `sh -c` in `cwd`; resolves when it succeeded, throws otherwise. */
export function runGenerator(cwd: string, side: string, options: GenerateOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const tail: string[] = [];
    const keep = (line: string): void => {
      options.log(line);
      tail.push(line);
      if (tail.length > TAIL_LINES) tail.shift();
    };
    // Its own process group, so a time-out or a stopped run ends the command's children too.
    const child = childProcess().spawn("sh", ["-c", options.command], {
      cwd,
      env: options.env ?? generatorEnv(),
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const end = (): void => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
    };
    // Being detached, it gets no Ctrl-C of its own: a stopped run ends it (src/interrupt.ts).
    const forget = child.pid === undefined ? () => false : onInterrupt(end);
    for (const stream of [child.stdout, child.stderr]) {
      let partial = "";
      stream.setEncoding("utf8");
      stream.on("data", (chunk: string) => {
        const lines = (partial + chunk).split(/\r?\n/);
        partial = lines.pop() ?? "";
        lines.forEach(keep);
      });
      stream.on("end", () => partial && keep(partial));
    }
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      end();
    }, options.timeoutMs);
    const fail = (why: string): void => {
      const log = tail.length ? `; the last lines of its output:\n${tail.join("\n")}` : "";
      reject(new SourceError(`the generate command ${why} in the ${side} (${cwd})${log}`));
    };
    child.on("error", (error) => {
      clearTimeout(timer);
      forget();
      fail(`could not start: ${error.message}`);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      forget();
      if (timedOut) fail(`did not finish within ${options.timeoutMs / 1000} s`);
      else if (code !== 0) fail(code === null ? `was ended by ${signal}` : `failed (exit ${code})`);
      else resolve();
    });
  });
}

function git(args: string[], cwd: string): string {
  return childProcess()
    .execFileSync("git", args, { cwd, stdio: ["ignore", "pipe", "pipe"] })
    .toString()
    .trim();
}

/** A temporary worktree of one commit; `remove` deletes it and its git bookkeeping. */
export interface Worktree {
  /** The worktree's folder that corresponds to `cwd` of the checkout. */
  cwd: string;
  remove: () => void;
}

/**
 * Checks out `ref` (detached) into a new folder under `tempRoot`: the base side's own tree, in
 * which the command runs without touching the checkout. `cwd` may be a subfolder of the
 * repository (a monorepo): the worktree's `cwd` is the same subfolder.
 */
export function addWorktree(ref: string, cwd: string, tempRoot: string): Worktree {
  // The revision comes from the command line or the event; git must never read it as an option.
  if (ref.startsWith("-")) throw new SourceError(`git:${ref}: a revision cannot start with "-"`);
  let top: string;
  let sha: string;
  try {
    top = git(["rev-parse", "--show-toplevel"], cwd);
    sha = git(["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`], cwd);
  } catch {
    throw new SourceError(`git:${ref} is not a commit of a git repository around ${cwd}`);
  }
  const dir = mkdtempSync(path.join(tempRoot, "ovg-base-"));
  try {
    git(["worktree", "add", "--detach", "--quiet", dir, sha], top);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const detail = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new SourceError(`could not check out ${ref} into a worktree: ${detail ?? String(error)}`);
  }
  const remove = (): void => {
    forget();
    try {
      git(["worktree", "remove", "--force", dir], top);
    } catch {
      // Removed below; prune forgets it.
    }
    rmSync(dir, { recursive: true, force: true });
    try {
      git(["worktree", "prune"], top);
    } catch {
      // Nothing to prune.
    }
  };
  // A stopped run (Ctrl-C, a cancelled job) removes it too: src/interrupt.ts.
  const forget = onInterrupt(remove);
  return { cwd: path.join(dir, path.relative(top, cwd)), remove };
}

/**
 * Runs the command in a worktree of `ref` and in `cwd`, base first: a broken base build is the
 * base's problem, and the error names the side. On failure the worktree is removed at once;
 * on success the caller removes it once the base side has been read.
 */
export async function generateBothSides(
  ref: string,
  cwd: string,
  tempRoot: string,
  options: GenerateOptions,
): Promise<Worktree> {
  const worktree = addWorktree(ref, cwd, tempRoot);
  try {
    options.log(`$ ${options.command}   # base ${ref}, in ${worktree.cwd}`);
    await runGenerator(worktree.cwd, `base ${ref}`, options);
    options.log(`$ ${options.command}   # head, in ${cwd}`);
    await runGenerator(cwd, "head", options);
  } catch (error) {
    worktree.remove();
    throw error;
  }
  return worktree;
}

/** Parses `--generate-timeout` / `generate-timeout` (seconds) into milliseconds. */
export function generateTimeoutMs(text: string | undefined, what: string): number {
  if (text === undefined || text.trim() === "") return DEFAULT_GENERATE_TIMEOUT_SECONDS * 1000;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new UsageError(`${what} must be a positive number of seconds (got "${text}")`);
  }
  if (seconds > MAX_GENERATE_TIMEOUT_SECONDS) {
    throw new UsageError(
      `${what} must be at most ${MAX_GENERATE_TIMEOUT_SECONDS} seconds (about 24.8 days; got "${text}")`,
    );
  }
  return seconds * 1000;
}

/**
 * The head side after the command ran must hold a document: a command that "succeeds" without
 * writing one (a wrong output folder, a plugin not installed) would otherwise compare nothing
 * with nothing and pass. The base may have none (the pull request introduces ORD).
 */
export function requireGeneratedDocuments(head: SideSource, command: string, where: string): void {
  if (!hasDocumentCandidates(head.files)) {
    throw new SourceError(
      `the generate command (${command}) wrote no ORD document that ${where} finds in the head: check its output folder`,
    );
  }
}
