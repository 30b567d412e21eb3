import { describe, expect, it } from "vitest";
import { checkSources } from "../../src/check.js";
import type { SideSource } from "../../src/ord/sources.js";
import { api, doc, findingsOf, NOW, side } from "../helpers.js";

// A run keeps no large definition file to its end: with six changed 12 MB definitions the run
// peaked at about 400 MB when every file stayed held, 330-345 MB without.

/** OpenAPI text of about `size` bytes (a long description pads it). */
const openapi = (version: string, size: number, paths = ["/stars"]) =>
  JSON.stringify({
    openapi: "3.0.3",
    info: { title: "Stars", version, description: "x".repeat(size) },
    paths: Object.fromEntries(
      paths.map((p) => [p, { get: { responses: { "200": { description: "ok" } } } }]),
    ),
  });

/** The side, counting the reads of each path. */
function counted(source: SideSource): { source: SideSource; reads: Map<string, number> } {
  const reads = new Map<string, number>();
  return {
    reads,
    source: {
      ...source,
      read: (relative) => {
        reads.set(relative, (reads.get(relative) ?? 0) + 1);
        return source.read(relative);
      },
    },
  };
}

const definition = (url: string) => ({
  type: "openapi-v3",
  mediaType: "application/json",
  url,
});

/** Entities `[name, definition URL]` in document order, the same in base and head. */
function run(
  entities: [string, string][],
  definitions: Record<string, string>,
  headDefinitions = definitions,
  scope: "changed" | "all" = "changed",
) {
  const ord = doc({
    apiResources: entities.map(([name, url]) =>
      api(name, { resourceDefinitions: [definition(url)] }),
    ),
  });
  const base = counted(side({ "ord.json": ord }, definitions));
  const head = counted(side({ "ord.json": ord }, headDefinitions));
  const report = checkSources({ base: base.source, head: head.source }, { now: NOW, scope });
  return { report, base: base.reads, head: head.reads };
}

const LARGE = 2 * 1024 * 1024;

describe("definition files held in memory", () => {
  it("a small file shared by two entities is read once per side", () => {
    const { base, head } = run(
      [
        ["a", "s.json"],
        ["b", "s.json"],
      ],
      { "s.json": openapi("1.0.0", 1000) },
    );
    expect(base.get("s.json")).toBe(1);
    expect(head.get("s.json")).toBe(1);
  });

  it("a large file shared by entities in a row is read once per side", () => {
    const { base, head } = run(
      [
        ["a", "l.json"],
        ["b", "l.json"],
      ],
      { "l.json": openapi("1.0.0", LARGE) },
    );
    expect(base.get("l.json")).toBe(1);
    expect(head.get("l.json")).toBe(1);
  });

  it("only the last large file is kept: one needed again after another is read again", () => {
    const files = { "l.json": openapi("1.0.0", LARGE), "m.json": openapi("1.0.0", LARGE) };
    const { base, head } = run(
      [
        ["a", "l.json"],
        ["b", "m.json"],
        ["c", "l.json"],
      ],
      files,
    );
    expect([base.get("l.json"), base.get("m.json")]).toEqual([2, 1]);
    expect([head.get("l.json"), head.get("m.json")]).toEqual([2, 1]);
  });

  it("info.version of a large unchanged file is read again when a rule asks, and still judged", () => {
    // scope all: the unchanged entities are judged, and their files say 2.0.0 against 1.0.0
    const files = { "l.json": openapi("2.0.0", LARGE), "m.json": openapi("2.0.0", LARGE) };
    const { report, head } = run(
      [
        ["a", "l.json"],
        ["b", "m.json"],
      ],
      files,
      files,
      "all",
    );
    expect(findingsOf(report, "definition-version-mismatch").map((f) => f.message)).toEqual([
      "l.json says info.version 2.0.0 but the resource version is 1.0.0",
      "m.json says info.version 2.0.0 but the resource version is 1.0.0",
    ]);
    expect(head.get("l.json")).toBe(2); // compared, then read again for info.version
  });

  it("info.version of a changed large file comes from the diff's parse, without another read", () => {
    const { report, head } = run(
      [
        ["a", "l.json"],
        ["b", "m.json"],
      ],
      { "l.json": openapi("1.0.0", LARGE), "m.json": openapi("1.0.0", LARGE) },
      {
        "l.json": openapi("1.0.1", LARGE, ["/stars", "/planets"]),
        "m.json": openapi("1.0.0", LARGE),
      },
    );
    expect(findingsOf(report, "definition-version-mismatch").map((f) => f.message)).toEqual([
      "l.json says info.version 1.0.1 but the resource version is 1.0.0",
    ]);
    expect(head.get("l.json")).toBe(1);
  });
});
