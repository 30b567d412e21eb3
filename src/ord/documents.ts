import type { JSONPath } from "jsonc-parser";
import { shared, type Location, type SharedJson } from "../types.js";
import { isObject, type JsonObject } from "../json/values.js";
import { ENTITY_TYPES, type EntityTypeInfo } from "./entity-types.js";
import { crypto } from "../lazy.js";
import { ordIdKey } from "./ord-id.js";
import { decodeUtf8, parseJson, type ParseProblem } from "./parse.js";
import { LineIndex } from "../json/positions.js";
import type { PositionIndex } from "../json/positions.js";
import type { SourceFile } from "./sources.js";

export interface OrdDocument {
  path: string;
  rel: string;
  /** Folder relative to the side's root, for relative definition URLs. */
  dir: string;
  text: string;
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
   * What each file holds, to tell new or changed files from untouched ones: the decoded text
   * (the document's own string, so it costs nothing), or a digest of the bytes of a file that
   * could not be decoded. Raw bytes are not kept: they would double what a large run holds.
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
  /** The base side, when loading head: its documents tell which paths must stay documents, and
   * a head file with the same bytes reuses the base parse (most files of a PR are untouched). */
  base?: Side;
  /**
   * The other side, already loaded (the Action loads the head first, for its "no ORD changes"
   * shortcut): a file with the same text takes its parse, a changed one its unchanged entities,
   * so both sides share their values as with `base`. Ignored when `base` is given.
   */
  earlier?: Side;
  /**
   * These very files, already loaded with duplicate keys checked (`duplicates: "all"`): their
   * documents are taken as they are, so a run parses each document once.
   */
  parsed?: Side;
  /** Look for duplicate keys in `changed` files only (base is never judged), or in `all`. */
  duplicates?: "none" | "changed" | "all";
  /** Larger files are not parsed (a finding says so) instead of exhausting memory. */
  maxBytes?: number;
}

export const DEFAULT_MAX_DOCUMENT_BYTES = 50 * 1024 * 1024;
const MB = 1024 * 1024;

/**
 * Whether any of the files may hold an ORD document: one named explicitly or one that mentions
 * the marker (the files loadSide looks at). None on either side means there was nothing to check.
 */
export function hasDocumentCandidates(files: SourceFile[]): boolean {
  return files.some((file) => file.explicit || candidateBytes(file, false) !== undefined);
}

/** The file's bytes when it must be a document or mentions the marker, else undefined. */
function candidateBytes(file: SourceFile, mustBeDocument: boolean): Buffer | undefined {
  if (mustBeDocument) return file.bytes();
  if (file.bytesIfMentioning) return file.bytesIfMentioning(MARKER);
  const bytes = file.bytes();
  return bytes.includes(MARKER) ? bytes : undefined;
}

/**
 * Parses the candidate files of one side. A file is an ORD document when its top-level object
 * has `openResourceDiscovery`. A file that cannot be read is a problem when it was named
 * explicitly, held an ORD document in base, or mentions the marker at all: a pull request that
 * breaks the JSON must never pass as "no documents".
 */
export function loadSide(files: SourceFile[], options: LoadOptions = {}): Side {
  const byRel = (side?: Side) => new Map(side?.documents.map((d) => [d.rel, d]));
  const baseDocs = byRel(options.base);
  const earlierDocs = options.base ? baseDocs : byRel(options.earlier);
  const parsedDocs = byRel(options.parsed);
  const duplicates = options.duplicates ?? "all";
  const side: Side = {
    documents: [],
    entities: [],
    byKey: new Map(),
    tombstones: new Map(),
    content: new Map(),
    sizes: new Map(),
    unreadable: new Set(),
    problems: [],
  };
  // One order for every source (git ls-tree and a directory walk sort paths differently): which
  // copy of a duplicated ORD ID is "the" record must not depend on how the files were listed.
  const ordered = [...files].sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  for (const file of ordered) {
    const mustBeDocument = file.explicit || baseDocs.has(file.rel);
    const bytes = candidateBytes(file, mustBeDocument);
    if (bytes === undefined) continue;
    side.sizes.set(file.rel, bytes.length);
    const unreadable = (problem: ParseProblem): void => {
      side.content.set(
        file.rel,
        `\u0000sha256:${crypto().createHash("sha256").update(bytes).digest("hex")}`,
      );
      side.unreadable.add(file.rel);
      side.problems.push({
        ruleId: "document-unreadable",
        rel: file.rel,
        message: `${file.path} cannot be read as an ORD document: ${problem.message}`,
        location: { file: file.path, line: problem.line, column: problem.column },
      });
    };
    const maxBytes = options.maxBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;
    if (bytes.length > maxBytes) {
      const size = `${(bytes.length / MB).toFixed(1)} MB`;
      unreadable({
        message: `it is ${size}, over the limit of ${(maxBytes / MB).toFixed(1)} MB (config max-document-size)`,
        line: 1,
        column: 1,
      });
      continue;
    }
    const known = parsedDocs.get(file.rel);
    const decoded = known ? { text: known.text } : decodeUtf8(bytes);
    if ("problem" in decoded) {
      unreadable(decoded.problem);
      continue;
    }
    side.content.set(file.rel, decoded.text);
    const same = earlierDocs.get(file.rel);
    const reused =
      same && duplicates !== "all" && same.text === decoded.text
        ? same // untouched file: the other side's parse (values are never mutated)
        : known;
    if (reused) {
      const doc = { ...reused, path: file.path, dir: file.dir };
      side.documents.push(doc);
      collectEntities(doc, side);
      continue;
    }
    const parsed = parseJson(
      decoded.text,
      /\.jsonc$/i.test(file.path),
      duplicates !== "none",
      same, // most entities of a changed file are unchanged: their base values are reused
    );
    if ("problem" in parsed) {
      unreadable(parsed.problem);
      continue;
    }
    if (!isObject(parsed.value) || !(MARKER in parsed.value)) {
      if (mustBeDocument) {
        unreadable({
          message: `it is not an ORD document (no top-level object with "${MARKER}")`,
          line: 1,
          column: 1,
        });
      }
      continue;
    }
    const doc = ordDocument(file, decoded.text, parsed.value, parsed.positions);
    side.documents.push(doc);
    collectEntities(doc, side);
  }
  return side;
}

/**
 * Built outside loadSide's loop on purpose: a closure created there would share the loop's
 * scope, which holds the file's raw bytes, and keep every file's Buffer alive until the run ends.
 */
function ordDocument(
  file: SourceFile,
  text: string,
  value: JsonObject,
  positions: PositionIndex,
): OrdDocument {
  let lines: LineIndex | undefined;
  return {
    path: file.path,
    rel: file.rel,
    dir: file.dir,
    text,
    value: shared(value),
    positions,
    position: (offset) => (lines ??= new LineIndex(text)).position(offset),
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
