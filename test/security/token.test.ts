import { spawn } from "node:child_process";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, errorMessage } from "../../src/github/client.js";
import { api, doc } from "../helpers.js";
import { actionFromSource, pullRequestRepo } from "./action-from-source.js";

/**
 * The token: masked before anything else is logged, sent only as the Authorization header to
 * the configured API, never part of a URL, an error message, an output or the report.
 */

const TOKEN = "ghs_TESTTOKEN0123456789abcdefghijklmnop";

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let server: Server;
let apiUrl: string;
const seen: Seen[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      res.statusCode = 401;
      res.setHeader("content-type", "application/json");
      res.end(
        JSON.stringify({
          message: "Bad credentials",
          documentation_url: "https://docs.github.com/rest",
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("the GitHub token", () => {
  it("a failed request's error names neither the token nor its header", async () => {
    seen.length = 0;
    const client = createClient(TOKEN, apiUrl, () => {});
    let error: unknown;
    try {
      await client.rest.pulls.listFiles({ owner: "o", repo: "r", pull_number: 1 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeDefined();
    expect(errorMessage(error)).not.toContain(TOKEN);
    // Octokit redacts the header in the error it keeps (a log of the whole error shows no token).
    expect(JSON.stringify(error)).not.toContain(TOKEN);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.headers.authorization).toMatch(new RegExp(`^(token|bearer) ${TOKEN}$`, "i"));
    expect(seen[0]!.url).not.toContain(TOKEN);
  });

  it("the Action masks it first, sends it only as the Authorization header, and writes it nowhere", async () => {
    seen.length = 0;
    const dir = mkdtempSync(path.join(tmpdir(), "ovg-token-"));
    try {
      const repo = path.join(dir, "repo");
      const runner = path.join(dir, "runner");
      const document = (version: string) => doc({ apiResources: [api("astro", { version })] });
      const baseSha = pullRequestRepo(repo, document("1.0.0"), document("1.0.1"));
      const run = actionFromSource({
        repo,
        runner,
        home: dir,
        baseSha,
        number: 7,
        apiUrl,
        inputs: { "INPUT_GITHUB-TOKEN": TOKEN, INPUT_COMMENT: "review" },
      });
      const child = spawn(process.execPath, run.args, { cwd: run.cwd, env: run.env });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
      child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
      await new Promise<void>((resolve) => child.on("close", () => resolve()));

      // The first thing the Action writes is the mask; after it, the token appears nowhere.
      const first = stdout.split("\n")[0];
      expect(first).toBe(`::add-mask::${TOKEN}`);
      expect(stdout.split("\n").slice(1).join("\n")).not.toContain(TOKEN);
      expect(stderr).not.toContain(TOKEN);
      for (const f of ["output", "summary", "ord-version-guard-report.json"]) {
        expect(readFileSync(path.join(runner, f), "utf8")).not.toContain(TOKEN);
      }
      // The API was asked (and refused): the token only ever travelled in the header.
      expect(seen.length).toBeGreaterThan(0);
      for (const request of seen) {
        expect(request.url).not.toContain(TOKEN);
        expect(request.body).not.toContain(TOKEN);
        const others = Object.entries(request.headers).filter(([name]) => name !== "authorization");
        expect(JSON.stringify(others)).not.toContain(TOKEN);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
