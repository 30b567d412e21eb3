/**
 * Building one case: `makeCase(corpus, seed, index)` picks a kind (structured, bytes, mixed,
 * definition, multi, extreme) and a document, and hands them to the family that mutates them.
 * Deterministic in (seed, index) alone. It also records which head documents stop being readable
 * ORD documents, so the report check can demand a document-unreadable finding for each.
 */
import { EMPTY_CONFIG, type Config } from "../../src/config.js";
import type { FailOn } from "../../src/types.js";
import { applyBytes } from "./bytes.js";
import type { Corpus } from "./corpus.js";
import { definitionCase } from "./definitions.js";
import { type ExtremeScale, FULL_SCALE, withExtreme } from "./extreme.js";
import { usePools } from "./hostile.js";
import { clone, isOrdDocument, serialize, tryParseDocument } from "./json.js";
import { multiCase } from "./multi.js";
import { caseSeed, Rng } from "./rng.js";
import { applyStructured } from "./structured.js";

/** The files of one side: documents (candidates) and other files (definitions). */
export interface FileSet {
  docs: Map<string, Buffer>;
  extra: Map<string, Buffer>;
}

export interface FuzzCase {
  seed: number;
  index: number;
  kind: CaseKind;
  ops: string[];
  base: FileSet;
  head: FileSet;
  config: Config;
  failOn?: FailOn;
  /** Head documents that are no valid ORD document while base has one at that path. */
  expectUnreadable: string[];
}

export type CaseKind = "structured" | "bytes" | "mixed" | "definition" | "multi" | "extreme";

export interface CaseOptions {
  scale?: ExtremeScale;
  /** Mutation names (structured, byte, or `extreme`) never chosen. */
  avoid?: readonly string[];
}

const KINDS: readonly (readonly [CaseKind, number])[] = [
  ["structured", 42],
  ["bytes", 20],
  ["mixed", 10],
  ["definition", 18],
  ["multi", 8],
  ["extreme", 2],
];

const emptySet = (): FileSet => ({ docs: new Map(), extra: new Map() });

/** Builds case `index` of run `seed`: deterministic in both. */
export function makeCase(
  corpus: Corpus,
  seed: number,
  index: number,
  options: CaseOptions = {},
): FuzzCase {
  const rng = new Rng(caseSeed(seed, index));
  const scale = options.scale ?? FULL_SCALE;
  const avoid = new Set<string>(options.avoid ?? []);
  usePools(avoid);
  const kinds = KINDS.filter(([k]) => !(k === "extreme" && avoid.has("extreme")));
  const kind = rng.weighted(kinds);
  const source = rng.pick(corpus.documents);
  const ops: string[] = [`${kind} on ${source.name}`];
  const rel = `ord/document.${source.jsonc ? "jsonc" : "json"}`;
  const base = emptySet();
  const head = emptySet();
  let config: Config = EMPTY_CONFIG;
  base.docs.set(rel, source.bytes);
  const value = tryParseDocument(source.bytes, source.jsonc);

  const mutateDocument = (bytes: Buffer, parsed: unknown, k: CaseKind): Buffer => {
    if (k === "structured" && parsed !== undefined) {
      return serialize(rng, applyStructured(rng, clone(parsed), rng.range(1, 4), ops, avoid));
    }
    if (k === "mixed" && parsed !== undefined) {
      const structured = serialize(
        rng,
        applyStructured(rng, clone(parsed), rng.range(1, 3), ops, avoid),
      );
      return applyBytes(rng, structured, rng.range(1, 2), ops, avoid);
    }
    return applyBytes(rng, bytes, rng.range(1, 3), ops, avoid);
  };

  switch (kind) {
    case "structured":
    case "bytes":
    case "mixed":
      head.docs.set(rel, mutateDocument(source.bytes, value, kind));
      break;
    case "extreme": {
      if (value === undefined) {
        head.docs.set(rel, mutateDocument(source.bytes, value, "bytes"));
        break;
      }
      const text = withExtreme(rng, value, scale, ops);
      head.docs.set(rel, Buffer.from(text));
      if (rng.chance(0.3)) {
        // Both sides extreme, different at the bottom: the diff has to walk all of it.
        base.docs.set(
          rel,
          Buffer.from(text.replace(/1([\]}]+)$/m, "2$1").replace('"a":1}', '"a":2}')),
        );
        ops.push("base: the same extreme value, another leaf");
      }
      break;
    }
    case "definition": {
      config = definitionCase(rng, corpus, value, rel, base, head, ops, avoid, scale);
      break;
    }
    case "multi":
      multiCase(rng, corpus, base, head, ops, avoid);
      break;
  }

  // Occasionally: a file renamed, or the head side's extension changed (JSON ↔ JSONC).
  if (kind !== "multi" && rng.chance(0.02)) {
    const bytes = head.docs.get(rel)!;
    head.docs.delete(rel);
    const renamed = rng.pick([
      "ord/renamed.json",
      rel.endsWith(".jsonc") ? "ord/document.json" : "ord/document.jsonc",
      "ord/sub/document.json",
    ]);
    head.docs.set(renamed, bytes);
    ops.push(`head file renamed to ${renamed}`);
  }
  const failOn = rng.chance(0.1)
    ? rng.pick<FailOn>(["error", "warning", "notice", "never"])
    : undefined;

  const expectUnreadable: string[] = [];
  for (const [name, bytes] of head.docs) {
    const before = base.docs.get(name);
    const jsonc = /\.jsonc$/i.test(name);
    if (before && isOrdDocument(before, jsonc) && !isOrdDocument(bytes, jsonc))
      expectUnreadable.push(name);
  }
  return { seed, index, kind, ops, base, head, config, failOn, expectUnreadable };
}
