// Merges the third-party license files ncc writes for each bundle (`ncc build --license`) into the
// one dist/licenses.txt shipped next to the bundles: each bundled package once, sorted by name.
import { existsSync } from "node:fs";
import path from "node:path";

const NAME = /^(@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/;

/**
 * Splits one ncc license file (blocks of "name\nlicense id\nlicense text", separated by a blank
 * line) into name → block. A license text has blank lines of its own, so a block starts only at a
 * line after a blank line that is a package name present in `modules` (node_modules).
 */
export function parseLicenses(text, modules) {
  const blocks = new Map();
  let name;
  let lines = [];
  const flush = () => {
    if (name !== undefined) blocks.set(name, lines.join("\n").trim());
  };
  const all = text.replace(/\r\n/g, "\n").split("\n");
  all.forEach((line, i) => {
    const starts =
      (i === 0 || all[i - 1] === "") &&
      NAME.test(line) &&
      existsSync(path.join(modules, line, "package.json"));
    if (starts) {
      flush();
      name = line;
      lines = [];
    }
    lines.push(line);
  });
  flush();
  return blocks;
}

/** One licenses text from several ncc license files. */
export function mergeLicenses(texts, modules = "node_modules") {
  const all = new Map();
  for (const text of texts) {
    for (const [name, block] of parseLicenses(text, modules))
      if (!all.has(name)) all.set(name, block);
  }
  const names = [...all.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return (
    "Third-party software bundled in dist/ (collected by ncc at build time: scripts/build.mjs).\n" +
    "Each entry: package name, license, license text.\n\n" +
    names.map((n) => all.get(n)).join("\n\n") +
    "\n"
  );
}
