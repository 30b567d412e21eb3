#!/usr/bin/env node
// Command-line entry: everything lives in main() so tests can run it in-process. No top-level
// await: the bundler's output need not support it.
import { main } from "./cli/main.js";

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
