// The floor: read and JSON.parse every file of both sides (folders included, as the check
// reads them). Prints elapsed milliseconds.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const start = performance.now();
let entities = 0;
for (const side of process.argv.slice(2)) {
  for (const name of readdirSync(side, { recursive: true })) {
    if (!statSync(path.join(side, name)).isFile()) continue;
    const doc = JSON.parse(readFileSync(path.join(side, name), "utf8"));
    entities += Object.values(doc)
      .filter(Array.isArray)
      .reduce((n, list) => n + list.length, 0);
  }
}
console.log(
  JSON.stringify({
    ms: performance.now() - start,
    entities,
    maxRssKb: process.resourceUsage().maxRSS,
  }),
);
