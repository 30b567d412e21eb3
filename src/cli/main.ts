import { writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { checkSources } from "../check.js";
import { loadConfig } from "../config.js";
import { hasDocumentCandidates } from "../ord/documents.js";
import { documentSchemaFromFile } from "../ord/schema.js";
import { UsageError } from "../ord/sources.js";
import { SourceError } from "../ord/source-error.js";
import { commandLineSources } from "./sources.js";
import { TOOL } from "../report/build.js";
import { rulesIndexUrl } from "../report/docs-link.js";
import { renderReport, FORMATS, type Format } from "../report/render.js";
import type { FailOn, Scope } from "../types.js";

// A function: the rules link is read when help is shown (see src/report/docs-link.ts).
const help =
  (): string => `Usage: ord-version-guard check --base <path|git:<ref>> [--head <path>] [options]

Compares the ORD documents of base and head, classifies every change as breaking,
additive or patch, and judges versions, ORD ID majors and lifecycle.

  --base <path>        ORD document file, directory (searched recursively for .json/.jsonc
                       files with a top-level "openResourceDiscovery"; node_modules and .git
                       skipped), git:<ref> to read head's paths from that commit, or the
                       published documents: https://<host>/.well-known/open-resource-discovery
  --allow-host <host>  a host the published base may be read from (repeatable; required:
                       nothing is fetched from a host not listed, redirects included)
  --base-header <h>    "Name: value" sent with every request of the published base (default:
                       the ORD_BASE_HEADER environment variable)
  --generate <cmd>     run <cmd> (sh -c) in the head and in a temporary git worktree of the
                       --base git:<ref> commit, then compare the documents each produced
  --generate-timeout <s>  time limit of each generate run in seconds (default: 600)
  --head <path>        file or directory (default: the working directory)
  --format <f>         text | markdown | json | sarif (default: text; colored on a TTY)
  --config <file>      config file (default: .github/ord-version-guard.yml if present)
  --fail-on <level>    error | warning | notice | never (default: the config's, else error)
  --scope <scope>      changed | all (default: the config's, else changed: judge what the
                       comparison added or changed; all: audit every entity)
  --schema <file>      JSON schema replacing the bundled ORD schema
  --output <file>      write the report there instead of stdout
  --if-no-documents <a>  error | warn | ignore (default: warn): no ORD document in base
                       or head, so nothing was checked; error makes that exit 2
  -h, --help           this help
  -v, --version        the version

Exit status: 0 the check passed, 1 it failed (findings at or above --fail-on),
2 it could not run (bad arguments, path not found, unreadable config, published base
unreadable, generate command failed).
Sources (generated and published documents): docs/sources.md
Rules: ${rulesIndexUrl()}
`;

function oneOf<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  flag: string,
): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${flag} must be one of ${allowed.join(", ")} (got "${value}")`);
  }
  return value as T;
}

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stdout is a terminal (colors). */
  tty: boolean;
}

const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  tty: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
};

/** Runs the command line; returns the exit status instead of exiting, for tests. */
export async function main(
  argv: string[],
  cwd = process.cwd(),
  io: Io = processIo,
): Promise<number> {
  let dispose = (): void => {};
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        base: { type: "string" },
        head: { type: "string" },
        format: { type: "string" },
        config: { type: "string" },
        "fail-on": { type: "string" },
        scope: { type: "string" },
        schema: { type: "string" },
        output: { type: "string" },
        "if-no-documents": { type: "string" },
        "allow-host": { type: "string", multiple: true },
        "base-header": { type: "string" },
        generate: { type: "string" },
        "generate-timeout": { type: "string" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "v" },
      },
    });
    if (values.help) {
      io.stdout(help());
      return 0;
    }
    if (values.version) {
      io.stdout(`${TOOL.version}\n`);
      return 0;
    }
    if (positionals[0] !== "check" || positionals.length > 1) {
      throw new UsageError(
        `expected the command "check"${positionals.length ? `, got "${positionals.join(" ")}"` : ""}`,
      );
    }
    if (!values.base) throw new UsageError("--base is required");
    const format: Format = oneOf(values.format, FORMATS, "format") ?? "text";
    const ifNoDocuments =
      oneOf(values["if-no-documents"], ["error", "warn", "ignore"], "if-no-documents") ?? "warn";
    const options = {
      base: values.base,
      head: values.head,
      cwd,
      config: loadConfig(values.config, cwd),
      failOn: oneOf<FailOn>(values["fail-on"], ["error", "warning", "notice", "never"], "fail-on"),
      scope: oneOf<Scope>(values.scope, ["changed", "all"], "scope"),
      schema: values.schema ? documentSchemaFromFile(values.schema, cwd) : undefined,
    };
    const sources = await commandLineSources(
      {
        ...options,
        allowHost: values["allow-host"],
        baseHeader: values["base-header"],
        generate: values.generate,
        generateTimeout: values["generate-timeout"],
      },
      { ...options, mappings: options.config.definitions },
      (line) => io.stderr(`${line}\n`),
    );
    dispose = sources.dispose;
    const report = checkSources(sources, options);
    // Nothing found and no candidate document on either side: nothing was checked (a gate whose
    // documents are generated and never committed would otherwise pass as "0 entities").
    if (
      ifNoDocuments !== "ignore" &&
      report.summary.entities === 0 &&
      report.findings.length === 0 &&
      !hasDocumentCandidates(sources.base.files) &&
      !hasDocumentCandidates(sources.head.files)
    ) {
      const message = `no ORD documents in ${values.base} or ${values.head ?? "."}: nothing was checked`;
      if (ifNoDocuments === "error") throw new UsageError(message);
      io.stderr(`ord-version-guard: warning: ${message}\n`);
    }
    const color = format === "text" && !values.output && io.tty;
    const output = renderReport(report, format, color);
    if (values.output) writeFileSync(path.resolve(cwd, values.output), output);
    else io.stdout(output);
    return report.verdict === "pass" ? 0 : 1;
  } catch (error) {
    const usage =
      error instanceof UsageError ||
      (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`ord-version-guard: ${usage ? "" : "internal error: "}${message}\n`);
    if (usage && !(error instanceof SourceError))
      io.stderr("Run ord-version-guard --help for usage.\n");
    return 2;
  } finally {
    dispose();
  }
}
