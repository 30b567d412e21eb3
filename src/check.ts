import { compareSides, type Comparison } from "./compare/compare.js";
import { EMPTY_CONFIG, resolveSettings, type Config } from "./config.js";
import { loadBoth, type Side } from "./ord/documents.js";
import {
  bundledDocumentSchema,
  documentSchemaFromFile,
  type DocumentSchema,
} from "./ord/schema.js";
import { readFileSource, readGitSource, type SideSource } from "./ord/sources.js";
import { buildReport } from "./report/build.js";
import { judge } from "./rules/index.js";
import type { RuleContext } from "./rules/rule.js";
import type { Phase } from "./timing.js";
import type { FailOn, IgnoredFinding, Report, Scope } from "./types.js";

export interface CheckOptions {
  /** A file, a directory, or `git:<ref>` (same paths as head, read from that commit). */
  base: string;
  /** A file or directory; defaults to the working directory. */
  head?: string;
  cwd?: string;
  config?: Config;
  failOn?: FailOn;
  scope?: Scope;
  /** A JSON schema replacing the bundled ORD schema: a file, or one already compiled. */
  schema?: string | DocumentSchema;
  /** An approval label present on the pull request: downgrades the config's approval rules. */
  approvalLabel?: string;
  /** "Today" for date rules; fixed in tests so results do not age. */
  now?: Date;
  /**
   * The head side already loaded from these very files with `duplicates: "all"` (the Action
   * loads it for its "no ORD changes" shortcut): each head document is then parsed once.
   */
  parsedHead?: Side;
  /** Told how long each step took, in milliseconds (src/timing.ts). */
  onPhase?: (phase: Phase, ms: number) => void;
}

/** Resolves the command-line style `base`/`head` into the two sides' sources. */
export function resolveSources(options: CheckOptions): { base: SideSource; head: SideSource } {
  const cwd = options.cwd ?? process.cwd();
  const headSpec = options.head ?? ".";
  const base = options.base.startsWith("git:")
    ? readGitSource(options.base.slice(4), headSpec, cwd)
    : readFileSource(options.base, cwd);
  return { base, head: readFileSource(headSpec, cwd) };
}

/**
 * The pipeline: load → validate → match → compare → judge → report. Pure apart from reading the
 * two sides; it knows nothing of GitHub and throws only UsageError for unusable arguments.
 */
export function check(options: CheckOptions): Report {
  return checkSources(resolveSources(options), options);
}

/**
 * Reads each file of a side once: many entities often share one definition file. Of the files of
 * 1 MiB or more only the last one read is kept (entities sharing one, a CAP service's EDMX say,
 * come one after the other): keeping them all held every large definition of the repository to
 * the end of the run (six changed 12 MB definitions: about 400 MB peak, 330-345 MB without).
 */
function readOnce(source: SideSource): SideSource {
  const small = new Map<string, Buffer | undefined>();
  let large: { relative: string; bytes: Buffer } | undefined;
  return {
    ...source,
    read: (relative) => {
      if (small.has(relative)) return small.get(relative);
      if (large?.relative === relative) return large.bytes;
      const bytes = source.read(relative);
      if (bytes === undefined || bytes.length < KEPT_FILE_BYTES) small.set(relative, bytes);
      else large = { relative, bytes };
      return bytes;
    },
  };
}

const KEPT_FILE_BYTES = 1024 * 1024;

export function checkSources(
  given: { base: SideSource; head: SideSource },
  options: Omit<CheckOptions, "base" | "head" | "cwd">,
): Report {
  const sources = { base: readOnce(given.base), head: readOnce(given.head) };
  const config = options.config ?? EMPTY_CONFIG;
  const { scope, failOn } = resolveSettings(options, config);
  // A user's schema is compiled now, so a broken one stops the run before any work (exit 2).
  const userSchema =
    typeof options.schema === "string" ? documentSchemaFromFile(options.schema) : options.schema;
  const schema = (): DocumentSchema => userSchema ?? bundledDocumentSchema();
  const { onPhase } = options;
  const timed = <T>(phase: Phase, step: () => T): T => {
    if (!onPhase) return step();
    const start = performance.now();
    const result = step();
    onPhase(phase, performance.now() - start);
    return result;
  };

  const { base, head } = timed("load", () =>
    loadBoth(sources.base.files, sources.head.files, {
      parsed: options.parsedHead,
      duplicates: scope === "all" ? "all" : "changed",
      maxBytes: config.maxDocumentSize,
    }),
  );
  const comparisons = timed("compare", () =>
    compareSides(base, head, {
      overrides: config.changeClasses,
      definitions: { ...sources, mappings: config.definitions },
    }),
  );

  // One comparison per ORD ID for rules that look one up by ID. An ID described in several
  // perspectives has several: the one with a head copy that the pull request touched wins, so
  // a tombstone meets the live entity and scope follows what changed.
  const rank = (c: Comparison): number =>
    (c.head ? 2 : 0) + (c.status === "added" || c.status === "changed" ? 1 : 0);
  const byKey = new Map<string, Comparison>();
  for (const c of comparisons) {
    const known = byKey.get(c.key);
    if (!known || rank(c) > rank(known)) byKey.set(c.key, c);
  }
  const bySeries = new Map<string, Comparison[]>();
  for (const c of comparisons) {
    if (!c.id) continue;
    const members = bySeries.get(c.id.series);
    if (members) members.push(c);
    else bySeries.set(c.id.series, [c]);
  }
  const ctx: RuleContext = {
    base,
    head,
    comparisons,
    byKey,
    now: options.now ?? new Date(),
    schema,
    overrides: config.changeClasses,
    series: (series) => (series === undefined ? [] : (bySeries.get(series) ?? [])),
  };
  const ignored: IgnoredFinding[] = [];
  const findings = timed("judge", () =>
    judge(ctx, {
      scope,
      severities: config.rules,
      ignore: config.ignore,
      onIgnored: (finding, entry) =>
        ignored.push({
          ...finding,
          ignored: { reason: entry.reason ?? "", ...(entry.until && { until: entry.until }) },
        }),
      approved: options.approvalLabel
        ? { label: options.approvalLabel, rules: config.approvalRules }
        : undefined,
    }),
  );
  return timed("report", () => buildReport(comparisons, findings, failOn, scope, ignored));
}
