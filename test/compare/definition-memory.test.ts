import { describe, expect, it } from "vitest";
import { checkSources } from "../../src/check.js";
import type { SideSource } from "../../src/ord/sources.js";
import { api, doc, findingsOf, NOW, side } from "../helpers.js";

// A run keeps no large definition file to its end: a repository with six changed 12 MB
// definitions peaked at 399 MB when every file stayed held, 328 MB without.

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

function run(definitions: Record<string, string>, headDefinitions = definitions) {
  const apis = (version: string) =>
    Object.keys(definitions).flatMap((url, i) =>
      ["a", "b"].map((name) =>
        api(`${name}${i}`, { version, resourceDefinitions: [definition(url)] }),
      ),
    );
  const base = counted(side({ "ord.json": doc({ apiResources: apis("1.0.0") }) }, definitions));
  const head = counted(side({ "ord.json": doc({ apiResources: apis("1.0.0") }) }, headDefinitions));
  const report = checkSources({ base: base.source, head: head.source }, { now: NOW });
  return { report, base: base.reads, head: head.reads };
}

describe("definition files held in memory", () => {
  it("a small file shared by two entities is read once per side", () => {
    const { base, head } = run({ "small.json": openapi("1.0.0", 1000) });
    expect(base.get("small.json")).toBe(1);
    expect(head.get("small.json")).toBe(1);
  });

  it("a large file is not kept for the next entity: it is read again", () => {
    const { base, head } = run({ "large.json": openapi("1.0.0", 2 * 1024 * 1024) });
    expect(base.get("large.json")).toBe(2);
    expect(head.get("large.json")).toBe(2);
  });

  it("info.version of a large unchanged file is read again when a rule asks, and still judged", () => {
    const ord = doc({ apiResources: [api("a", { resourceDefinitions: [definition("l.json")] })] });
    const { source, reads } = counted(
      side({ "ord.json": ord }, { "l.json": openapi("2.0.0", 2 << 20) }),
    );
    // scope all: the unchanged entity is judged, and its file says 2.0.0 against 1.0.0
    const report = checkSources({ base: source, head: source }, { now: NOW, scope: "all" });
    expect(findingsOf(report, "definition-version-mismatch").map((f) => f.message)).toEqual([
      "l.json says info.version 2.0.0 but the resource version is 1.0.0",
    ]);
    expect(reads.get("l.json")).toBe(3); // base, head, and head again for info.version
  });

  it("info.version of a changed large file comes from the diff's parse, without another read", () => {
    const { report, head } = run(
      { "large.json": openapi("1.0.0", 2 << 20) },
      { "large.json": openapi("1.0.1", 2 << 20, ["/stars", "/planets"]) },
    );
    expect(head.get("large.json")).toBe(2);
    expect(findingsOf(report, "definition-version-mismatch").map((f) => f.message)).toEqual([
      "large.json says info.version 1.0.1 but the resource version is 1.0.0",
      "large.json says info.version 1.0.1 but the resource version is 1.0.0",
    ]);
  });
});
