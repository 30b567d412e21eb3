import { execFileSync } from "node:child_process";
import picomatch from "picomatch";
import { resolveDefinition, servedName, type DefinitionMapping } from "../compare/definitions.js";
import type { Side } from "../ord/documents.js";
import {
  labelBase,
  readFileSource,
  readGitSource,
  type SideSource,
  type SourceFile,
} from "../ord/sources.js";
import { errorMessage } from "../github/client.js";
import type { ContentsHost } from "../github/host.js";
import { isObject } from "../json/values.js";

/** Whether a repository path is matched by the `documents` globs (all are when none are given). */
export function documentsMatcher(globs: string[]): (path: string) => boolean {
  return globs.length === 0 ? () => true : picomatch(globs, { dot: true });
}

/** Keeps the ORD candidates that match the `documents` globs (all when none are given). */
export function filterSource(source: SideSource, globs: string[]): SideSource {
  if (globs.length === 0) return source;
  const matches = documentsMatcher(globs);
  return { ...source, files: source.files.filter((f) => matches(f.rel)) };
}

function hasCommit(sha: string, cwd: string): boolean {
  try {
    // `--end-of-options`: whatever the revision, git never reads it as an option.
    execFileSync("git", ["cat-file", "-e", "--end-of-options", `${sha}^{commit}`], {
      cwd,
      stdio: "ignore",
    });
    return true;
  } catch {
    return false;
  }
}

/** Makes the base commit present (fetched alone, depth 1) when it is not; false if it cannot. */
export function ensureCommit(sha: string, workspace: string, log: (line: string) => void): boolean {
  if (hasCommit(sha, workspace)) return true;
  try {
    execFileSync("git", ["fetch", "--no-tags", "--depth=1", "--end-of-options", "origin", sha], {
      cwd: workspace,
      stdio: "ignore",
    });
  } catch {
    log(`could not fetch base commit ${sha} with git; reading base files through the contents API`);
  }
  return hasCommit(sha, workspace);
}

/** The base commit and how to read it: git in the workspace, else the contents API. */
export interface BaseCommit {
  sha: string;
  workspace: string;
  /** The contents API; none without a token. */
  host?: ContentsHost;
  log: (line: string) => void;
}

/**
 * One file of the base commit (git, else the contents API), or undefined when it is not there.
 * The Action's config and schema come from here: a pull request must not be able to relax its
 * own gate. A symlink is its link text there, never followed. More than `maxBytes` is an error.
 */
export async function readBaseFile(
  base: BaseCommit,
  file: string,
  maxBytes: number,
): Promise<string | undefined> {
  const tooLarge = (): never => {
    throw new Error(`${file} of the base commit is larger than ${maxBytes} bytes`);
  };
  if (ensureCommit(base.sha, base.workspace, base.log)) {
    let bytes: Buffer;
    try {
      bytes = execFileSync("git", ["cat-file", "blob", "--end-of-options", `${base.sha}:${file}`], {
        cwd: base.workspace,
        stdio: ["ignore", "pipe", "ignore"],
        maxBuffer: maxBytes,
      });
    } catch (error) {
      if ((error as { code?: string }).code === "ENOBUFS") tooLarge();
      return undefined;
    }
    return bytes.toString("utf8");
  }
  let bytes: Buffer | undefined;
  try {
    // Undefined: GitHub said 404, the commit has no such file.
    bytes = await base.host?.readFile(file, base.sha);
  } catch (error) {
    // Any other answer is no answer: taken for absent, the base's config (a stricter fail-on, a
    // rule made an error) or schema would silently give way to the defaults, so a 5xx or a
    // drained rate limit would loosen the gate. The run fails instead.
    throw new Error(
      `cannot read ${file} of base commit ${base.sha} through the GitHub API (${errorMessage(error)}), so the check cannot tell which settings or files the base has. Re-run the job, or let git reach the base commit (actions/checkout with fetch-depth: 0).`,
    );
  }
  if (bytes && bytes.length > maxBytes) tooLarge();
  return bytes?.toString("utf8");
}

/**
 * The base side: `git` when the commit is present (fetched with depth 1 when it is not), else
 * the contents API for the given paths. Nothing from the pull request is executed.
 */
export async function baseSource(
  base: BaseCommit,
  paths: string[],
  /** Why `paths` may miss some base documents (a cut file list); an error without git. */
  incomplete?: string,
): Promise<SideSource> {
  const { sha, workspace, host } = base;
  if (ensureCommit(sha, workspace, base.log)) return readGitSource(sha, ".", workspace);
  if (!host)
    throw new Error(`base commit ${sha} is not available and no GitHub client is configured`);
  // The contents API reads only the paths it is given: a removed document missing from a cut
  // file list would vanish without a finding.
  if (incomplete) throw new Error(incomplete);
  const contents = new Map<string, Buffer>();
  for (const path of paths) {
    let bytes: Buffer | undefined;
    try {
      // Undefined: the commit has no such file (GitHub said 404), new in this pull request.
      bytes = await host.readFile(path, sha);
    } catch (error) {
      // Any other answer (after the client's retries) is no answer: taking the file for absent
      // would judge its entities as added, and a pull request that drains the rate limit with
      // junk files would pass its breaking changes. The run fails instead.
      throw new Error(
        `cannot read ${path} of base commit ${sha} through the GitHub API (${errorMessage(error)}), so the check cannot tell what the pull request changed in it. Re-run the job, or let git reach the base commit (actions/checkout with fetch-depth: 0).`,
      );
    }
    if (bytes) contents.set(path, bytes);
  }
  const files: SourceFile[] = [...contents].map(([path, bytes]) => ({
    path,
    rel: path,
    dir: path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : ".",
    explicit: false,
    bytes: () => bytes,
  }));
  // Definition files are not prefetched: they are reported as unreadable in base.
  return labelBase(
    { files, read: (relative) => contents.get(relative), display: (relative) => relative },
    sha,
  );
}

/** The head side: the checked-out workspace, narrowed by the `documents` globs. */
export function headSource(workspace: string, globs: string[]): SideSource {
  return filterSource(readFileSource(".", workspace), globs);
}

/** Every definition URL of the side's entities, with the folder of its document. */
function* definitionUrls(side: Side): Generator<{ url: string; dir: string }> {
  for (const entity of side.entities) {
    for (const field of ["resourceDefinitions", "definitions"]) {
      const list = entity.value[field];
      if (!Array.isArray(list)) continue;
      for (const definition of list) {
        if (isObject(definition) && typeof definition.url === "string")
          yield { url: definition.url, dir: entity.doc.dir };
      }
    }
  }
}

/**
 * Files whose change concerns ORD: the head documents (`side`, the head loaded), the files that
 * would be documents but cannot be read (the check reports them), and the definition files the
 * documents reference. A pull request touching none of them (and deleting no JSON file) needs
 * no check.
 */
export function ordPaths(
  head: SideSource,
  side: Side,
  mappings: readonly DefinitionMapping[],
): Set<string> {
  return ordFiles(head, side, mappings).paths;
}

/**
 * `ordPaths`, and the file names of definition URLs that name no file of the head. The base may
 * have read such a URL by its path suffix from a file the pull request deleted or renamed away,
 * which the head no longer lists: a listed path of that name, old or new, concerns ORD. One pass
 * over the URLs: each resolves, and its file is read, once.
 */
export function ordFiles(
  head: SideSource,
  side: Side,
  mappings: readonly DefinitionMapping[],
): { paths: Set<string>; unresolvedNames: Set<string> } {
  const paths = new Set([...side.documents.map((d) => d.rel), ...side.unreadable]);
  const unresolvedNames = new Set<string>();
  let byName: Map<string, string[]> | undefined;
  /** Head's files by name, listed only when a definition URL names no file. */
  const namesakes = (): Map<string, string[]> => {
    if (byName) return byName;
    byName = new Map();
    for (const file of head.list?.() ?? []) {
      const name = file.slice(file.lastIndexOf("/") + 1);
      const same = byName.get(name);
      if (same) same.push(file);
      else byName.set(name, [file]);
    }
    return byName;
  };
  for (const { url, dir } of definitionUrls(side)) {
    const path = resolveDefinition(url, dir, mappings);
    if (path) paths.add(path);
    // A URL that names no file may be read by suffix, or its file renamed: every file of
    // the same name concerns ORD (a superset; the check itself decides what applies).
    if (path === undefined || head.read(path) === undefined) {
      const name = servedName(url);
      if (name) unresolvedNames.add(name);
      for (const file of namesakes().get(name ?? "") ?? []) paths.add(file);
    }
  }
  return { paths, unresolvedNames };
}
