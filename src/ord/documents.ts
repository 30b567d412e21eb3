import type { JSONPath } from "jsonc-parser";
import { shared, type Location, type SharedJson } from "../types.js";
import { isObject } from "../json/values.js";
import { ENTITY_TYPES, type EntityTypeInfo } from "./entity-types.js";
import { crypto } from "../lazy.js";
import { mentionsWord } from "./marker.js";
import { ordIdKey } from "./ord-id.js";
import { decodeUtf8, LARGE_TEXT, parseJson, type ParseProblem } from "./parse.js";
import { LineIndex } from "../json/positions.js";
import type { PositionIndex } from "../json/positions.js";
import type { Oversize, SourceFile } from "./sources.js";

export interface OrdDocument {
  path: string;
  rel: string;
  /** Folder relative to the side's root, for relative definition URLs. */
  dir: string;
  /**
   * The document's text. Held only while loading needs it (see {@link loadBoth}), then read again
   * from its source when a finding needs a line; undefined when the file changed meanwhile.
   */
  text(): string | undefined;
  /** Stops holding the text, unless it is large (loadBoth, once both sides of its path are in). */
  release(): void;
  value: SharedJson;
  positions: PositionIndex;
  /** Line and column of an offset (the line index is built on first use). */
  position(offset: number): { line: number; column: number };
}

/** An object with an `ordId` in one of the entity arrays of a document. */
export interface EntityRecord {
  key: string;
  ordId: string;
  info: EntityTypeInfo;
  value: SharedJson;
  doc: OrdDocument;
  /** Path of the entity inside its document, e.g. `["apiResources", 3]`. */
  at: JSONPath;
}

export interface TombstoneRecord {
  key: string;
  ordId: string;
  value: SharedJson;
  doc: OrdDocument;
  at: JSONPath;
}

/** A document-level problem found while loading, before any rule runs. */
export interface LoadProblem {
  ruleId: "document-unreadable" | "document-schema-violation";
  rel: string;
  message: string;
  location: Location;
  /** Top-level field the problem sits in; scope keeps it only when that field changed. */
  field?: string;
}

export interface Side {
  documents: OrdDocument[];
  entities: EntityRecord[];
  byKey: Map<string, EntityRecord[]>;
  tombstones: Map<string, TombstoneRecord[]>;
  /**
   * What each file holds, to tell new or changed files from untouched ones: a token per text,
   * the same on both sides exactly when the texts are equal (found while loading, when both are
   * at hand), or a digest of the bytes of a file that could not be decoded.
   */
  content: Map<string, string>;
  /** Size in bytes per pairing key. */
  sizes: Map<string, number>;
  /** Pairing keys of files whose document could not be read: their entities are not judged. */
  unreadable: Set<string>;
  problems: LoadProblem[];
}

const MARKER = "openResourceDiscovery";

export interface LoadOptions {
  /** Look for duplicate keys in `changed` files only (base is never judged), or in `all`. */
  duplicates?: "none" | "changed" | "all";
  /** Larger files are not parsed (a finding says so) instead of exhausting memory. */
  maxBytes?: number;
}

export interface LoadBothOptions extends LoadOptions {
  /**
   * The head's files, already loaded alone with duplicate keys checked (`duplicates: "all"`; the
   * Action loads them for its "no ORD changes" shortcut): their documents are taken as they are,
   * and base reuses their parse, so a run parses each document once.
   */
  parsed?: Side;
}

export const DEFAULT_MAX_DOCUMENT_BYTES = 50 * 1024 * 1024;
const MB = 1024 * 1024;

/**
 * Whether any of the files may hold an ORD document: one named explicitly or one that mentions
 * the marker (the files loadSide looks at). None on either side means there was nothing to check.
 */
export function hasDocumentCandidates(files: SourceFile[]): boolean {
  // Any limit will do: only whether a file is a candidate counts, and an oversize one is neither
  // read whole nor hashed (its digest is asked for by the loader only).
  return files.some((file) => file.explicit || candidateBytes(file, false, 0) !== undefined);
}

/**
 * The file's bytes when it must be a document or mentions the marker, else undefined; a file
 * over `limit` may come as its size and digest instead (SourceFile.candidate).
 */
function candidateBytes(
  file: SourceFile,
  mustBeDocument: boolean,
  limit: number,
): Buffer | Oversize | undefined {
  if (file.candidate) return file.candidate(mustBeDocument ? undefined : MARKER, limit);
  if (mustBeDocument) return file.bytes();
  const bytes = file.bytes();
  return mentionsWord(bytes, MARKER) ? bytes : undefined;
}

const emptySide = (): Side => ({
  documents: [],
  entities: [],
  byKey: new Map(),
  tombstones: new Map(),
  content: new Map(),
  sizes: new Map(),
  unreadable: new Set(),
  problems: [],
});

// One order for every source (git ls-tree and a directory walk sort paths differently): which
// copy of a duplicated ORD ID is "the" record must not depend on how the files were listed.
const byRel = (a: SourceFile, b: SourceFile): number =>
  a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0;

/**
 * Parses the candidate files of one side. A file is an ORD document when its top-level object
 * has `openResourceDiscovery`. A file that cannot be read is a problem when it was named
 * explicitly, held an ORD document in base, or mentions the marker at all: a pull request that
 * breaks the JSON must never pass as "no documents". The texts stay held: {@link loadBoth} may
 * reuse them.
 */
export function loadSide(files: SourceFile[], options: LoadOptions = {}): Side {
  const side = emptySide();
  for (const file of [...files].sort(byRel)) loadFile(file, side, {}, options);
  return side;
}

/**
 * Loads base and head path by path, each head file right after its base namesake: an untouched
 * file takes base's parse, a changed one base's values of its unchanged entities (reuse.ts), and
 * both texts are let go before the next path. A pull request of many documents so never holds
 * their texts (a third of what it held); a finding that needs a line reads its file again.
 */
export function loadBoth(
  baseFiles: SourceFile[],
  headFiles: SourceFile[],
  options: LoadBothOptions = {},
): { base: Side; head: Side } {
  const base = emptySide();
  const head = emptySide();
  const parsed = options.parsed;
  const known = new Map(parsed?.documents.map((d) => [d.rel, d]));
  const bases = [...baseFiles].sort(byRel);
  const heads = [...headFiles].sort(byRel);
  for (let i = 0, j = 0; i < bases.length || j < heads.length;) {
    const order = i === bases.length ? 1 : j === heads.length ? -1 : byRel(bases[i]!, heads[j]!);
    const b = order <= 0 ? bases[i++] : undefined;
    const h = order >= 0 ? heads[j++] : undefined;
    const rel = (b ?? h)!.rel;
    const parsedDoc = known.get(rel);
    let baseBytes: Buffer | undefined;
    const baseDoc =
      b &&
      loadFile(
        b,
        base,
        { same: parsedDoc, other: parsed, read: (bytes) => (baseBytes = keepCopy(bytes)) },
        { ...options, duplicates: "none" },
      );
    const headDoc =
      h &&
      loadFile(
        h,
        head,
        {
          same: baseDoc,
          sameBytes: baseBytes,
          other: base,
          known: parsedDoc,
          parsed,
          inBase: baseDoc !== undefined,
        },
        options,
      );
    for (const doc of [parsedDoc, baseDoc, headDoc]) doc?.release();
  }
  return { base, head };
}

let kept = Buffer.alloc(0);

/**
 * A copy of base's bytes in one buffer reused for every path: a file source reads every file into
 * one shared buffer (sources.ts), so base's bytes would be overwritten by its head namesake and
 * always "equal" it.
 */
function keepCopy(bytes: Buffer): Buffer | undefined {
  // A large file is compared as text, as before: a copy would touch as many fresh pages (18 MB:
  // about 45 ms here) as decoding saves.
  if (bytes.length >= LARGE_TEXT) return undefined;
  if (kept.length < bytes.length) kept = Buffer.allocUnsafe(bytes.length);
  bytes.copy(kept);
  return kept.subarray(0, bytes.length);
}

interface Namesakes {
  /** The same path's document on the other side, loaded already: its parse is reused. */
  same?: OrdDocument;
  /** The bytes `same` was read from: equal bytes are the same text, with no decoding. */
  sameBytes?: Buffer;
  /** Told the bytes read (base's, for its head namesake). */
  read?: (bytes: Buffer) => void;
  /** That side, for its content token. */
  other?: Side;
  /** This very file's document from an earlier load of this side (`parsed`), taken as it is. */
  known?: OrdDocument;
  parsed?: Side;
  /** Base held a document at this path (head files only). */
  inBase?: boolean;
}

/** Loads one file into `side`; returns its document, if it is one. */
function loadFile(
  file: SourceFile,
  side: Side,
  { same, sameBytes, read, other, known, parsed, inBase }: Namesakes,
  options: LoadOptions,
): OrdDocument | undefined {
  // A path that held a document in base must still hold one: a head file that lost the marker
  // is unreadable, not silently no document.
  const mustBeDocument = file.explicit || inBase === true;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;
  const candidate = candidateBytes(file, mustBeDocument, maxBytes);
  if (candidate === undefined) return undefined;
  const size = Buffer.isBuffer(candidate) ? candidate.length : candidate.size;
  side.sizes.set(file.rel, size);
  const unreadable = (problem: ParseProblem): undefined => {
    const sha256 = Buffer.isBuffer(candidate)
      ? crypto().createHash("sha256").update(candidate).digest("hex")
      : candidate.sha256();
    side.content.set(file.rel, `\u0000sha256:${sha256}`);
    side.unreadable.add(file.rel);
    side.problems.push({
      ruleId: "document-unreadable",
      rel: file.rel,
      message: `${file.path} cannot be read as an ORD document: ${problem.message}`,
      location: { file: file.path, line: problem.line, column: problem.column },
    });
    return undefined;
  };
  // A file that came as its size and digest is always over the limit.
  if (size > maxBytes || !Buffer.isBuffer(candidate)) {
    return unreadable({
      message: `it is ${megabytes(size, maxBytes)}, over the limit of ${megabytes(maxBytes, size)} (config max-document-size)`,
      line: 1,
      column: 1,
    });
  }
  const bytes = candidate;
  read?.(bytes);
  if (known) {
    // The earlier load's token already says whether base holds the same text.
    side.content.set(file.rel, parsed!.content.get(file.rel)!);
    return addDocument(side, known);
  }
  // Most files of a pull request are untouched: equal bytes take the other side's held text.
  const heldText = same && sameBytes?.equals(bytes) ? same.text() : undefined;
  const decoded = heldText === undefined ? decodeUtf8(bytes) : { text: heldText };
  if ("problem" in decoded) return unreadable(decoded.problem);
  const { text } = decoded;
  const sameText = same !== undefined && same.text() === text;
  side.content.set(file.rel, sameText ? other!.content.get(file.rel)! : textToken());
  const duplicates = options.duplicates ?? "all";
  if (sameText && duplicates !== "all") {
    // An untouched file: the other side's parse (values are never mutated).
    return addDocument(side, ordDocument(file, new HeldText(text, file), same));
  }
  const held = new HeldText(text, file);
  const parsedJson = parseJson(
    text,
    /\.jsonc$/i.test(file.path),
    duplicates !== "none",
    same, // most entities of a changed file are unchanged: their base values are reused
    () => held.get() ?? "",
  );
  if ("problem" in parsedJson) return unreadable(parsedJson.problem);
  if (!isObject(parsedJson.value) || !(MARKER in parsedJson.value)) {
    if (!mustBeDocument) return undefined;
    return unreadable({
      message: `it is not an ORD document (no top-level object with "${MARKER}")`,
      line: 1,
      column: 1,
    });
  }
  const { value, positions } = parsedJson;
  return addDocument(side, ordDocument(file, held, { value: shared(value), positions }));
}

/** `2.5 MB`, or the bytes when `other` would round to the same text ("2.0 MB over 2.0 MB"). */
function megabytes(bytes: number, other: number): string {
  const shown = `${(bytes / MB).toFixed(1)} MB`;
  return shown === `${(other / MB).toFixed(1)} MB` ? `${bytes} bytes` : shown;
}

function addDocument(side: Side, doc: OrdDocument): OrdDocument {
  side.documents.push(doc);
  collectEntities(doc, side);
  return doc;
}

let tokens = 0;
/** A token no other text of the run has: texts are told apart without holding them. */
const textToken = (): string => `\u0000text:${++tokens}`;

/**
 * A document's text: held while loading may reuse it, then read again from the file only when a
 * finding needs a line. A file that changed meanwhile (another length) gives no text.
 */
class HeldText {
  private text: string | undefined;
  private readonly length: number;
  constructor(
    text: string,
    private readonly file: SourceFile,
  ) {
    this.text = text;
    this.length = text.length;
  }
  get(): string | undefined {
    if (this.text !== undefined) return this.text;
    const decoded = decodeUtf8(this.file.bytes());
    if ("problem" in decoded || decoded.text.length !== this.length) return undefined;
    return (this.text = decoded.text);
  }
  /**
   * Lets go of a small text. A large one stays: V8 places it outside the young generation, so
   * holding it costs no copying, and its memory would not be reused before the run ends, while
   * reading it again for a finding costs a second copy (a 36 MB document: +70 MB peak RSS).
   */
  release(): void {
    if (this.length < LARGE_TEXT) this.text = undefined;
  }
}

/**
 * Built outside loadFile on purpose: a closure created there would share its scope, which holds
 * the file's raw bytes, and keep every file's Buffer alive until the run ends.
 */
function ordDocument(
  file: SourceFile,
  held: HeldText,
  parse: Pick<OrdDocument, "value" | "positions">,
): OrdDocument {
  let lines: LineIndex | undefined;
  return {
    path: file.path,
    rel: file.rel,
    dir: file.dir,
    text: () => held.get(),
    release: () => held.release(),
    value: parse.value,
    positions: parse.positions,
    position: (offset) => {
      const text = held.get();
      if (text === undefined) return { line: 1, column: 1 };
      return (lines ??= new LineIndex(text)).position(offset);
    },
  };
}

function collectEntities(doc: OrdDocument, side: Side): void {
  const structural = (field: string, at: JSONPath, message: string): void => {
    side.problems.push({
      ruleId: "document-schema-violation",
      rel: doc.rel,
      field,
      message,
      location: locate(doc, at),
    });
  };
  for (const info of ENTITY_TYPES) {
    const list = doc.value[info.array];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      structural(info.array, [info.array], `"${info.array}" must be an array; it is not judged`);
      continue;
    }
    list.forEach((value, index) => {
      const at = [info.array, index];
      if (!isObject(value)) {
        structural(info.array, at, `${info.array}[${index}] must be an object; it is not judged`);
      } else if (typeof value.ordId !== "string" || value.ordId === "") {
        structural(
          info.array,
          at,
          `${info.array}[${index}] has no "ordId" string, so it cannot be matched between base and head and is not judged`,
        );
      } else {
        const record: EntityRecord = {
          key: ordIdKey(value.ordId),
          ordId: value.ordId,
          info,
          value: shared(value),
          doc,
          at,
        };
        side.entities.push(record);
        const same = side.byKey.get(record.key);
        if (same) same.push(record);
        else side.byKey.set(record.key, [record]);
      }
    });
  }
  const tombstones = doc.value.tombstones;
  if (!Array.isArray(tombstones)) return;
  tombstones.forEach((value, index) => {
    if (!isObject(value) || typeof value.ordId !== "string") return;
    const record: TombstoneRecord = {
      key: ordIdKey(value.ordId),
      ordId: value.ordId,
      value: shared(value),
      doc,
      at: ["tombstones", index],
    };
    const same = side.tombstones.get(record.key);
    if (same) same.push(record);
    else side.tombstones.set(record.key, [record]);
  });
}

/**
 * Position of the value at `at` (or of its closest existing ancestor) in the document.
 * Properties point at their value, so a comment on that line shows the value being judged.
 */
export function locate(doc: OrdDocument, at: JSONPath): Location {
  return { file: doc.path, ...doc.position(doc.positions.offsetOf(at)) };
}
