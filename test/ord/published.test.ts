import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { readPublishedSource } from "../../src/ord/published.js";
import type { Report } from "../../src/types.js";
import { api, cli, doc, openapi as openapiText } from "../helpers.js";

/**
 * The published base (docs/sources.md): a local node:http server plays the provider, serving the
 * ORD configuration, a document and a CAP-style definition URL. Every failure must be exit 2
 * with a message that names it, never a pass.
 */

const ORD_ID = "sap.xref:apiResource:astronomy:v1";
const DEFINITION = `/ord/v1/${ORD_ID}/astronomy.oas3.json`;

const openapi = (paths: string[]): string =>
  openapiText(paths, { title: "astronomy", openapi: "3.0.0" });

const document = (): Record<string, unknown> =>
  doc({
    apiResources: [
      api("astronomy", {
        resourceDefinitions: [
          { type: "openapi-v3", mediaType: "application/json", url: DEFINITION },
        ],
      }),
    ],
  });

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

let server: Server;
let host: string;
let origin: string;
const routes = new Map<string, Handler>();
const requests: { url: string; headers: IncomingMessage["headers"] }[] = [];

const json =
  (value: unknown, status = 200): Handler =>
  (_req, res) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(typeof value === "string" ? value : JSON.stringify(value));
  };

/** The provider as it should be: configuration → document → definition (with /a, /b). */
function healthy(): void {
  routes.set(
    "/.well-known/open-resource-discovery",
    json({
      openResourceDiscoveryV1: {
        documents: [
          { url: "/open-resource-discovery/v1/documents/1", accessStrategies: [{ type: "open" }] },
        ],
      },
    }),
  );
  routes.set("/open-resource-discovery/v1/documents/1", json(document()));
  routes.set(encodeURI(DEFINITION), json(openapi(["/a", "/b"])));
}

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push({ url: req.url ?? "", headers: req.headers });
    const handler = routes.get(req.url ?? "");
    if (handler) handler(req, res);
    else json({ error: "not found" }, 404)(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  origin = `http://${host}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  routes.clear();
  requests.length = 0;
  healthy();
});

/** A head checkout as `cds build --for ord` leaves it: gen/ord/... with /b removed. */
function headTree(paths = ["/a"]): string {
  const dir = mkdtempSync(path.join(tmpdir(), "ovg-published-"));
  mkdirSync(path.join(dir, "gen/ord", ORD_ID), { recursive: true });
  writeFileSync(path.join(dir, "gen/ord/ord-document.json"), JSON.stringify(document()));
  writeFileSync(path.join(dir, "gen/ord", ORD_ID, "astronomy.oas3.json"), openapi(paths));
  return dir;
}

/** The CLI with ORD_BASE_HEADER set in the process's environment, where the CLI reads it. */
async function cliWith(args: string[], cwd: string, env?: Record<string, string>) {
  const saved = process.env.ORD_BASE_HEADER;
  if (env?.ORD_BASE_HEADER) process.env.ORD_BASE_HEADER = env.ORD_BASE_HEADER;
  try {
    return await cli(args, cwd);
  } finally {
    if (saved === undefined) delete process.env.ORD_BASE_HEADER;
    else process.env.ORD_BASE_HEADER = saved;
  }
}

const check = (base: string, ...more: string[]): string[] => [
  "check",
  "--base",
  base,
  "--head",
  ".",
  "--format",
  "json",
  ...more,
];

describe("the published documents as base", () => {
  const dirs: string[] = [];
  const tree = (paths?: string[]): string => {
    const dir = headTree(paths);
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it("reads configuration, document and definition; a removed operation is breaking", async () => {
    const result = await cliWith(
      check(`${origin}/.well-known/open-resource-discovery`, "--allow-host", host),
      tree(),
    );
    expect(result.stderr).toBe("");
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout) as Report;
    const entity = report.entities.find((e) => e.ordId === ORD_ID);
    expect(entity?.changeLevel).toBe("breaking");
    // Located in the published definition, named by its URL: never a line of the checkout.
    const removed = entity?.changes.find((c) => c.reason.includes("GET /b: removed"));
    expect(removed?.location?.file).toBe(`${origin}${DEFINITION}`);

    expect(report.findings.map((f) => f.ruleId)).toContain("breaking-change-without-new-major");
    // The CAP URL resolved on both sides without config: nothing unchecked.
    expect(report.findings.map((f) => f.ruleId)).not.toContain("definition-unchecked");
    expect(requests.map((r) => decodeURI(r.url))).toEqual([
      "/.well-known/open-resource-discovery",
      "/open-resource-discovery/v1/documents/1",
      DEFINITION,
    ]);
  });

  it("the same documents on both sides pass, and base locations name the URL", async () => {
    const base = await readPublishedSource({
      url: `${origin}/.well-known/open-resource-discovery`,
      allowHosts: [host],
    });
    expect(base.files.map((f) => f.path)).toEqual([
      `${origin}/open-resource-discovery/v1/documents/1`,
    ]);
    const result = await cliWith(
      check(`${origin}/.well-known/open-resource-discovery`, "--allow-host", host),
      tree(["/a", "/b"]),
    );
    expect(result.status).toBe(0);
  });

  it("sends the header (flag or ORD_BASE_HEADER) and never prints it", async () => {
    const secret = "Bearer s3cr3t-token";
    for (const [args, env] of [
      [["--base-header", `Authorization: ${secret}`], undefined],
      [[], { ORD_BASE_HEADER: `Authorization: ${secret}` }],
    ] as const) {
      requests.length = 0;
      const result = await cliWith(
        check(`${origin}/.well-known/open-resource-discovery`, "--allow-host", host, ...args),
        tree(),
        env,
      );
      expect(result.status).toBe(1);
      expect(requests.every((r) => r.headers.authorization === secret)).toBe(true);
      expect(result.stdout + result.stderr).not.toContain("s3cr3t");
    }
  });

  it("follows a redirect within the allowed hosts", async () => {
    routes.set("/ord", (_req, res) => {
      res.writeHead(302, { location: "/.well-known/open-resource-discovery" });
      res.end();
    });
    const result = await cliWith(check(`${origin}/ord`, "--allow-host", "127.0.0.1"), tree());
    expect(result.status).toBe(1);
  });

  it("document URLs resolve against the configuration's baseUrl; relative definitions against the document (a query aside)", async () => {
    routes.set(
      "/.well-known/open-resource-discovery",
      json({
        baseUrl: `${origin}/api/`,
        openResourceDiscoveryV1: { documents: [{ url: "docs/1?perspective=a/b" }] },
      }),
    );
    routes.set(
      "/api/docs/1?perspective=a/b",
      json(
        doc({
          apiResources: [
            api("astronomy", {
              resourceDefinitions: [
                { type: "openapi-v3", mediaType: "application/json", url: "defs/astronomy.json" },
              ],
            }),
          ],
        }),
      ),
    );
    routes.set("/api/docs/defs/astronomy.json", json(openapi(["/a"])));
    const base = await readPublishedSource({
      url: `${origin}/.well-known/open-resource-discovery`,
      allowHosts: [host],
    });
    expect(base.files.map((f) => [f.rel, f.dir])).toEqual([
      ["api/docs/1?perspective=a/b", "api/docs"],
    ]);
    expect(base.list?.()).toEqual(["api/docs/defs/astronomy.json"]);
    expect(base.display("api/docs/defs/astronomy.json")).toBe(
      `${origin}/api/docs/defs/astronomy.json`,
    );
  });

  it("a URL that names a document (not a configuration) is that document", async () => {
    const result = await cliWith(
      check(`${origin}/open-resource-discovery/v1/documents/1`, "--allow-host", host),
      tree(),
    );
    expect(result.status).toBe(1);
  });
});

describe("every failure is exit 2 with a clear message, never a pass", () => {
  const dirs: string[] = [];
  const tree = (): string => {
    const dir = headTree(["/a", "/b"]);
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  const fails = async (args: string[], message: RegExp): Promise<void> => {
    const result = await cliWith(args, tree());
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toContain("internal error");
    expect(result.status).toBe(2);
  };
  let config = "";
  beforeAll(() => {
    config = `${origin}/.well-known/open-resource-discovery`;
  });

  it("no --allow-host: refused before any request", async () => {
    await fails(check(config), /needs --allow-host/);
    expect(requests).toEqual([]);
  });

  it("host not allowed: refused before any request", async () => {
    await fails(check(config, "--allow-host", "example.com"), /not allow-listed/);
    expect(requests).toEqual([]);
  });

  it("a redirect to a host not on the list is not followed", async () => {
    const port = host.split(":")[1]!;
    routes.set("/.well-known/open-resource-discovery", (_req, res) => {
      res.writeHead(301, { location: `http://localhost:${port}/elsewhere` });
      res.end();
    });
    await fails(check(config, "--allow-host", host), /redirects to .*localhost.*not allow-listed/);
    expect(requests.map((r) => r.url)).toEqual(["/.well-known/open-resource-discovery"]);
  });

  it("a document URL on a host not on the list is not read", async () => {
    routes.set(
      "/.well-known/open-resource-discovery",
      json({ openResourceDiscoveryV1: { documents: [{ url: "https://example.com/doc" }] } }),
    );
    await fails(
      check(config, "--allow-host", host),
      /document URL .*example\.com.*not allow-listed/,
    );
  });

  it.each([404, 500])("HTTP %i", async (status) => {
    routes.set("/open-resource-discovery/v1/documents/1", json({ error: "x" }, status));
    await fails(check(config, "--allow-host", host), new RegExp(`answered HTTP ${status}`));
  });

  it("a definition that answers 404", async () => {
    routes.delete(encodeURI(DEFINITION));
    await fails(check(config, "--allow-host", host), /definition URL .*answered HTTP 404/);
  });

  it("invalid JSON in the configuration or a document", async () => {
    routes.set("/open-resource-discovery/v1/documents/1", json("{ not json"));
    await fails(check(config, "--allow-host", host), /the ORD document .* is not JSON/);
    routes.set("/.well-known/open-resource-discovery", json("<html>"));
    await fails(check(config, "--allow-host", host), /the ORD configuration .* is not JSON/);
  });

  it("JSON that is neither configuration nor document", async () => {
    routes.set("/.well-known/open-resource-discovery", json({ hello: "world" }));
    await fails(check(config, "--allow-host", host), /neither an ORD configuration/);
  });

  it("a header without a name", async () => {
    await fails(
      check(config, "--allow-host", host, "--base-header", "no colon here"),
      /"Name: value"/,
    );
  });

  it("--allow-host without a URL base is a usage error", async () => {
    await fails(["check", "--base", ".", "--allow-host", host], /apply to a --base https/);
  });
});

describe("limits (the module's, made small for the test)", () => {
  const url = (p: string): string => `${origin}${p}`;

  it("a server that does not answer in time", async () => {
    routes.set("/slow", () => {
      // Never answers; the read's own time limit must end it.
    });
    await expect(
      readPublishedSource({ url: url("/slow"), allowHosts: [host], limits: { timeoutMs: 200 } }),
    ).rejects.toThrow(/did not answer within 0.2 s/);
  });

  it("a response larger than the limit, declared or streamed", async () => {
    const big = JSON.stringify({ openResourceDiscovery: "1.12", pad: "x".repeat(5000) });
    routes.set("/declared", json(big));
    routes.set("/streamed", (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      for (let i = 0; i < 10; i++) res.write("x".repeat(1000));
      res.end();
    });
    for (const p of ["/declared", "/streamed"]) {
      await expect(
        readPublishedSource({ url: url(p), allowHosts: [host], limits: { maxBytes: 1000 } }),
      ).rejects.toThrow(/larger than 1000 bytes/);
    }
  });

  it("a redirect loop", async () => {
    routes.set("/loop", (_req, res) => {
      res.writeHead(302, { location: "/loop" });
      res.end();
    });
    await expect(readPublishedSource({ url: url("/loop"), allowHosts: [host] })).rejects.toThrow(
      /redirects more than 5 times/,
    );
  });

  it("a header is not sent in clear text to another machine", async () => {
    await expect(
      readPublishedSource({
        url: "http://ord.example.com/.well-known/open-resource-discovery",
        allowHosts: ["ord.example.com"],
        header: "Authorization: Bearer x",
      }),
    ).rejects.toThrow(/only sent over https/);
  });
});
