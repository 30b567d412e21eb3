import path from "node:path";
import { locate, type EntityRecord, type Side } from "../ord/documents.js";
import type { SideSource } from "../ord/sources.js";
import { type Change } from "../types.js";
import { isObject } from "../json/values.js";
import {
  DefinitionFile,
  diffContract,
  isReadableContract,
  locatePointers,
  type ContractChange,
  type Syntax,
} from "../contracts/index.js";

/** Config `definitions`: URL prefixes and the repository folder they are served from. */
export interface DefinitionMapping {
  url: string;
  path: string;
}

/** Where definitions are read: each side's files and the config's URL mappings. */
export interface DefinitionSources {
  base: SideSource;
  head: SideSource;
  mappings: readonly DefinitionMapping[];
}

/** What is known about one definition of one entity after reading both sides. */
export interface DefinitionCheck {
  /** Undefined when the entry has no URL to read (null, a number, missing). */
  url: string | undefined;
  /** Path of the definition entry in the entity, e.g. `["resourceDefinitions", 0]`. */
  at: (string | number)[];
  /** Why its content could not be compared, when it could not. */
  unchecked?: string;
  /** `info.version` of an OpenAPI or AsyncAPI head file: parsed on first call, since only
   * in-scope entities ask and a repository may hold hundreds of large definitions. */
  infoVersion: () => string | undefined;
  file?: string;
  /** The URL named no file and was found by its path suffix (`definition-resolved-by-suffix`). */
  bySuffix?: { file: string; tail: string };
  /**
   * Files of the same name that differ between base and head while this definition could not
   * be read: the pull request may have changed it (`definition-unchecked` says so).
   */
  changedNamesakes?: string[];
}

/**
 * Maps a definition URL to a path relative to the side's root, never to the network:
 * relative URLs against the document's folder, leading-slash URLs through the mappings and
 * then the root, absolute URLs only through a mapping.
 */
export function resolveDefinition(
  given: string,
  documentDir: string,
  mappings: readonly DefinitionMapping[],
): string | undefined {
  const url = servedPath(given);
  if (url === undefined) return undefined;
  const mapping = mappings.find((m) => url.startsWith(m.url));
  let relative: string;
  if (mapping) relative = path.posix.join(mapping.path, url.slice(mapping.url.length));
  else if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith("//")) return undefined;
  else if (url.startsWith("/")) relative = url.slice(1);
  else relative = path.posix.join(documentDir, url);
  relative = path.posix.normalize(relative);
  return relative.startsWith("../") || relative === ".." ? undefined : relative;
}

/**
 * A definition URL without query and fragment, read the way the consumer's URL parser and the
 * serving side read it (WHATWG URL, then percent-decoding): tabs and newlines dropped, `\` as
 * `/`, `%2E` as `.`. Read literally, `/defs/a%2Ejson`, `/defs\a.json` or `//host/defs/a.json`
 * (another host) would name a file a pull request can add with the old contract, while consumers
 * get `defs/a.json`. Undefined when a segment cannot be decoded or decodes to a separator.
 */
function servedPath(url: string): string | undefined {
  // Nearly every URL holds nothing to decode: it is its own path (5,800 URLs, several lookups
  // each, took 50 ms through the decoding below).
  if (!NEEDS_DECODING.test(url)) return url.split(/[?#]/)[0]!;
  // eslint-disable-next-line no-control-regex
  const trimmed = url.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, "").replace(/[\t\n\r]/g, "");
  const segments = trimmed.split(/[?#]/)[0]!.replace(/\\/g, "/").split("/");
  const decoded: string[] = [];
  for (const segment of segments) {
    let plain: string;
    try {
      plain = decodeURIComponent(segment);
    } catch {
      return undefined;
    }
    if (plain.includes("/") || plain.includes("\\") || plain.includes("\0")) return undefined;
    decoded.push(plain);
  }
  return decoded.join("/");
}

/** A percent escape, a backslash, a control character, or white space at either end. */
// eslint-disable-next-line no-control-regex
const NEEDS_DECODING = /[%\\\u0000-\u001f]|^\s|\s$/;

/**
 * The file name a definition URL is served as (`/defs/a%2Eyaml` is `a.yaml`, as the suffix
 * lookup reads it), for lookups by name; undefined when the URL names none.
 */
export function servedName(url: string): string | undefined {
  const served = servedPath(url);
  return served?.slice(served.lastIndexOf("/") + 1) || undefined;
}

/** Where a definition was found on one side, or why it was not. */
interface Located {
  path?: string;
  content?: Buffer;
  /** The path tail that found it, when the URL itself named no file. */
  tail?: string;
  /** Why it was not found; a function, since a base lookup for a lost contract never says. */
  problem?: () => string;
}

/** Each side's files by name, built on the first definition URL that misses, then kept. */
const indexes = new WeakMap<SideSource, Map<string, string[]>>();

function byName(source: SideSource): Map<string, string[]> | undefined {
  if (!source.list) return undefined;
  let index = indexes.get(source);
  if (!index) {
    index = new Map();
    for (const file of source.list()) {
      const name = file.slice(file.lastIndexOf("/") + 1);
      const same = index.get(name);
      if (same) same.push(file);
      else index.set(name, [file]);
    }
    indexes.set(source, index);
  }
  return index;
}

/**
 * The path segments of a leading-slash URL that no mapping covers (`/metadata/a.json` →
 * `["metadata", "a.json"]`), or undefined when suffix lookup does not apply: other URLs, and URLs
 * with empty, `.` or `..` segments, which could point anywhere.
 */
function suffixSegments(
  given: string,
  mappings: readonly DefinitionMapping[],
): string[] | undefined {
  const url = servedPath(given);
  if (url === undefined || !url.startsWith("/") || url.startsWith("//")) return undefined;
  if (mappings.some((m) => url.startsWith(m.url))) return undefined;
  const segments = url.slice(1).split("/");
  if (segments.some((s) => s === "" || s === "." || s === "..")) return undefined;
  return segments;
}

/**
 * Reads a definition of one side. A leading-slash URL without a mapping that names no file at
 * the root is looked up by suffix: the longest tail of its path (at least its last two segments,
 * or its only one) that exactly one listed file ends with. Servers often publish a folder of the
 * repository under another prefix (`/metadata/...` from `examples/nginx/metadata/`, the CAP
 * plugin's `/ord/v1/<ordId>/<file>` from `gen/ord/<ordId>/<file>`). Two or more files with that
 * tail are ambiguous and resolve nothing. Only listed regular files are candidates (symlinks are
 * neither listed nor followed), and reading goes through the side's own `read`, which stays
 * inside the root.
 */
function locateDefinition(
  url: string,
  documentDir: string,
  mappings: readonly DefinitionMapping[],
  source: SideSource,
  side: "base" | "head",
): Located {
  const relative = resolveDefinition(url, documentDir, mappings);
  const content = relative === undefined ? undefined : source.read(relative);
  if (content !== undefined) return { path: relative, content };
  const notFound = (): string =>
    relative === undefined
      ? `${url} is not a file of this repository (definitions are never fetched; map the URL with "definitions" in the config)`
      : `${url} → ${relative} does not exist in ${side}`;
  const segments = suffixSegments(url, mappings);
  if (!segments || !byName(source)) return { path: relative, problem: notFound };
  const missing: Located = {
    path: relative,
    problem: () =>
      `${notFound()}, and no file of ${side} ends with ${segments.slice(-Math.min(2, segments.length)).join("/")}`,
  };
  const match = suffixMatch(segments, source);
  if (!match) return missing;
  const { tail, matches } = match;
  if (matches.length > 1) {
    const shown = matches.slice(0, 5).map((m) => source.display(m));
    const more = matches.length > 5 ? ` and ${matches.length - 5} more` : "";
    return {
      path: relative,
      problem: () =>
        `${url} has no "definitions" mapping and ${matches.length} files of ${side} end with ${tail} (${shown.join(", ")}${more}): map the URL with "definitions" in the config`,
    };
  }
  const found = source.read(matches[0]!);
  return found === undefined ? missing : { path: matches[0], content: found, tail };
}

/**
 * The listed files that end with the longest tail of `segments` (at least the last two, or the
 * only one) that any file ends with: one is the definition, several are ambiguous.
 */
function suffixMatch(
  segments: readonly string[],
  source: SideSource,
): { tail: string; matches: string[] } | undefined {
  const named = byName(source)?.get(segments[segments.length - 1]!);
  if (!named) return undefined;
  for (let k = segments.length; k >= Math.min(2, segments.length); k--) {
    const tail = segments.slice(-k).join("/");
    const matches = named.filter((file) => file === tail || file.endsWith(`/${tail}`));
    if (matches.length > 0) return { tail, matches };
  }
  return undefined;
}

/**
 * The file base read a definition from, shown as head's, when head resolves the same URL to
 * another file while still holding base's with other content. A suffix lookup yields to the
 * URL's literal path and to longer tails, so a pull request could add a copy of the old contract
 * there and break the served file unseen: neither file can be trusted to be the served one. A
 * file base had that head no longer has is a move, and the new one is compared.
 */
function rivalFile(inBase: Located, inHead: Located, head: SideSource): string | undefined {
  if (inBase.tail === undefined && inHead.tail === undefined) return undefined;
  if (inBase.path === undefined || inBase.path === inHead.path) return undefined;
  const stillThere = head.read(inBase.path);
  if (stillThere === undefined || stillThere.equals(inHead.content!)) return undefined;
  return head.display(inBase.path);
}

/**
 * Files named like the definition's URL that differ between base and head (added, removed or
 * changed). Looked up in each side's index by name, so only namesakes are read.
 */
function changedNamesakes(url: string, sources: { base: SideSource; head: SideSource }): string[] {
  const name = url.split(/[?#]/)[0]!.split("/").pop();
  const base = byName(sources.base);
  const head = byName(sources.head);
  if (!name || !base || !head) return [];
  const inBase = base.get(name);
  const inHead = head.get(name);
  // Most URLs that name no file name no file anywhere: nothing to read or sort.
  if (!inBase && !inHead) return [];
  const candidates = [...new Set([...(inBase ?? []), ...(inHead ?? [])])].sort();
  return candidates
    .filter((file) => {
      const before = sources.base.read(file);
      const after = sources.head.read(file);
      return before === undefined || after === undefined || !before.equals(after);
    })
    .map((file) => sources.head.display(file));
}

interface DefinitionEntry {
  url: string | undefined;
  type?: string;
  at: (string | number)[];
}

function definitionsOf(record: EntityRecord): DefinitionEntry[] {
  const found: DefinitionEntry[] = [];
  for (const field of ["resourceDefinitions", "definitions"]) {
    const list = record.value[field];
    if (!Array.isArray(list)) continue;
    list.forEach((entry, index) => {
      // An entry without a string URL is kept: its contract is unknown (checkDefinitions).
      if (isObject(entry)) {
        const type = typeof entry.customType === "string" ? entry.customType : entry.type;
        found.push({
          url: typeof entry.url === "string" ? entry.url : undefined,
          type: typeof type === "string" ? type : undefined,
          at: [field, index],
        });
      }
    });
  }
  return found;
}

/**
 * Asks each side's source to read every definition file its entities name in one go: a git
 * base then runs one process for all of them instead of one per file. Files found by suffix
 * are still read one at a time.
 */
export function prefetchDefinitions(sides: { base: Side; head: Side }, sources: DefinitionSources) {
  for (const which of ["base", "head"] as const) {
    const source = sources[which];
    if (!source.prefetch) continue;
    const paths = new Set<string>();
    const listed = new Set(source.list?.());
    for (const record of sides[which].entities) {
      for (const { url } of definitionsOf(record)) {
        if (url === undefined) continue;
        const relative = resolveDefinition(url, record.doc.dir, sources.mappings);
        if (relative !== undefined) paths.add(relative);
        if (relative !== undefined && listed.has(relative)) continue;
        // Not a listed file of the side: it may be found by its suffix (locateDefinition), read
        // here in the same batch rather than with a process of its own.
        const segments = suffixSegments(url, sources.mappings);
        const match = segments && suffixMatch(segments, source);
        if (match?.matches.length === 1) paths.add(match.matches[0]!);
      }
    }
    source.prefetch(paths);
  }
}

function infoVersion(file: DefinitionFile): string | undefined {
  const data = file.data;
  if ("problem" in data || !isObject(data.value)) return undefined;
  const { value } = data;
  if (!("openapi" in value || "swagger" in value || "asyncapi" in value)) return undefined;
  const version = isObject(value.info) ? value.info.version : undefined;
  return typeof version === "string" ? version : undefined;
}

/**
 * `info.version` of a head definition file, read and parsed on first call. The file is read again
 * rather than held: a function holding the bytes kept every large definition in memory to the
 * end of the run, long after its diff was done.
 */
function readsInfoVersion(source: SideSource, relative: string): () => string | undefined {
  let version: { value: string | undefined } | undefined;
  return () => {
    if (!version) {
      const bytes = source.read(relative);
      version = { value: bytes && infoVersion(new DefinitionFile(bytes)) };
    }
    return version.value;
  };
}

const NO_INFO_VERSION = (): undefined => undefined;

/** A function answering `value`, made here so that it holds nothing of its caller's scope. */
const returning =
  <T>(value: T) =>
  (): T =>
    value;

/**
 * The base file of a definition that head cannot find, when base held a contract a differ reads
 * (docs/rules/definition-unchecked.md: base known, head unknown is breaking).
 */
function lostContract(
  baseEntry: DefinitionEntry | undefined,
  dir: string,
  mappings: readonly DefinitionMapping[],
  sources: { base: SideSource; head: SideSource },
): string | undefined {
  if (baseEntry?.url === undefined) return undefined;
  const inBase = locateDefinition(baseEntry.url, dir, mappings, sources.base, "base");
  if (inBase.path === undefined || inBase.content === undefined) return undefined;
  const text = inBase.content.toString("utf8");
  return isReadableContract(baseEntry.type, baseEntry.url, text)
    ? sources.base.display(inBase.path)
    : undefined;
}

/**
 * The change of a definition base read as a contract and head cannot read at all (`why`, e.g.
 * "x.json cannot be found"): unknown, so breaking (docs/rules/definition-unchecked.md).
 */
function unknownContract(
  baseFile: string,
  why: string,
  path: string,
  kind: Change["kind"],
  location: Change["location"],
): Change {
  return {
    path,
    kind,
    class: "breaking",
    source: "definition",
    reason: `definition ${baseFile} was read in base but ${why} in head: its contract is unknown, so it counts as breaking`,
    location,
  };
}

/** Line and column of each change's pointer, in the side's file it points into. */
function placeChanges(
  changes: readonly ContractChange[],
  files: Record<"base" | "head", DefinitionFile>,
  syntax: Record<"base" | "head", Syntax>,
): { line: number; column: number }[] {
  const places: { line: number; column: number }[] = [];
  for (const side of ["base", "head"] as const) {
    // Each file is walked once for all of its pointers (src/contracts/file/locate-json.ts).
    const onSide = changes.flatMap((change, k) => (change.side === side ? [k] : []));
    const found = locatePointers(
      files[side],
      syntax[side],
      onSide.map((k) => changes[k]!.pointer),
    );
    onSide.forEach((k, n) => (places[k] = found[n]!));
  }
  return places;
}

/**
 * Reads each definition of a compared entity in base and head. Identical content is no change;
 * different content is diffed by the differ of its format, each contract change located in the
 * definition file. Content that cannot be compared is a change with `definition-unchecked` saying
 * why, so that it is never silently treated as unchanged: `breaking` when base's contract was read
 * and head's cannot be (the contract is unknown), else `patch`.
 */
export function checkDefinitions(
  base: EntityRecord | undefined,
  head: EntityRecord,
  sources: DefinitionSources,
): { checks: DefinitionCheck[]; changes: Change[] } {
  const checks: DefinitionCheck[] = [];
  const changes: Change[] = [];
  const { mappings } = sources;
  const baseDefinitions = base ? definitionsOf(base) : [];
  // Head often shares base's value (an unchanged entity, reuse.ts): the same definitions.
  const headDefinitions = base?.value === head.value ? baseDefinitions : definitionsOf(head);
  // The same definition in base: same URL and type; else (only its URL moved) same field and
  // type; else same URL (its type changed). Type before URL: an OpenAPI entry pointed at the URL
  // of the resource's WSDL entry, which is never read, must still be compared with its own base.
  const withUrl = baseDefinitions.filter((b) => b.url !== undefined);
  const baseOf = (d: DefinitionEntry): DefinitionEntry | undefined =>
    withUrl.find((b) => b.url === d.url && b.type === d.type) ??
    withUrl.find((b) => b.at[0] === d.at[0] && b.type === d.type) ??
    withUrl.find((b) => b.url === d.url);
  // Item 3 of issue 14: formats no differ reads (CSN next to CAP's EDMX and OpenAPI) stay quiet
  // when another definition of the same resource was read as a contract on both sides.
  let understood = false;
  const unchangedContracts: { type?: string; url: string; content: Buffer }[] = [];
  const unread: { check: DefinitionCheck; index: number; file: string }[] = [];
  for (const definition of headDefinitions) {
    const check: DefinitionCheck = { ...definition, infoVersion: NO_INFO_VERSION };
    checks.push(check);
    if (definition.url === undefined) {
      // Nothing to read, like a file that cannot be found: a pull request must not hide a
      // contract change by breaking the URL too (the URL's own change is only a patch).
      const entry = `${definition.at[0]}[${definition.at[1]}]`;
      check.unchecked = `${entry} has no URL (a string), so its contract cannot be read`;
      const lost = base && lostContract(baseOf(definition), base.doc.dir, mappings, sources);
      if (lost) {
        const location = locate(head.doc, [...head.at, ...definition.at]);
        changes.push(unknownContract(lost, `${entry} has no URL`, entry, "changed", location));
      }
      continue;
    }
    const inHead = locateDefinition(definition.url, head.doc.dir, mappings, sources.head, "head");
    const headPath = inHead.path;
    const headContent = inHead.content;
    if (headPath === undefined || headContent === undefined) {
      check.unchecked = inHead.problem?.();
      const namesakes = changedNamesakes(definition.url, sources);
      if (namesakes.length > 0) check.changedNamesakes = namesakes;
      const lost = base && lostContract(baseOf(definition), base.doc.dir, mappings, sources);
      if (lost) {
        const path = `${definition.at[0]}[${definition.url}]`;
        const location = locate(head.doc, [...head.at, ...definition.at, "url"]);
        const missing = `${definition.url} cannot be found`;
        changes.push(unknownContract(lost, missing, path, "removed", location));
      }
      continue;
    }
    check.file = sources.head.display(headPath);
    if (inHead.tail) check.bySuffix = { file: check.file, tail: inHead.tail };
    check.infoVersion = readsInfoVersion(sources.head, headPath);
    const baseEntry = baseOf(definition);
    if (!base || baseEntry?.url === undefined) continue;
    const inBase = locateDefinition(baseEntry.url, base.doc.dir, mappings, sources.base, "base");
    const basePath = inBase.path;
    const baseContent = inBase.content;
    if (baseContent === undefined) {
      check.unchecked = `${definition.url} could not be read in base, so its contract changes are unknown`;
      continue;
    }
    const rival = rivalFile(inBase, inHead, sources.head);
    if (rival) {
      const [was, now] = [sources.base.display(basePath!), sources.head.display(headPath)];
      check.unchecked = `${definition.url} was read from ${was} in base, but head resolves it to ${now} while ${rival} still exists with other content: which one is served is unclear; map the URL with "definitions" in the config`;
      const lost = lostContract(baseEntry, base.doc.dir, mappings, sources);
      if (lost) {
        const location = locate(head.doc, [...head.at, ...definition.at, "url"]);
        const why = `resolves to both ${now} and ${rival}`;
        changes.push(
          unknownContract(lost, why, `${definition.at[0]}[${definition.url}]`, "changed", location),
        );
      }
      continue;
    }
    if (baseContent.equals(headContent)) {
      unchangedContracts.push({ type: definition.type, url: definition.url, content: headContent });
      continue;
    }
    const [baseFile, headFile] = [new DefinitionFile(baseContent), new DefinitionFile(headContent)];
    const result = diffContract(definition.type, definition.url, baseFile, headFile);
    // Read from the diff's parse now: a later call would read and parse the head file again.
    if (headFile.parsed) check.infoVersion = returning(infoVersion(headFile));
    if ("sameValue" in result) continue;
    const path = `${definition.at[0]}[${definition.url}]`;
    if ("unchecked" in result) {
      check.unchecked = result.unchecked;
      // Base's contract was read and head's cannot be: whatever head promises is unknown, so
      // consumers cannot be assumed safe (breaking, docs/rules/definition-unchecked.md).
      // Otherwise nothing readable was lost: a change, reported as patch.
      const change: Change = {
        path,
        kind: "changed",
        class: result.headUnknown ? "breaking" : "patch",
        source: "definition",
        reason: result.headUnknown
          ? `definition ${sources.head.display(headPath)} cannot be read in head while its base contract could: its contract is unknown, so it counts as breaking`
          : `definition ${sources.head.display(headPath)} changed; its contract changes are not analysed`,
        location: locate(head.doc, [...head.at, ...definition.at, "url"]),
        definition: { file: sources.head.display(headPath), pointer: "" },
      };
      const index = changes.push(change) - 1;
      if (result.noDiffer) unread.push({ check, index, file: sources.head.display(headPath) });
      continue;
    }
    understood = true;
    const places = placeChanges(result.changes, { base: baseFile, head: headFile }, result.syntax);
    const files = { base: sources.base.display(basePath!), head: sources.head.display(headPath) };
    result.changes.forEach((change, k) => {
      const file = files[change.side];
      changes.push({
        path: `${path}${change.pointer.startsWith("/") ? change.pointer : `#${change.pointer}`}`,
        kind: change.kind,
        class: change.class,
        source: "definition",
        id: change.id,
        reason: change.reason,
        location: { file, ...places[k]! },
        definition: { file, pointer: change.pointer },
      });
    });
  }
  const spokenFor =
    unread.length > 0 &&
    (understood ||
      unchangedContracts.some((d) =>
        isReadableContract(d.type, d.url, d.content.toString("utf8")),
      ));
  if (spokenFor)
    for (const { check, index, file } of unread) {
      delete check.unchecked;
      changes[index] = {
        ...changes[index]!,
        reason: `definition ${file} changed; no differ reads its format, and the resource's other definitions, which were read, decide its contract`,
      };
    }
  return { checks, changes };
}
