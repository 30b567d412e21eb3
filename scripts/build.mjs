// Bundles the CLI (and, once it exists, the Action) with ncc into committed ESM files under dist/.
import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
  chmodSync,
} from "node:fs";
import path from "node:path";

const entries = [
  { source: "src/cli.ts", output: "cli.js", executable: true },
  { source: "src/index.ts", output: "index.js", executable: false },
];

// The precompiled schema validator is part of the sources the bundles are built from.
execFileSync("node", ["scripts/build-validator.mjs"], { stdio: "inherit" });
rmSync("dist", { recursive: true, force: true });
mkdirSync("dist");
for (const entry of entries) {
  if (!existsSync(entry.source)) continue;
  const out = path.join("dist", `.build-${path.basename(entry.output, ".js")}`);
  execFileSync(
    "npx",
    [
      "ncc",
      "build",
      entry.source,
      "-o",
      out,
      "--minify",
      "--no-source-map-register",
      "--quiet",
      "--target",
      "es2022",
    ],
    { stdio: "inherit" },
  );
  const files = readdirSync(out);
  for (const file of files) {
    // ncc names the bundle index.js (or index.mjs for ESM); other files are assets it copied.
    const target = /^index\.m?js$/.test(file) ? entry.output : file;
    renameSync(path.join(out, file), path.join("dist", target));
  }
  rmSync(out, { recursive: true, force: true });
  if (entry.executable) chmodSync(path.join("dist", entry.output), 0o755);
}
// The bundles are ESM; this marks dist/*.js as modules whatever the consumer's package.json says.
writeFileSync("dist/package.json", `${JSON.stringify({ type: "module" }, null, 2)}\n`);
