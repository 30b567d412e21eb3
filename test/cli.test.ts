import { execFileSync, spawn, spawnSync } from "node:child_process";
import {
  closeSync,
  cpSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  realpathSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Report } from "../src/types.js";
import { api, cli, doc, git as gitIn, ROOT, workspace } from "./helpers.js";

const EXAMPLES = ["check", "--base", "examples/base", "--head", "examples/head"];

describe("exit status", () => {
  it("is 1 when findings reach fail-on (the examples contain deliberate errors)", async () => {
    const { status, stdout } = await cli([...EXAMPLES, "--format", "json"]);
    expect(status).toBe(1);
    const report = JSON.parse(stdout) as Report;
    expect(report.verdict).toBe("fail");
    expect(report.failOn).toBe("error");
  });

  it("is 0 with --fail-on never, and the report still lists the errors", async () => {
    const { status, stdout } = await cli([...EXAMPLES, "--format", "json", "--fail-on", "never"]);
    expect(status).toBe(0);
    expect((JSON.parse(stdout) as Report).summary.errors).toBeGreaterThan(0);
  });

  it("is 1 with --fail-on warning when only warnings exist", async () => {
    const dir = workspace({
      "base.json": doc({ apiResources: [api("stars")] }),
      "head.json": doc({
        apiResources: [
          api("stars", { version: "2.0.0", lastUpdate: "2026-03-01T00:00:00Z", title: "x" }),
        ],
      }),
    });
    expect((await cli(["check", "--base", "base.json", "--head", "head.json"], dir)).status).toBe(
      0,
    );
    expect(
      (
        await cli(
          ["check", "--base", "base.json", "--head", "head.json", "--fail-on", "warning"],
          dir,
        )
      ).status,
    ).toBe(1);
  });

  it.each([
    [["check", "--head", "examples/head"], "--base is required"],
    [["check", "--base", "nope/", "--head", "examples/head"], "path not found: nope/"],
    [[...EXAMPLES, "--format", "xml"], "--format must be one of"],
    [[...EXAMPLES, "--fail-on", "sometimes"], "--fail-on must be one of"],
    [[...EXAMPLES, "--bogus"], "unknown option --bogus"],
    [["diff", "--base", "a"], 'expected the command "check"'],
    [[...EXAMPLES, "--config", "missing.yml"], "cannot read config missing.yml"],
  ])("is 2 when the check cannot run: %j", async (args, message) => {
    const { status, stderr } = await cli(args);
    expect(status).toBe(2);
    expect(stderr).toContain(message);
  });

  it("a document that cannot be parsed is a finding (exit 1), not exit 2", async () => {
    const dir = workspace({ "base.json": doc(), "head.json": "{ not json" });
    const { status, stdout } = await cli(
      ["check", "--base", "base.json", "--head", "head.json", "--format", "json"],
      dir,
    );
    expect(status).toBe(1);
    expect((JSON.parse(stdout) as Report).findings[0]!.ruleId).toBe("document-unreadable");
  });
});

describe("options", () => {
  it("--help documents every option and the exit codes", async () => {
    const { status, stdout } = await cli(["--help"]);
    expect(status).toBe(0);
    for (const flag of [
      "--base",
      "--head",
      "--format",
      "--config",
      "--fail-on",
      "--scope",
      "--schema",
      "--output",
    ]) {
      expect(stdout).toContain(flag);
    }
    expect(stdout).toContain("Exit status: 0");
  });

  it("--version prints the package version", async () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
      version: string;
    };
    expect((await cli(["--version"])).stdout.trim()).toBe(pkg.version);
  });

  it("--output writes the report to a file instead of stdout", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "ovg-out-"));
    const out = path.join(dir, "report.sarif");
    const { stdout } = await cli([...EXAMPLES, "--format", "sarif", "--output", out]);
    expect(stdout).toBe("");
    expect((JSON.parse(readFileSync(out, "utf8")) as { version: string }).version).toBe("2.1.0");
  });

  it("reads .github/ord-version-guard.yml by default, and --config overrides it", async () => {
    const dir = workspace({
      "base.json": doc({ apiResources: [api("stars")] }),
      "head.json": doc({
        apiResources: [
          api("stars", {
            version: "1.0.1",
            entryPoints: ["/stars/v1", "/more"],
            lastUpdate: "2026-03-01T00:00:00Z",
          }),
        ],
      }),
      ".github/ord-version-guard.yml": "rules:\n  version-increment-too-small: warning\n",
      "strict.yml": "fail-on: warning\n",
    });
    const args = ["check", "--base", "base.json", "--head", "head.json"];
    expect((await cli(args, dir)).status).toBe(0);
    expect((await cli([...args, "--config", "strict.yml"], dir)).status).toBe(1);
  });

  it("rejects a config with an unknown rule instead of silently ignoring it", async () => {
    const dir = workspace({ "c.yml": "rules:\n  version-too-small: off\n", "d.json": doc() });
    const { status, stderr } = await cli(
      ["check", "--base", "d.json", "--head", "d.json", "--config", "c.yml"],
      dir,
    );
    expect(status).toBe(2);
    expect(stderr).toContain('unknown rule "version-too-small"');
  });

  it("text output is uncolored when not on a TTY", async () => {
    const { stdout } = await cli(EXAMPLES);
    expect(stdout).not.toContain("\u001b[");
    expect(stdout).toContain("version-increment-too-small");
  });
});

describe("git:<ref> base", () => {
  it("reads the same paths from a commit and compares them with the working tree", async () => {
    const dir = workspace({ "ord/doc.json": doc({ apiResources: [api("stars")] }) });
    const git = (...args: string[]): string => gitIn(dir, ...args);
    git("init", "-q");
    git("add", ".");
    git("commit", "-qm", "base");
    const head = doc({ apiResources: [api("stars", { entryPoints: [] })] });
    writeFileSync(path.join(dir, "ord/doc.json"), JSON.stringify(head, null, 2));
    const { status, stdout } = await cli(
      ["check", "--base", "git:HEAD", "--head", "ord", "--format", "json"],
      dir,
    );
    const report = JSON.parse(stdout) as Report;
    expect(status).toBe(1);
    expect(report.entities[0]).toMatchObject({
      status: "changed",
      changeLevel: "breaking",
      file: "ord/doc.json",
    });
    expect(report.findings.map((f) => f.ruleId)).toContain("breaking-change-without-new-major");
    // A base position says so, so a base line never reads as the head line of that number.
    const removedDoc = doc({ apiResources: [] });
    writeFileSync(path.join(dir, "ord/doc.json"), JSON.stringify(removedDoc, null, 2));
    const removal = JSON.parse(
      (await cli(["check", "--base", "git:HEAD", "--head", "ord", "--format", "json"], dir)).stdout,
    ) as Report;
    const tombstoneless = removal.findings.find(
      (f) => f.ruleId === "entity-removed-without-tombstone",
    );
    expect(tombstoneless?.location).toMatchObject({ file: "ord/doc.json", base: "HEAD" });
    writeFileSync(path.join(dir, "ord/doc.json"), JSON.stringify(head, null, 2));
    // --head defaults to the working directory.
    expect((await cli(["check", "--base", "git:HEAD", "--format", "json"], dir)).status).toBe(1);
  });

  it("a repository without commits, or git: without a revision, says so (exit 2)", async () => {
    const dir = workspace({ "d.json": doc() });
    execFileSync("git", ["init", "-q"], { cwd: dir });
    const empty = await cli(["check", "--base", "git:HEAD", "--head", "."], dir);
    expect(empty.status).toBe(2);
    expect(empty.stderr).toContain("this repository has no commit yet");
    const bare = await cli(["check", "--base", "git:", "--head", "."], dir);
    expect(bare.status).toBe(2);
    expect(bare.stderr).toContain("git: names no revision");
  });

  it("an absolute --head in a repository, run from outside any, names the repository to run from", async () => {
    const repository = workspace({ "ord.json": doc() });
    gitIn(repository, "init", "-q");
    gitIn(repository, "add", ".");
    gitIn(repository, "commit", "-q", "-m", "base");
    const elsewhere = workspace({});
    const head = path.join(repository, "ord.json");
    const run = await cli(["check", "--base", "git:HEAD", "--head", head], elsewhere);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`is not inside a git repository; the head is in the repository`);
    expect(run.stderr).toContain(`${realpathSync(repository)}: run from there`);
  });

  it.skipIf(process.platform === "win32")(
    "a --base or --head that is neither a file nor a folder (a FIFO, /dev/null) is exit 2",
    async () => {
      const dir = workspace({ "d.json": doc() });
      spawnSync("mkfifo", [path.join(dir, "pipe.json")]);
      for (const args of [
        ["check", "--base", "d.json", "--head", "pipe.json"],
        ["check", "--base", "/dev/null", "--head", "d.json"],
      ]) {
        const { status, stderr } = await cli(args, dir);
        expect(status).toBe(2);
        expect(stderr).toMatch(/is neither a file nor a folder/);
      }
    },
  );

  it("an unknown ref is exit 2", async () => {
    const dir = workspace({ "d.json": doc() });
    execFileSync("git", ["init", "-q"], { cwd: dir });
    const { status, stderr } = await cli(["check", "--base", "git:nope", "--head", "."], dir);
    expect(status).toBe(2);
    expect(stderr).toContain("git:nope");
  });
});

describe("the committed bundle", () => {
  it("dist/cli.js runs as the bin and gives the same JSON report as the sources", async () => {
    const run = spawnSync("node", ["dist/cli.js", ...EXAMPLES, "--format", "json"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual(
      JSON.parse((await cli([...EXAMPLES, "--format", "json"])).stdout),
    );
  });

  /** Runs the bundle with `stdout` given as a file descriptor, or closed before it is written. */
  async function bundle(args: string[], stdout: "closed" | number, closeStderr = false) {
    const child = spawn("node", ["dist/cli.js", ...args], {
      cwd: ROOT,
      stdio: ["ignore", stdout === "closed" ? "pipe" : stdout, "pipe"],
    });
    child.stdout?.destroy(); // every write to it now fails with EPIPE
    let stderr = "";
    if (closeStderr) child.stderr!.destroy();
    else child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const status = await new Promise((resolve) => child.on("close", resolve));
    return { status, stderr };
  }
  const PASSING = ["check", "--base", "examples/base", "--head", "examples/base"];

  it("a reader that stops reading (`| head`) costs no crash: the exit code is still the verdict", async () => {
    expect(await bundle([...EXAMPLES, "--format", "json"], "closed")).toEqual({
      status: 1,
      stderr: "",
    });
    expect(await bundle([...PASSING, "--format", "json"], "closed")).toEqual({
      status: 0,
      stderr: "",
    });
  });

  it("a closed standard error (the verdict line of --output) changes nothing either", async () => {
    const output = path.join(workspace({}), "report.json");
    const run = await bundle([...PASSING, "--format", "json", "--output", output], "closed", true);
    expect(run.status).toBe(0);
    expect(JSON.parse(readFileSync(output, "utf8"))).toMatchObject({ verdict: "pass" });
  });

  it.skipIf(!existsSync("/dev/full"))(
    "a report that cannot be written (a full disk) is exit 2 with the reason, not a pass",
    async () => {
      const full = openSync("/dev/full", "w");
      const run = await bundle(PASSING, full);
      closeSync(full);
      expect(run).toEqual({
        status: 2,
        stderr:
          "ord-version-guard: the report could not be written to standard output: ENOSPC: no space left on device, write\n",
      });
    },
  );

  it.skipIf(process.platform === "win32")(
    "a working directory deleted under the shell: --version works, a check is exit 2 with the reason",
    () => {
      const inDeletedFolder = (args: string[]) => {
        const gone = mkdtempSync(path.join(tmpdir(), "ovg-gone-"));
        const script = 'cd "$1" && rmdir "$1" && shift && exec node "$@"';
        const cli = path.join(ROOT, "dist/cli.js");
        return spawnSync("sh", ["-c", script, "sh", gone, cli, ...args], { encoding: "utf8" });
      };
      expect(inDeletedFolder(["--version"])).toMatchObject({ status: 0, stderr: "" });
      const run = inDeletedFolder(["check", "--base", "base"]);
      expect(run.status).toBe(2);
      expect(run.stderr).toContain("the working directory no longer exists");
    },
  );

  it("loads graphql, yaml and ajv's compilers from dist/vendor/ on first use (src/lazy.ts)", async () => {
    const definitions = [
      { type: "openapi-v3", mediaType: "application/yaml", url: "/oas.yaml" },
      { type: "graphql-sdl", mediaType: "text/plain", url: "/schema.graphql" },
    ];
    const ord = (version: string) =>
      doc({ apiResources: [api("stars", { version, resourceDefinitions: definitions })] });
    const oas = (paths: string) =>
      `openapi: 3.0.3\ninfo: { title: stars, version: 1.0.0 }\npaths:\n${paths}`;
    const operation = (name: string) =>
      `  /${name}:\n    get:\n      responses:\n        "200": { description: ok }\n`;
    const dir = workspace({
      "base/ord.json": ord("1.0.0"),
      "base/oas.yaml": oas(operation("stars") + operation("moons")),
      "base/schema.graphql": "type Query { stars: [String] moons: [String] }\n",
      "head/ord.json": ord("1.0.1"),
      "head/oas.yaml": oas(operation("stars")),
      "head/schema.graphql": "type Query { stars: [String] }\n",
      "config.yml": "rules:\n  version-increment-too-small: warning\n",
      "schema.json": {
        $schema: "https://json-schema.org/draft/2020-12/schema",
        type: "object",
        properties: { apiResources: { items: { required: ["x-owner"] } } },
      },
    });
    const args = ["check", "--base", "base", "--head", "head", "--format", "json"];
    const withAll = [...args, "--config", "config.yml", "--schema", "schema.json"];
    // A copy away from node_modules, as on an Action runner: nothing may load from there.
    cpSync(path.join(ROOT, "dist"), path.join(dir, "bundle"), { recursive: true });
    const run = spawnSync("node", ["bundle/cli.js", ...withAll], {
      cwd: dir,
      encoding: "utf8",
    });
    expect(run.stderr).toBe("");
    const report = JSON.parse(run.stdout) as Report;
    const fromSource = await cli(withAll, dir);
    expect(fromSource.stderr).toBe("");
    expect(report).toEqual(JSON.parse(fromSource.stdout));
    expect(report.entities[0]!.changes.map((c) => c.path)).toEqual([
      "resourceDefinitions[/oas.yaml]/paths/~1moons/get", // a YAML OpenAPI operation removed
      "resourceDefinitions[/schema.graphql]#Query.moons", // a GraphQL field removed
    ]);
    expect(report.findings.map((f) => f.ruleId)).toContain("document-schema-violation");
    const tooSmall = report.findings.find((f) => f.ruleId === "version-increment-too-small");
    expect(tooSmall?.severity).toBe("warning"); // from the YAML config
  });
});

// Was a bug (issue 12 item 18): folders without any ORD document passed as "0 entities", silently.
describe("--if-no-documents", () => {
  it("warns by default, exits 2 with error, stays silent with ignore; documents make it moot", async () => {
    const dir = workspace({
      "base/package.json": { name: "a" },
      "head/package.json": { name: "b" },
    });
    const args = ["check", "--base", "base", "--head", "head"];
    const warned = await cli(args, dir);
    expect(warned.status).toBe(0);
    expect(warned.stderr).toMatch(/warning: no ORD documents/);
    const failed = await cli([...args, "--if-no-documents", "error"], dir);
    expect(failed.status).toBe(2);
    expect(failed.stderr).toMatch(/no ORD documents/);
    const ignored = await cli([...args, "--if-no-documents", "ignore"], dir);
    expect(ignored.status).toBe(0);
    expect(ignored.stderr).toBe("");
    expect((await cli([...args, "--if-no-documents", "maybe"], dir)).status).toBe(2);
    const withDocs = workspace({ "base/ord.json": doc(), "head/ord.json": doc() });
    expect(await cli([...args, "--if-no-documents", "error"], withDocs)).toMatchObject({
      status: 0,
      stderr: "",
    });
  });
});
