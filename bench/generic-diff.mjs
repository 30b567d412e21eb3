// A generic keyed diff of the same data with json-diff-ts alone (arrays keyed by ordId), the
// cost of "just diffing" without positions, validation, classification or rules.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { diff } from "json-diff-ts";

const start = performance.now();
const [baseDir, headDir] = process.argv.slice(2);
const merged = (dir) => {
  const all = {};
  for (const name of readdirSync(dir)) {
    for (const [key, value] of Object.entries(
      JSON.parse(readFileSync(path.join(dir, name), "utf8")),
    )) {
      if (Array.isArray(value)) (all[key] ??= []).push(...value);
    }
  }
  return all;
};
const [base, head] = [merged(baseDir), merged(headDir)];
const keys = Object.fromEntries(
  [...Object.keys(base), ...Object.keys(head)].map((array) => [array, "ordId"]),
);
const changes = diff(base, head, { embeddedObjKeys: keys });
console.log(
  JSON.stringify({
    ms: performance.now() - start,
    changes: changes.length,
    maxRssKb: process.resourceUsage().maxRSS,
  }),
);
