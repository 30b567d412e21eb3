import { describe, expect, it } from "vitest";
import { api, doc, run, ruleIds } from "./helpers.js";

describe("helpers", () => {
  it("a document compared with itself passes with no findings", () => {
    const d = doc({ apiResources: [api("stars")] });
    const report = run(d, d);
    expect(report.verdict).toBe("pass");
    expect(report.findings).toEqual([]);
  });
  it("an additive change with a patch bump is too small", () => {
    const report = run(
      doc({ apiResources: [api("stars")] }),
      doc({
        apiResources: [
          api("stars", {
            version: "1.0.1",
            entryPoints: ["/stars/v1", "/stars/v1/more"],
            lastUpdate: "2026-02-01T00:00:00Z",
          }),
        ],
      }),
    );
    expect(ruleIds(report)).toEqual(["version-increment-too-small"]);
    expect(report.findings[0]!.suggestion).toEqual({ version: "1.1.0" });
  });
});
