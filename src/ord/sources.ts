import {
  closeSync,
  constants,
  fstatSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  realpathSync,
  statSync,
} from "node:fs";
import path from "node:path";
import { childProcess, crypto } from "../lazy.js";
import { longestForm, mentionsWord } from "./marker.js";

/** A file over the size limit, described without holding it whole. */
export interface Oversize {
  size: number;
  /**
   * SHA-256 of its bytes, hex, hashed in chunks when asked (equal files have equal digests on any
   * side); a caller that only asks whether the file is a candidate never reads it.
   */
  sha256: () => string;
}

/** One candidate file of a side (base or head), before parsing. */
export interface SourceFile {
  /** Path shown in reports: relative to the working directory, `/`-separated. */
  path: string;
  /** Pairing key: the path relative to the side's root (`.` when a single file was named). */
  rel: string;
  /**
   * The file's bytes. Consume them before reading the next file: a working-tree side reads every
   * document into one reused buffer (see readDocument).
   */
  bytes: () => Buffer;
  /**
   * The bytes (as `bytes()`) of a file that may be a document: any file when `marker` is
   * undefined, else only one that contains it. A large file is searched in chunks first, and a
   * file over `limit` bytes is never read whole: its size and digest come instead (a 5 GB file
   * in a pull request must not exhaust the runner's memory). Optional: a source that holds every
   * file in memory anyway leaves it out.
   */
  candidate?: (marker: string | undefined, limit: number) => Buffer | Oversize | undefined;
  /** Named on the command line: it must be an ORD document, whatever its name or content. */
  explicit: boolean;
  /** Folder of the file relative to the side's root, for relative definition URLs. */
  dir: string;
}

/** The files of one side, and a way to read any other file of it (definition files). */
export interface SideSource {
  files: SourceFile[];
  /** Reads a `/`-separated path relative to the side's root; undefined when absent. */
  read(relative: string): Buffer | undefined;
  /**
   * Reads these paths in one go, for `read` to answer from later (optional: for a source whose
   * reads cost a process each, git).
   */
  prefetch?: (relatives: Iterable<string>) => void;
  /** How reports show that path (relative to the working directory, like document paths). */
  display(relative: string): string;
  /**
   * Every regular file of the side (`/`-separated, relative to the root), listed on first call
   * and kept: definition URLs that name no file are looked up by path suffix in it. Absent when
   * the side cannot be listed (the contents API).
   */
  list?: () => readonly string[];
}

/** Whether `file` (a resolved real path) lies inside the folder `root` (also resolved). */
export function isInside(root: string, file: string): boolean {
  const relative = path.relative(root, file);
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
}

/** A problem with the command line itself (exit code 2), not with a document. */
export class UsageError extends Error {}

const SKIPPED_DIRECTORIES = new Set(["node_modules", ".git"]);
const DOCUMENT_EXTENSION = /\.jsonc?$/i;

function display(cwd: string, absolute: string): string {
  return path.relative(cwd, absolute).split(path.sep).join("/") || ".";
}

const posix = (p: string): string => p.split(path.sep).join("/");
const SEPARATOR = Buffer.from(path.sep);

/**
 * Reads files under `root`. A file absent from its folder's listing is not opened: a large
 * document set may reference thousands of definition files that are not in the repository, and
 * a failed open costs an exception each.
 */
function fileReader(root: string): SideSource["read"] {
  let realRoot: string | undefined;
  const listings = new Map<string, Set<string> | undefined>();
  /** The names in a folder (relative to the root, as given), listed once. */
  const listed = (folder: string): Set<string> | undefined => {
    if (!listings.has(folder)) {
      try {
        listings.set(folder, new Set(readdirSync(path.join(root, folder))));
      } catch {
        listings.set(folder, undefined);
      }
    }
    return listings.get(folder);
  };
  return (relative) => {
    // Split at the last `/` without path functions: most lookups miss, thousands per run.
    const slash = relative.lastIndexOf("/");
    const name = relative.slice(slash + 1);
    if (!listed(slash < 0 ? "." : relative.slice(0, slash))?.has(name)) return undefined;
    const file = path.join(root, relative);
    try {
      // A pull request may add a symlink to any file of the runner: only files that really lie
      // under the root are read.
      realRoot ??= realpathSync(root);
      if (!isInside(realRoot, realpathSync(file))) return undefined;
      return readRegularFile(file);
    } catch {
      return undefined;
    }
  };
}

/**
 * A regular file's bytes, else undefined: a FIFO (which a generator can leave in the checkout)
 * would wait for a writer for ever, a device may never end.
 */
function readRegularFile(file: string): Buffer | undefined {
  // O_NONBLOCK: opening a FIFO without a writer would otherwise wait for one.
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    return fstatSync(fd).isFile() ? readFileSync(fd) : undefined;
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads a settings file (config, schema) that the checkout may hold in any form: only a regular
 * file of at most `maxBytes`, never a device (`/dev/zero` never ends), a FIFO (waits for ever) or
 * a directory. A path inside `root` must stay inside it once symlinks are resolved, so a checkout
 * cannot point it at a file of the runner; a path the caller names outside `root` is read where
 * it is (the user chose it). Errors say what is wrong, never what the file holds.
 */
export function readBoundedFile(file: string, root: string, maxBytes: number): Buffer {
  const absolute = path.resolve(root, file);
  let real: string;
  try {
    real = realpathSync(absolute);
  } catch {
    throw new UsageError("not found");
  }
  const realRoot = realpathSync(root);
  if (isInside(path.resolve(root), absolute) && !isInside(realRoot, real)) {
    throw new UsageError("a symbolic link to a file outside the working directory");
  }
  // O_NONBLOCK: opening a FIFO without a writer would otherwise wait for one.
  const fd = openSync(real, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new UsageError("not a regular file");
    const limit = `larger than ${maxBytes >= MIB ? `${maxBytes / MIB} MiB` : `${maxBytes} bytes`}`;
    if (stats.size > maxBytes) throw new UsageError(limit);
    // One byte more than allowed: a file that grows while being read is caught too.
    const buffer = Buffer.allocUnsafe(maxBytes + 1);
    let length = 0;
    for (let read = -1; read !== 0 && length <= maxBytes; length += read) {
      read = readSync(fd, buffer, length, maxBytes + 1 - length, null);
    }
    if (length > maxBytes) throw new UsageError(limit);
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

const MIB = 1024 * 1024;

/**
 * Lists the regular files under `root` once, on first call: the index for definition URLs that
 * name no file. Symlinks (to files or folders) are not listed, so nothing outside the root can
 * become a candidate; `node_modules` and `.git` are skipped like for documents.
 */
function fileLister(root: string): () => readonly string[] {
  let listed: string[] | undefined;
  return () => {
    if (listed) return listed;
    const found: string[] = [];
    const walk = (folder: string, prefix: string): void => {
      let entries;
      try {
        entries = readdirSync(folder, { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries) {
        if (entry.isDirectory() && !SKIPPED_DIRECTORIES.has(entry.name)) {
          walk(path.join(folder, entry.name), `${prefix}${entry.name}/`);
        } else if (entry.isFile()) {
          found.push(`${prefix}${entry.name}`);
        }
      }
    };
    walk(root, "");
    listed = found.sort();
    return listed;
  };
}

let scratch = Buffer.alloc(0);

/**
 * Reads a document into one buffer reused for every document of the run. A fresh Buffer per file
 * lives outside the JavaScript heap, so the garbage collector neither sees nor frees it until its
 * next full collection: the 40,000-entity benchmark pair held 72 MB of dead bytes that way.
 */
function readDocument(file: string | Buffer): Buffer {
  const fd = openSync(file, "r");
  try {
    return readWhole(fd, fstatSync(fd).size);
  } finally {
    closeSync(fd);
  }
}

function readWhole(fd: number, size: number): Buffer {
  if (scratch.length < size) scratch = Buffer.allocUnsafe(size);
  let length = 0;
  while (length < size) {
    const read = readSync(fd, scratch, length, size - length, length);
    if (read === 0) break; // the file shrank while being read
    length += read;
  }
  return scratch.subarray(0, length);
}

/** Files larger than this are searched for the marker in chunks of this size before being read whole. */
const SNIFF_CHUNK = 1024 * 1024;

/**
 * A file's bytes when it may be a document (see `SourceFile.candidate`). A larger file is searched
 * for the marker chunk by chunk first: a 13 MB OpenAPI definition next to the documents is then
 * never held whole, and the reused document buffer does not grow to its size for the rest of the
 * run (GitHub's REST description pair held 13 MB more that way). A file over the limit (and over
 * one chunk: a smaller one is read and measured by the caller) is hashed in chunks instead.
 */
function readCandidate(
  file: string | Buffer,
  marker: string | undefined,
  limit: number,
): Buffer | Oversize | undefined {
  const fd = openSync(file, "r");
  try {
    const size = fstatSync(fd).size;
    if (marker !== undefined && size > SNIFF_CHUNK && !mentions(fd, marker)) return undefined;
    if (size > Math.max(limit, SNIFF_CHUNK)) return { size, sha256: () => digestInChunks(file) };
    const bytes = readWhole(fd, size);
    return marker === undefined || mentionsWord(bytes, marker) ? bytes : undefined;
  } finally {
    closeSync(fd);
  }
}

function digestInChunks(file: string | Buffer): string {
  const fd = openSync(file, "r");
  try {
    const hash = crypto().createHash("sha256");
    const chunk = Buffer.allocUnsafe(SNIFF_CHUNK);
    for (let position = 0, read; (read = readSync(fd, chunk, 0, SNIFF_CHUNK, position)) > 0;) {
      hash.update(chunk.subarray(0, read));
      position += read;
    }
    return hash.digest("hex");
  } finally {
    closeSync(fd);
  }
}

/**
 * Whether the file holds `word` (plainly or escaped, mentionsWord), read in chunks; the word may
 * straddle two chunks.
 */
function mentions(fd: number, word: string): boolean {
  const overlap = longestForm(word);
  const chunk = Buffer.allocUnsafe(SNIFF_CHUNK + overlap);
  let carried = 0;
  for (let position = 0; ;) {
    const read = readSync(fd, chunk, carried, SNIFF_CHUNK, position);
    if (read === 0) return false;
    position += read;
    const end = carried + read;
    if (mentionsWord(chunk.subarray(0, end), word)) return true;
    carried = Math.min(overlap - 1, end);
    chunk.copy(chunk, 0, end - carried, end);
  }
}

/** Reads a file or directory of the working tree. A single file's root is the working directory. */
export function readFileSource(spec: string, cwd: string): SideSource {
  const root = path.resolve(cwd, spec);
  let stats;
  try {
    stats = statSync(root);
  } catch {
    throw new UsageError(`path not found: ${spec}`);
  }
  // A FIFO would wait for a writer, a device may never end: only files and folders are read.
  if (!stats.isFile() && !stats.isDirectory())
    throw new UsageError(`${spec} is neither a file nor a folder`);
  if (stats.isFile()) {
    const file = {
      path: display(cwd, root),
      rel: ".",
      bytes: () => readDocument(root),
      candidate: (marker: string | undefined, limit: number) => readCandidate(root, marker, limit),
      explicit: true,
      dir: posix(path.relative(cwd, path.dirname(root))) || ".",
    };
    return {
      files: [file],
      read: fileReader(cwd),
      display: (r) => display(cwd, path.join(cwd, r)),
      list: fileLister(cwd),
    };
  }
  const files: SourceFile[] = [];
  // Listed and opened by the bytes of their names: a name that is not valid UTF-8 decodes to
  // another one (U+FFFD), which cannot be opened. Reports show the decoded name.
  const walk = (directory: Buffer): void => {
    const entries = readdirSync(directory, { withFileTypes: true, encoding: "buffer" }).map(
      (entry) => ({ entry, name: entry.name.toString() }),
    );
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const { entry, name } of entries) {
      const absolute = Buffer.concat([directory, SEPARATOR, entry.name]);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(name)) walk(absolute);
      } else if (entry.isFile() && DOCUMENT_EXTENSION.test(name)) {
        const shown = absolute.toString();
        const rel = posix(path.relative(root, shown));
        files.push({
          path: display(cwd, shown),
          rel,
          bytes: () => readDocument(absolute),
          candidate: (marker, limit) => readCandidate(absolute, marker, limit),
          explicit: false,
          dir: path.posix.dirname(rel),
        });
      }
    }
  };
  walk(Buffer.from(root));
  return {
    files,
    read: fileReader(root),
    display: (r) => display(cwd, path.join(root, r)),
    list: fileLister(root),
  };
}

/** How base files are named in reports: git's `<rev>:<path>`, e.g. `1a2b3c4:ord/document.json`. */
export function baseLabel(ref: string): string {
  return `${/^[0-9a-f]{40}$/i.test(ref) ? ref.slice(0, 7) : ref}:`;
}

/**
 * Names the base side's files `<rev>:<path>` instead of `<path>`. In a checkout both sides have
 * the same paths, so a finding located in the base (a removed entity, a removed entry point)
 * would otherwise read as the head line of the same number: an inline comment or annotation on
 * an unrelated line. Pairing uses `rel`, which is unchanged; the `.json`/`.jsonc` ending too.
 */
export function labelBase(source: SideSource, ref: string): SideSource {
  const label = (path: string): string => `${baseLabel(ref)}${path}`;
  return {
    files: source.files.map((f) => ({ ...f, path: label(f.path) })),
    read: (relative) => source.read(relative),
    prefetch: source.prefetch,
    display: (relative) => label(source.display(relative)),
    list: source.list,
  };
}

/**
 * Whether `ref` may reach git as a revision: a commit SHA, or a ref name by the rules of
 * `git check-ref-format` that cannot start with `-` (git would take it for an option, and
 * `git fetch --upload-pack=<command>` runs the command). For the Action's `base-ref`: a `~`/`^`
 * suffix is not a ref name and is refused too, the base is a commit or a branch.
 */
export function isGitRevision(ref: string): boolean {
  if (/^[0-9a-f]{40}([0-9a-f]{24})?$/i.test(ref)) return true;
  return (
    ref !== "@" &&
    !ref.startsWith("-") &&
    !ref.startsWith("/") &&
    !ref.endsWith("/") &&
    !ref.endsWith(".") &&
    !ref.includes("..") &&
    !ref.includes("//") &&
    !ref.includes("@{") &&
    // Control characters, space and the characters git reserves.
    // eslint-disable-next-line no-control-regex
    !/[\x00-\x20\x7f~^:?*[\\]/.test(ref) &&
    ref.split("/").every((part) => part !== "" && !part.startsWith(".") && !part.endsWith(".lock"))
  );
}

const NEWLINE = Buffer.from("\n");

function git(args: string[], cwd: string, input?: string | Buffer): Buffer {
  return childProcess().execFileSync("git", args, {
    cwd,
    input,
    maxBuffer: 1024 * 1024 * 1024,
    stdio: ["pipe", "pipe", "pipe"],
  });
}

/**
 * Reads the paths that `headSpec` names from commit `ref` of the repository around `cwd`,
 * with `git ls-tree` and one `git cat-file --batch` (no checkout, nothing executed).
 */
export function readGitSource(ref: string, headSpec: string, cwd: string): SideSource {
  // The command line's own user names the revision (`HEAD~1` is fine), but git must never read
  // it as an option.
  if (ref.startsWith("-")) throw new UsageError(`git:${ref}: a revision cannot start with "-"`);
  const headRoot = path.resolve(cwd, headSpec);
  let top: string;
  // Every read names the commit itself, not the ref: a ref that moves during the run (a fetch,
  // a commit on HEAD) must not give two entities two different bases.
  let commit: string;
  try {
    top = git(["rev-parse", "--show-toplevel"], cwd).toString().trim();
    commit = git(["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`], cwd)
      .toString()
      .trim();
  } catch {
    throw new UsageError(missingRevision(ref, cwd, headRoot));
  }
  const prefix = path.relative(top, headRoot).split(path.sep).join("/");
  if (prefix.startsWith("..")) throw new UsageError(`${headSpec} is outside the git repository`);
  // Names stay bytes until read: one that is not valid UTF-8 decodes to another name (U+FFFD),
  // which git does not have, and the document would vanish from base without a trace.
  const raw = splitNul(
    git(
      ["ls-tree", "-r", "-z", "--name-only", "--end-of-options", commit, "--", prefix || "."],
      top,
    ),
  );
  const listed = raw.map((name) => name.toString());
  const single = listed.length === 1 && listed[0] === prefix;
  const kept = listed.flatMap((name, i) =>
    single ||
    (DOCUMENT_EXTENSION.test(name) &&
      !name.split("/").some((segment) => SKIPPED_DIRECTORIES.has(segment)))
      ? [i]
      : [],
  );
  const names = kept.map((i) => listed[i]!);
  const contents = catFiles(
    commit,
    kept.map((i) => raw[i]!),
    top,
  );
  const files = names.map((name, index) => ({
    path: display(cwd, path.join(top, name)),
    rel: single ? "." : prefix ? name.slice(prefix.length + 1) : name,
    bytes: () => contents[index]!,
    explicit: single,
    dir: single
      ? path.posix.dirname(name)
      : path.posix.dirname(prefix ? name.slice(prefix.length + 1) : name),
  }));
  // The root of a single file is the repository top, as for the working tree's single file.
  const rootPrefix = single ? "" : prefix;
  let tree: { mode: string; name: string }[] | undefined;
  /** The commit's entries under the root, listed once (one `git ls-tree`). */
  const entries = () =>
    (tree ??= git(["ls-tree", "-r", "-z", commit, "--", rootPrefix || "."], top)
      .toString()
      .split("\0")
      .filter((line) => line.length > 0)
      .map((line) => ({
        mode: line.slice(0, line.indexOf(" ")),
        name: line.slice(line.indexOf("\t") + 1).slice(rootPrefix ? rootPrefix.length + 1 : 0),
      })));
  let present: Set<string> | undefined;
  const has = (relative: string): boolean =>
    (present ??= new Set(entries().map((e) => e.name))).has(relative);
  const nameOf = (relative: string): string =>
    rootPrefix ? `${rootPrefix}/${relative}` : relative;
  const fetched = new Map<string, Buffer | undefined>();
  const read = (relative: string): Buffer | undefined => {
    if (fetched.has(relative)) {
      // Given once: the caller decides what to keep (check.ts keeps small files only).
      const content = fetched.get(relative);
      fetched.delete(relative);
      return content;
    }
    // A path the commit does not have costs no git process: a document set can name thousands
    // of definition files that are not in the repository (39 s for 3,700 of them, one each).
    if (!has(relative)) return undefined;
    const [content] = catFiles(commit, [nameOf(relative)], top);
    return content && content.length > 0 ? content : undefined;
  };
  /**
   * One `git cat-file --batch` for all the paths the commit has (300 files: 4 s one by one). Only
   * a hint: when the batch fails (more than git's output limit, say), `read` goes file by file.
   */
  const prefetch = (relatives: Iterable<string>): void => {
    const wanted = [...new Set(relatives)].filter((r) => !fetched.has(r) && has(r));
    let contents: Buffer[];
    try {
      contents = catFiles(commit, wanted.map(nameOf), top);
    } catch {
      return;
    }
    contents.forEach((content, i) =>
      fetched.set(wanted[i]!, content.length > 0 ? content : undefined),
    );
  };
  let regular: string[] | undefined;
  /** The commit's regular files under the root (no symlinks, no submodules), listed once. */
  const list = (): readonly string[] =>
    (regular ??= entries()
      .filter((e) => /^100(644|755)$/.test(e.mode))
      .map((e) => e.name)
      .filter((name) => !name.split("/").some((segment) => SKIPPED_DIRECTORIES.has(segment)))
      .sort());
  return labelBase(
    { files, read, prefetch, display: (r) => display(cwd, path.join(top, rootPrefix, r)), list },
    ref,
  );
}

/**
 * `; run from <repository>` when the head lies in a git repository other than the working
 * directory's: the base is read from the repository around the working directory, so an absolute
 * `--head` into a checkout, run from elsewhere, finds none.
 */
function headRepository(headRoot: string): string {
  try {
    const folder = statSync(headRoot).isDirectory() ? headRoot : path.dirname(headRoot);
    const top = git(["rev-parse", "--show-toplevel"], folder).toString().trim();
    return `; the head is in the repository ${top}: run from there (a git: base is read from the repository around the working directory)`;
  } catch {
    return "";
  }
}

/**
 * Why `git:<ref>` cannot be read, and what to do. CI checkouts are shallow (actions/checkout
 * fetches one commit by default), so `git:main` is usually a ref that was never fetched.
 */
function missingRevision(ref: string, cwd: string, headRoot: string): string {
  let shallow: boolean;
  try {
    shallow = git(["rev-parse", "--is-shallow-repository"], cwd).toString().trim() === "true";
  } catch {
    return `git:${ref}: ${cwd} is not inside a git repository${headRepository(headRoot)}`;
  }
  if (ref === "") return `git: names no revision: give one after the colon, e.g. git:main`;
  try {
    git(["rev-parse", "--verify", "--quiet", "HEAD"], cwd);
  } catch {
    return `git:${ref}: this repository has no commit yet, so there is no base to read: commit first, or compare with a folder (--base <path>)`;
  }
  const remote = /^origin\/(.+)$/.exec(ref)?.[1];
  const fetch = remote
    ? `git fetch origin ${remote}:refs/remotes/origin/${remote}`
    : isGitRevision(ref) && !/^[0-9a-f]{40}$/i.test(ref)
      ? `git fetch origin ${ref}:${ref}`
      : `git fetch origin ${ref}`;
  if (shallow) {
    return (
      `git:${ref} is not in this clone, which is shallow (cloned with --depth, as actions/checkout ` +
      `does by default): fetch it first with "${fetch}" (or "git fetch --unshallow"; in a workflow, ` +
      `actions/checkout with fetch-depth: 0), or name a commit that is present`
    );
  }
  return `git:${ref} is not a commit of this repository: check the name, or fetch it first with "${fetch}"`;
}

/**
 * The blobs of `names` at `ref`, in order (empty for a name the commit does not have). One
 * `git cat-file --batch` reads them all, a name per line; git drops a CR before the LF, so a name
 * with a CR or LF (a legal file name) is read on its own: in the batch it would answer for
 * another file, or shift every answer after it to the wrong one.
 */
function catFiles(ref: string, names: (string | Buffer)[], top: string): Buffer[] {
  const breaks = (name: string | Buffer): boolean =>
    typeof name === "string" ? /[\r\n]/.test(name) : name.includes(10) || name.includes(13);
  const answers = batch(
    ref,
    names.filter((n) => !breaks(n)),
    top,
  );
  let next = 0;
  return names.map((name) =>
    breaks(name) ? single(ref, name.toString(), top) : (answers[next++] ?? Buffer.alloc(0)),
  );
}

/** Splits git's `-z` output into its names, as bytes. */
function splitNul(output: Buffer): Buffer[] {
  const names: Buffer[] = [];
  for (let start = 0; start < output.length;) {
    const end = output.indexOf(0, start);
    names.push(output.subarray(start, end === -1 ? output.length : end));
    start = end === -1 ? output.length : end + 1;
  }
  return names.filter((name) => name.length > 0);
}

function batch(ref: string, names: (string | Buffer)[], top: string): Buffer[] {
  if (names.length === 0) return [];
  const lines = names.flatMap((n) => [Buffer.from(`${ref}:`), Buffer.from(n), NEWLINE]);
  const output = git(["cat-file", "--batch"], top, Buffer.concat(lines));
  const contents: Buffer[] = [];
  let offset = 0;
  for (let i = 0; i < names.length; i++) {
    const headerEnd = output.indexOf(10, offset);
    const header = output.subarray(offset, headerEnd).toString();
    const size = Number(header.split(" ")[2]);
    if (headerEnd === -1) break;
    if (header.endsWith("missing") || !Number.isFinite(size)) {
      contents.push(Buffer.alloc(0));
      offset = headerEnd + 1;
      continue;
    }
    contents.push(output.subarray(headerEnd + 1, headerEnd + 1 + size));
    offset = headerEnd + 1 + size + 1;
  }
  return contents;
}

function single(ref: string, name: string, top: string): Buffer {
  try {
    return git(["cat-file", "blob", "--end-of-options", `${ref}:${name}`], top);
  } catch {
    return Buffer.alloc(0);
  }
}
