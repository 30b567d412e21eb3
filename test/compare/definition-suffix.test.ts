import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { check, checkSources } from "../../src/check.js";
import { ordPaths } from "../../src/action/sources.js";
import { loadSide } from "../../src/ord/documents.js";
import type { SideSource } from "../../src/ord/sources.js";
import { api, doc, findingsOf, git, NOW, side, openapi as openapiText } from "../helpers.js";

// Issue 11 item 7: a leading-slash definition URL without a mapping resolves when exactly one
// file of the side ends with its path (the CAP plugin's /ord/v1/<ordId>/<file> with zero config),
// and a definition that still cannot be resolved is never "no changes" when the pull request
// changed a file of the same name.

const openapi = (paths: string[]) => openapiText(paths, { indent: 2 });
const RESOLVED = "definition-resolved-by-suffix";
const UNCHECKED = "definition-unchecked";

/** One API whose definition is served at `url`; `files` are the other files of each side. */
function run(url: string, base: Record<string, string>, head: Record<string, string>) {
  const entity = api("stars", {
    resourceDefinitions: [{ type: "openapi-v3", mediaType: "application/json", url }],
  });
  const documents = { "ord/document.json": doc({ apiResources: [entity] }) };
  return checkSources({ base: side(documents, base), head: side(documents, head) }, { now: NOW });
}

describe("leading-slash definition URLs resolve by a unique path suffix", () => {
  it("/metadata/astronomy-v1.oas3.json: the only file ending with it is diffed, and a notice names it", () => {
    const file = "examples/nginx/metadata/astronomy-v1.oas3.json";
    const report = run(
      "/metadata/astronomy-v1.oas3.json",
      { [file]: openapi(["/stars"]) },
      { [file]: openapi(["/stars", "/planets"]) },
    );
    const [entity] = report.entities;
    expect(entity).toMatchObject({ status: "changed", changeLevel: "additive" });
    expect(entity!.changes.find((c) => c.source === "definition")?.location?.file).toBe(file);
    const [notice] = findingsOf(report, RESOLVED);
    expect(notice).toMatchObject({ severity: "notice", location: { file: "ord/document.json" } });
    expect(notice!.message).toContain(file);
    expect(findingsOf(report, "version-not-incremented")).toHaveLength(1);
    expect(findingsOf(report, UNCHECKED)).toEqual([]);
  });

  it("the CAP plugin's /ord/v1/<ordId>/<file> finds gen/ord/<ordId>/<file> with zero config", () => {
    const id = "sap.xref:apiResource:stars:v1";
    const file = `gen/ord/${id}/StarsService.oas3.json`;
    const report = run(
      `/ord/v1/${id}/StarsService.oas3.json`,
      { [file]: openapi(["/stars", "/planets"]) },
      { [file]: openapi(["/stars"]) },
    );
    expect(report.entities[0]).toMatchObject({ changeLevel: "breaking" });
    expect(findingsOf(report, "breaking-change-without-new-major")[0]?.message).toContain(
      "/planets",
    );
  });

  it("two files end with the path: not resolved, the finding lists both candidates", () => {
    const a = "a/metadata/stars.json";
    const b = "b/metadata/stars.json";
    const files = { [a]: openapi(["/stars"]), [b]: openapi(["/stars"]) };
    const report = run("/metadata/stars.json", files, {
      ...files,
      [a]: openapi(["/stars", "/x"]),
    });
    expect(findingsOf(report, RESOLVED)).toEqual([]);
    const [unchecked] = findingsOf(report, UNCHECKED);
    expect(unchecked?.message).toContain(a);
    expect(unchecked?.message).toContain(b);
  });

  it("a URL with dot segments is never resolved by suffix", () => {
    const files = { "x/outside.json": openapi(["/stars"]) };
    const report = run("/metadata/../../x/outside.json", files, {
      "x/outside.json": openapi(["/stars", "/p"]),
    });
    expect(findingsOf(report, RESOLVED)).toEqual([]);
    expect(report.entities[0]?.changes ?? []).toEqual([]);
  });

  it("the file index is built once per side, however many definitions miss", () => {
    const calls = { base: 0, head: 0 };
    const counted = (source: SideSource, name: "base" | "head"): SideSource => ({
      ...source,
      list: () => {
        calls[name]++;
        return source.list!();
      },
    });
    const apis = Array.from({ length: 30 }, (_, i) =>
      api(`s${i}`, {
        resourceDefinitions: [
          { type: "openapi-v3", mediaType: "application/json", url: `/defs/s${i}.json` },
        ],
      }),
    );
    const documents = { "ord.json": doc({ apiResources: apis }) };
    const files = Object.fromEntries(apis.map((_, i) => [`srv/defs/s${i}.json`, openapi(["/a"])]));
    checkSources(
      {
        base: counted(side(documents, files), "base"),
        head: counted(side(documents, files), "head"),
      },
      { now: NOW },
    );
    expect(calls.base).toBeLessThanOrEqual(1);
    expect(calls.head).toBeLessThanOrEqual(1);
  });
});

// A hostile pull request: base found the served file by suffix; head adds a copy of the old
// contract where the URL resolves first (its literal path, or a longer tail) and breaks the real
// file. Comparing base's file with the decoy would report nothing.
describe("one URL resolving to another file in head while base's file is still there", () => {
  const id = "sap.xref:apiResource:stars:v1";
  const url = `/ord/v1/${id}/StarsService.oas3.json`;
  const served = `gen/ord/${id}/StarsService.oas3.json`;
  const old = openapi(["/stars", "/planets"]);

  it.each([
    ["at the URL's literal path", `ord/v1/${id}/StarsService.oas3.json`],
    ["ending with a longer tail of the URL", `decoy/v1/${id}/StarsService.oas3.json`],
  ])("a decoy %s does not hide the served file's breaking change", (_, decoy) => {
    const report = run(url, { [served]: old }, { [served]: openapi(["/stars"]), [decoy]: old });
    expect(report.entities[0]).toMatchObject({ changeLevel: "breaking" });
    const [gate] = findingsOf(report, "breaking-change-without-new-major");
    expect(gate?.severity).toBe("error");
    const [unchecked] = findingsOf(report, UNCHECKED);
    expect(unchecked?.message).toContain(served);
    expect(unchecked?.message).toContain(decoy);
    expect(unchecked?.message).toMatch(/"definitions"/);
  });

  it("both files hold the same contract: nothing is ambiguous, the file is compared", () => {
    const decoy = `ord/v1/${id}/StarsService.oas3.json`;
    const head = openapi(["/stars", "/planets", "/moons"]);
    const report = run(url, { [served]: old }, { [served]: head, [decoy]: head });
    expect(report.entities[0]).toMatchObject({ changeLevel: "additive" });
    expect(findingsOf(report, UNCHECKED)).toEqual([]);
  });

  it("base's file is gone from head (the served file moved): the new one is compared", () => {
    const moved = `ord/v1/${id}/StarsService.oas3.json`;
    const report = run(url, { [served]: old }, { [moved]: openapi(["/stars"]) });
    expect(report.entities[0]).toMatchObject({ changeLevel: "breaking" });
    expect(findingsOf(report, UNCHECKED)).toEqual([]);
  });
});

describe("a definition that cannot be resolved while a file of the same name changed", () => {
  it("the entity did not change, but the report says which file changed instead of nothing", () => {
    const report = run(
      "/api/v1/stars.json",
      { "docs/stars.json": openapi(["/stars"]) },
      { "docs/stars.json": openapi(["/stars", "/planets"]) },
    );
    const [unchecked] = findingsOf(report, UNCHECKED);
    expect(unchecked?.message).toContain("docs/stars.json");
    expect(unchecked?.message).toMatch(/changed/);
  });

  it("the namesake did not change: nothing to say about an unchanged entity (as before)", () => {
    const files = { "docs/stars.json": openapi(["/stars"]) };
    expect(findingsOf(run("/api/v1/stars.json", files, files), UNCHECKED)).toEqual([]);
  });
});

describe("on the file system", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "ovg-suffix-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("a git:<ref> base is listed from the commit: the suffix lookup works on both sides", () => {
    const repo = path.join(dir, "repo");
    mkdirSync(path.join(repo, "ord"), { recursive: true });
    mkdirSync(path.join(repo, "examples", "metadata"), { recursive: true });
    const entity = api("stars", {
      resourceDefinitions: [
        { type: "openapi-v3", mediaType: "application/json", url: "/metadata/stars.json" },
      ],
    });
    writeFileSync(
      path.join(repo, "ord", "document.json"),
      JSON.stringify(doc({ apiResources: [entity] }), null, 2),
    );
    const definition = path.join(repo, "examples", "metadata", "stars.json");
    writeFileSync(definition, openapi(["/stars", "/planets"]));
    git(repo, "init", "-q");
    git(repo, "add", ".");
    git(repo, "commit", "-q", "-m", "base");
    writeFileSync(definition, openapi(["/stars"]));
    const report = check({ base: "git:HEAD", head: ".", cwd: repo, now: NOW });
    expect(report.entities[0]).toMatchObject({ changeLevel: "breaking" });
    expect(findingsOf(report, RESOLVED)[0]?.message).toContain("examples/metadata/stars.json");
  });

  it("a symlinked folder is not followed: a file outside the root is never a candidate", () => {
    const outside = path.join(dir, "outside");
    mkdirSync(path.join(outside, "metadata"), { recursive: true });
    writeFileSync(path.join(outside, "metadata", "stars.json"), openapi(["/secret"]));
    for (const name of ["base", "head"]) {
      const root = path.join(dir, name);
      mkdirSync(path.join(root, "ord"), { recursive: true });
      symlinkSync(outside, path.join(root, "linked"), "dir");
      const entity = api("stars", {
        resourceDefinitions: [
          { type: "openapi-v3", mediaType: "application/json", url: "/metadata/stars.json" },
        ],
      });
      writeFileSync(
        path.join(root, "ord", "document.json"),
        JSON.stringify(doc({ apiResources: [entity] })),
      );
    }
    const report = check({ base: "base", head: "head", cwd: dir, now: NOW, scope: "all" });
    expect(findingsOf(report, RESOLVED)).toEqual([]);
    expect(findingsOf(report, UNCHECKED)[0]?.message).not.toContain("linked");
  });
});

describe("the Action's early exit", () => {
  it("a pull request touching only a file found by suffix (or a namesake) still concerns ORD", () => {
    const entity = api("stars", {
      resourceDefinitions: [
        { type: "openapi-v3", mediaType: "application/json", url: "/metadata/stars.json" },
      ],
    });
    const head = side(
      { "ord/document.json": doc({ apiResources: [entity] }) },
      { "examples/metadata/stars.json": openapi(["/stars"]), "docs/stars.json": "x" },
    );
    const paths = ordPaths(head, loadSide(head.files), []);
    expect(paths.has("examples/metadata/stars.json")).toBe(true);
    expect(paths.has("docs/stars.json")).toBe(true);
  });
});
