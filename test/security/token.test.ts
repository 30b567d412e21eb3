import { spawn } from "node:child_process";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, errorMessage } from "../../src/github/client.js";
import { api, doc, git as gitIn } from "../helpers.js";

/**
 * The token: masked before anything else is logged, sent only as the Authorization header to
 * the configured API, never part of a URL, an error message, an output or the report.
 */

const TOKEN = "ghs_TESTTOKEN0123456789abcdefghijklmnop";
const ROOT = path.resolve(import.meta.dirname, "../..");

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
      mkdirSync(path.join(repo, "ord"), { recursive: true });
      mkdirSync(runner);
      const git = (...args: string[]): string => gitIn(repo, ...args);
      git("init", "-q");
      const write = (version: string): void =>
        writeFileSync(
          path.join(repo, "ord/document.json"),
          JSON.stringify(doc({ apiResources: [api("astro", { version })] }), null, 2),
        );
      write("1.0.0");
      git("add", "-A");
      git("commit", "-q", "-m", "base");
      const baseSha = git("rev-parse", "HEAD");
      write("1.0.1");
      git("commit", "-q", "-am", "head");
      const event = path.join(runner, "event.json");
      writeFileSync(
        event,
        JSON.stringify({
          pull_request: {
            number: 7,
            base: { sha: baseSha },
            head: { sha: git("rev-parse", "HEAD") },
            labels: [],
          },
        }),
      );
      for (const f of ["output", "summary"]) writeFileSync(path.join(runner, f), "");
      const loader = pathToFileURL(createRequire(import.meta.url).resolve("tsx/esm")).href;
      const child = spawn(process.execPath, ["--import", loader, path.join(ROOT, "src/index.ts")], {
        cwd: repo,
        env: {
          PATH: process.env.PATH,
          HOME: dir,
          GITHUB_WORKSPACE: repo,
          GITHUB_EVENT_PATH: event,
          GITHUB_REPOSITORY: "owner/repo",
          GITHUB_API_URL: apiUrl,
          GITHUB_OUTPUT: path.join(runner, "output"),
          GITHUB_STEP_SUMMARY: path.join(runner, "summary"),
          RUNNER_TEMP: runner,
          "INPUT_GITHUB-TOKEN": TOKEN,
          INPUT_DOCUMENTS: "ord/**/*.json",
          INPUT_COMMENT: "review",
          "INPUT_FAIL-ON": "error",
          "INPUT_APPROVAL-LABEL": "ord-breaking-change-approved",
          INPUT_SCHEMA: "bundled",
          INPUT_CONFIG: ".github/ord-version-guard.yml",
        },
      });
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
