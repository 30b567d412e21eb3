import { describe, expect, it } from "vitest";
import { checkSources } from "../../src/check.js";
import { resolveDefinition } from "../../src/compare/definitions.js";
import { api, doc, event, findingsOf, NOW, side } from "../helpers.js";

const openapi = (paths: Record<string, unknown>, version = "1.0.0") =>
  JSON.stringify({ openapi: "3.0.3", info: { title: "Stars", version }, paths }, null, 2);
const op = { get: { responses: { "200": { description: "ok" } } } };
const definition = (type: string, url: string) => ({ type, mediaType: "application/json", url });

function check(
  baseDef: string | undefined,
  headDef: string | undefined,
  headEntity = {},
  type = "openapi-v3",
  url = "stars.json",
) {
  const entity = (overrides: object) =>
    api("stars", { resourceDefinitions: [definition(type, url)], ...overrides });
  const files = (def: string | undefined) => (def === undefined ? {} : { [url]: def });
  return checkSources(
    {
      base: side({ "ord.json": doc({ apiResources: [entity({})] }) }, files(baseDef)),
      head: side(
        {
          "ord.json": doc({
            apiResources: [entity({ lastUpdate: "2026-02-01T00:00:00Z", ...headEntity })],
          }),
        },
        files(headDef),
      ),
    },
    { now: NOW },
  );
}

/** A definition base read and head cannot: breaking, placed in the ORD document, and failing. */
function expectUnknownContract(report: ReturnType<typeof check>) {
  const entity = report.entities[0]!;
  expect(entity.changeLevel).toBe("breaking");
  expect(entity.changes.find((c) => c.source === "definition")).toMatchObject({
    class: "breaking",
    location: { file: "ord.json" },
  });
  expect(report.verdict).toBe("fail");
  expect(findingsOf(report, "breaking-change-without-new-major")).toHaveLength(1);
}

describe("contract changes join the entity's verdict", () => {
  it("a removed path on an active API is breaking-change-without-new-major, located in the definition", () => {
    const base = openapi({ "/stars": op, "/planets": op });
    const report = check(base, openapi({ "/stars": op }), { version: "1.1.0" });
    const entity = report.entities[0]!;
    expect(entity).toMatchObject({
      status: "changed",
      changeLevel: "breaking",
      requiredIncrement: "major",
    });
    const change = entity.changes.find((c) => c.source === "definition")!;
    expect(change).toMatchObject({
      class: "breaking",
      kind: "removed",
      definition: { file: "stars.json" },
    });
    expect(change.location?.file).toBe("stars.json");
    // A removal points into the base file, inside the removed path's block.
    expect(change.definition?.pointer).toMatch(/^\/paths\/~1planets/);
    const keyLine = base.split("\n").findIndex((l) => l.includes('"/planets"')) + 1;
    expect(change.location!.line - keyLine).toBeGreaterThanOrEqual(0);
    expect(change.location!.line - keyLine).toBeLessThan(8);
    const [finding] = findingsOf(report, "breaking-change-without-new-major");
    expect(finding?.message).toContain("/planets");
    expect(findingsOf(report, "version-increment-too-small")[0]?.suggestion).toEqual({
      version: "2.0.0",
    });
  });

  it("a new path is additive: a minor increment passes", () => {
    const report = check(
      openapi({ "/stars": op }),
      openapi({ "/stars": op, "/planets": op }, "1.1.0"),
      { version: "1.1.0" },
    );
    expect(report.entities[0]!.changeLevel).toBe("additive");
    expect(report.findings).toEqual([]);
  });

  it("a changed definition alone makes the entity changed and needs a version increment", () => {
    const report = check(openapi({ "/stars": op }), openapi({ "/stars": op, "/planets": op }));
    expect(report.entities[0]!.status).toBe("changed");
    expect(findingsOf(report, "version-not-incremented")[0]?.suggestion).toEqual({
      version: "1.1.0",
    });
  });

  it("a definition file the pull request deletes is a contract lost: breaking, never a silent pass", () => {
    const report = check(openapi({ "/stars": op }), undefined, { version: "1.0.1" });
    expect(report.entities[0]!.changeLevel).toBe("breaking");
    expect(findingsOf(report, "breaking-change-without-new-major")).toHaveLength(1);
    expect(findingsOf(report, "definition-unchecked")[0]?.message).toContain("stars.json");
    // Missing on both sides (a URL served, not committed) stays what it was: unknown, no change.
    const neither = check(undefined, undefined, { version: "1.0.1" });
    expect(neither.entities[0]!.changes.filter((c) => c.source === "definition")).toEqual([]);
  });

  it("a reformatted definition of a format without a differ is no change (compared by value)", () => {
    const card = { name: "Dispute agent", skills: [{ id: "summarize" }] };
    const report = check(
      JSON.stringify(card, null, "\t"),
      `${JSON.stringify(card, null, 2)}\n`,
      {},
      "a2a-agent-card",
      "card.json",
    );
    expect(report.entities[0]!.changes.filter((c) => c.source === "definition")).toEqual([]);
    expect(report.findings).toEqual([]);
    // A real edit of the same file is still a patch change that needs a version increment.
    const edited = check(
      JSON.stringify(card),
      JSON.stringify({ ...card, name: "Renamed" }),
      {},
      "a2a-agent-card",
      "card.json",
    );
    expect(findingsOf(edited, "definition-unchecked")).toHaveLength(1);
    expect(findingsOf(edited, "version-not-incremented")).toHaveLength(1);
  });

  it("identical content is no change; info.version differing from the resource version is a notice", () => {
    const same = openapi({ "/stars": op }, "9.9.9");
    const report = check(same, same, { description: "new words", version: "1.0.1" });
    expect(report.entities[0]!.changes.every((c) => c.source === "metadata")).toBe(true);
    expect(findingsOf(report, "definition-version-mismatch")[0]?.message).toContain("9.9.9");
  });

  it("a definition that cannot be read or understood is definition-unchecked, never silently unchanged", () => {
    expect(findingsOf(check(openapi({}), undefined), "definition-unchecked")[0]?.message).toContain(
      "does not exist in head",
    );
    expect(findingsOf(check(undefined, openapi({})), "definition-unchecked")[0]?.message).toContain(
      "could not be read in base",
    );
    const asyncapi1 = (x: string) =>
      JSON.stringify({ asyncapi: "1.2.0", info: { title: x, version: "1" } });
    const unchecked = findingsOf(
      check(asyncapi1("a"), asyncapi1("b"), { version: "1.0.1" }, "asyncapi-v2"),
      "definition-unchecked",
    );
    expect(unchecked[0]?.message).toContain("not AsyncAPI 2.x or 3.x");
    const csn = findingsOf(
      check(
        '{"a": 1}',
        '{"a": 2}',
        { version: "1.0.1" },
        "sap-csn-interop-effective-v1",
        "x.csn.json",
      ),
      "definition-unchecked",
    );
    expect(csn[0]?.message).toContain("has no contract differ");
    const edmx = findingsOf(
      check("<a/>", "<b/>", { version: "1.0.1" }, "edmx", "x.edmx"),
      "definition-unchecked",
    );
    expect(edmx[0]?.message).toContain("is not EDMX");
  });

  it("GraphQL SDL: a removed field is breaking", () => {
    const report = check(
      "type Query { stars: Int, planets: Int }",
      "type Query { stars: Int }",
      { version: "2.0.0" },
      "graphql-sdl",
      "schema.graphql",
    );
    const change = report.entities[0]!.changes.find((c) => c.source === "definition")!;
    expect(change).toMatchObject({
      class: "breaking",
      path: "resourceDefinitions[schema.graphql]#Query.planets",
    });
    expect(change.location).toMatchObject({ file: "schema.graphql", line: 1 });
  });
});

describe("definition URLs map to repository files, never to the network", () => {
  const mappings = [{ url: "/ord/definitions/", path: "srv/ord/definitions/" }];
  it.each([
    ["stars.json", "ord", "ord/stars.json"],
    ["../defs/stars.json", "ord", "defs/stars.json"],
    ["/ord/definitions/stars.json", "ord", "srv/ord/definitions/stars.json"],
    ["/other/stars.json", "ord", "other/stars.json"],
    ["https://example.com/stars.json", "ord", undefined],
    ["../../outside.json", "ord", undefined],
    // Read as the consumer's URL parser and the server read them, not as literal file names
    ["/defs/a%2Ejson", "ord", "defs/a.json"],
    ["/defs\\a.json", "ord", "defs/a.json"],
    ["/defs/a\n.json", "ord", "defs/a.json"],
    ["/ord/definitio%6Es/stars.json", "ord", "srv/ord/definitions/stars.json"],
    ["//example.com/defs/a.json", "ord", undefined],
    ["/\\example.com/defs/a.json", "ord", undefined],
    ["/defs/%2e%2e/%2e%2e/outside.json", "ord", undefined],
    ["/defs/a%2Fb.json", "ord", undefined],
    ["/defs/%E0%A4%A.json", "ord", undefined],
  ])("%s from %s → %s", (url, dir, expected) => {
    expect(resolveDefinition(url, dir, mappings)).toBe(expected);
  });

  // The attack: point the URL at a decoy holding the old contract under a name that only this
  // checker reads literally, and break the file consumers are served.
  it.each([
    ["another host", "//example.com/defs/a.json", "/example.com/defs/a.json"],
    ["a percent-encoded name", "/defs/a%2Ejson", "defs/a%2Ejson"],
    ["a backslash", "/defs\\a.json", "defs\\a.json"],
  ])(
    "a decoy reached through %s does not hide the served file's breaking change",
    (_, url, decoy) => {
      const old = openapi({ "/stars": op, "/planets": op });
      const entity = (u: string, version: string) =>
        api("stars", { version, resourceDefinitions: [definition("openapi-v3", u)] });
      const report = checkSources(
        {
          base: side(
            { "ord.json": doc({ apiResources: [entity("/defs/a.json", "1.0.0")] }) },
            {
              "defs/a.json": old,
            },
          ),
          head: side(
            { "ord.json": doc({ apiResources: [entity(url, "1.0.1")] }) },
            {
              "defs/a.json": openapi({ "/stars": op }),
              [decoy]: old,
            },
          ),
        },
        { now: NOW },
      );
      expect(report.entities[0]!.changeLevel).toBe("breaking");
      expect(report.verdict).toBe("fail");
    },
  );
});

describe("a head definition that cannot be read while base could is an unknown contract (issue 12, item 3)", () => {
  const yamlApi = (paths: string[], extra = "") =>
    [
      "openapi: 3.0.3",
      "info: {title: Stars, version: 1.0.0}",
      "paths:",
      ...paths.flatMap((p) => [
        `  ${p}:`,
        "    get:",
        "      responses:",
        "        '200': {description: ok}",
      ]),
      extra,
    ].join("\n");
  const base = yamlApi(["/stars", "/planets"]);
  // The attack: remove /planets and, in the same file, exceed a reading limit, so that the
  // differ cannot see the removal.
  const aliases = `x-many: &a 1\nx-refs: [${Array(1001).fill("*a").join(", ")}]`;
  const deep = `x-deep: ${"[".repeat(300)}1${"]".repeat(300)}`;

  it.each([
    ["1,001 aliases", aliases],
    ["a 300-deep value", deep],
  ])("head with %s and a removed operation: a patch bump fails", (_name, hostile) => {
    const report = check(
      base,
      yamlApi(["/stars"], hostile),
      { version: "1.0.1" },
      "openapi-v3",
      "stars.yaml",
    );
    expectUnknownContract(report);
    expect(findingsOf(report, "version-increment-too-small")[0]?.suggestion).toEqual({
      version: "2.0.0",
    });
    expect(findingsOf(report, "definition-unchecked")[0]?.message).toContain("in head");
  });

  it("a base that could not be read and a readable head stay patch: nothing readable was lost", () => {
    const report = check(
      yamlApi(["/stars"], aliases),
      base,
      { version: "1.0.1" },
      "openapi-v3",
      "stars.yaml",
    );
    expect(report.entities[0]!.changeLevel).toBe("patch");
    expect(findingsOf(report, "definition-unchecked")[0]?.message).toContain("in base");
    expect(report.verdict).toBe("pass");
  });

  it("a head that is no longer the format base was (OpenAPI → something else) is breaking too", () => {
    const report = check(
      openapi({ "/stars": op }),
      JSON.stringify({ asyncapi: "2.6.0", info: { title: "x", version: "1" }, channels: {} }),
      { version: "1.0.1" },
      "openapi-v3",
    );
    expect(report.entities[0]!.changeLevel).toBe("breaking");
    expect(report.verdict).toBe("fail");
  });
});

describe("a head definition without a URL to read is an unknown contract, not a new address", () => {
  // The attack: remove an operation and, in the same pull request, break the definition's URL,
  // so that no file is compared and only a metadata change (a patch) remains.
  const base = openapi({ "/stars": op, "/planets": op });
  const head = openapi({ "/stars": op });
  const entry = { type: "openapi-v3", mediaType: "application/json" };

  it.each([
    ["null", { ...entry, url: null }],
    ["a number", { ...entry, url: 5 }],
    ["an object", { ...entry, url: {} }],
    ["missing", entry],
  ])("a URL that is %s: a patch bump fails as breaking", (_name, broken) => {
    expectUnknownContract(check(base, head, { version: "1.0.1", resourceDefinitions: [broken] }));
  });

  it.each([
    ["the definition entry removed", []],
    ["resourceDefinitions removed", undefined],
  ])("%s: a patch bump fails as breaking", (_name, definitions) => {
    const report = check(base, head, { version: "1.0.1", resourceDefinitions: definitions });
    expect(report.entities[0]!.changeLevel).toBe("breaking");
    expect(report.verdict).toBe("fail");
  });
});

describe("a resource published in several formats (issue 14, item 3: CAP's OpenAPI, EDMX and CSN)", () => {
  const edmx = (extra: string) =>
    `<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices>` +
    `<Schema Namespace="S" xmlns="http://docs.oasis-open.org/odata/ns/edm">` +
    `<EntityType Name="Book"><Key><PropertyRef Name="ID"/></Key><Property Name="ID" Type="Edm.Int32" Nullable="false"/>${extra}</EntityType>` +
    `<EntityContainer Name="EntityContainer"><EntitySet Name="Books" EntityType="S.Book"/></EntityContainer>` +
    `</Schema></edmx:DataServices></edmx:Edmx>`;
  const csn = (title: string) =>
    JSON.stringify({ definitions: { "S.Book": { kind: "entity", "@title": title } } });
  const defs = (...types: string[]) => {
    const all: Record<string, { type: string; mediaType: string; url: string }> = {
      openapi: definition("openapi-v3", "S.oas3.json"),
      edmx: { type: "edmx", mediaType: "application/xml", url: "S.edmx" },
      csn: definition("sap-csn-interop-effective-v1", "S.csn.json"),
    };
    return types.map((t) => all[t]!);
  };
  function run(types: string[], base: Record<string, string>, head: Record<string, string>) {
    const entity = (overrides: object) =>
      api("stars", { resourceDefinitions: defs(...types), ...overrides });
    return checkSources(
      {
        base: side({ "ord.json": doc({ apiResources: [entity({})] }) }, base),
        head: side({ "ord.json": doc({ apiResources: [entity({ version: "2.0.0" })] }) }, head),
      },
      { now: NOW },
    );
  }
  const oas = openapi({ "/Books": op });

  it("EDMX decides and the changed CSN adds no definition-unchecked", () => {
    const report = run(
      ["openapi", "edmx", "csn"],
      {
        "S.oas3.json": oas,
        "S.edmx": edmx('<Property name="x" Type="Edm.String"/>'.replace("name", "Name")),
        "S.csn.json": csn("a"),
      },
      { "S.oas3.json": oas, "S.edmx": edmx(""), "S.csn.json": csn("b") },
    );
    expect(findingsOf(report, "definition-unchecked")).toEqual([]);
    const entity = report.entities[0]!;
    expect(entity.changeLevel).toBe("breaking");
    const reasons = entity.changes.filter((c) => c.source === "definition").map((c) => c.reason);
    expect(reasons.some((r) => r.includes("(property-removed)"))).toBe(true);
    // the CSN change is still a change of the entity, a patch that says who decides
    expect(reasons.some((r) => r.includes("S.csn.json changed; no differ reads its format"))).toBe(
      true,
    );
  });

  it("an unchanged OpenAPI file speaks for the resource too", () => {
    const report = run(
      ["openapi", "csn"],
      { "S.oas3.json": oas, "S.csn.json": csn("a") },
      { "S.oas3.json": oas, "S.csn.json": csn("b") },
    );
    expect(findingsOf(report, "definition-unchecked")).toEqual([]);
    expect(report.entities[0]!.changeLevel).toBe("patch");
  });

  it("CSN alone is still definition-unchecked", () => {
    const report = run(["csn"], { "S.csn.json": csn("a") }, { "S.csn.json": csn("b") });
    expect(findingsOf(report, "definition-unchecked")[0]?.message).toContain(
      "has no contract differ",
    );
  });

  it("a sibling that cannot be read does not speak for the CSN", () => {
    const report = run(
      ["openapi", "csn"],
      { "S.oas3.json": "{", "S.csn.json": csn("a") },
      { "S.oas3.json": "{", "S.csn.json": csn("b") },
    );
    const messages = findingsOf(report, "definition-unchecked").map((f) => f.message);
    expect(messages.some((m) => m.includes("has no contract differ"))).toBe(true);
  });
});

describe("an entity unchanged in an unchanged document still has its definitions looked up", () => {
  // The same ORD document on both sides: head takes base's parse, so the entity's value is the
  // very same object, and the definition lookups are all that can tell a change.
  const ord = doc({
    apiResources: [
      api("stars", { resourceDefinitions: [definition("openapi-v3", "/api/stars.json")] }),
    ],
  });
  const run = (baseFiles: Record<string, string>, headFiles: Record<string, string>) =>
    checkSources(
      { base: side({ "ord.json": ord }, baseFiles), head: side({ "ord.json": ord }, headFiles) },
      { now: NOW },
    );

  it("a definition file the pull request deletes is a contract lost", () => {
    const report = run({ "api/stars.json": openapi({ "/stars": op }) }, {});
    expect(report.entities[0]!.changeLevel).toBe("breaking");
    expect(findingsOf(report, "breaking-change-without-new-major")).toHaveLength(1);
  });

  it("so is one base found by its path's suffix", () => {
    const report = run({ "gen/api/stars.json": openapi({ "/stars": op }) }, {});
    expect(report.entities[0]!.changeLevel).toBe("breaking");
  });

  it("a changed file of the same name elsewhere is named, though nothing ties it to the entity", () => {
    const report = run(
      { "other/stars.json": openapi({ "/stars": op }) },
      { "other/stars.json": openapi({ "/stars": op, "/moons": op }) },
    );
    expect(report.summary.changed).toBe(0);
    const [unchecked] = findingsOf(report, "definition-unchecked");
    expect(unchecked?.message).toContain("this pull request changed other/stars.json");
  });

  it("a definition found nowhere leaves the entity unchanged, its contract unknown", () => {
    const report = run({}, {});
    expect(report.summary.changed).toBe(0);
    expect(report.findings).toEqual([]);
  });
});

describe("a definition's format is base's content, not the name head gives it", () => {
  // The attack: an AsyncAPI 3.0 file (type `custom`, so its format is known by content) loses a
  // channel and a payload property while head's URL ends with `.gql`: read as GraphQL, base was
  // "not GraphQL", nothing readable seemed lost, and a patch bump passed.
  const S = { type: "string" };
  const events = (channels: string[], properties: Record<string, unknown>) =>
    JSON.stringify({
      asyncapi: "3.0.0",
      info: { title: "Events", version: "1.0.0" },
      channels: Object.fromEntries(
        channels.map((c) => [
          c,
          {
            address: `stars/${c}`,
            messages: { [c]: { payload: { type: "object", properties } } },
          },
        ]),
      ),
      operations: Object.fromEntries(
        channels.map((c) => [`on-${c}`, { action: "send", channel: { $ref: `#/channels/${c}` } }]),
      ),
    });
  const base = events(["born", "died"], { id: S, mass: S });
  const entity = (version: string, url: string) =>
    event("stars", {
      version,
      resourceDefinitions: [
        { type: "custom", customType: "sap.xref:asyncapi:v3", mediaType: "application/json", url },
      ],
    });
  function run(url: string, headFiles: Record<string, string>) {
    return checkSources(
      {
        base: side(
          {
            "ord/ord.json": doc({
              eventResources: [entity("1.0.0", "../definitions/events.json")],
            }),
          },
          { "definitions/events.json": base },
        ),
        head: side({ "ord/ord.json": doc({ eventResources: [entity("1.0.1", url)] }) }, headFiles),
      },
      { now: NOW },
    );
  }
  const head = events(["born"], { id: S });

  it.each([
    ["a query", "../definitions/events.json?v=.gql", "definitions/events.json"],
    ["a fragment", "../definitions/events.json#.graphql", "definitions/events.json"],
    ["a renamed file", "../definitions/events.gql", "definitions/events.gql"],
  ])(
    "a URL that ends with .gql through %s: the AsyncAPI changes fail a patch bump",
    (_n, url, file) => {
      const report = run(url, { [file]: head });
      const entityReport = report.entities[0]!;
      expect(entityReport.changeLevel).toBe("breaking");
      const reasons = entityReport.changes
        .filter((c) => c.source === "definition")
        .map((c) => c.reason);
      expect(reasons.some((r) => r.includes("(channel-removed)"))).toBe(true);
      expect(findingsOf(report, "breaking-change-without-new-major")).toHaveLength(1);
      expect(findingsOf(report, "definition-unchecked")).toEqual([]);
      expect(report.verdict).toBe("fail");
    },
  );

  it("head renamed to .gql and no longer AsyncAPI: base's contract is unknown in head, breaking", () => {
    const report = run("../definitions/events.gql", {
      "definitions/events.gql": "type Query { born: String }",
    });
    expect(report.entities[0]!.changeLevel).toBe("breaking");
    expect(findingsOf(report, "definition-unchecked")[0]?.message).toContain("in head");
    expect(report.verdict).toBe("fail");
  });

  it("a real GraphQL file known only by its name is still read as GraphQL", () => {
    const report = check(
      "type Query { stars: Int, planets: Int }",
      "type Query { stars: Int }",
      { version: "1.0.1" },
      "custom",
      "schema.gql",
    );
    const change = report.entities[0]!.changes.find((c) => c.source === "definition");
    expect(change).toMatchObject({
      class: "breaking",
      path: "resourceDefinitions[schema.gql]#Query.planets",
    });
    expect(report.verdict).toBe("fail");
  });
});

describe("a head definition is paired with base's of its own type before another type's URL", () => {
  // The attack: point the OpenAPI entry at the URL of the resource's WSDL entry, which is never
  // read, and delete the OpenAPI file: paired by URL with the WSDL, no readable contract seemed
  // lost, and a patch bump passed as a changed URL.
  const wsdl = {
    type: "custom",
    customType: "sap.xref:wsdl:v1",
    mediaType: "text/xml",
    url: "https://stars.example.com/legacy.wsdl",
  };
  const entity = (version: string, openapiUrl: string) =>
    api("stars", {
      version,
      resourceDefinitions: [definition("openapi-v3", openapiUrl), wsdl],
    });
  const run = (openapiUrl: string) =>
    checkSources(
      {
        base: side(
          { "ord/ord.json": doc({ apiResources: [entity("1.0.0", "../definitions/stars.json")] }) },
          { "definitions/stars.json": openapi({ "/stars": op }) },
        ),
        head: side({ "ord/ord.json": doc({ apiResources: [entity("1.0.1", openapiUrl)] }) }),
      },
      { now: NOW },
    );

  it.each([
    ["the WSDL entry's URL", wsdl.url],
    ["an unrelated URL", "https://stars.example.com/openapi.json"],
  ])("the OpenAPI entry moved to %s, its file deleted: a patch bump fails", (_name, url) => {
    const report = run(url);
    expect(report.entities[0]!.changeLevel).toBe("breaking");
    const change = report.entities[0]!.changes.find((c) => c.class === "breaking");
    expect(change?.reason).toContain("definitions/stars.json was read in base");
    expect(findingsOf(report, "breaking-change-without-new-major")).toHaveLength(1);
    expect(report.verdict).toBe("fail");
  });
});
