import { statSync } from "node:fs";
import path from "node:path";
import picomatch from "picomatch";
import { resolveSources } from "../check.js";
import { readFileSource, readGitSource, UsageError, type SideSource } from "../ord/sources.js";

/**
 * The two sides of the command line. One `--head` path is read as before (a file or a folder).
 * Several `--head` values, or a glob, select documents like the Action's `documents` input: the
 * working directory's files whose path (relative to it) matches one of them, a folder standing
 * for everything under it. A `git:` base is then read from the same paths of that commit.
 */
export function cliSources(
  base: string,
  heads: readonly string[],
  cwd: string,
): { base: SideSource; head: SideSource } {
  if (heads.length <= 1 && !(heads[0] && isGlob(heads[0]))) {
    return resolveSources({ base, head: heads[0], cwd });
  }
  const patterns = heads.map((spec) => pattern(spec, cwd));
  const matches = picomatch(patterns, { dot: true });
  const only = (source: SideSource): SideSource => ({
    ...source,
    files: source.files.filter((f) => matches(f.rel)),
  });
  const head = only(readFileSource(".", cwd));
  const baseSide = base.startsWith("git:")
    ? only(readGitSource(base.slice(4), ".", cwd))
    : readFileSource(base, cwd);
  return { base: baseSide, head };
}

export function isGlob(spec: string): boolean {
  return picomatch.scan(spec).isGlob;
}

/** A glob relative to the working directory; a plain path must exist (as for one --head). */
function pattern(spec: string, cwd: string): string {
  const relative = path.relative(cwd, path.resolve(cwd, spec)).split(path.sep).join("/");
  if (relative.startsWith("..")) throw new UsageError(`--head ${spec} is outside ${cwd}`);
  if (isGlob(spec)) return spec.replace(/^\.\//, "");
  let stats;
  try {
    stats = statSync(path.resolve(cwd, spec));
  } catch {
    throw new UsageError(`path not found: ${spec}`);
  }
  if (!stats.isDirectory()) return relative;
  return relative === "" ? "**" : `${relative}/**`;
}
