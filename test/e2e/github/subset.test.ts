import { spawnSync } from "node:child_process";
import { expect, it } from "vitest";
import { RestDescription } from "./openapi.js";

it("keeps the extracted subset in step with the installed @octokit/openapi", () => {
  // Re-extracts from the 73 MB description (~1 s) and compares; fails after a package bump
  // until `node scripts/extract-github-subset.mjs` is run again.
  const result = spawnSync(process.execPath, ["scripts/extract-github-subset.mjs", "--check"], {
    encoding: "utf8",
  });
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  expect(RestDescription.load().source.package).toBe("@octokit/openapi");
});
