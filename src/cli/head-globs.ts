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
  const fromGit = base.startsWith("git:");
  const baseSide = fromGit
    ? only(readGitSource(base.slice(4), ".", cwd))
    : readFileSource(base, cwd);
  // A glob that selects nothing is a typo or a path the tool cannot read: without this, every
  // base entity would be reported removed with no word on why (README, "Command line").
  heads.forEach((spec, i) => {
    if (!isGlob(spec)) return;
    const one = picomatch(patterns[i]!, { dot: true });
    const selects = (side: SideSource): boolean => side.files.some((f) => one(f.rel));
    if (selects(head) || (fromGit && selects(baseSide))) return;
    throw new UsageError(
      `--head ${spec} matched no files (globs match the .json and .jsonc files under ${cwd}, by their path relative to it)`,
    );
  });
  return { base: baseSide, head };
}

export function isGlob(spec: string): boolean {
  return picomatch.scan(spec).isGlob;
}

/** `/`-separated path of `spec` relative to `cwd`; a UsageError naming `given` when outside. */
function inside(spec: string, cwd: string, given = spec): string {
  const relative = path.relative(cwd, path.resolve(cwd, spec));
  if (relative === ".." || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) {
    throw new UsageError(`--head ${given} is outside ${cwd}`);
  }
  return relative.split(path.sep).join("/");
}

/**
 * A glob relative to the working directory; a plain path must exist (as for one --head). A
 * glob's folder part (`/abs/ord` of `/abs/ord/**\/*.json`, `./ord` of `./ord/*.json`) is made
 * relative like a path, so an absolute glob inside the working directory selects its files.
 */
function pattern(spec: string, cwd: string): string {
  if (isGlob(spec)) {
    const { base, glob } = picomatch.scan(spec);
    const folder = inside(base || ".", cwd, spec);
    return folder === "" ? glob : `${folder}/${glob}`;
  }
  const relative = inside(spec, cwd);
  let stats;
  try {
    stats = statSync(path.resolve(cwd, spec));
  } catch {
    throw new UsageError(`path not found: ${spec}`);
  }
  if (!stats.isDirectory()) return relative;
  return relative === "" ? "**" : `${relative}/**`;
}
