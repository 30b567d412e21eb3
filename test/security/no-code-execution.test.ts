import { execFileSync, spawnSync } from "node:child_process";
import { git as gitIn } from "../helpers.js";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { actionFromSource } from "./action-from-source.js";

/**
 * No code from the pull request is executed: not its package.json scripts, not a .js file next
 * to the documents, not a YAML tag in a definition, not a tool it puts on the PATH. Every
 * hostile file writes a marker file when it runs; the tests assert that no marker appears.
 * Child processes of the checker are recorded: only `git` with read-only subcommands is allowed.
 */

const spawned = vi.hoisted(() => [] as { command: string; args: string[] }[]);

vi.mock("node:child_process", async (importOriginal) => {
  const original = await importOriginal<typeof import("node:child_process")>();
  const record = <F extends (...args: never[]) => unknown>(fn: F): F =>
    ((command: string, args?: unknown, ...rest: unknown[]) => {
      spawned.push({ command, args: Array.isArray(args) ? (args as string[]) : [] });
      return (fn as unknown as (...a: unknown[]) => unknown)(command, args, ...rest);
    }) as unknown as F;
  return {
    ...original,
    execFileSync: record(original.execFileSync),
    execFile: record(original.execFile),
    execSync: record(original.execSync),
    exec: record(original.exec),
    spawn: record(original.spawn),
    spawnSync: record(original.spawnSync),
    fork: record(original.fork),
  };
});

// The CLI loads child_process on first use (src/lazy.ts), outside the module mock above: that
// route hands out the same recorded module.
vi.mock("../../src/lazy.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../src/lazy.js")>();
  const recorded = await import("node:child_process");
  return { ...original, childProcess: () => recorded };
});

// Imported after the mock: their child processes are recorded.
const { check } = await import("../../src/check.js");
const { main } = await import("../../src/cli/main.js");
const { baseSource, headSource } = await import("../../src/action/sources.js");

const READ_ONLY_GIT = new Set(["rev-parse", "ls-tree", "cat-file", "fetch"]);

let dir: string;
let repo: string;
let markers: string;
let fakeBin: string;
let baseSha: string;

/** A shell line that records that it ran, as `<markers>/<name>`. */
const touch = (name: string): string =>
  `node -e "require('fs').writeFileSync(${JSON.stringify(path.join(markers, name))}, '')"`;
const jsTouch = (name: string): string =>
  `require("fs").writeFileSync(${JSON.stringify(path.join(markers, name))}, "");\n`;

const git = (args: string[], cwd = repo): string => gitIn(cwd, ...args);

const document = (version: string): string =>
  `${JSON.stringify(
    {
      openResourceDiscovery: "1.12",
      apiResources: [
        {
          ordId: "sap.xref:apiResource:astronomy:v1",
          title: "Astronomy",
          shortDescription: "Stars",
          description: "Stars and planets.",
          version,
          releaseStatus: "active",
          visibility: "public",
          partOfPackage: "sap.xref:package:astronomy:v1",
          apiProtocol: "rest",
          resourceDefinitions: [
            {
              type: "custom",
              customType: "sap:js:v1",
              mediaType: "text/plain",
              url: "evil.js",
              accessStrategies: [{ type: "open" }],
            },
            {
              type: "custom",
              customType: "sap:js:v1",
              mediaType: "text/plain",
              url: "evil.mjs",
              accessStrategies: [{ type: "open" }],
            },
            {
              type: "openapi-v3",
              mediaType: "application/yaml",
              url: "api.yaml",
              accessStrategies: [{ type: "open" }],
            },
          ],
        },
      ],
    },
    null,
    2,
  )}\n`;

function writeHostileFiles(version: string): void {
  const scripts = Object.fromEntries(
    ["preinstall", "install", "postinstall", "prepare", "prepack", "test", "build", "ord"].map(
      (s) => [s, touch(`npm-${s}`)],
    ),
  );
  writeFileSync(path.join(repo, "package.json"), JSON.stringify({ name: "evil", scripts }));
  mkdirSync(path.join(repo, "ord"), { recursive: true });
  writeFileSync(path.join(repo, "ord/document.json"), document(version));
  for (const ext of ["js", "cjs", "mjs"]) {
    writeFileSync(
      path.join(repo, `ord/evil.${ext}`),
      `${jsTouch(`require-${ext}`)}// ${version}\n`,
    );
  }
  // A .json file that is JavaScript: loaded with require() it would run, read as JSON it is not.
  writeFileSync(path.join(repo, "ord/evil.json"), `${jsTouch("require-json")}`);
  writeFileSync(
    path.join(repo, "ord/api.yaml"),
    `openapi: 3.0.0\ninfo: {title: x, version: "${version}"}\npaths: {}\nx: !!js/function "function () { ${jsTouch("yaml-tag").trim()} }"\n`,
  );
  writeFileSync(path.join(repo, "ord-version-guard.config.js"), jsTouch("config-js"));
  mkdirSync(path.join(repo, "node_modules/.bin"), { recursive: true });
  writeFileSync(
    path.join(repo, "node_modules/.bin/ord-version-guard"),
    `#!/bin/sh\n${touch("node-modules-bin")}\n`,
  );
  chmodSync(path.join(repo, "node_modules/.bin/ord-version-guard"), 0o755);
  // git's own hooks of a checkout are not the pull request's to set, but a committed folder of
  // that name must not matter either.
  mkdirSync(path.join(repo, "githooks"), { recursive: true });
  writeFileSync(path.join(repo, "githooks/post-checkout"), `#!/bin/sh\n${touch("githook")}\n`);
  writeFileSync(path.join(repo, ".gitattributes"), "*.json filter=evil diff=evil\n");
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "ovg-noexec-"));
  repo = path.join(dir, "repo");
  markers = path.join(dir, "markers");
  fakeBin = path.join(dir, "bin");
  for (const d of [repo, markers, fakeBin]) mkdirSync(d, { recursive: true });
  // Package managers and shells on the PATH that would record being called.
  for (const tool of ["npm", "npx", "yarn", "pnpm", "bun", "make", "sh", "bash"]) {
    writeFileSync(path.join(fakeBin, tool), `#!/usr/bin/env node\n${jsTouch(`path-${tool}`)}`);
    chmodSync(path.join(fakeBin, tool), 0o755);
  }
  git(["init", "-q", "-b", "main"]);
  writeHostileFiles("1.0.0");
  git(["add", "-A"]);
  git(["commit", "-q", "-m", "base"]);
  baseSha = git(["rev-parse", "HEAD"]);
  writeHostileFiles("1.1.0");
  git(["add", "-A"]);
  git(["commit", "-q", "-m", "head"]);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const noMarkers = (): void => expect(readdirSync(markers)).toEqual([]);

function onlyReadOnlyGit(): void {
  expect(spawned.length).toBeGreaterThan(0);
  for (const { command, args } of spawned) {
    expect(command).toBe("git");
    expect(READ_ONLY_GIT).toContain(args.find((a) => !a.startsWith("-")));
  }
}

describe("no code from the pull request is executed", () => {
  it("the markers work: running the hostile files does create them", () => {
    const probe = path.join(dir, "probe");
    mkdirSync(probe);
    execFileSync("node", ["-e", jsTouch("probe")], { cwd: probe });
    expect(readdirSync(markers)).toEqual(["probe"]);
    rmSync(path.join(markers, "probe"));
  });

  it("check() with a git base reads the documents and definitions, runs nothing", () => {
    spawned.length = 0;
    const report = check({ base: `git:${baseSha}`, head: "ord", cwd: repo });
    // The evil.js/.mjs definitions were read as data: their change is reported, not executed.
    const entity = report.entities.find((e) => e.ordId === "sap.xref:apiResource:astronomy:v1");
    expect(entity?.status).toBe("changed");
    expect(entity?.changes.map((c) => c.path).join(" ")).toContain("evil.js");
    noMarkers();
    onlyReadOnlyGit();
  });

  it("the CLI (every format) runs nothing", async () => {
    spawned.length = 0;
    for (const format of ["text", "markdown", "json", "sarif"]) {
      const out: string[] = [];
      const io = {
        stdout: (t: string) => void out.push(t),
        stderr: (t: string) => void out.push(t),
        tty: false,
      };
      const code = await main(
        ["check", "--base", `git:${baseSha}`, "--head", ".", "--format", format],
        repo,
        io,
      );
      expect([0, 1]).toContain(code);
    }
    noMarkers();
    onlyReadOnlyGit();
  });

  it("the Action's sources (workspace and base commit) run nothing", async () => {
    spawned.length = 0;
    const head = headSource(repo, []);
    const base = await baseSource(
      { sha: baseSha, workspace: repo, log: () => {} },
      head.files.map((f) => f.rel),
    );
    expect(base.files.map((f) => f.rel)).toContain("ord/document.json");
    expect(head.read("ord/evil.js")?.toString()).toContain("writeFileSync");
    noMarkers();
    onlyReadOnlyGit();
  });

  it("the Action run as a runner does (package managers and shells on the PATH) runs nothing and writes nothing into the workspace", () => {
    const runner = path.join(dir, "runner");
    const run = actionFromSource({
      repo,
      runner,
      home: dir,
      baseSha,
      path: `${fakeBin}${path.delimiter}${process.env.PATH ?? ""}`,
      // No token: nothing is sent anywhere (the network is tested in no-network.test.ts).
      inputs: { "INPUT_BASE-REF": baseSha },
    });
    const before = git(["status", "--porcelain", "--ignored"]);
    const result = spawnSync(process.execPath, run.args, {
      cwd: run.cwd,
      env: run.env,
      encoding: "utf8",
    });
    expect(result.stderr).not.toMatch(/Error|error:/);
    // The run reached its verdict (the report is in the runner's temp directory).
    expect(existsSync(path.join(runner, "ord-version-guard-report.json"))).toBe(true);
    noMarkers();
    expect(git(["status", "--porcelain", "--ignored"])).toBe(before);
  });
});
