import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { headSource } from "../../src/action/sources.js";
import { check, checkSources } from "../../src/check.js";
import { EMPTY_CONFIG, loadConfig, type Config } from "../../src/config.js";
import { readFileSource } from "../../src/ord/sources.js";
import type { Report } from "../../src/types.js";
import { api, doc, findingsOf, NOW, git as gitIn, workspace } from "../helpers.js";

/**
 * Nothing outside the checked tree is read: not through `..` in a definition URL or a config
 * mapping (the config is part of the pull request too), not through a symlink the pull request
 * adds. Outside the tree sits a "secret" file; no report, finding or error may contain it.
 */

const SECRET = "S3CRET-0123456789";
let dir: string;
let repo: string;

/** An OpenAPI-looking file outside the repository, and one that is not valid JSON. */
function writeOutside(): void {
  writeFileSync(
    path.join(dir, "secret.json"),
    JSON.stringify({ openapi: "3.0.0", info: { title: SECRET, version: SECRET }, paths: {} }),
  );
  writeFileSync(path.join(dir, "secret-invalid.json"), `{"token": "${SECRET}" oops}`);
  writeFileSync(path.join(dir, "secret.txt"), `TOKEN=${SECRET}: [x\n{bad\n`);
  mkdirSync(path.join(dir, "outside-ord"), { recursive: true });
  writeFileSync(
    path.join(dir, "outside-ord/document.json"),
    JSON.stringify(doc({ apiResources: [api("leaked", { title: SECRET })] })),
  );
}

const definition = (version: string): string =>
  JSON.stringify({ openapi: "3.0.0", info: { title: "api", version }, paths: {} });

/** A document of `side` whose API resource references `urls` (with a version bump in head). */
function writeSide(sideDir: string, version: string, urls: string[]): void {
  mkdirSync(path.join(sideDir, "ord/defs"), { recursive: true });
  const resource = api("astro", {
    version,
    resourceDefinitions: urls.map((url) => ({
      type: "openapi-v3",
      mediaType: "application/json",
      url,
    })),
  });
  writeFileSync(
    path.join(sideDir, "ord/document.json"),
    JSON.stringify(doc({ apiResources: [resource] }), null, 2),
  );
  writeFileSync(path.join(sideDir, "ord/defs/api.json"), definition(version));
}

const leaks = (report: Report): boolean => JSON.stringify(report).includes(SECRET);
const unchecked = (report: Report): string[] =>
  report.findings.filter((f) => f.ruleId === "definition-unchecked").map((f) => f.message);

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "ovg-paths-"));
  repo = path.join(dir, "repo");
  mkdirSync(repo);
  writeOutside();
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("`..` never leaves the checked tree", () => {
  const URLS = [
    "../../secret.json",
    "../../../secret.json",
    "defs/../../../secret.json",
    "/../secret.json",
    "/ord/../../secret.json",
    "./../../secret.json",
    "..%2F..%2Fsecret.json",
    "%2e%2e/%2e%2e/secret.json",
    "..\\..\\secret.json",
  ];

  it("definition URLs with `..` (plain, encoded, backslashes) read nothing outside", () => {
    writeSide(path.join(repo, "base"), "1.0.0", URLS);
    writeSide(path.join(repo, "head"), "1.1.0", URLS);
    for (const scope of ["changed", "all"] as const) {
      const report = check({ base: "base", head: "head", cwd: repo, now: NOW, scope });
      expect(leaks(report)).toBe(false);
      expect(unchecked(report)).toHaveLength(URLS.length);
    }
  });

  it("a config mapping to `..` or an absolute path stays inside the tree", () => {
    const mappings: Config["definitions"][] = [
      [{ url: "/x/", path: "../../" }],
      [{ url: "/x/", path: "../" }],
      [{ url: "/x/", path: "/" }],
      [{ url: "/x/", path: dir }],
      [{ url: "https://example.com/", path: "../.." }],
    ];
    for (const definitions of mappings) {
      const urls = [
        "/x/secret.json",
        "https://example.com/secret.json",
        `/x/${path.basename(dir)}/secret.json`,
      ];
      writeSide(path.join(repo, "base"), "1.0.0", urls);
      writeSide(path.join(repo, "head"), "1.1.0", urls);
      const report = check({
        base: "base",
        head: "head",
        cwd: repo,
        now: NOW,
        scope: "all",
        config: { ...EMPTY_CONFIG, definitions },
      });
      expect(leaks(report), JSON.stringify(definitions)).toBe(false);
    }
  });

  it("the Action's `documents` globs cannot name files outside the workspace", () => {
    writeSide(repo, "1.0.0", []);
    const head = headSource(repo, ["../**/*.json", "../outside-ord/*.json", "/**/*.json"]);
    expect(head.files.map((f) => f.rel)).toEqual([]);
    const all = headSource(repo, []);
    expect(all.files.every((f) => !f.rel.startsWith(".."))).toBe(true);
  });
});

describe("symlinks pointing outside the tree", () => {
  it("a symlinked document or folder in the tree is not read (the walk skips links)", () => {
    writeSide(path.join(repo, "base"), "1.0.0", []);
    writeSide(path.join(repo, "head"), "1.0.0", []);
    symlinkSync(
      path.join(dir, "outside-ord/document.json"),
      path.join(repo, "head/ord/linked.json"),
    );
    symlinkSync(path.join(dir, "outside-ord"), path.join(repo, "head/ord/linked-dir"));
    const source = readFileSource("head", repo);
    expect(source.files.map((f) => f.rel)).toEqual(["ord/defs/api.json", "ord/document.json"]);
    const report = check({ base: "base", head: "head", cwd: repo, now: NOW, scope: "all" });
    expect(leaks(report)).toBe(false);
    expect(report.entities.map((e) => e.ordId)).not.toContain("sap.xref:apiResource:leaked:v1");
  });

  it("a symlink committed to git is its link text, not the file it points to", () => {
    const git = (...args: string[]): string => gitIn(repo, ...args);
    git("init", "-q");
    writeSide(repo, "1.0.0", ["defs/leak.json"]);
    symlinkSync(path.join(dir, "secret.json"), path.join(repo, "ord/defs/leak.json"));
    git("add", "-A");
    git("commit", "-q", "-m", "base");
    writeSide(repo, "1.1.0", ["defs/leak.json"]);
    const report = check({ base: "git:HEAD", head: "ord", cwd: repo, now: NOW, scope: "all" });
    // The base side (git) holds the link text; the head side is the working tree (see below).
    expect(
      JSON.stringify(report.findings.filter((f) => f.location?.file.includes(":"))),
    ).not.toContain(SECRET);
  });

  // Was a bug (fixed in 5baab70): definition files are read with readFileSync (fileReader in
  // src/ord/sources.ts), which follows symlinks: a pull request that adds `ord/defs/leak.json ->
  // /any/file/outside` and references it as a definition makes the check (CLI and Action:
  // headSource uses the same reader) read that file, and its content reaches the report: as
  // info.version in definition-version-mismatch, in contract-change reasons, or in the JSON
  // parser's error ("cannot be parsed in head: Unexpected token 'o', ..."S3CRET..." is not valid
  // JSON"), which the Action posts to the pull request. Reproducer: `ln -s /etc/hostname
  // ord/defs/api.json` (or a JSON file of the runner) with a resourceDefinitions url
  // "defs/api.json". Desired: a symlink whose target is outside the root is refused
  // (definition-unchecked), never read.
  it("a definition reached through a symlink pointing outside is refused, not read", () => {
    for (const target of ["secret.json", "secret-invalid.json"]) {
      rmSync(repo, { recursive: true, force: true });
      writeSide(path.join(repo, "base"), "1.0.0", ["defs/api.json"]);
      writeSide(path.join(repo, "head"), "1.1.0", ["defs/api.json"]);
      rmSync(path.join(repo, "head/ord/defs/api.json"));
      symlinkSync(path.join(dir, target), path.join(repo, "head/ord/defs/api.json"));
      const report = check({ base: "base", head: "head", cwd: repo, now: NOW, scope: "all" });
      expect(leaks(report), target).toBe(false);
      expect(unchecked(report)).toHaveLength(1);
      // The Action's head side reads the workspace the same way.
      const head = headSource(path.join(repo, "head"), []);
      expect(head.read("ord/defs/api.json")).toBeUndefined();
      const viaAction = checkSources(
        { base: readFileSource("base", repo), head },
        { now: NOW, scope: "all" },
      );
      expect(leaks(viaAction)).toBe(false);
    }
  });

  // Was a bug (fixed in 5baab70): the config file is read with readFileSync (loadConfig in
  // src/config.ts), and a YAML error quoted the offending lines of a symlinked file outside the
  // workspace ("cannot read config ...: Flow sequence ... at line 1, column 1:\n\nTOKEN=S3CRET...:
  // [x"). Now the message keeps the first line only, and the Action reads the config from the
  // base commit, where a symlink is its link text. (The CLI still follows a config symlink of
  // the checkout it is run in; it only no longer quotes it.)
  it("a config symlinked to a file outside is not quoted in the error", () => {
    mkdirSync(path.join(repo, ".github"));
    symlinkSync(path.join(dir, "secret.txt"), path.join(repo, ".github/ord-version-guard.yml"));
    let message = "";
    try {
      loadConfig(undefined, repo);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).not.toBe("");
    expect(message).not.toContain(SECRET);
  });
});

describe("definition files that are not regular files", () => {
  it.skipIf(process.platform === "win32")(
    "a FIFO named as a definition is not waited for: it reads as absent and the run ends",
    () => {
      const definition = { type: "openapi-v3", mediaType: "application/json", url: "api.json" };
      const ord = doc({ apiResources: [api("stars", { resourceDefinitions: [definition] })] });
      const root = workspace({ "base/ord.json": ord, "head/ord.json": ord });
      for (const side of ["base", "head"]) spawnSync("mkfifo", [path.join(root, side, "api.json")]);
      const report = check({ base: "base", head: "head", cwd: root, now: NOW, scope: "all" });
      expect(report.verdict).toBe("pass");
      expect(findingsOf(report, "definition-unchecked").map((f) => f.message)).toEqual([
        "contract changes unknown: api.json → api.json does not exist in head",
      ]);
    },
  );
});
