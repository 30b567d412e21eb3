import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { api, doc, git, NOW, openapi, workspace } from "../helpers.js";

const spawned = vi.hoisted(() => [] as string[][]);

// git runs through the lazily loaded child_process (src/lazy.ts), which is where it is counted.
vi.mock("../../src/lazy.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../src/lazy.js")>();
  const childProcess = original.childProcess();
  const counted = {
    ...childProcess,
    execFileSync: ((command: string, args: string[], ...rest: unknown[]) => {
      spawned.push([command, ...args]);
      return (childProcess.execFileSync as (...a: unknown[]) => unknown)(command, args, ...rest);
    }) as typeof childProcess.execFileSync,
  };
  return { ...original, childProcess: () => counted };
});

// Imported after the mock: their git processes are recorded.
const { check } = await import("../../src/check.js");
const { readGitSource } = await import("../../src/ord/sources.js");

describe("a git:<ref> base reads definition files", () => {
  it("in one git process, however many the commit has or lacks", () => {
    // 200 APIs whose definitions are not in the repository (generated at build time, say), 50
    // whose files are, unchanged, and one whose OpenAPI file lost an operation in head.
    const present = Array.from({ length: 50 }, (_, i) =>
      api(`kept${i}`, {
        resourceDefinitions: [
          { type: "openapi-v3", mediaType: "application/json", url: `kept/kept${i}.json` },
        ],
      }),
    );
    const missing = Array.from({ length: 200 }, (_, i) =>
      api(`gen${i}`, {
        resourceDefinitions: [
          { type: "openapi-v3", mediaType: "application/json", url: `/gen/gen${i}.json` },
        ],
      }),
    );
    const stars = api("stars", {
      resourceDefinitions: [
        { type: "openapi-v3", mediaType: "application/json", url: "stars.json" },
      ],
    });
    const apis = [stars, ...present, ...missing];
    const dir = workspace({
      "ord/doc.json": JSON.stringify(doc({ apiResources: apis }), null, 2),
      "ord/stars.json": openapi(["/stars", "/planets"]),
      ...Object.fromEntries(present.map((_, i) => [`ord/kept/kept${i}.json`, openapi(["/kept"])])),
    });
    git(dir, "init", "-q");
    git(dir, "add", ".");
    git(dir, "commit", "-qm", "base");
    writeFileSync(path.join(dir, "ord/stars.json"), JSON.stringify(openapi(["/stars"])));

    spawned.length = 0;
    const report = check({ base: "git:HEAD", head: "ord", cwd: dir, now: NOW });
    const catFiles = spawned.filter((args) => args[0] === "git" && args.includes("cat-file"));
    // The documents in one batch, every definition file in another: none for the absent ones.
    expect(catFiles).toHaveLength(2);
    const starsReport = report.entities.find((e) => e.ordId.includes(":stars:"));
    expect(starsReport).toMatchObject({ status: "changed", changeLevel: "breaking" });
    // The others were read (or found absent on both sides), judged, and are unchanged.
    expect(report.summary.entities).toBe(251);
    expect(report.entities.filter((e) => e.ordId.includes(":gen"))).toEqual([]);
  });
});

describe("a git:<ref> base reads definitions found by their path's suffix", () => {
  it("in the same one process as the others (the CAP plugin's /ord/v1/<ordId>/<file> URLs)", () => {
    // 30 APIs served as /ord/v1/<ordId>/<file> and built to gen/ord/<ordId>/<file>: no mapping,
    // so each is found by its suffix; one of them lost an operation in head.
    const apis = Array.from({ length: 30 }, (_, i) =>
      api(`api${i}`, {
        resourceDefinitions: [
          {
            type: "openapi-v3",
            mediaType: "application/json",
            url: `/ord/v1/sap.xref:apiResource:api${i}:v1/api${i}.oas3.json`,
          },
        ],
      }),
    );
    const file = (i: number) => `gen/ord/sap.xref:apiResource:api${i}:v1/api${i}.oas3.json`;
    const dir = workspace({
      "gen/ord/document.json": JSON.stringify(doc({ apiResources: apis }), null, 2),
      ...Object.fromEntries(apis.map((_, i) => [file(i), openapi(["/a", "/b"])])),
    });
    git(dir, "init", "-q");
    git(dir, "add", ".");
    git(dir, "commit", "-qm", "base");
    writeFileSync(path.join(dir, file(7)), openapi(["/a"]));

    spawned.length = 0;
    const report = check({ base: "git:HEAD", head: ".", cwd: dir, now: NOW });
    const catFiles = spawned.filter((args) => args[0] === "git" && args.includes("cat-file"));
    // The documents in one batch, every definition file (found by suffix too) in another.
    expect(catFiles).toHaveLength(2);
    expect(report.entities.map((e) => [e.ordId, e.changeLevel])).toEqual([
      ["sap.xref:apiResource:api7:v1", "breaking"],
    ]);
  });
});

describe("a git:<ref> base holds no file it prefetched", () => {
  it("hands each prefetched file over once, and reads it again if asked again", () => {
    const dir = workspace({
      "ord/doc.json": doc({ apiResources: [api("a")] }),
      "ord/a.json": "{}",
    });
    git(dir, "init", "-q");
    git(dir, "add", ".");
    git(dir, "commit", "-qm", "base");
    const source = readGitSource("HEAD", "ord", dir);
    source.prefetch!(["a.json"]);
    spawned.length = 0;
    const catFiles = () => spawned.filter((args) => args.includes("cat-file")).length;
    expect(source.read("a.json")?.toString()).toBe("{}");
    expect(catFiles()).toBe(0);
    // The caller keeps what it needs (check.ts: small files); the source let go of it.
    expect(source.read("a.json")?.toString()).toBe("{}");
    expect(catFiles()).toBe(1);
  });
});

describe("a git:<ref> base is one commit for the whole run", () => {
  it("reads the commit the ref named at the start, even when the ref moves meanwhile", () => {
    const dir = workspace({ "ord/doc.json": doc({ apiResources: [api("a")] }), "ord/a.json": "1" });
    git(dir, "init", "-q");
    git(dir, "add", ".");
    git(dir, "commit", "-qm", "base");
    const source = readGitSource("HEAD", "ord", dir);
    // A commit on HEAD while the run goes on (a second terminal, a fetch moving origin/main).
    writeFileSync(path.join(dir, "ord/a.json"), "2");
    git(dir, "commit", "-qam", "moved");
    expect(source.read("a.json")?.toString()).toBe("1");
  });
});

describe("file names that are not valid UTF-8", () => {
  // `ord/ev\xffents.json`: a legal file name that decodes to `ord/ev\ufffdents.json`.
  const named = (dir: string) =>
    Buffer.concat([Buffer.from(`${dir}/ord/ev`), Buffer.from([0xff]), Buffer.from("ents.json")]);
  const events = doc({ apiResources: [api("stars")] });

  it("a base document so named is read: removing it in head is found", () => {
    const dir = workspace({ "ord/doc.json": doc({ apiResources: [api("planets")] }) });
    writeFileSync(named(dir), JSON.stringify(events, null, 2));
    git(dir, "init", "-q");
    git(dir, "add", ".");
    git(dir, "commit", "-qm", "base");
    rmSync(named(dir));
    const report = check({ base: "git:HEAD", head: "ord", cwd: dir, now: NOW });
    expect(report.summary.entities).toBe(2);
    expect(report.entities.map((e) => [e.ordId, e.status])).toEqual([
      ["sap.xref:apiResource:stars:v1", "removed"],
    ]);
    expect(report.verdict).toBe("fail");
  });

  it("a head document so named is read, not a crash", () => {
    const dir = workspace({ "base/ord/events.json": events });
    mkdirSync(path.join(dir, "head/ord"), { recursive: true });
    writeFileSync(named(path.join(dir, "head")), JSON.stringify(events, null, 2));
    const report = check({ base: "base", head: "head", cwd: dir, now: NOW });
    // Unread, its API would be removed: the verdict would fail.
    expect(report).toMatchObject({ verdict: "pass", summary: { entities: 1, changed: 0 } });
  });
});

describe("a git:<ref> base with file names git's batch reader cannot take", () => {
  const commit = (files: Record<string, unknown>): string => {
    const dir = workspace(files);
    git(dir, "init", "-q");
    git(dir, "add", ".");
    git(dir, "commit", "-qm", "base");
    return dir;
  };

  it("a document named with a line feed is read on its own: no other file in its place", () => {
    const dir = commit({
      "ord/a.json": doc({ apiResources: [api("a")] }),
      "ord/we\nird.json": doc({ apiResources: [api("weird")] }),
      "ord/z.json": doc({ apiResources: [api("z")] }),
    });
    // Nothing changed: every base document must be read as the file it names.
    const report = check({ base: "git:HEAD", head: "ord", cwd: dir, now: NOW });
    expect(report.summary).toMatchObject({ entities: 3, changed: 0 });
    expect(report.findings).toEqual([]);
  });

  it("a definition named with a final carriage return is not read as its namesake", () => {
    const definition = (url: string) => ({
      resourceDefinitions: [{ type: "openapi-v3", mediaType: "application/json", url }],
    });
    const dir = commit({
      "ord/doc.json": doc({ apiResources: [api("stars", definition("stars.json\r"))] }),
      "ord/stars.json\r": openapi(["/stars"]),
      "ord/stars.json": openapi(["/stars", "/planets"]),
    });
    // Unchanged: base must read the file the URL names, not `stars.json` (git drops the CR).
    const report = check({ base: "git:HEAD", head: "ord", cwd: dir, now: NOW });
    expect(report.summary).toMatchObject({ entities: 1, changed: 0 });
  });
});
