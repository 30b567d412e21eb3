// Bundles the CLI, the Action and the lazily loaded libraries with ncc into committed files under dist/.
import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
  chmodSync,
  copyFileSync,
  readFileSync,
} from "node:fs";
import path from "node:path";
import { mergeLicenses } from "./licenses.mjs";

const entries = [
  { source: "src/cli.ts", output: "cli.js", executable: true },
  { source: "src/index.ts", output: "index.js", executable: false },
  // Libraries only some runs need, each in its own file, loaded on first use (src/lazy.ts).
  ...["graphql", "yaml", "ajv", "xml"].map((name) => ({
    source: `src/vendor/${name}.cjs`,
    output: `vendor/${name}.cjs`,
    executable: false,
  })),
  // The ajv modules the precompiled ORD validator requires; the validator itself is copied below.
  {
    source: "src/ord/generated/ajv-runtime.cjs",
    output: "vendor/ajv-runtime.cjs",
    executable: false,
  },
];

// The precompiled schema validators (ORD documents, the config file) are part of the sources the
// bundles are built from.
execFileSync("node", ["scripts/build-validator.mjs"], { stdio: "inherit" });
execFileSync("node", ["scripts/build-config-validator.mjs"], { stdio: "inherit" });
rmSync("dist", { recursive: true, force: true });
mkdirSync("dist");
// The license texts of the bundled packages, one file per bundle, merged into dist/licenses.txt.
const licenses = [];
for (const entry of entries) {
  if (!existsSync(entry.source)) continue;
  const out = path.join("dist", `.build-${path.basename(entry.output).replace(/\.c?js$/, "")}`);
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
      "--license",
      "licenses.txt",
    ],
    { stdio: "inherit" },
  );
  const files = readdirSync(out);
  for (const file of files) {
    if (file === "licenses.txt") {
      licenses.push(readFileSync(path.join(out, file), "utf8"));
      continue;
    }
    // ncc names the bundle index.js (.mjs, .cjs by module kind); other files are assets it copied.
    const target = /^index\.[cm]?js$/.test(file) ? entry.output : file;
    mkdirSync(path.dirname(path.join("dist", target)), { recursive: true });
    renameSync(path.join(out, file), path.join("dist", target));
  }
  rmSync(out, { recursive: true, force: true });
  if (entry.executable) chmodSync(path.join("dist", entry.output), 0o755);
}
// Not bundled: a bundler would wrap its 1 MB in a function that V8 parses twice (see
// scripts/build-validator.mjs). Loaded on first use like the libraries above.
copyFileSync("src/ord/generated/document-validator.cjs", "dist/vendor/document-validator.cjs");
writeFileSync("dist/licenses.txt", mergeLicenses(licenses));
// The bundles are ESM; this marks dist/*.js as modules whatever the consumer's package.json says.
writeFileSync("dist/package.json", `${JSON.stringify({ type: "module" }, null, 2)}\n`);
