import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { check, checkSources } from "../../src/check.js";
import { compareSides } from "../../src/compare/compare.js";
import { parseConfig } from "../../src/config.js";
import { hasDocumentCandidates, loadBoth, loadSide } from "../../src/ord/documents.js";
import type { SourceFile } from "../../src/ord/sources.js";
import { api, doc, findingsOf, git, NOW, pkg, run, ruleIds, side, workspace } from "../helpers.js";

const good = doc({ apiResources: [api("stars")] });
const goodText = `${JSON.stringify(good, null, 2)}\n`;

function checkFiles(base: Record<string, unknown>, head: Record<string, unknown>) {
  return checkSources({ base: side(base), head: side(head) }, { now: NOW });
}

describe("document-unreadable", () => {
  it.each([
    ["truncated JSON", goodText.slice(0, 40), 3],
    ["a trailing comma in .json", goodText.replace('"rest",', '"rest",,'), 13],
    ["a comment in .json", goodText.replace("{\n", "{\n  // hi\n"), 2],
  ])("a head file with %s is an error with its line", (_what, broken, line) => {
    const report = checkFiles({ "ord.json": good }, { "ord.json": broken });
    const [finding] = findingsOf(report, "document-unreadable");
    expect(finding).toMatchObject({ severity: "error", location: { file: "ord.json", line } });
    expect(report.verdict).toBe("fail");
  });

  it("names the duplicate key and its position; JavaScript would silently keep the last", () => {
    const text = goodText.replace(
      '"title": "stars API",',
      '"title": "stars API",\n      "title": "other",',
    );
    const [finding] = findingsOf(
      checkFiles({ "ord.json": good }, { "ord.json": text }),
      "document-unreadable",
    );
    expect(finding!.message).toContain('duplicate key "title"');
    expect(finding!.location).toMatchObject({ line: 7, column: 7 });
  });

  it("does not judge the entities of an unreadable document as removed", () => {
    const report = checkFiles({ "ord.json": good }, { "ord.json": "{ nope" });
    expect(ruleIds(report)).toEqual(["document-unreadable"]);
    expect(report.entities).toEqual([]);
  });

  // Base cannot be changed by the pull request, but it can be broken already (a gate bypassed):
  // head's entities then have nothing to be compared with, and the report must not look clean.
  it("base's copy cannot be read: a notice says head's entities count as added, unjudged", () => {
    const broken = '{ "openResourceDiscovery": "1.12", ';
    const report = checkFiles({ "ord.json": broken }, { "ord.json": good });
    expect(report.entities.map((e) => e.status)).toEqual(["added"]);
    const [finding] = findingsOf(report, "document-unreadable");
    expect(finding).toMatchObject({ severity: "notice", location: { file: "ord.json", line: 1 } });
    expect(finding!.message).toMatch(/in base/);
    expect(finding!.message).toContain("count as added");
    expect(report.verdict).toBe("pass");
  });

  it("unreadable on both sides: one error, for head's copy", () => {
    const broken = '{ "openResourceDiscovery": "1.12", ';
    const report = checkFiles({ "ord.json": broken }, { "ord.json": `${broken},` });
    const found = findingsOf(report, "document-unreadable");
    expect(found.map((f) => f.severity)).toEqual(["error"]);
  });

  it("a file that mentions openResourceDiscovery but does not parse is unreadable even when new", () => {
    const report = checkFiles({}, { "new.json": '{ "openResourceDiscovery": "1.12", ' });
    expect(ruleIds(report)).toEqual(["document-unreadable"]);
  });

  it("ignores broken JSON files that are not ORD documents (no marker, not ORD in base)", () => {
    const report = checkFiles(
      { "ord.json": good },
      { "ord.json": good, "package.json": "{ broken" },
    );
    expect(report.findings).toEqual([]);
  });

  it("a file that was an ORD document in base and no longer is one is unreadable", () => {
    const report = checkFiles({ "ord.json": good }, { "ord.json": { something: "else" } });
    expect(findingsOf(report, "document-unreadable")[0]!.message).toContain("not an ORD document");
  });

  it("invalid UTF-8 is unreadable; a UTF-8 byte-order mark is accepted", () => {
    const bom = `\uFEFF${goodText}`;
    expect(checkFiles({ "ord.json": good }, { "ord.json": bom }).findings).toEqual([]);
    const invalid = side({});
    invalid.files.push({
      path: "ord.json",
      rel: "ord.json",
      dir: ".",
      explicit: false,
      bytes: () =>
        Buffer.concat([
          Buffer.from(goodText.slice(0, 30)),
          Buffer.from([0xff, 0xfe]),
          Buffer.from(goodText.slice(30)),
        ]),
    });
    const report = checkSources({ base: side({ "ord.json": good }), head: invalid }, { now: NOW });
    expect(findingsOf(report, "document-unreadable")[0]!.message).toContain("not valid UTF-8");
  });

  it("an unchanged unreadable file is not reported under the default scope", () => {
    const report = checkFiles({ "ord.json": "{ nope" }, { "ord.json": "{ nope" });
    expect(report.findings).toEqual([]);
  });
});

describe("JSONC and broken shapes", () => {
  it("accepts comments and trailing commas in .jsonc", () => {
    const jsonc = `// provider document\n${goodText.replace('"rest"', '"rest" /* protocol */').replace("]\n}", "],\n}")}`;
    const report = checkFiles({ "ord.jsonc": good }, { "ord.jsonc": jsonc });
    expect(report.findings).toEqual([]);
  });

  it("an entity array that is not an array is a located schema finding, not a crash", () => {
    const report = run(good, doc({ apiResources: { oops: true } }));
    const finding = findingsOf(report, "document-schema-violation").find((f) =>
      f.message.includes("must be an array"),
    );
    expect(finding?.location?.line).toBe(3);
  });

  it("an entity without ordId is reported and not judged", () => {
    const report = run(good, doc({ apiResources: [api("stars"), { title: "no id" }] }));
    const messages = findingsOf(report, "document-schema-violation").map((f) => f.message);
    expect(messages.some((m) => m.includes('has no "ordId"'))).toBe(true);
    expect(report.summary.entities).toBe(1);
    expect(report.entities).toEqual([]); // stars is unchanged: counted, not listed
  });

  it("a __proto__ key stays data and does not pollute objects", () => {
    const text = goodText.replace(
      '"title": "stars API",',
      '"__proto__": { "polluted": true }, "title": "stars API",',
    );
    const report = checkFiles({ "ord.json": good }, { "ord.json": text });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(report.entities[0]!.changes.map((c) => c.path)).toEqual(["__proto__.polluted"]);
  });

  it("matches entities across documents: moving one between files is no change", () => {
    const report = checkFiles(
      { "a.json": doc({ apiResources: [api("stars")], packages: [pkg("astronomy")] }) },
      {
        "a.json": doc({ packages: [pkg("astronomy")] }),
        "b.json": doc({ apiResources: [api("stars")] }),
      },
    );
    expect(report.findings).toEqual([]);
    expect(report.summary).toMatchObject({ entities: 2, changed: 0 });
    expect(report.entities).toEqual([]);
  });
});

describe("directories", () => {
  it("finds ORD documents recursively by their top-level key, skipping node_modules and other JSON", () => {
    const root = mkdtempSync(path.join(tmpdir(), "ovg-dir-"));
    for (const sideName of ["base", "head"]) {
      mkdirSync(path.join(root, sideName, "nested", "deep"), { recursive: true });
      mkdirSync(path.join(root, sideName, "node_modules", "x"), { recursive: true });
      writeFileSync(path.join(root, sideName, "nested", "deep", "ord.json"), goodText);
      writeFileSync(
        path.join(root, sideName, "node_modules", "x", "ord.json"),
        "{ broken openResourceDiscovery",
      );
      writeFileSync(path.join(root, sideName, "package.json"), '{ "name": "x" }');
    }
    const head = doc({
      apiResources: [
        api("stars", { version: "1.0.1", title: "Stars", lastUpdate: "2026-02-01T00:00:00Z" }),
      ],
    });
    writeFileSync(path.join(root, "head", "nested", "deep", "ord.json"), JSON.stringify(head));
    const report = check({ base: "base", head: "head", cwd: root, now: NOW });
    expect(report.entities).toHaveLength(1);
    expect(report.entities[0]).toMatchObject({
      status: "changed",
      file: "head/nested/deep/ord.json",
      changeLevel: "patch",
    });
    expect(report.findings).toEqual([]);
  });

  it("finds the marker anywhere in a large file, also across the 1 MiB chunks it is searched in", () => {
    const root = mkdtempSync(path.join(tmpdir(), "ovg-dir-"));
    const chunk = 1024 * 1024;
    const marker = '"openResourceDiscovery"';
    // Broken JSON whose one mention of the marker starts 10 bytes before the first chunk ends.
    const straddling = `{ "pad": "${"x".repeat(chunk - 10 - 14)}", ${marker}: "1.12", `;
    expect(straddling.indexOf(marker) + 1).toBe(chunk - 10);
    const unmarked = `{ "pad": "${"x".repeat(3 * chunk)}", `;
    for (const sideName of ["base", "head"]) {
      mkdirSync(path.join(root, sideName));
      writeFileSync(path.join(root, sideName, "ord.json"), goodText);
    }
    writeFileSync(path.join(root, "head", "large.json"), straddling);
    writeFileSync(path.join(root, "head", "other.json"), unmarked);
    const report = check({ base: "base", head: "head", cwd: root, now: NOW });
    expect(findingsOf(report, "document-unreadable").map((f) => f.location?.file)).toEqual([
      "head/large.json",
    ]);
  });

  // The attack: a document whose marker is written with JSON escapes is an ORD document to every
  // parser, but a byte search for "openResourceDiscovery" never found it: a pull request could add
  // it, or change one added that way, and the check read no document at all.
  const escaped = (text: string) =>
    text.replace('"openResourceDiscovery"', '"openResourceDisc\\u006Fvery"');
  const breaking = doc({ apiResources: [api("stars", { entryPoints: ["/planets/v1"] })] });
  const breakingText = `${JSON.stringify(breaking, null, 2)}\n`;

  it("reads a document whose marker is written with \\u escapes", () => {
    const report = checkFiles(
      { "ord.json": escaped(goodText) },
      { "ord.json": escaped(breakingText) },
    );
    expect(report.entities).toHaveLength(1);
    expect(findingsOf(report, "breaking-change-without-new-major")).toHaveLength(1);
    expect(report.verdict).toBe("fail");
  });

  it("the Action's shortcut sees an escaped marker in a base file", async () => {
    const { holdsBaseDocument } = await import("../../src/action/integrity.js");
    const read = () => Promise.resolve(escaped(goodText));
    expect(await holdsBaseDocument(["ord.json"], read)).toBe(true);
  });

  it("finds an escaped marker in files of a folder, small or searched in chunks", () => {
    const root = mkdtempSync(path.join(tmpdir(), "ovg-dir-"));
    const pad = (text: string) => text.replace("{", `{ "pad": "${"x".repeat(2 * 1024 * 1024)}",`);
    for (const [sideName, text] of [
      ["base", goodText],
      ["head", breakingText],
    ] as const) {
      mkdirSync(path.join(root, sideName));
      writeFileSync(path.join(root, sideName, "small.json"), escaped(text));
      writeFileSync(
        path.join(root, sideName, "large.json"),
        pad(escaped(text)).replaceAll("stars", "moons"),
      );
    }
    const report = check({ base: "base", head: "head", cwd: root, now: NOW });
    expect(
      findingsOf(report, "breaking-change-without-new-major")
        .map((f) => f.ordId)
        .sort(),
    ).toEqual(["sap.xref:apiResource:moons:v1", "sap.xref:apiResource:stars:v1"]);
  });

  it("reads a short document after a long one without bytes of the long one (one reused buffer)", () => {
    const root = mkdtempSync(path.join(tmpdir(), "ovg-dir-"));
    const long = doc({ apiResources: ["a", "b", "c", "d"].map((name) => api(name)) });
    for (const sideName of ["base", "head"]) {
      mkdirSync(path.join(root, sideName));
      writeFileSync(path.join(root, sideName, "a.json"), `${JSON.stringify(long, null, 2)}\n`);
      writeFileSync(path.join(root, sideName, "b.json"), JSON.stringify(good));
    }
    const report = check({ base: "base", head: "head", cwd: root, now: NOW, scope: "all" });
    expect(findingsOf(report, "document-unreadable")).toEqual([]);
    expect(report.entities.map((e) => e.file).sort()).toEqual([
      ...Array<string>(4).fill("head/a.json"),
      "head/b.json",
    ]);
  });
  it("compares a head file with base even when both have the same length (one reused buffer)", () => {
    // Equal bytes skip decoding head. Both sides read into one shared buffer: base's bytes must
    // be a copy, or head is compared with itself and a same-length change passes unseen.
    const root = mkdtempSync(path.join(tmpdir(), "ovg-dir-"));
    const write = (sideName: string, version: string) => {
      mkdirSync(path.join(root, sideName));
      const text = JSON.stringify(doc({ apiResources: [api("stars", { version })] }), null, 2);
      writeFileSync(path.join(root, sideName, "ord.json"), text);
    };
    write("base", "1.0.0");
    write("head", "2.0.0");
    const report = check({ base: "base", head: "head", cwd: root, now: NOW });
    expect(report.entities).toMatchObject([{ status: "changed", actualIncrement: "major" }]);
  });
});

describe("schema findings", () => {
  it("an enumeration written as oneOf of consts is one readable finding", () => {
    const changed = api("a", {
      releaseStatus: "experimental",
      version: "1.0.1",
      lastUpdate: "2026-02-01T00:00:00Z",
    });
    const report = run(doc({ apiResources: [api("a")] }), doc({ apiResources: [changed] }));
    const messages = findingsOf(report, "document-schema-violation").map((f) => f.message);
    expect(messages).toEqual([
      expect.stringContaining('/apiResources/0/releaseStatus must be one of "beta", "active"'),
    ]);
  });

  it("name the entity's own index and ORD ID when only some entities of an array are in scope", () => {
    const apis = [api("a"), api("b"), api("c")];
    const changed = {
      ...api("c"),
      version: "1.0.1",
      lastUpdate: "2026-02-01T00:00:00Z",
      bogusField: true,
    };
    const report = run(
      doc({ apiResources: apis }),
      doc({ apiResources: [api("a"), api("b"), changed] }),
    );
    const [finding] = findingsOf(report, "document-schema-violation");
    expect(finding?.message).toContain('/apiResources/2 has unknown property "bogusField"');
    expect(finding?.ordId).toBe("sap.xref:apiResource:c:v1");
  });
});

describe("limits", () => {
  it("a document nested too deep is unreadable with its position, never a stack overflow", () => {
    const deep = `{"openResourceDiscovery":"1.12","x":${"[".repeat(100_000)}${"]".repeat(100_000)}}`;
    const [finding] = findingsOf(
      checkFiles({ "ord.json": good }, { "ord.json": deep }),
      "document-unreadable",
    );
    expect(finding?.message).toContain("nested deeper than 256 levels");
    expect(finding?.location).toMatchObject({ line: 1, column: 36 + 256 });
  });

  it.each([
    [256, "unchanged"],
    [257, "added"],
  ])(
    "a base document nesting %i levels deep is read as far as the limit allows",
    (levels, status) => {
      // Base is parsed before any scan: its depth is read from the value, to the same limit.
      const nested = (extra: number) =>
        `{"openResourceDiscovery":"1.12","apiResources":[${JSON.stringify(api("stars"))}],` +
        `"x":${"[".repeat(extra)}${"]".repeat(extra)}}`;
      // The document object is level 1: `x` adds levels - 1 more.
      const report = checkSources(
        { base: side({ "ord.json": nested(levels - 1) }), head: side({ "ord.json": good }) },
        { now: NOW, scope: "all" },
      );
      expect(report.entities.map((e) => e.status)).toEqual([status]);
    },
  );

  it.each([
    ["a small one", 0],
    ["one of 1 MiB and more", 1024 * 1024],
  ])(
    "a base document, %s, is as deep as JSON.parse reads it: a deep value under a repeated key is gone",
    (_what, padding) => {
      // Base's duplicate keys are not looked for: it is read as JSON.parse reads it, and the
      // comparison recurses on that value only. Small or large, its entities are judged.
      const deep = `${"[".repeat(300)}${"]".repeat(300)}`;
      const base =
        `{"openResourceDiscovery":"1.12","pad":"${"x".repeat(padding)}","x":${deep},"x":0,` +
        `"apiResources":[${JSON.stringify(api("stars"))}]}`;
      const head = doc({ apiResources: [api("stars", { title: "Stars" })] });
      const report = checkSources(
        { base: side({ "ord.json": base }), head: side({ "ord.json": head }) },
        { now: NOW },
      );
      expect(report.entities.map((e) => e.status)).toEqual(["changed"]);
    },
  );

  it("a file over the limit is never read whole: measured and hashed in chunks instead", () => {
    // A 5 GB file in a pull request must not be read into memory to learn it is too large.
    const readWhole = () => {
      throw new Error("read whole");
    };
    const oversize = (sha256: string): SourceFile => ({
      path: "huge.json",
      rel: "huge.json",
      dir: ".",
      explicit: false,
      bytes: readWhole,
      candidate: () => ({ size: 5 * 1024 ** 3, sha256: () => sha256 }),
    });
    const { head } = loadBoth(side({ "huge.json": good }).files, [oversize("ab".repeat(32))]);
    expect(head.problems.map((p) => p.message)).toEqual([
      "huge.json cannot be read as an ORD document: it is 5120.0 MB, over the limit of 50.0 MB (config max-document-size)",
    ]);
    expect(head.content.get("huge.json")).toBe(`\u0000sha256:${"ab".repeat(32)}`);
  });

  it("an unchanged file over the limit is untouched: the chunked digest equals git's", () => {
    const large = `{"openResourceDiscovery":"1.12","pad":"${"x".repeat(3 * 1024 * 1024)}"}`;
    const dir = workspace({ "ord.json": goodText, "large.json": large });
    git(dir, "init", "-q");
    git(dir, "add", ".");
    git(dir, "commit", "-q", "-m", "base");
    const config = parseConfig({ "max-document-size": 2 * 1024 * 1024 });
    const unchanged = check({ base: "git:HEAD", head: ".", cwd: dir, now: NOW, config });
    expect(findingsOf(unchanged, "document-unreadable")).toEqual([]);
    writeFileSync(path.join(dir, "large.json"), large.replace('"x', '"y'));
    const changed = check({ base: "git:HEAD", head: ".", cwd: dir, now: NOW, config });
    expect(findingsOf(changed, "document-unreadable").map((f) => f.message)).toEqual([
      "large.json cannot be read as an ORD document: it is 3.0 MB, over the limit of 2.0 MB (config max-document-size)",
    ]);
  });

  it("a document over the configured size is unreadable, not parsed", () => {
    const report = checkSources(
      { base: side({ "ord.json": good }), head: side({ "ord.json": `${goodText}\n` }) },
      { now: NOW, config: parseConfig({ "max-document-size": 100 }) },
    );
    // Sizes that round to the same megabytes are shown in bytes ("0.0 MB over 0.0 MB" says nothing).
    expect(findingsOf(report, "document-unreadable")[0]?.message).toContain(
      `it is ${Buffer.byteLength(goodText) + 1} bytes, over the limit of 100 bytes`,
    );
    expect(report.entities).toEqual([]);
  });

  it("asking whether an oversize file is a candidate neither reads nor hashes it", () => {
    const untouchable = (): never => {
      throw new Error("read");
    };
    const file: SourceFile = {
      path: "huge.json",
      rel: "huge.json",
      dir: ".",
      explicit: false,
      bytes: untouchable,
      candidate: () => ({ size: 5 * 1024 ** 3, sha256: untouchable }),
    };
    expect(hasDocumentCandidates([file])).toBe(true);
  });

  it("a document over the ORD spec's 2 MB gets a notice", () => {
    const big = doc({ apiResources: [api("stars", { description: "x".repeat(2_200_000) })] });
    const [finding] = findingsOf(
      run(doc({ apiResources: [api("stars")] }), big),
      "document-schema-violation",
    );
    expect(finding).toMatchObject({ severity: "notice" });
    expect(finding?.message).toContain("limits documents to 2 MB");
  });
});

describe("a head loaded once (the Action's shortcut loads it before the check)", () => {
  const stars = doc({ apiResources: [api("stars"), api("moons")] });
  const changed = doc({ apiResources: [api("stars"), api("moons", { version: "1.1.0" })] });
  const dupe = goodText.replace('"title": "stars API",', '"title": "stars API", "title": "x",');
  const baseFiles = { "a.json": stars, "b.json": stars, "c.json": dupe };
  const headFiles = {
    "a.json": stars,
    "b.json": changed,
    "c.json": dupe,
    "d.json": `{ "openResourceDiscovery": `,
  };

  it("gives the same report, with each head document taken from the earlier load", () => {
    const sources = () => ({ base: side(baseFiles), head: side(headFiles) });
    const parsedHead = loadSide(sources().head.files, { duplicates: "all" });
    expect(parsedHead.documents.map((d) => d.rel)).toEqual(["a.json", "b.json"]);
    const once = checkSources(sources(), { now: NOW, parsedHead });
    expect(once).toEqual(checkSources(sources(), { now: NOW }));
    // The unchanged file with a duplicate key is no finding under scope "changed", as before;
    // the new broken file is one.
    expect(findingsOf(once, "document-unreadable").map((f) => f.location?.file)).toEqual([
      "d.json",
    ]);
  });

  it("shares its values with the base: an unchanged entity is the same object on both sides", () => {
    const parsedHead = loadSide(side(headFiles).files, { duplicates: "all" });
    const { base, head } = loadBoth(side(baseFiles).files, side(headFiles).files, {
      parsed: parsedHead,
    });
    const value = (s: typeof head, rel: string, i: number) =>
      s.entities.filter((e) => e.doc.rel === rel)[i]!.value;
    expect(value(head, "a.json", 0)).toBe(value(parsedHead, "a.json", 0));
    expect(value(base, "a.json", 0)).toBe(value(head, "a.json", 0));
    // A changed document: its unchanged entity is shared, the changed one is not.
    expect(value(base, "b.json", 0)).toBe(value(head, "b.json", 0));
    expect(value(base, "b.json", 1)).not.toBe(value(head, "b.json", 1));
    expect(value(head, "b.json", 1)).toBe(value(parsedHead, "b.json", 1));
  });
});

describe("document texts are let go once both sides of a path are loaded", () => {
  // A changed title, the version left alone: a metadata change placed on the title's line.
  const changed = goodText.replace('"title": "stars API"', '"title": "Stars API"');
  const titleLine = changed.split("\n").findIndex((l) => l.includes('"Stars API"')) + 1;

  /** A side whose files count their reads and can be rewritten after loading. */
  function counted(files: Record<string, string>) {
    const reads = new Map<string, number>();
    const source = side(files);
    source.files = source.files.map((file) => ({
      ...file,
      bytes: () => {
        reads.set(file.rel, (reads.get(file.rel) ?? 0) + 1);
        return Buffer.from(files[file.rel]!);
      },
    }));
    return { source, reads, files };
  }

  it("reads a document again only when a change needs a line, and places it as before", () => {
    const base = counted({ "a.json": goodText, "b.json": goodText });
    const head = counted({ "a.json": changed, "b.json": goodText });
    const sides = loadBoth(base.source.files, head.source.files);
    expect([...head.reads]).toEqual([
      ["a.json", 1],
      ["b.json", 1],
    ]);
    const [change] = compareSides(sides.base, sides.head).flatMap((c) => c.changes);
    expect(change!.location).toEqual({ file: "a.json", line: titleLine, column: 16 });
    // Only the changed file was read again; the untouched one never was.
    expect(head.reads.get("a.json")).toBe(2);
    expect(head.reads.get("b.json")).toBe(1);
  });

  it("keeps a large document's text: reading it again would cost a second copy", () => {
    const many = doc({ apiResources: Array.from({ length: 2500 }, (_, i) => api(`api${i}`)) });
    const large = `${JSON.stringify(many, null, 2)}\n`;
    expect(large.length).toBeGreaterThan(1024 * 1024);
    const base = counted({ "a.json": large });
    const head = counted({ "a.json": large.replace('"title": "api7 API"', '"title": "API 7"') });
    const sides = loadBoth(base.source.files, head.source.files);
    const [change] = compareSides(sides.base, sides.head).flatMap((c) => c.changes);
    expect(change!.location?.line).toBeGreaterThan(1);
    expect(head.reads.get("a.json")).toBe(1);
  });

  it("base's positions, asked while head reuses its entities, do not keep base's text", () => {
    const two = `${JSON.stringify(doc({ apiResources: [api("a"), api("b")] }), null, 2)}\n`;
    const base = counted({ "a.json": two });
    const head = counted({ "a.json": two.replace('"title": "b API"', '"title": "B API"') });
    const sides = loadBoth(base.source.files, head.source.files);
    // Head reused base's "a" (matched by the ranges of base's entities)...
    expect(sides.head.entities[0]!.value).toBe(sides.base.entities[0]!.value);
    expect(base.reads.get("a.json")).toBe(1);
    // ...and an offset in base reads the file again: the ranges held no copy of the text.
    const offset = sides.base.documents[0]!.positions.offsetOf(["apiResources", 1, "title"]);
    expect(two.slice(offset)).toMatch(/^"b API"/);
    expect(base.reads.get("a.json")).toBe(2);
  });

  it("a file rewritten meanwhile gets line 1, never a line of its new text", () => {
    const base = counted({ "a.json": goodText });
    const head = counted({ "a.json": changed });
    const sides = loadBoth(base.source.files, head.source.files);
    head.files["a.json"] = `\n\n\n${changed}`;
    const [change] = compareSides(sides.base, sides.head).flatMap((c) => c.changes);
    expect(change!.location).toEqual({ file: "a.json", line: 1, column: 1 });
  });
});
