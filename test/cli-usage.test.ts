// The command line as a new user meets it (issue 16): mistakes get a usage error (exit 2) that
// says what to do, and nothing a user relies on happens silently.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Report } from "../src/types.js";
import { api, cli, doc, git, ROOT, workspace } from "./helpers.js";

const EXAMPLES = ["check", "--base", "examples/base", "--head", "examples/head"];

describe("usage errors say what to do", () => {
  it("an unknown option suggests the closest one", async () => {
    const { status, stderr } = await cli([...EXAMPLES, "--frmat", "json"]);
    expect(status).toBe(2);
    expect(stderr).toContain("unknown option --frmat; did you mean --format?");
    expect(stderr).not.toContain("positional argument");
    expect((await cli([...EXAMPLES, "--fail-on=never", "--outptu", "x"])).stderr).toContain(
      "did you mean --output?",
    );
  });

  it("an option's value that looks like a typo is not taken for an option", async () => {
    // --config's value is a file name, even one that reads like an option name.
    const { stderr } = await cli([...EXAMPLES, "--config", "missing.yml"]);
    expect(stderr).toContain("cannot read config missing.yml");
  });

  it("a path without its option (forgotten --head) says so", async () => {
    const { status, stderr } = await cli(["check", "--base", "examples/base", "examples/head"]);
    expect(status).toBe(2);
    expect(stderr).toContain('unexpected argument "examples/head"');
    expect(stderr).toContain("did you forget --head");
    expect(stderr).not.toContain('got "check');
  });

  it("--output into a folder that does not exist is a usage error naming the path", async () => {
    const missing = path.join(tmpdir(), "ovg-no-such-folder", "x.json");
    const { status, stderr } = await cli([...EXAMPLES, "--format", "json", "--output", missing]);
    expect(status).toBe(2);
    expect(stderr).toContain(missing);
    expect(stderr).not.toContain("internal error");
  });

  it("an empty value ('' from an unset variable) is refused, not taken for the default", async () => {
    for (const flag of ["--head", "--config", "--schema", "--base", "--output"]) {
      const { status, stdout, stderr } = await cli([...EXAMPLES, flag, ""]);
      expect(status).toBe(2);
      expect(stdout).toBe("");
      expect(stderr).toContain(`${flag} needs a value, got an empty string`);
    }
  });

  it("a repeated --base is refused instead of comparing with the last one", async () => {
    const { status, stdout, stderr } = await cli([...EXAMPLES, "--base", "examples/head"]);
    expect(status).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain("--base is given 2 times");
  });

  it("a report that cannot be written says why, with no --help hint (no usage mistake)", async () => {
    const folder = workspace({ "report.json/keep": "" });
    const { status, stderr } = await cli([
      ...EXAMPLES,
      "--output",
      path.join(folder, "report.json"),
    ]);
    expect(status).toBe(2);
    expect(stderr).toContain(`cannot write --output ${path.join(folder, "report.json")}`);
    expect(stderr).not.toContain("--help");
  });

  it("a mistyped command suggests check", async () => {
    expect((await cli(["chek", "--base", "a"])).stderr).toContain('did you mean "check"?');
  });
});

describe("--output", () => {
  it("prints the one-line verdict on stderr when the report goes to a file", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "ovg-out-"));
    const out = path.join(dir, "x.sarif");
    const { status, stdout, stderr } = await cli([
      ...EXAMPLES,
      "--format",
      "sarif",
      "--output",
      out,
    ]);
    expect(status).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/FAIL \(fail-on: error\): 2 errors, 1 warning/);
    expect(stderr).toContain(`report written to ${out}`);
    expect(readFileSync(out, "utf8")).toContain('"version": "2.1.0"');
  });
});

describe("colors", () => {
  it("FORCE_COLOR colors the text report off a TTY, NO_COLOR and FORCE_COLOR=0 turn it off", async () => {
    expect((await cli(EXAMPLES, ROOT, { env: { FORCE_COLOR: "1" } })).stdout).toContain(
      "\u001b[31m",
    );
    expect((await cli(EXAMPLES, ROOT, { tty: true, env: {} })).stdout).toContain("\u001b[31m");
    expect((await cli(EXAMPLES, ROOT, { tty: true, env: { NO_COLOR: "1" } })).stdout).not.toContain(
      "\u001b[",
    );
    expect(
      (await cli(EXAMPLES, ROOT, { tty: true, env: { FORCE_COLOR: "0" } })).stdout,
    ).not.toContain("\u001b[");
    expect((await cli(EXAMPLES, ROOT, { tty: true, env: { TERM: "dumb" } })).stdout).not.toContain(
      "\u001b[",
    );
  });
});

describe("--head: several paths and globs, like the Action's documents input", () => {
  const changed = (name: string) =>
    api(name, { version: "1.0.0", entryPoints: [], lastUpdate: "2026-03-01T00:00:00Z" });
  const dir = (): string =>
    workspace({
      "base/a.json": doc({ apiResources: [api("alpha")] }),
      "base/b.json": doc({ apiResources: [api("beta")] }),
      "ord/a/doc.json": doc({ apiResources: [changed("alpha")] }),
      "ord/b/doc.json": doc({ apiResources: [changed("beta")] }),
    });
  const ids = (stdout: string): string[] =>
    (JSON.parse(stdout) as Report).entities.map((e) => e.ordId).sort();

  it("repeated --head reads every path instead of keeping the last", async () => {
    const cwd = dir();
    const { status, stdout } = await cli(
      [
        "check",
        "--base",
        "base",
        "--head",
        "ord/a",
        "--head",
        "ord/b/doc.json",
        "--format",
        "json",
      ],
      cwd,
    );
    expect(status).toBe(1);
    // Both head documents are read: neither entity counts as removed.
    expect((JSON.parse(stdout) as Report).entities.map((e) => [e.ordId, e.status])).toEqual([
      ["sap.xref:apiResource:alpha:v1", "changed"],
      ["sap.xref:apiResource:beta:v1", "changed"],
    ]);
  });

  it("a glob selects the matching documents", async () => {
    const cwd = dir();
    const all = await cli(
      ["check", "--base", "base", "--head", "ord/**/*.json", "--format", "json"],
      cwd,
    );
    expect(all.stderr).not.toContain("path not found");
    expect(ids(all.stdout)).toEqual([
      "sap.xref:apiResource:alpha:v1",
      "sap.xref:apiResource:beta:v1",
    ]);
    const one = await cli(
      ["check", "--base", "base", "--head", "ord/a/*.json", "--format", "json"],
      cwd,
    );
    // beta is not in head: with a glob, what it does not match is not head's.
    expect((JSON.parse(one.stdout) as Report).entities.map((e) => [e.ordId, e.status])).toEqual([
      ["sap.xref:apiResource:alpha:v1", "changed"],
      ["sap.xref:apiResource:beta:v1", "removed"],
    ]);
  });

  it("with git:<ref>, the base is read from the same globs", async () => {
    const cwd = dir();
    git(cwd, "init", "-q");
    git(cwd, "add", ".");
    git(cwd, "commit", "-qm", "base");
    writeFileSync(path.join(cwd, "ord/a/doc.json"), JSON.stringify(doc({ apiResources: [] })));
    const { stdout } = await cli(
      ["check", "--base", "git:HEAD", "--head", "ord/a/*.json", "--format", "json"],
      cwd,
    );
    // Only ord/a is compared: the other folder's entities are on neither side.
    expect(ids(stdout)).toEqual(["sap.xref:apiResource:alpha:v1"]);
  });

  it("a glob that matches no file is a usage error, not every base entity removed", async () => {
    const cwd = dir();
    const { status, stdout, stderr } = await cli(
      ["check", "--base", "base", "--head", "nope/**/*.json", "--format", "json"],
      cwd,
    );
    expect(status).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain("--head nope/**/*.json matched no files");
    expect(stderr).not.toContain("internal error");
    // One glob of several matching nothing is the same typo.
    const several = await cli(
      ["check", "--base", "base", "--head", "ord/a", "--head", "ord/c/*.json"],
      cwd,
    );
    expect(several.status).toBe(2);
    expect(several.stderr).toContain("--head ord/c/*.json matched no files");
  });

  it("a glob matching only the git base's files is a removal, not a usage error", async () => {
    const cwd = dir();
    git(cwd, "init", "-q");
    git(cwd, "add", ".");
    git(cwd, "commit", "-qm", "base");
    git(cwd, "rm", "-q", "ord/a/doc.json");
    const { status, stdout } = await cli(
      ["check", "--base", "git:HEAD", "--head", "ord/a/*.json", "--format", "json"],
      cwd,
    );
    expect(status).toBe(1);
    expect((JSON.parse(stdout) as Report).entities.map((e) => [e.ordId, e.status])).toEqual([
      ["sap.xref:apiResource:alpha:v1", "removed"],
    ]);
  });

  it("an absolute glob inside the working directory selects like the relative one", async () => {
    const cwd = dir();
    const relative = await cli(
      ["check", "--base", "base", "--head", "ord/a/*.json", "--format", "json"],
      cwd,
    );
    const absolute = await cli(
      ["check", "--base", "base", "--head", path.join(cwd, "ord/a/*.json"), "--format", "json"],
      cwd,
    );
    expect(absolute.status).toBe(relative.status);
    expect(absolute.stdout).toBe(relative.stdout);
    const outside = await cli(
      ["check", "--base", "base", "--head", path.join(tmpdir(), "**/*.json")],
      path.join(cwd, "ord"),
    );
    expect(outside.status).toBe(2);
    expect(outside.stderr).toContain(`--head ${path.join(tmpdir(), "**/*.json")} is outside`);
  });
});

describe("git:<ref> on a shallow clone", () => {
  it("says how to fetch the missing ref", async () => {
    const origin = workspace({ "ord/doc.json": doc({ apiResources: [api("stars")] }) });
    git(origin, "init", "-q", "-b", "main");
    git(origin, "add", ".");
    git(origin, "commit", "-qm", "one");
    git(origin, "checkout", "-qb", "feature");
    writeFileSync(path.join(origin, "x.txt"), "x");
    git(origin, "add", ".");
    git(origin, "commit", "-qm", "two");
    const clone = mkdtempSync(path.join(tmpdir(), "ovg-shallow-"));
    git(
      clone,
      "clone",
      "-q",
      "--depth=1",
      "--single-branch",
      "--branch",
      "feature",
      `file://${origin}`,
      ".",
    );
    const { status, stderr } = await cli(["check", "--base", "git:main", "--head", "ord"], clone);
    expect(status).toBe(2);
    expect(stderr).toContain("shallow");
    expect(stderr).toContain("git fetch origin main:main");
    expect(
      (await cli(["check", "--base", "git:origin/main", "--head", "ord"], clone)).stderr,
    ).toContain("git fetch origin main:refs/remotes/origin/main");
  });
});

describe("findings on removed entities", () => {
  it("are located by the base file's path, marked as the base version, never a <rev>: URI", async () => {
    const cwd = workspace({ "ord/doc.json": doc({ apiResources: [api("stars"), api("moon")] }) });
    git(cwd, "init", "-q");
    git(cwd, "add", ".");
    git(cwd, "commit", "-qm", "base");
    writeFileSync(
      path.join(cwd, "ord/doc.json"),
      JSON.stringify(doc({ apiResources: [api("stars")] }), null, 2),
    );
    const args = ["check", "--base", "git:HEAD", "--head", "ord"];
    const sarif = JSON.parse((await cli([...args, "--format", "sarif"], cwd)).stdout) as {
      runs: {
        results: {
          ruleId: string;
          message: { text: string };
          locations: {
            physicalLocation: { artifactLocation: { uri: string }; region?: unknown };
          }[];
        }[];
      }[];
    };
    const results = sarif.runs[0]!.results;
    const uris = results.flatMap((r) =>
      r.locations.map((l) => l.physicalLocation.artifactLocation.uri),
    );
    expect(uris.length).toBeGreaterThan(0);
    expect(uris.every((uri) => uri === "ord/doc.json")).toBe(true);
    const removal = results.find((r) => r.ruleId === "entity-removed-without-tombstone")!;
    // The base line is not a head line: no region, the message says where in the base it is.
    expect(removal.locations[0]!.physicalLocation.region).toBeUndefined();
    expect(removal.message.text).toMatch(/line \d+ of ord\/doc\.json in the base version HEAD/);
    const text = (await cli(args, cwd)).stdout;
    expect(text).toMatch(/\(ord\/doc\.json:\d+:\d+ in the base version \(HEAD\)\)/);
    expect(text).not.toContain("HEAD:ord");
  });
});

describe("suggested versions", () => {
  it('a head version "1.1" gets a valid suggestion that keeps the intended increase', async () => {
    const cwd = workspace({
      "base.json": doc({ apiResources: [api("stars")] }),
      "head.json": doc({
        apiResources: [
          api("stars", {
            version: "1.1",
            entryPoints: ["/stars/v1", "/more"],
            lastUpdate: "2026-03-01T00:00:00Z",
          }),
        ],
      }),
    });
    const report = JSON.parse(
      (await cli(["check", "--base", "base.json", "--head", "head.json", "--format", "json"], cwd))
        .stdout,
    ) as Report;
    const invalid = report.findings.find((f) => f.ruleId === "version-invalid")!;
    expect(invalid.suggestion?.version).toBe("1.1.0");
    // The schema's 190-character SemVer pattern is said in words.
    const schema = report.findings.find((f) => f.ruleId === "document-schema-violation");
    expect(schema?.message).toContain("SemVer 2.0.0");
    expect(schema?.message).not.toContain("(0|[1-9]");
    expect(report.findings.every((f) => f.message.length < 400)).toBe(true);
  });

  it("a suggestion never reverts the author's increase nor falls short of the required one", async () => {
    const scenario = async (head: string, entryPoints: string[]): Promise<string | undefined> => {
      const cwd = workspace({
        "base.json": doc({ apiResources: [api("stars")] }),
        "head.json": doc({
          apiResources: [
            api("stars", { version: head, entryPoints, lastUpdate: "2026-03-01T00:00:00Z" }),
          ],
        }),
      });
      const report = JSON.parse(
        (
          await cli(
            ["check", "--base", "base.json", "--head", "head.json", "--format", "json"],
            cwd,
          )
        ).stdout,
      ) as Report;
      return report.findings.find((f) => f.suggestion)?.suggestion?.version;
    };
    // An unchanged entity whose version was mistyped: the intended 1.1.0, not a revert to 1.0.0.
    expect(await scenario("1.1", ["/stars/v1"])).toBe("1.1.0");
    // A removed entry point is breaking: "1.1" is not enough, the smallest correct major is.
    expect(await scenario("1.1", [])).toBe("2.0.0");
    // v1.2 reads as 1.2.0, enough for an additive change.
    expect(await scenario("v1.2", ["/stars/v1", "/more"])).toBe("1.2.0");
  });
});

describe("lifecycle changes", () => {
  it("are listed per entity in text and markdown", async () => {
    const cwd = workspace({
      "base.json": doc({ apiResources: [api("stars")] }),
      "head.json": doc({
        apiResources: [
          api("stars", {
            releaseStatus: "deprecated",
            deprecationDate: "2026-03-01T00:00:00Z",
            sunsetDate: "2027-03-01T00:00:00Z",
            successors: ["sap.xref:apiResource:stars:v2"],
            lastUpdate: "2026-03-01T00:00:00Z",
          }),
        ],
      }),
    });
    const args = ["check", "--base", "base.json", "--head", "head.json"];
    const text = (await cli(args, cwd)).stdout;
    expect(text).toContain("releaseStatus: active → deprecated");
    expect(text).toContain("deprecationDate: — → 2026-03-01T00:00:00Z");
    expect(text).toContain("sunsetDate: — → 2027-03-01T00:00:00Z");
    expect(text).toContain("successors: — → sap.xref:apiResource:stars:v2");
    expect(text).toContain("lastUpdate: 2026-01-01T00:00:00Z → 2026-03-01T00:00:00Z");
    const markdown = (await cli([...args, "--format", "markdown"], cwd)).stdout;
    expect(markdown).toContain("releaseStatus: active → deprecated");
    expect(markdown).toContain("successors: — → sap.xref:apiResource:stars:v2");
  });
});

describe("ORD_VERSION_GUARD_TIMING=1", () => {
  const cwd = workspace({
    "base.json": doc({ apiResources: [api("stars")] }),
    "head.json": doc({ apiResources: [api("stars", { version: "1.1.0" })] }),
  });
  const args = ["check", "--base", "base.json", "--head", "head.json", "--format", "json"];

  it("tells on stderr how long each step took, and leaves the report alone", async () => {
    const plain = await cli(args, cwd);
    const timed = await cli(args, cwd, { env: { ORD_VERSION_GUARD_TIMING: "1" } });
    expect(timed.stdout).toBe(plain.stdout);
    expect(timed.status).toBe(plain.status);
    expect(timed.stderr).toMatch(
      /^ord-version-guard: timing \(ms\): start \d+ · load \d+ · compare \d+ · judge \d+ · report \d+ · output \d+ · total \d+\n$/,
    );
    expect(plain.stderr).toBe("");
  });
});
