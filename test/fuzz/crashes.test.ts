import { describe, expect, it } from "vitest";
import { checkSources } from "../../src/check.js";
import { FORMATS, renderReport } from "../../src/report/render.js";
import type { Report, Scope } from "../../src/types.js";
import { api, doc, NOW, side } from "../helpers.js";

/**
 * A hang guard for the size attacks, not a speed claim: their old costs were minutes to hours;
 * speed is measured by the benchmarks (bench/run.ts, bench/contracts/attacks.ts), never asserted.
 */
const HOSTILE_TIMEOUT = 120_000;

/**
 * Minimal reproducers of what the fuzzer (scripts/fuzz.ts) found, and regression tests for the
 * hostile inputs that are handled. Each input runs base → head and head → base in both scopes;
 * it must give a report and render in every format.
 */

type Files = Record<string, string | Buffer>;

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** All four runs of a base/head pair; returns the base → head report of scope `changed`. */
function everyWay(base: Files, head: Files, extra: { base?: Files; head?: Files } = {}): Report {
  let forward: Report | undefined;
  for (const [b, h, eb, eh] of [
    [base, head, extra.base, extra.head],
    [head, base, extra.head, extra.base],
  ] as const) {
    for (const scope of ["changed", "all"] as Scope[]) {
      const report = checkSources({ base: side(b, eb), head: side(h, eh) }, { now: NOW, scope });
      expect(["pass", "fail"]).toContain(report.verdict);
      for (const format of FORMATS) expect(typeof renderReport(report, format)).toBe("string");
      forward ??= report;
    }
  }
  return forward!;
}

const BASE = doc({ apiResources: [api("astro")] });
const base = { "ord.json": json(BASE) };
/** The example document with one API resource replaced. */
const withApi = (overrides: Record<string, unknown>): Files => ({
  "ord.json": json(doc({ apiResources: [{ ...api("astro"), ...overrides }] })),
});
/** Text with `value` (raw JSON text) as a new field of the API resource. */
const withRawField = (value: string): string =>
  json(BASE).replace('"title":', () => `"x-fuzz": ${value},\n      "title":`);

const unreadable = (report: Report, file = "ord.json"): void => {
  const finding = report.findings.find(
    (f) => f.ruleId === "document-unreadable" && f.location?.file === file,
  );
  expect(finding, JSON.stringify(report.findings.map((f) => f.ruleId))).toBeDefined();
  expect(finding!.location!.line).toBeGreaterThanOrEqual(1);
  expect(finding!.severity).toBe("error");
};

describe("bugs the fuzzer found (regression tests)", () => {
  // Was a bug (fixed): a key that Object.prototype also has (constructor, toString, valueOf, hasOwnProperty,
  // isPrototypeOf, __defineGetter__), added to or removed from an entity, crashes fmt() in
  // src/compare/classify.ts: the diff reads the missing side through the prototype chain (a
  // function), JSON.stringify(function) is undefined, `.length` throws. Fuzz: 60 % of crashes.
  // Reproducer: base {apiResources:[A]}, head {apiResources:[{...A, "constructor": 1}]}.
  it("a `constructor` (or `toString`, `valueOf`...) key is an ordinary field", () => {
    for (const key of ["constructor", "toString", "valueOf", "hasOwnProperty", "isPrototypeOf"]) {
      const report = everyWay(base, withApi({ [key]: 1 }));
      const entity = report.entities[0]!;
      expect(entity.changes.map((c) => c.path)).toContain(key);
    }
    // Also nested: labels.constructor.
    everyWay(
      withApi({ labels: { a: ["x"] } }),
      withApi({ labels: JSON.parse('{"a": ["x"], "constructor": ["y"]}') as unknown }),
    );
  });

  // Was a bug (fixed): an object with an own non-callable `toString` where a string belongs crashes the
  // string conversion: version {"toString": 1} in src/rules/version.ts (String(version)),
  // resourceDefinitions[].type in src/compare/diff.ts, a tombstone's removalDate in
  // src/rules/lifecycle.ts ("TypeError: Cannot convert object to primitive value").
  it('a value {"toString": 1} where a string belongs is a finding, not a crash', () => {
    const odd = JSON.parse('{"toString": 1}') as unknown;
    const report = everyWay(base, withApi({ version: odd }));
    expect(report.findings.map((f) => f.ruleId)).toContain("version-invalid");
    everyWay(
      withApi({ resourceDefinitions: [{ type: "openapi-v3", url: "a.json" }] }),
      withApi({ resourceDefinitions: [{ type: odd, url: "a.json" }] }),
    );
    everyWay(base, {
      "ord.json": json(
        doc({ apiResources: [api("astro")], tombstones: [{ ordId: "x", removalDate: odd }] }),
      ),
    });
  });

  // Was a bug (fixed): a version the SemVer 2.0.0 pattern accepts but the semver package rejects (a number
  // above 2^53, or longer than 256 characters) passes isValidVersion() and then crashes
  // semver.parse(...)! in actualIncrement()/majorOf()/smallestCorrectVersion() (src/semver.ts):
  // "TypeError: Invalid version. Must be a string. Got type "object"" / "Invalid major version".
  // Reproducer: base version "1.0.0", head version "999999999999999999999.0.0".
  it("a SemVer-shaped but unrepresentable version is a finding, not a crash", () => {
    for (const version of [
      "999999999999999999999.0.0",
      "9007199254740993.0.0",
      `1.0.0-${"a".repeat(300)}`,
    ]) {
      const report = everyWay(base, withApi({ version }));
      expect(report.findings.length).toBeGreaterThan(0);
    }
  });

  // Was a bug (fixed): scanTopLevel() (src/json/positions.ts), which since the nesting limit runs before
  // JSON.parse, calls JSON.parse on each top-level key and so throws on invalid JSON whose
  // top-level key holds a raw control character (any corrupted byte, a file saved as UTF-16):
  // "SyntaxError: Bad control character in string literal". It must be document-unreadable.
  it("invalid JSON with a bad top-level key is document-unreadable", () => {
    unreadable(everyWay(base, { "ord.json": '{"a\tb": 1, "openResourceDiscovery": "1.9"}' }));
    const utf16 = Buffer.from(json(BASE), "utf16le");
    unreadable(everyWay(base, { "ord.json": utf16 }));
  });

  // Was a bug (fixed): a field holding an object of N keys, added to an entity, costs O(N²): one change per key,
  // and each change's location walks the parent's children again (findNodeAtLocation via
  // deepest() in src/json/positions.ts). 32,000 keys take ~4 s per run, 100,000 keys (1.5 MB)
  // several minutes: a pull request can hold the check (and its runner) for hours.
  // No timing assertion (a loaded machine would flake it): the old quadratic cost at this size is
  // minutes, so the hang guard of HOSTILE_TIMEOUT fails it.
  it(
    "an object of 50,000 keys in an entity is checked, one change per key",
    () => {
      const keys = Array.from({ length: 50_000 }, (_, i) => `"k${i}": ${i}`).join(",");
      const report = everyWay(base, { "ord.json": withRawField(`{${keys}}`) });
      expect(report.entities.length).toBeGreaterThan(0);
    },
    HOSTILE_TIMEOUT,
  );
  // Found by the full fuzz run (seed 1, case 13205): `String(operationId)` threw on an own
  // non-callable `toString`, one level down in a definition file.
  it('a definition\'s operationId {"toString": 1} is a change, not a crash', () => {
    const resource = {
      resourceDefinitions: [{ type: "openapi-v3", mediaType: "application/json", url: "api.json" }],
    };
    const openapi = (operationId: string): string =>
      `{"openapi": "3.0.0", "info": {"title": "x", "version": "1.0.0"}, "paths": {"/a": {"get": {"operationId": ${operationId}, "responses": {"200": {"description": "ok"}}}}}}`;
    const report = everyWay(withApi(resource), withApi(resource), {
      base: { "api.json": openapi('"getA"') },
      head: { "api.json": openapi('{"toString": 1}') },
    });
    expect(report.entities[0]!.changes.length).toBeGreaterThan(0);
  });

  // Schema validation was quadratic in the number of schema errors: ajv's standalone code joined
  // each $ref'd item's errors with concat (fixed in scripts/build-validator.mjs). 100,000 bad
  // items took ~20 s per check, fuzz case 78565 (seed 1) 69 s.
  it(
    "an array of 100,000 invalid items is validated",
    () => {
      const items = Array.from({ length: 100_000 }, (_, i) => `v${i}`);
      const report = everyWay(base, withApi({ entityTypeMappings: items }));
      expect(report.findings.map((f) => f.ruleId)).toContain("document-schema-violation");
    },
    HOSTILE_TIMEOUT,
  );
});

describe("hostile documents that are handled (regressions)", () => {
  it("`__proto__` keys are data: no prototype pollution, a report", () => {
    const polluting = json(BASE).replace(
      '"openResourceDiscovery"',
      '"__proto__": {"polluted": true}, "openResourceDiscovery"',
    );
    const entity = withRawField('{"__proto__": {"polluted": true}}');
    everyWay(base, { "ord.json": polluting });
    everyWay(base, { "ord.json": entity });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ["arrays, 10,000 deep", "[".repeat(10_000) + "]".repeat(10_000)],
    ["objects, 10,000 deep", '{"a":'.repeat(10_000) + "1" + "}".repeat(10_000)],
    ["arrays, 100,000 deep", "[".repeat(100_000) + "]".repeat(100_000)],
  ])("nesting (%s) in a .json and a .jsonc document is document-unreadable", (_name, deep) => {
    unreadable(everyWay(base, { "ord.json": withRawField(deep) }));
    const jsonc = { "ord.jsonc": json(BASE) };
    unreadable(everyWay(jsonc, { "ord.jsonc": `// c\n${withRawField(deep)}` }), "ord.jsonc");
  });

  it("nesting 10,000 deep in a definition file gives a report", () => {
    const resource = { resourceDefinitions: [{ type: "openapi-v3", url: "api.json" }] };
    const definition = (inner: string): string =>
      `{"openapi": "3.0.0", "info": {"title": "x", "version": "1.0.0"}, "paths": {}, "x": ${inner}}`;
    everyWay(withApi(resource), withApi(resource), {
      base: { "api.json": definition("1") },
      head: { "api.json": definition("[".repeat(10_000) + "]".repeat(10_000)) },
    });
  });

  // Was a bug (fixed, issue 12 item 10): a 200,000-deep `example` in a JSON definition crashed the
  // run with a RangeError in the recursive locator (jsonc-parser) before any report was written.
  it("a 200,000-deep example in a JSON definition gives a report, the head contract unknown", () => {
    const resource = { resourceDefinitions: [{ type: "openapi-v3", url: "api.json" }] };
    const definition = (example: string): string =>
      `{"openapi": "3.0.0", "info": {"title": "x", "version": "1.0.0"}, "paths": {"/a": {"get":` +
      ` {"responses": {"200": {"description": "ok", "content": {"application/json": {"schema":` +
      ` {"type": "string", "example": ${example}}}}}}}}}}`;
    const deep = "[".repeat(200_000) + "]".repeat(200_000);
    const report = everyWay(withApi({ ...resource }), withApi({ ...resource, version: "1.0.1" }), {
      base: { "api.json": definition("1") },
      head: { "api.json": definition(deep) },
    });
    const unchecked = report.findings.find((f) => f.ruleId === "definition-unchecked");
    expect(unchecked?.message).toContain("nests more than 256 levels");
    expect(unchecked?.location?.file).toBe("ord.json");
    // Base's contract was read, head's cannot be: breaking (docs/rules/definition-unchecked.md).
    expect(report.entities[0]!.changeLevel).toBe("breaking");
  });

  // Was a bug (fixed, issue 12 item 10): within the nesting limit, an `example` that is a YAML
  // alias cycle of 240 arrays in base and of 241 in head (4 KB each) made the recursive equality
  // pair up 57,840 nodes on one path, overflowing the stack.
  it("examples that are YAML alias cycles of coprime lengths give a report", () => {
    const resource = { resourceDefinitions: [{ type: "openapi-v3", url: "api.yaml" }] };
    const cycle = (n: number): string => `&c ${"[".repeat(n)}*c${"]".repeat(n)}`;
    const definition = (example: string): string =>
      [
        "openapi: 3.0.0",
        "info: {title: x, version: 1.0.0}",
        "paths:",
        "  /a:",
        "    get:",
        "      responses:",
        "        '200':",
        "          description: ok",
        "          content:",
        "            application/json:",
        `              schema: {type: string, example: ${example}}`,
      ].join("\n");
    const report = everyWay(withApi({ ...resource }), withApi({ ...resource, version: "1.0.1" }), {
      base: { "api.yaml": definition(cycle(240)) },
      head: { "api.yaml": definition(cycle(241)) },
    });
    // Both unroll to the same infinite nesting of one-item arrays: no contract change.
    expect(report.entities[0]!.changes.filter((c) => c.source === "definition")).toEqual([]);
    expect(report.findings.map((f) => f.ruleId)).toContain("version-changed-without-change");
  });

  // Was a bug (fixed, issue 12 item 10): a 5 MB version of many dot-separated prerelease
  // identifiers overflowed the regular expression's backtracking stack (RangeError), in the
  // version check and in the schema validator (`describedSystemVersion.version`).
  it("a 5 MB version string is version-invalid or a schema violation, not a crash", () => {
    const huge = `1.0.0-${"a.".repeat(2.5 * 1024 * 1024)}a`;
    const version = everyWay(base, withApi({ version: huge }));
    expect(version.findings.map((f) => f.ruleId)).toContain("version-invalid");
    const entries = [{ version: huge, date: "2026-01-01", releaseStatus: "active" }];
    everyWay(base, withApi({ changelogEntries: entries }));
    const system = json({ ...BASE, describedSystemVersion: { version: huge } });
    const violations = everyWay(base, { "ord.json": system }).findings.filter(
      (f) => f.ruleId === "document-schema-violation",
    );
    expect(violations.map((f) => f.message).join("\n")).toContain(
      "/describedSystemVersion/version",
    );
  });

  it("a 5 MB string gives a report that quotes a few hundred characters of it at most", () => {
    const huge = "x".repeat(5 * 1024 * 1024);
    const cases: Record<string, unknown>[] = [
      ...["description", "ordId", "version", "title", "releaseStatus", "visibility"].map(
        (field) => ({ [field]: huge }),
      ),
      { tags: [huge] },
      { labels: { [huge]: ["x"] } },
      { successors: [huge] },
    ];
    for (const overrides of cases) {
      const report = everyWay(base, withApi(overrides));
      for (const format of FORMATS) {
        const size = renderReport(report, format).length;
        expect(size, `${Object.keys(overrides)[0]} in ${format}`).toBeLessThan(50_000);
      }
    }
  });

  it("invalid UTF-8 is document-unreadable with its line", () => {
    const text = Buffer.from(json(BASE));
    const at = text.indexOf("astro API");
    const broken = Buffer.concat([
      text.subarray(0, at),
      Buffer.from([0xc3, 0x28]),
      text.subarray(at),
    ]);
    const report = everyWay(base, { "ord.json": broken });
    unreadable(report);
    const line = json(BASE).slice(0, at).split("\n").length;
    expect(report.findings.find((f) => f.ruleId === "document-unreadable")!.location!.line).toBe(
      line,
    );
  });

  it("a BOM is accepted; UTF-16, a truncated or an empty file are document-unreadable", () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const report = everyWay(base, { "ord.json": Buffer.concat([bom, Buffer.from(json(BASE))]) });
    expect(report.findings.filter((f) => f.severity !== "notice")).toEqual([]);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(json(BASE), "utf16le")]);
    unreadable(everyWay(base, { "ord.json": utf16 }));
    unreadable(everyWay(base, { "ord.json": json(BASE).slice(0, 100) }));
    unreadable(everyWay(base, { "ord.json": "" }));
  });

  // Was a bug (fixed): a document starting with two BOMs passes as valid: TextDecoder (ignoreBOM false) already
  // drops the first and decodeUtf8() (src/ord/parse.ts) drops the second. A reader that drops one
  // BOM (or none: JSON.parse(readFileSync(f, "utf8"))) rejects the file, so the check approves a
  // document aggregators cannot read. Reproducer: head = EF BB BF EF BB BF + a valid document.
  it("a document starting with two BOMs is document-unreadable", () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    unreadable(everyWay(base, { "ord.json": Buffer.concat([bom, bom, Buffer.from(json(BASE))]) }));
  });

  it("CRLF line endings change nothing", () => {
    const report = everyWay(base, { "ord.json": json(BASE).replace(/\n/g, "\r\n") });
    expect(report.findings.filter((f) => f.severity !== "notice")).toEqual([]);
  });

  it("duplicate keys are document-unreadable", () => {
    const text = json(BASE).replace('"title":', '"version": "9.9.9", "title":');
    unreadable(everyWay(base, { "ord.json": text }));
  });

  it("numbers where strings belong are findings", () => {
    const report = everyWay(base, withApi({ version: 2, ordId: 42, releaseStatus: 1, title: 3 }));
    expect(report.findings.length).toBeGreaterThan(0);
  });

  it(
    "an EDMX entity bomb, a deep or a broken EDMX file gives a finding with its line, not a hang",
    () => {
      const resource = { resourceDefinitions: [{ type: "edmx", url: "api.edmx" }] };
      const edmx =
        '<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices>' +
        '<Schema Namespace="S" xmlns="http://docs.oasis-open.org/odata/ns/edm"><EntityType Name="T">' +
        '<Key><PropertyRef Name="id"/></Key><Property Name="id" Type="Edm.Int32" Nullable="false"/>' +
        "</EntityType></Schema></edmx:DataServices></edmx:Edmx>";
      const entities = Array.from({ length: 9 }, (_, i) =>
        i === 0 ? '<!ENTITY e0 "xxxxxxxxxx">' : `<!ENTITY e${i} "${`&e${i - 1};`.repeat(10)}">`,
      ).join("");
      const heads = [
        `<?xml version="1.0"?>\n<!DOCTYPE d [${entities}]>\n${edmx.replace('Name="T"', 'Name="&e8;"')}`,
        `<edmx:Edmx Version="4.0">${"<a>".repeat(50_000)}${"</a>".repeat(50_000)}</edmx:Edmx>`,
        edmx.replace("</EntityType>", ""),
      ];
      for (const head of heads) {
        const report = everyWay(withApi(resource), withApi({ ...resource, version: "1.0.1" }), {
          base: { "api.edmx": edmx },
          head: { "api.edmx": head },
        });
        const unchecked = report.findings.find((f) => f.ruleId === "definition-unchecked");
        expect(unchecked?.message).toMatch(
          /DOCTYPE \(line 2|nests more than 64|line \d+, column \d+/,
        );
        // base's contract was read and head's cannot be: breaking (docs/rules/definition-unchecked.md)
        expect(report.entities[0]!.changeLevel).toBe("breaking");
      }
    },
    HOSTILE_TIMEOUT,
  );

  it(
    "a YAML alias bomb in a definition file does not hang",
    () => {
      const bomb = [
        'a: &a ["x","x","x","x","x","x","x","x","x"]',
        "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]",
        "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]",
        "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]",
        "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]",
        "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]",
        "openapi: 3.0.0",
      ].join("\n");
      const resource = { resourceDefinitions: [{ type: "openapi-v3", url: "api.yaml" }] };
      const report = everyWay(withApi(resource), withApi(resource), {
        base: { "api.yaml": "openapi: 3.0.0\ninfo: {title: x, version: 1.0.0}\npaths: {}\n" },
        head: { "api.yaml": bomb },
      });
      expect(report.findings.map((f) => f.ruleId)).toContain("definition-unchecked");
    },
    HOSTILE_TIMEOUT,
  );
});
