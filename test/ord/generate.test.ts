import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { generatorEnv } from "../../src/ord/generate.js";
import type { Report } from "../../src/types.js";
import { cli, git, running } from "../helpers.js";
import { GENERATOR, ORD_ID } from "../generator.js";

/**
 * Generate, then compare (docs/sources.md): a small generator of our own writes the documents the
 * way the CAP ORD plugin does (gen/ord/ord-document.json, the definition in gen/ord/<ordId>/,
 * referenced as /ord/v1/<ordId>/<file>). The same script is in the base and the head commit of a
 * temporary repository; the head's service model drops an operation without a new major.
 */

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A repository: base commit with /stars and /planets, head commit with /stars only. */
function repository(headService = { version: "1.0.0", paths: ["/stars"] }) {
  const dir = mkdtempSync(path.join(tmpdir(), "ovg-generate-"));
  dirs.push(dir);
  git(dir, "init", "-q", "--initial-branch=main");
  writeFileSync(path.join(dir, ".gitignore"), "gen/\n");
  writeFileSync(path.join(dir, "generate.mjs"), GENERATOR);
  const service = (value: unknown): void =>
    writeFileSync(path.join(dir, "service.json"), JSON.stringify(value));
  service({ version: "1.0.0", paths: ["/stars", "/planets"] });
  git(dir, "add", ".");
  git(dir, "commit", "-qm", "base");
  const base = git(dir, "rev-parse", "HEAD");
  service(headService);
  git(dir, "commit", "-qam", "head");
  return { dir, base };
}

/** The worktrees git knows of (the checkout itself is the first). */
const worktrees = (dir: string): string[] =>
  git(dir, "worktree", "list", "--porcelain")
    .split("\n")
    .filter((l) => l.startsWith("worktree "));

/** Temp folders of base worktrees left behind (there must be none). */
const leftovers = (): string[] => readdirSync(tmpdir()).filter((n) => n.startsWith("ovg-base-"));

describe("--generate with --base git:<ref>", () => {
  it("compares what the command wrote in the base commit and in the head; a removed operation is breaking", async () => {
    const { dir, base } = repository();
    const before = leftovers();
    const result = await cli(
      ["check", "--base", `git:${base}`, "--generate", "node generate.mjs", "--format", "json"],
      dir,
    );
    expect(result.status).toBe(1);
    // The command's output is the log, on stderr; the report alone is on stdout.
    expect(result.stderr).toContain("generated 2 paths");
    expect(result.stderr).toContain("generated 1 paths");
    const report = JSON.parse(result.stdout) as Report;
    const entity = report.entities.find((e) => e.ordId === ORD_ID);
    expect(entity?.changeLevel).toBe("breaking");
    const removed = entity?.changes.find((c) => c.reason.includes("GET /planets: removed"));
    // Located in the base's generated file: its path, marked as the base version (the CLI's
    // base locations, see src/report/base-locations.ts).
    expect(removed?.location).toMatchObject({
      file: `gen/ord/${ORD_ID}/astronomy.oas3.json`,
      base: base,
    });
    expect(report.findings.map((f) => f.ruleId)).toContain("breaking-change-without-new-major");
    // CAP's /ord/v1/<ordId>/<file> was read from gen/ord/<ordId>/<file> on both sides.
    expect(report.findings.map((f) => f.ruleId)).not.toContain("definition-unchecked");
    // The head's own output stays (it is the checkout); the base worktree is gone.
    expect(existsSync(path.join(dir, "gen/ord/ord-document.json"))).toBe(true);
    expect(worktrees(dir)).toHaveLength(1);
    expect(leftovers()).toEqual(before);
  });

  it("an added operation with a minor version passes", async () => {
    const { dir, base } = repository({ version: "1.1.0", paths: ["/stars", "/planets", "/moons"] });
    const result = await cli(
      ["check", "--base", `git:${base}`, "--generate", "node generate.mjs", "--format", "json"],
      dir,
    );
    const report = JSON.parse(result.stdout) as Report;
    expect(report.findings.map((f) => f.ruleId)).not.toContain("breaking-change-without-new-major");
  });

  it.each([
    [
      "a failing command: exit 2 with the tail of its log",
      ["--generate", "echo building; echo 'cds: model error in srv/cat.cds' >&2; exit 3"],
      /the generate command failed \(exit 3\) in the base [\s\S]*cds: model error in srv\/cat\.cds/,
    ],
    [
      "a command over its time limit: exit 2, its process group ended",
      ["--generate", "sleep 30", "--generate-timeout", "0.5"],
      /did not finish within 0\.5 s/,
    ],
    [
      // setTimeout cannot wait longer: a longer limit used to fire at once (a "time-out" at 0 s).
      "a time limit above the longest Node can wait: exit 2 naming the maximum",
      ["--generate", "true", "--generate-timeout", "3000000"],
      /--generate-timeout must be at most 2147483 seconds/,
    ],
    [
      "a command that writes no document: exit 2, not 'nothing to check'",
      ["--generate", "true"],
      /wrote no ORD document/,
    ],
  ])("%s", async (_name, flags, message) => {
    const { dir, base } = repository();
    const before = leftovers();
    const result = await cli(["check", "--base", `git:${base}`, ...flags], dir);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(message);
    expect(result.status).toBe(2);
    expect(worktrees(dir)).toHaveLength(1);
    expect(leftovers()).toEqual(before);
  });

  it("takes the longest time limit Node can wait", async () => {
    const { dir, base } = repository();
    const result = await cli(
      ["check", "--base", `git:${base}`, "--generate", "node generate.mjs"].concat([
        "--generate-timeout",
        "2147483",
      ]),
      dir,
    );
    expect(result.stderr).toContain("generated 1 paths");
    expect(result.status).toBe(1);
  });

  it("fails on the head side too, naming it", async () => {
    const { dir, base } = repository();
    // Only the head has the broken generator.
    writeFileSync(path.join(dir, "generate.mjs"), "process.exit(7);\n");
    git(dir, "commit", "-qam", "break the generator");
    const result = await cli(
      ["check", "--base", `git:${base}`, "--generate", "node generate.mjs"],
      dir,
    );
    expect(result.stderr).toMatch(/failed \(exit 7\) in the head/);
    expect(result.status).toBe(2);
  });

  it("needs a git:<ref> or URL base", async () => {
    const { dir } = repository();
    const result = await cli(["check", "--base", ".", "--generate", "true"], dir);
    expect(result.stderr).toMatch(/--generate needs --base git:<ref>/);
    expect(result.status).toBe(2);
  });
});

describe("stopped while the command runs (Ctrl-C, a cancelled job)", () => {
  const loader = pathToFileURL(createRequire(import.meta.url).resolve("tsx/esm")).href;
  const cliSource = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../src/cli.ts");

  it.each(["SIGHUP", "SIGINT", "SIGTERM"] as const)(
    "%s ends the command's process group, removes the base worktree and ends the run by the same signal",
    async (signal) => {
      const { dir, base } = repository();
      const before = leftovers();
      // The shell and a child of its own: both must end, not only the shell node started.
      const command = "sleep 60 & echo $$ $! > pids; echo started; wait";
      const child = spawn(
        process.execPath,
        ["--import", loader, cliSource, "check", "--base", `git:${base}`, "--generate", command],
        { cwd: dir, stdio: ["ignore", "ignore", "pipe"] },
      );
      let stderr = "";
      const pids = (): number[] =>
        readFileSync(path.join(worktrees(dir)[1]!.slice("worktree ".length), "pids"), "utf8")
          .trim()
          .split(" ")
          .map(Number);
      let started: number[] = [];
      // The run dies of the signal (a shell loop stops), not with an exit code.
      const closed = new Promise<NodeJS.Signals | null>((resolve) =>
        child.on("close", (_code, killedBy) => resolve(killedBy)),
      );
      child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
        stderr += chunk;
        if (!started.length && stderr.includes("started\n")) {
          started = pids();
          child.kill(signal);
        }
      });
      try {
        expect(await closed).toBe(signal);
        expect(started).toHaveLength(2);
        expect(started.filter(running)).toEqual([]);
        expect(worktrees(dir)).toHaveLength(1);
        expect(leftovers()).toEqual(before);
      } finally {
        for (const pid of started) if (running(pid)) process.kill(pid, "SIGKILL");
      }
    },
    60_000,
  );
});

describe("the command's environment", () => {
  it("holds none of the run's secrets", () => {
    const env = generatorEnv({
      PATH: "/usr/bin",
      HOME: "/home/runner",
      "INPUT_GITHUB-TOKEN": "ghs_x",
      "INPUT_BASE-HEADER": "Authorization: x",
      ACTIONS_RUNTIME_TOKEN: "x",
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: "x",
      GITHUB_TOKEN: "x",
      ORD_BASE_HEADER: "x",
      GITHUB_SHA: "abc",
    });
    expect(Object.keys(env).sort()).toEqual(["GITHUB_SHA", "HOME", "PATH"]);
  });
});
