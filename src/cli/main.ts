import { statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { checkSources } from "../check.js";
import { Timings } from "../timing.js";
import { loadConfig } from "../config.js";
import { hasDocumentCandidates } from "../ord/documents.js";
import { documentSchemaFromFile } from "../ord/schema.js";
import { baseLabel, UsageError } from "../ord/sources.js";
import { SourceError } from "../ord/source-error.js";
import { locateInBase } from "../report/base-locations.js";
import { TOOL } from "../report/build.js";
import { rulesIndexUrl } from "../report/docs-link.js";
import { countsLine } from "../report/group.js";
import { renderReport, FORMATS, type Format } from "../report/render.js";
import { closest } from "../suggest.js";
import type { FailOn, Report, Scope } from "../types.js";
import { useColor } from "./color.js";
import { commandLineSources } from "./sources.js";

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
  --generate-timeout <s>  time limit of each generate run in seconds (default: 600, at most
                       2147483, about 24.8 days)
  --head <path>        file or directory (default: the working directory); repeat it or
                       give a glob ('ord/**/*.json') to select documents like the
                       Action's documents input; a glob matching no file is an error
  --format <f>         text | markdown | json | sarif (default: text; colored on a TTY,
                       FORCE_COLOR and NO_COLOR honoured)
  --config <file>      config file (default: .github/ord-version-guard.yml or .yaml if
                       present)
  --fail-on <level>    error | warning | notice | never (default: the config's, else error)
  --scope <scope>      changed | all (default: the config's, else changed: judge what the
                       comparison added or changed; all: audit every entity)
  --schema <file>      JSON schema replacing the bundled ORD schema
  --output <file>      write the report there instead of stdout (the verdict goes to stderr)
  --if-no-documents <a>  error | warn | ignore (default: warn): no ORD document in base
                       or head, so nothing was checked; error makes that exit 2
  -h, --help           this help
  -v, --version        the version

Exit status: 0 the check passed, 1 it failed (findings at or above --fail-on),
2 it could not run (bad arguments, path not found, unreadable config, published base
unreadable, generate command failed).
ORD_VERSION_GUARD_TIMING=1 prints where the time went (milliseconds per step) to stderr.
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
  /** FORCE_COLOR, NO_COLOR, TERM (src/cli/color.ts); the process's environment by default. */
  env?: Record<string, string | undefined>;
}

const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  tty: Boolean(process.stdout.isTTY),
  env: process.env,
};

/** The options; `--name` not listed here is a usage error with a suggestion. */
const OPTIONS = {
  base: { type: "string" },
  head: { type: "string", multiple: true },
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
} as const;

/**
 * Rejects an unknown option before node:util's parser does: its message ("Unknown option
 * '--frmat'. To specify a positional argument starting with a '-', place it at the end of the
 * command after '--'") gives the wrong advice for a typo.
 */
function checkOptionNames(argv: readonly string[]): void {
  const names = Object.keys(OPTIONS);
  const shorts = Object.values(OPTIONS).flatMap((o) => ("short" in o ? [o.short] : []));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") return;
    if (arg.startsWith("--")) {
      const name = arg.slice(2).split("=")[0]!;
      const option = (OPTIONS as Record<string, { type: string }>)[name];
      if (!option) {
        const match = closest(name, names);
        throw new UsageError(
          `unknown option --${name}${match ? `; did you mean --${match}?` : ""}`,
        );
      }
      if (option.type === "string" && !arg.includes("=")) i++; // its value
    } else if (/^-[^-]/.test(arg)) {
      const unknown = [...arg.slice(1)].find((c) => !shorts.includes(c as "h"));
      if (unknown) throw new UsageError(`unknown option -${unknown}`);
    }
  }
}

/**
 * The command line was right but the run could not finish (the report could not be written):
 * exit 2 like a usage error, without the --help hint that would send the user looking for a
 * mistake they did not make.
 */
class RunError extends UsageError {}

/**
 * An option given as `''` (an unset shell variable, most often): `--config ''` and
 * `--schema ''` would silently use the defaults, `--head ''` the working directory. Not
 * --base-header: an empty one stands for "no header" over ORD_BASE_HEADER.
 */
function refuseEmptyValues(values: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(values)) {
    if (name === "base-header") continue;
    const given = Array.isArray(value) ? value : [value];
    if (given.includes("")) throw new UsageError(`--${name} needs a value, got an empty string`);
  }
}

/** `--base a --base b` would compare with b alone, the first silently dropped. */
function refuseRepeatedBase(tokens: readonly { kind: string; name?: string }[]): void {
  const bases = tokens.filter((t) => t.kind === "option" && t.name === "base").length;
  if (bases > 1) throw new UsageError(`--base is given ${bases} times: give one base`);
}

/** `check --base a b`: a path without its option, most often a forgotten --head. */
function extraArguments(extra: string[], heads: readonly string[]): UsageError {
  const first = extra[0]!;
  const advice =
    heads.length === 0
      ? `did you forget --head before it? (check --base <path> --head ${first})`
      : `to compare several head paths, repeat --head (--head ${heads[0]} --head ${first})`;
  return new UsageError(`unexpected argument "${first}" after the command: ${advice}`);
}

/** Where --output writes: its folder must exist (a typo there is the user's, not ours). */
function outputFile(output: string, cwd: string): string {
  const file = path.resolve(cwd, output);
  const folder = path.dirname(file);
  let isFolder = false;
  try {
    isFolder = statSync(folder).isDirectory();
  } catch {
    isFolder = false;
  }
  if (!isFolder) {
    throw new UsageError(`--output ${output}: the folder ${path.dirname(output)} does not exist`);
  }
  return file;
}

/** The one line a run prints when its report went to a file: the verdict must not be silent. */
function verdictLine(report: Report, output: string): string {
  const verdict = report.verdict === "pass" ? "PASS" : "FAIL";
  return `ord-version-guard: ${verdict} (fail-on: ${report.failOn}): ${countsLine(report)}; report written to ${output}\n`;
}

/** The process's working directory; a folder deleted under a shell still in it has none. */
function workingDirectory(): string {
  try {
    return process.cwd();
  } catch {
    throw new UsageError("the working directory no longer exists: cd into an existing folder");
  }
}

/** Runs the command line; returns the exit status instead of exiting, for tests. */
export async function main(argv: string[], givenCwd?: string, io: Io = processIo): Promise<number> {
  let dispose = (): void => {};
  try {
    checkOptionNames(argv);
    const { values, positionals, tokens } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: OPTIONS,
      tokens: true,
    });
    if (values.help) {
      io.stdout(help());
      return 0;
    }
    if (values.version) {
      io.stdout(`${TOOL.version}\n`);
      return 0;
    }
    const cwd = givenCwd ?? workingDirectory();
    const heads = values.head ?? [];
    if (positionals[0] !== "check") {
      const got = positionals[0];
      const hint = got && closest(got, ["check"]) ? '; did you mean "check"?' : "";
      throw new UsageError(`expected the command "check"${got ? `, got "${got}"${hint}` : ""}`);
    }
    if (positionals.length > 1) throw extraArguments(positionals.slice(1), heads);
    if (values.base === undefined) throw new UsageError("--base is required");
    refuseEmptyValues(values);
    refuseRepeatedBase(tokens);
    const output = values.output === undefined ? undefined : outputFile(values.output, cwd);
    const format: Format = oneOf(values.format, FORMATS, "format") ?? "text";
    const ifNoDocuments =
      oneOf(values["if-no-documents"], ["error", "warn", "ignore"], "if-no-documents") ?? "warn";
    const config = loadConfig(values.config, cwd);
    // Found by looking (.yml or .yaml): say which, since nothing on the command line names it.
    if (config.file && values.config === undefined) {
      io.stderr(`ord-version-guard: using config ${config.file}\n`);
    }
    const options = {
      config,
      failOn: oneOf<FailOn>(values["fail-on"], ["error", "warning", "notice", "never"], "fail-on"),
      scope: oneOf<Scope>(values.scope, ["changed", "all"], "scope"),
      schema: values.schema ? documentSchemaFromFile(values.schema, cwd) : undefined,
    };
    const sources = await commandLineSources(
      {
        base: values.base,
        heads,
        allowHost: values["allow-host"],
        baseHeader: values["base-header"],
        generate: values.generate,
        generateTimeout: values["generate-timeout"],
      },
      { cwd, mappings: options.config.definitions },
      (line) => io.stderr(`${line}\n`),
    );
    dispose = sources.dispose;
    const timings = io.env?.ORD_VERSION_GUARD_TIMING === "1" ? new Timings() : undefined;
    let report = checkSources(sources, { ...options, onPhase: timings?.record });
    if (values.base.startsWith("git:")) {
      const revision = values.base.slice(4);
      report = locateInBase(report, baseLabel(revision), revision);
    }
    // Nothing found and no candidate document on either side: nothing was checked (a gate whose
    // documents are generated and never committed would otherwise pass as "0 entities").
    if (
      ifNoDocuments !== "ignore" &&
      report.summary.entities === 0 &&
      report.findings.length === 0 &&
      !hasDocumentCandidates(sources.base.files) &&
      !hasDocumentCandidates(sources.head.files)
    ) {
      const message = `no ORD documents in ${values.base} or ${heads.join(", ") || "."}: nothing was checked`;
      if (ifNoDocuments === "error") throw new UsageError(message);
      io.stderr(`ord-version-guard: warning: ${message}\n`);
    }
    const color = format === "text" && !output && useColor(io.tty, io.env ?? {});
    const writing = performance.now();
    const rendered = renderReport(report, format, color);
    if (output) {
      try {
        writeFileSync(output, rendered);
      } catch (error) {
        throw new RunError(`cannot write --output ${values.output}: ${(error as Error).message}`);
      }
      io.stderr(verdictLine(report, values.output!));
    } else io.stdout(rendered);
    if (timings) {
      timings.record("output", performance.now() - writing);
      io.stderr(`ord-version-guard: ${timings.line()}\n`);
    }
    return report.verdict === "pass" ? 0 : 1;
  } catch (error) {
    const usage =
      error instanceof UsageError ||
      (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`ord-version-guard: ${usage ? "" : "internal error: "}${message}\n`);
    if (usage && !(error instanceof SourceError || error instanceof RunError))
      io.stderr("Run ord-version-guard --help for usage.\n");
    return 2;
  } finally {
    dispose();
  }
}
