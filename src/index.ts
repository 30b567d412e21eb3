// GitHub Action entry: everything happens in run(), which never throws.
import { run } from "./action/run.js";
import { exitOnSignals } from "./interrupt.js";
import { actionDocsSource, useDocsSource } from "./report/docs-link.js";

// A cancelled job (SIGINT, then SIGTERM) ends the generate command and removes the base worktree.
exitOnSignals();

// Rule links in comments, summaries and SARIF point at the docs of the action as the workflow
// pinned it (its repository and ref), not at the package's latest release.
useDocsSource(actionDocsSource(process.env));
await run();
