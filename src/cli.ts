#!/usr/bin/env node
// Command-line entry: everything lives in main() so tests can run it in-process.
import { main } from "./cli/main.js";

process.exitCode = main(process.argv.slice(2));
