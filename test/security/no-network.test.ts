import { createServer, type Server } from "node:http";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { check, checkSources } from "../../src/check.js";
import { EMPTY_CONFIG } from "../../src/config.js";
import type { Report } from "../../src/types.js";
import { api, doc, NOW, side } from "../helpers.js";

/**
 * Definitions (and anything else a document names by URL) are never fetched: a local server
 * that counts requests must see none, and a definition only reachable by URL is reported as
 * `definition-unchecked`.
 */

let server: Server;
let base: string;
const requests: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.setHeader("content-type", "application/json");
    res.end(
      JSON.stringify({ openapi: "3.0.0", info: { title: "remote", version: "9.9.9" }, paths: {} }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  requests.length = 0;
});

/** Any request the check started would arrive within this time. */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 300));

const openapi = (version: string, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ openapi: "3.0.0", info: { title: "x", version }, paths: {}, ...extra });

function definitionFindings(report: Report): string[] {
  return report.findings.filter((f) => f.ruleId === "definition-unchecked").map((f) => f.message);
}

describe("definitions are never fetched over the network", () => {
  it("a definition URL on a server gets no request and is definition-unchecked", async () => {
    const url = `${base}/x`;
    const resource = (version: string): Record<string, unknown> =>
      api("astro", {
        version,
        resourceDefinitions: [
          {
            type: "openapi-v3",
            mediaType: "application/json",
            url,
            accessStrategies: [{ type: "open" }],
          },
        ],
      });
    for (const scope of ["changed", "all"] as const) {
      const report = checkSources(
        {
          base: side({ "ord.json": doc({ apiResources: [resource("1.0.0")] }) }),
          head: side({ "ord.json": doc({ apiResources: [resource("1.1.0")] }) }),
        },
        { now: NOW, scope },
      );
      const messages = definitionFindings(report);
      expect(messages.length).toBe(1);
      expect(messages[0]).toContain(url);
      expect(messages[0]).toMatch(/never fetched/);
    }
    await settle();
    expect(requests).toEqual([]);
  });

  it("every URL form (absolute, protocol-relative, file:, with credentials) stays unfetched", async () => {
    const host = base.replace("http://", "");
    const urls = [
      `${base}/a.json`,
      `//${host}/b.json`,
      `http://user:pass@${host}/c.json`,
      `HTTP://${host}/d.json`,
      `${base}/e.json?x=1#/paths`,
      "file:///etc/passwd",
    ];
    const resource = (version: string): Record<string, unknown> =>
      api("astro", {
        version,
        resourceDefinitions: urls.map((url) => ({
          type: "openapi-v3",
          mediaType: "application/json",
          url,
        })),
      });
    const report = checkSources(
      {
        base: side({ "ord.json": doc({ apiResources: [resource("1.0.0")] }) }),
        head: side({ "ord.json": doc({ apiResources: [resource("1.1.0")] }) }),
      },
      { now: NOW, scope: "all" },
    );
    // The protocol-relative URL is a path of the repository (//host/b.json → host/b.json), absent.
    expect(definitionFindings(report)).toHaveLength(urls.length);
    expect(JSON.stringify(report)).not.toContain("/etc/passwd:");
    await settle();
    expect(requests).toEqual([]);
  });

  it("external $refs inside an OpenAPI or AsyncAPI definition are not followed", async () => {
    const ref = { $ref: `${base}/schemas.json#/Star` };
    const files = (version: string, schema: unknown): Record<string, string> => ({
      "openapi.json": openapi(version, {
        paths: {
          "/stars": {
            get: {
              responses: {
                "200": { description: "ok", content: { "application/json": { schema } } },
              },
            },
          },
        },
      }),
      "asyncapi.json": JSON.stringify({
        asyncapi: "2.6.0",
        info: { title: "x", version },
        channels: { stars: { subscribe: { message: { payload: schema } } } },
      }),
    });
    const resources = [
      api("astro", {
        resourceDefinitions: [
          { type: "openapi-v3", mediaType: "application/json", url: "openapi.json" },
        ],
      }),
    ];
    const events = [
      {
        ordId: "sap.xref:eventResource:stars:v1",
        title: "Stars",
        version: "1.0.0",
        releaseStatus: "active",
        visibility: "public",
        partOfPackage: "sap.xref:package:astronomy:v1",
        resourceDefinitions: [
          { type: "asyncapi-v2", mediaType: "application/json", url: "asyncapi.json" },
        ],
      },
    ];
    const document = doc({ apiResources: resources, eventResources: events });
    for (const scope of ["changed", "all"] as const) {
      checkSources(
        {
          base: side({ "ord.json": document }, files("1.0.0", { type: "object" })),
          head: side({ "ord.json": document }, files("1.0.0", ref)),
        },
        { now: NOW, scope },
      );
    }
    await settle();
    expect(requests).toEqual([]);
  });

  it("a document's $schema is not fetched", async () => {
    const document = doc({ $schema: `${base}/Document.schema.json`, apiResources: [api("astro")] });
    checkSources(
      {
        base: side({ "ord.json": doc({ apiResources: [api("astro")] }) }),
        head: side({ "ord.json": document }),
      },
      { now: NOW, scope: "all" },
    );
    await settle();
    expect(requests).toEqual([]);
  });

  it("an absolute URL mapped by the config is read from the repository, not the server", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "ovg-nonet-"));
    try {
      const url = `${base}/ord/api.json`;
      for (const [sideName, version] of [
        ["base", "1.0.0"],
        ["head", "1.1.0"],
      ] as const) {
        mkdirSync(path.join(dir, sideName, "defs"), { recursive: true });
        const resource = api("astro", {
          version,
          resourceDefinitions: [{ type: "openapi-v3", mediaType: "application/json", url }],
        });
        writeFileSync(
          path.join(dir, sideName, "ord.json"),
          JSON.stringify(doc({ apiResources: [resource] })),
        );
        writeFileSync(path.join(dir, sideName, "defs/api.json"), openapi(version));
      }
      const report = check({
        base: "base",
        head: "head",
        cwd: dir,
        now: NOW,
        config: { ...EMPTY_CONFIG, definitions: [{ url: `${base}/ord/`, path: "defs/" }] },
      });
      // Read locally: the repository file's info.version, never the server's 9.9.9.
      expect(JSON.stringify(report)).not.toContain("9.9.9");
      expect(definitionFindings(report)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    await settle();
    expect(requests).toEqual([]);
  });
});

describe("only the published base opens connections, and only when asked", () => {
  it("no source module but src/ord/published.ts reaches for the network", () => {
    const root = path.resolve(import.meta.dirname, "../../src");
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (entry.name !== "vendor" && entry.name !== "generated") walk(file);
        } else if (/\.ts$/.test(entry.name)) {
          const text = readFileSync(file, "utf8");
          if (/["']node:(http|https|net|tls|dgram)["']|\bfetch\(|from "undici"/.test(text))
            offenders.push(path.relative(root, file));
        }
      }
    };
    walk(root);
    // The GitHub client talks to GitHub through Octokit, which is not imported as above.
    expect(offenders).toEqual(["ord/published.ts"]);
  });

  it("the published base is read only for an http(s) --base", async () => {
    const { isPublishedBase } = await import("../../src/ord/published.js");
    for (const base of ["examples/base", "git:HEAD", "git:https://x", "./https://x"])
      expect(isPublishedBase(base), base).toBe(false);
    expect(isPublishedBase(`${base}/.well-known/open-resource-discovery`)).toBe(true);
  });
});
