/**
 * The Action on the events besides pull_request (issue 13 item 3), run as a runner does against
 * the GitHub stand-in: a merge queue's `merge_group` (a required check there) and an audit on
 * `push` to the default branch. Neither has a pull request to comment on: the findings go to
 * annotations, the job summary, the outputs and the exit code.
 */
import { existsSync, readFileSync } from "node:fs";
import { afterAll, describe, it as vitestIt } from "vitest";
import {
  ACTION,
  cleanUp,
  exampleFiles,
  openPullRequest,
  runAction,
  type RunOptions,
  type RunResult,
  withGitHub,
} from "./action-harness.js";
import { api, doc } from "../helpers.js";
import type { StandIn } from "./github/server.js";

const it = vitestIt.concurrent;
const DOC = "ord/document.json";
const APPROVAL_LABEL = "ord-breaking-change-approved";
const source = process.env.OVG_E2E_SOURCE === "1";

afterAll(cleanUp);

if (!source && !existsSync(ACTION))
  throw new Error(`${ACTION} is missing: run npm run build first`);

const writes = (gh: StandIn) => gh.requests.filter((r) => r.method !== "GET");
const fileAnnotations = (result: RunResult) =>
  result.commands
    .filter((c) => c.command === "error" && c.properties.file)
    .map((c) => [c.properties.file, c.properties.line]);
const findings = (result: RunResult) =>
  (
    JSON.parse(readFileSync(result.outputs.report!, "utf8")) as {
      findings: { ruleId: string; severity: string }[];
    }
  ).findings;

function run(options: RunOptions): Promise<RunResult> {
  return runAction({ timeoutMs: source ? 120_000 : 30_000, ...options });
}

describe("events without a pull request to comment on", { timeout: 300_000 }, () => {
  it("merge_group: base_sha and head_sha are compared; annotations, job summary, outputs and exit code, no comment", async ({
    expect,
  }) => {
    await withGitHub(expect, async (gh) => {
      const { workspace, pull } = openPullRequest(gh, exampleFiles());
      const result = await run({ gh, workspace, pull, eventName: "merge_group" });
      expect(result.stderr).toBe("");
      expect(result.exitCode).toBe(1);
      expect(result.outputs).toMatchObject({ verdict: "fail", errors: "2", warnings: "1" });
      expect(result.summary).toContain("## ORD version check: ❌ fail");
      // The removed entry point is located on its line in the base file (no head annotation).
      expect(result.summary).toMatch(/breaking-change-without-new-major.*ord\/document\.json:201/);
      expect(fileAnnotations(result)).toEqual([[DOC, "133"]]);
      expect(writes(gh)).toEqual([]);
      expect(gh.state.issueComments).toEqual([]);
      expect(gh.state.reviews).toEqual([]);
    });
  });

  it("merge_group: the queued pull request's approval label, added after its last push, approves the breaking change", async ({
    expect,
  }) => {
    await withGitHub(expect, async (gh) => {
      const { workspace, pull } = openPullRequest(gh, exampleFiles());
      const pushed = Date.parse(gh.state.pushedAt[pull.head.owner]!);
      gh.state.now = () => new Date(pushed + 60_000);
      gh.state.addLabel(pull.number, APPROVAL_LABEL);
      const result = await run({ gh, workspace, pull, eventName: "merge_group" });
      expect(
        findings(result).find((f) => f.ruleId === "breaking-change-without-new-major"),
      ).toMatchObject({ severity: "warning" });
      expect(result.summary).toContain(`The label \`${APPROVAL_LABEL}\` approves breaking changes`);
      expect(result.outputs).toMatchObject({ errors: "1", warnings: "2" });
      expect(writes(gh)).toEqual([]);
    });
  });

  it("push to the default branch: an audit of every entity (scope all), annotations and job summary, no comment", async ({
    expect,
  }) => {
    await withGitHub(expect, async (gh) => {
      // A document the push leaves untouched, whose version is invalid: only an audit judges it.
      const legacy = `${JSON.stringify(doc({ apiResources: [api("legacy", { version: "one" })] }))}\n`;
      const files = [
        ...exampleFiles(),
        { filename: "ord/legacy.json", base: legacy, head: legacy },
      ];
      const { workspace, pull } = openPullRequest(gh, files);
      const changed = await run({ gh, workspace, pull, with: { comment: "none" } });
      expect(findings(changed).map((f) => f.ruleId)).not.toContain("version-invalid");
      const audit = await run({ gh, workspace, pull, eventName: "push" });
      expect(audit.stderr).toBe("");
      expect(audit.exitCode).toBe(1);
      expect(audit.summary).toContain("## ORD version check: ❌ fail");
      expect(findings(audit).map((f) => f.ruleId)).toEqual(
        expect.arrayContaining([...findings(changed).map((f) => f.ruleId), "version-invalid"]),
      );
      expect(fileAnnotations(audit).length).toBeGreaterThan(0);
      expect(writes(gh)).toEqual([]);
    });
  });

  it("merge_group and push refuse a workspace that holds another commit", async ({ expect }) => {
    await withGitHub(expect, async (gh) => {
      const { workspace, pull } = openPullRequest(gh, exampleFiles());
      workspace.commit({ "README.md": "moved on\n" });
      for (const eventName of ["merge_group", "push"] as const) {
        const result = await run({ gh, workspace, pull, eventName });
        expect(result.exitCode).toBe(1);
        expect(result.outputs.verdict).toBeUndefined();
        expect(result.stdout).toContain(`not commit ${pull.head.sha} of the ${eventName} event`);
      }
    });
  });
});

describe("GitHub Enterprise Server", { timeout: 300_000 }, () => {
  it("the runner's API URL (under /api/v3) serves every request, and every link the Action writes points at its server", async ({
    expect,
  }) => {
    await withGitHub(
      expect,
      async (gh) => {
        expect(gh.url).toMatch(/\/api\/v3$/);
        const { workspace, pull } = openPullRequest(gh, exampleFiles());
        const server = "https://ghe.example.com";
        const result = await run({
          gh,
          workspace,
          pull,
          serverUrl: server,
          env: { GITHUB_ACTION_REPOSITORY: "acme/ord-guard", GITHUB_ACTION_REF: "v1" },
        });
        expect(result.exitCode).toBe(1);
        // The review and the summary comment were written through the prefixed API.
        expect(gh.state.reviewComments).toHaveLength(3);
        expect(gh.state.issueComments).toHaveLength(1);
        const docs = `${server}/acme/ord-guard/blob/v1/docs/rules/`;
        const written = [
          result.summary,
          ...gh.state.issueComments.map((c) => c.body),
          ...gh.state.reviewComments.map((c) => c.body),
        ];
        for (const text of written) {
          const links = [...text.matchAll(/\]\((https?:[^)\s]+)\)/g)].map((m) => m[1]!);
          expect(links.length).toBeGreaterThan(0);
          for (const link of links) expect(link.startsWith(docs), link).toBe(true);
          expect(text).not.toContain("https://github.com");
        }
      },
      { pathPrefix: "/api/v3" },
    );
  });
});
