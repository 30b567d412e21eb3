/**
 * End-to-end: the Action where the documents really are (docs/sources.md), against the GitHub
 * stand-in. A pull request that changes only the service model of a project whose documents are
 * generated at build time, and one compared with the documents a local server publishes. Both
 * would be "No ORD changes" without the new inputs, since no ORD file is in the diff.
 * Run from source with OVG_E2E_SOURCE=1 until dist/ is rebuilt.
 */
import { createServer, type Server } from "node:http";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, it as vitestIt } from "vitest";
import { api, doc, git, openapi as openapiText, running } from "../helpers.js";
import { GENERATOR, ORD_ID } from "../generator.js";
import {
  cleanUp,
  openPullRequest,
  type RepoFile,
  rulesOf,
  runAction,
  withGitHub,
} from "./action-harness.js";

const it = vitestIt.concurrent;
afterAll(cleanUp);

const service = (paths: string[], version = "1.0.0"): string => JSON.stringify({ version, paths });

/** A project whose ORD documents are generated (gen/ is git-ignored); the PR drops /planets. */
const generatedProject = (): RepoFile[] => [
  { filename: ".gitignore", base: "gen/\n", head: "gen/\n" },
  { filename: "generate.mjs", base: GENERATOR, head: GENERATOR },
  {
    filename: "service.json",
    base: service(["/stars", "/planets"]),
    head: service(["/stars"]),
  },
];

describe(
  "the Action with generated documents and a published base",
  { timeout: process.env.OVG_E2E_SOURCE === "1" ? 300_000 : 90_000 },
  () => {
    it("generate: the breaking change in the generated documents fails the check; the log has a group; the base worktree is removed", async ({
      expect,
    }) => {
      await withGitHub(expect, async (gh) => {
        const { workspace, pull } = openPullRequest(gh, generatedProject());
        const withoutGenerate = await runAction({
          gh,
          workspace,
          pull,
          with: { documents: "gen/ord/**/*.json", comment: "none" },
        });
        // What the issue is about: the documents are not in the diff, so nothing is checked.
        expect(withoutGenerate.stdout).toContain("No ORD changes");
        expect(withoutGenerate.exitCode).toBe(0);

        const result = await runAction({
          gh,
          workspace,
          pull,
          with: { documents: "gen/ord/**/*.json", generate: "node generate.mjs" },
        });
        expect(result.stderr).toBe("");
        expect(result.stdout).not.toContain("No ORD changes");
        expect(result.exitCode).toBe(1);
        expect(result.outputs.verdict).toBe("fail");
        expect(rulesOf(result)).toContain("breaking-change-without-new-major");
        // The command's output sits in one collapsible group of the log.
        const lines = result.stdout.split("\n");
        const start = lines.findIndex((l) => l.startsWith("::group::generate (base and head)"));
        const end = lines.indexOf("::endgroup::", start);
        expect(start).toBeGreaterThanOrEqual(0);
        expect(lines.slice(start, end).join("\n")).toContain("generated 2 paths");
        expect(lines.slice(start, end).join("\n")).toContain("generated 1 paths");
        expect(result.summary).toContain(ORD_ID);
        expect(git(workspace.dir, "worktree", "list", "--porcelain")).not.toContain("ovg-base-");
        expect(readdirSync(result.runnerTemp).some((n) => n.startsWith("ovg-base-"))).toBe(false);
      });
    });

    it("generate: a failing command fails the run with the tail of its log", async ({ expect }) => {
      await withGitHub(expect, async (gh) => {
        const files = generatedProject();
        files[1] = { ...files[1]!, head: "console.error('cds: syntax error'); process.exit(4);\n" };
        const { workspace, pull } = openPullRequest(gh, files);
        const result = await runAction({
          gh,
          workspace,
          pull,
          with: { documents: "gen/ord/**/*.json", generate: "node generate.mjs" },
        });
        expect(result.exitCode).toBe(1);
        const error = result.commands.find((c) => c.command === "error");
        expect(error?.message).toMatch(/failed \(exit 4\) in the head[\s\S]*cds: syntax error/);
        expect(result.outputs.verdict).toBeUndefined();
      });
    });

    it("generate: a cancelled job (SIGINT) ends the command's process group and removes the base worktree", async ({
      expect,
    }) => {
      await withGitHub(expect, async (gh) => {
        const { workspace, pull } = openPullRequest(gh, generatedProject());
        const pidsDir = mkdtempSync(path.join(tmpdir(), "ovg-e2e-pids-"));
        const pidsFile = path.join(pidsDir, "pids");
        // The shell and a child of its own: both must end, not only the shell node started.
        const generate = `sleep 60 & echo $$ $! > '${pidsFile}'; echo started; wait`;
        let pids: number[] = [];
        try {
          const result = await runAction({
            gh,
            workspace,
            pull,
            with: { documents: "gen/ord/**/*.json", generate },
            stopOn: { output: "started\n", signal: "SIGINT" },
          });
          pids = readFileSync(pidsFile, "utf8").trim().split(" ").map(Number);
          expect(result.signal).toBe("SIGINT");
          expect(pids).toHaveLength(2);
          expect(pids.filter(running)).toEqual([]);
          expect(git(workspace.dir, "worktree", "list", "--porcelain")).not.toContain("ovg-base-");
          expect(readdirSync(result.runnerTemp).some((n) => n.startsWith("ovg-base-"))).toBe(false);
        } finally {
          for (const pid of pids) if (running(pid)) process.kill(pid, "SIGKILL");
          rmSync(pidsDir, { recursive: true, force: true });
        }
      });
    });

    describe("base-url", () => {
      let server: Server;
      let host = "";
      const requests: { url?: string; authorization?: string }[] = [];
      const definition = `/ord/v1/${ORD_ID}/astronomy.oas3.json`;
      const published = doc({
        apiResources: [
          api("astronomy", {
            resourceDefinitions: [
              { type: "openapi-v3", mediaType: "application/json", url: definition },
            ],
          }),
        ],
      });
      const openapi = (paths: string[]): string =>
        openapiText(paths, { title: "astronomy", openapi: "3.0.0" });
      beforeAll(async () => {
        server = createServer((req, res) => {
          requests.push({ url: req.url, authorization: req.headers.authorization });
          const body =
            req.url === "/.well-known/open-resource-discovery"
              ? { openResourceDiscoveryV1: { documents: [{ url: "/ord/v1/documents/1" }] } }
              : req.url === "/ord/v1/documents/1"
                ? published
                : decodeURI(req.url ?? "") === definition
                  ? (JSON.parse(openapi(["/stars", "/planets"])) as unknown)
                  : undefined;
          res.writeHead(body ? 200 : 404, { "content-type": "application/json" });
          res.end(JSON.stringify(body ?? {}));
        });
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
      });
      afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

      it("compares what is published with the pull request's documents, although only a README changed; the header is masked", async ({
        expect,
      }) => {
        await withGitHub(expect, async (gh) => {
          // The repository's own document equals the published one but its definition lost
          // /planets long ago: only the published base can tell.
          const files: RepoFile[] = [
            {
              filename: "ord/document.json",
              base: JSON.stringify(
                doc({
                  apiResources: [
                    api("astronomy", {
                      resourceDefinitions: [
                        { type: "openapi-v3", mediaType: "application/json", url: definition },
                      ],
                    }),
                  ],
                }),
              ),
              head: null,
            },
            {
              filename: `ord/${ORD_ID}/astronomy.oas3.json`,
              base: openapi(["/stars"]),
              head: null,
            },
            { filename: "README.md", base: "# a\n", head: "# b\n" },
          ].map((f) => ({ ...f, head: f.head ?? f.base }));
          const { workspace, pull } = openPullRequest(gh, files);
          const secret = "Bearer e2e-secret-value";
          const result = await runAction({
            gh,
            workspace,
            pull,
            with: {
              "base-url": `http://${host}/.well-known/open-resource-discovery`,
              "allow-hosts": host,
              "base-header": `Authorization: ${secret}`,
            },
          });
          expect(result.stderr).toBe("");
          expect(result.stdout).not.toContain("No ORD changes");
          expect(result.exitCode).toBe(1);
          expect(rulesOf(result)).toContain("breaking-change-without-new-major");
          expect(requests.length).toBeGreaterThanOrEqual(3);
          expect(requests.every((r) => r.authorization === secret)).toBe(true);
          // The runner masks what add-mask names; nothing else prints it.
          const unmasked = result.stdout
            .split("\n")
            .filter((l) => !l.startsWith("::add-mask::"))
            .join("\n");
          expect(unmasked).not.toContain("e2e-secret-value");
          expect(result.stdout).toContain("::add-mask::");
        });
      });

      it("a host not allowed fails the run (never a pass) and sends nothing", async ({
        expect,
      }) => {
        await withGitHub(expect, async (gh) => {
          const { workspace, pull } = openPullRequest(gh, [
            { filename: "README.md", base: "# a\n", head: "# b\n" },
          ]);
          const result = await runAction({
            gh,
            workspace,
            pull,
            with: {
              "base-url": `http://${host}/not-allowed/.well-known/open-resource-discovery`,
              "allow-hosts": "ord.example.com",
            },
          });
          expect(result.exitCode).toBe(1);
          expect(result.commands.find((c) => c.command === "error")?.message).toMatch(
            /not allow-listed/,
          );
          expect(requests.filter((r) => r.url?.startsWith("/not-allowed"))).toEqual([]);
        });
      });
    });
  },
);
