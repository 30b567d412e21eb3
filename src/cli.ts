#!/usr/bin/env node
// Command-line entry: everything lives in main() so tests can run it in-process. No top-level
// await: the bundler's output need not support it.
import { main } from "./cli/main.js";
import { exitOnSignals } from "./interrupt.js";

// Ctrl-C during --generate: end the command and remove the base worktree, then die of SIGINT.
exitOnSignals();

/** Why the report could not be written to standard output, if it could not. */
let unwritten: Error | undefined;
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  // A reader that stops early (`| head`) closes the pipe: the rest of the report has nowhere to
  // go, which is no reason to crash or to change the verdict's exit code.
  if (error.code !== "EPIPE") unwritten ??= error;
});
// Standard error carries only diagnostics and the verdict line: losing them changes nothing.
process.stderr.on("error", () => {});

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
  // Once nothing is pending (the output is written), exit at once: letting node tear down the
  // heap of a large run (140 MB for 500 documents) first took 25 ms.
  process.once("beforeExit", () => {
    if (unwritten) {
      // A report that did not reach its reader (a full disk) is a run that could not complete,
      // as when --output cannot be written: exit 2.
      process.exitCode = 2;
      process.stderr.write(
        `ord-version-guard: the report could not be written to standard output: ${unwritten.message}\n`,
      );
    }
    process.exit();
  });
});
