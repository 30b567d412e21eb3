import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { mergeLicenses } from "../../scripts/licenses.mjs";

const ROOT = path.resolve(import.meta.dirname, "../..");
const MODULES = path.join(ROOT, "node_modules");

// Blocks as ncc writes them: name, license id, license text (which has blank lines of its own).
const MIT =
  "MIT\nCopyright (c) someone\n\nPermission is hereby granted\n\nMIT\nTHE SOFTWARE IS PROVIDED";
const cli = `semver\nISC\nThe ISC License\n\nCopyright (c) Isaac\n\nyaml\nISC\nCopyright Eemeli Aro\n`;
const action = `picomatch\n${MIT}\n\nsemver\nISC\nThe ISC License\n\nCopyright (c) Isaac\n`;

describe("dist/licenses.txt (third-party licenses of the bundles)", () => {
  it("lists each bundled package once, by name, with its whole license text", () => {
    const merged = mergeLicenses([cli, action], MODULES);
    const starts = ["picomatch\nMIT", "semver\nISC", "yaml\nISC"].map((s) => merged.indexOf(s));
    expect(starts.every((i) => i > 0)).toBe(true);
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
    expect(merged.split("semver\nISC").length).toBe(2);
    // A license text's own blank lines and a lone "MIT" line do not end its block.
    expect(merged).toContain(`picomatch\n${MIT}\n\nsemver`);
    expect(merged).toContain("The ISC License\n\nCopyright (c) Isaac\n\nyaml");
  });

  it("reads the license file ncc really writes", () => {
    const out = mkdtempSync(path.join(tmpdir(), "ovg-licenses-"));
    try {
      execFileSync(
        process.execPath,
        [
          path.join(MODULES, "@vercel/ncc/dist/ncc/cli.js"),
          "build",
          "src/vendor/yaml.cjs",
          "-o",
          out,
          "--quiet",
          "--no-cache",
          "--license",
          "licenses.txt",
        ],
        { cwd: ROOT, stdio: "pipe" },
      );
      const merged = mergeLicenses([readFileSync(path.join(out, "licenses.txt"), "utf8")], MODULES);
      expect(merged).toMatch(/\n\nyaml\nISC\nCopyright Eemeli Aro/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);
});
