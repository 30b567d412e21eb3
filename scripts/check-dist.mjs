// Fails when dist/ is not what the sources build: rebuilt bundles must match the committed ones,
// and no untracked file may appear under dist/ (actions/typescript-action's check-dist).
import { execFileSync } from "node:child_process";

execFileSync("node", ["scripts/build.mjs"], { stdio: "inherit" });
const changed = execFileSync("git", [
  "status",
  "--porcelain",
  "--untracked-files=all",
  "--",
  "dist",
  "src/ord/generated",
  "src/generated",
])
  .toString()
  .trim();
if (changed) {
  console.error(
    `dist/ (or a generated validator) is out of date; run "npm run build" and commit:\n${changed}`,
  );
  process.exit(1);
}
console.log("dist/ matches the sources");
