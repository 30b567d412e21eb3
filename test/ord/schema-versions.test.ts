import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkSources } from "../../src/check.js";
import { api, entity, findingsOf, NOW, pkg, side } from "../helpers.js";

/** Every schema message on a head document checked alone (scope all, so nothing is filtered). */
function schemaMessages(head: Record<string, unknown>, schema?: string): string[] {
  const report = checkSources(
    { base: side({}), head: side({ "ord.json": head }) },
    { now: NOW, scope: "all", schema },
  );
  return findingsOf(report, "document-schema-violation").map((f) => f.message);
}

const NS = "sap.xref";

/** A 1.16 document using what 1.14 to 1.16 added. */
function modern(version: string): Record<string, unknown> {
  return {
    openResourceDiscovery: version,
    baseUrl: "https://example.com",
    packages: [pkg("astronomy", { correlationIds: [`${NS}:catalog:stars`] })],
    apiResources: [
      api("stars", {
        releaseStatus: "development",
        aiHint: "Use this API to **list** stars.",
        abstract: false,
        resourceDefinitions: [
          { type: "openapi-v3", mediaType: "application/vnd.oai.openapi+json", url: "/a.json" },
          {
            type: "openapi-v3",
            mediaType: "application/json",
            url: "/a-ai.json",
            purpose: "ord:ai-enrichment",
          },
        ],
        compatibleWith: [{ ordId: `${NS}:apiResource:contract:v1`, maxVersion: "1.2" }],
      }),
    ],
    integrationDependencies: [
      entity("integrationDependency", "needs", {
        mandatory: true,
        aspects: [
          {
            title: "Stars",
            mandatory: true,
            apiResources: [
              { ordId: `${NS}:apiResource:stars:v1`, subset: [{ operationId: "getStar" }] },
            ],
          },
        ],
      }),
    ],
    agents: [
      entity("agent", "astronomer", {
        aiHint: "Ask about stars.",
        exposedApiResources: [{ ordId: `${NS}:apiResource:stars:v1` }],
      }),
    ],
    overlays: [
      {
        ordId: `${NS}:overlay:stars:v1`,
        version: "1.0.0",
        releaseStatus: "active",
        visibility: "public",
        relatedApiResources: [{ ordId: `${NS}:apiResource:stars:v1`, relationType: "ord:patches" }],
        definitions: [{ type: "ord:overlay:v1", mediaType: "application/json", url: "/o.json" }],
      },
    ],
  };
}

function dataProductDoc(version: string): Record<string, unknown> {
  return {
    openResourceDiscovery: version,
    dataProducts: [
      entity("dataProduct", "orders", {
        shortDescription: "Orders",
        description: "All orders.",
        type: "base",
        category: "business-object",
        outputPorts: [{ ordId: `${NS}:apiResource:orders:v1` }],
        responsible: `${NS}:ach:CA-ORD`,
      }),
    ],
  };
}

describe("schema findings follow the document's declared ORD version", () => {
  it("a 1.16 document using agents, overlays, subset, aiHint and development has no finding", () => {
    expect(schemaMessages(modern("1.16"))).toEqual([]);
  });

  it("a 1.13 document using agents gets a finding that names the version that added them", () => {
    const messages = schemaMessages({
      openResourceDiscovery: "1.13",
      agents: [entity("agent", "astronomer")],
    });
    expect(messages).toEqual([
      "schema: /agents was added in ORD 1.14; the document declares ORD 1.13",
    ]);
  });

  it("the same document declaring 1.14 keeps only what 1.15 and 1.16 added as findings", () => {
    const messages = schemaMessages(modern("1.14"));
    expect(messages).toEqual(
      expect.arrayContaining([
        "schema: /baseUrl was added in ORD 1.16; the document declares ORD 1.14",
        "schema: /overlays was added in ORD 1.15; the document declares ORD 1.14",
        "schema: /apiResources/0/aiHint was added in ORD 1.16; the document declares ORD 1.14",
        "schema: /agents/0/aiHint was added in ORD 1.16; the document declares ORD 1.14",
      ]),
    );
    expect(messages.join("\n")).not.toMatch(/subset|releaseStatus|compatibleWith|\/agents /);
  });

  it("a value one version added is one finding in an older document, not a list of options", () => {
    const head = {
      openResourceDiscovery: "1.13",
      apiResources: [api("a", { releaseStatus: "development" })],
    };
    expect(schemaMessages(head)).toEqual([
      "schema: /apiResources/0/releaseStatus was added in ORD 1.14; the document declares ORD 1.13",
    ]);
  });

  it("an unknown value lists the values of the declared version", () => {
    const at = (version: string) =>
      schemaMessages({
        openResourceDiscovery: version,
        apiResources: [api("a", { releaseStatus: "experimental" })],
      });
    expect(at("1.13")).toEqual([
      'schema: /apiResources/0/releaseStatus must be one of "beta", "active", "deprecated", "sunset"',
    ]);
    expect(at("1.16")).toEqual([
      'schema: /apiResources/0/releaseStatus must be one of "beta", "active", "deprecated", "sunset", "development"',
    ]);
  });

  it("a 1.8 document's data product type base (renamed primary in 1.9.5) has no finding", () => {
    expect(schemaMessages(dataProductDoc("1.8"))).toEqual([]);
    expect(schemaMessages(dataProductDoc("1.9"))).toEqual([]);
  });

  it("a 1.10 document's data product type base is a finding", () => {
    expect(schemaMessages(dataProductDoc("1.10"))).toEqual([
      "schema: /dataProducts/0/type was removed after ORD 1.9; the document declares ORD 1.10",
    ]);
  });

  it("compatibleWith holds ORD IDs up to 1.12 and {ordId, maxVersion} from 1.14", () => {
    const withCompat = (version: string, compatibleWith: unknown[]) =>
      schemaMessages({
        openResourceDiscovery: version,
        apiResources: [api("a", { compatibleWith })],
      });
    const id = `${NS}:apiResource:contract:v1`;
    expect(withCompat("1.12", [id])).toEqual([]);
    expect(withCompat("1.16", [{ ordId: id, maxVersion: "1.2" }])).toEqual([]);
    expect(withCompat("1.16", [id])).toEqual([
      "schema: /apiResources/0/compatibleWith/0 must be object",
    ]);
  });

  it("a document declaring a version newer than the data knows says which version it was checked against", () => {
    const messages = schemaMessages(modern("1.17"));
    expect(messages).toEqual([
      expect.stringMatching(
        /^schema: \/openResourceDiscovery must be one of .*"1\.16" \(the document declares ORD 1\.17; checked against ORD 1\.16, the newest the schema knows\)$/,
      ),
    ]);
  });

  it("a malformed declared version is judged by the bundled 1.13.0 schema, as before", () => {
    const messages = schemaMessages({ ...modern("latest"), agents: [] });
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^schema: \/openResourceDiscovery must be one of "1\.0", .*"1\.16"$/),
        'schema: /apiResources/0/resourceDefinitions/0/mediaType must be one of "application/json", "application/xml", "text/yaml", "text/plain", "application/octet-stream"',
        "schema: /agents was added in ORD 1.14; the document declares ORD latest",
      ]),
    );
  });

  it("a user-supplied schema still wins over the version data", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "ovg-schema-"));
    const file = path.join(dir, "schema.json");
    writeFileSync(
      file,
      JSON.stringify({
        $schema: "http://json-schema.org/draft-07/schema#",
        type: "object",
        properties: { openResourceDiscovery: { enum: ["1.13"] } },
        additionalProperties: false,
      }),
    );
    const head = { openResourceDiscovery: "1.16", apiResources: [api("a")] };
    const checkedAgainst =
      "(the document declares ORD 1.16; checked against ORD 1.13, the newest the schema knows)";
    expect(schemaMessages(head, file).sort()).toEqual([
      `schema: /openResourceDiscovery must be one of "1.13" ${checkedAgainst}`,
      `schema: document has unknown property "apiResources" ${checkedAgainst}`,
    ]);
  });
});
