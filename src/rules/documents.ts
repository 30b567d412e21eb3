import type { Comparison } from "../compare/compare.js";
import {
  locate,
  type EntityRecord,
  type OrdDocument,
  type TombstoneRecord,
} from "../ord/documents.js";
import { compareOrdVersions, MAX_SCHEMA_PROBLEMS, pointerOf } from "../ord/schema.js";
import { ENTITY_TYPE_BY_ARRAY } from "../ord/entity-types.js";
import { show, type JsonObject } from "../json/values.js";
import {
  at,
  list,
  type RawFinding,
  type Rule,
  type RuleContext,
  type StateContext,
} from "./rule.js";

type HeadRecord = EntityRecord | TombstoneRecord;
const indexes = new WeakMap<RuleContext["head"], Map<OrdDocument, Map<string, HeadRecord[]>>>();

/** The entity or tombstone at `field[index]` of a head document (all indexed in one pass). */
function recordAt(ctx: RuleContext, doc: OrdDocument, field: string, index: number) {
  let byDoc = indexes.get(ctx.head);
  if (!byDoc) {
    byDoc = new Map();
    const records = [...ctx.head.entities, ...[...ctx.head.tombstones.values()].flat()];
    for (const record of records) {
      const [array, at] = record.at as [string, number];
      let byField = byDoc.get(record.doc);
      if (!byField) byDoc.set(record.doc, (byField = new Map<string, HeadRecord[]>()));
      let list = byField.get(array);
      if (!list) byField.set(array, (list = []));
      list[at] = record;
    }
    indexes.set(ctx.head, byDoc);
  }
  return byDoc.get(doc)?.get(field)?.[index];
}

/** Whether the scope judges an entity or tombstone of the head document's array `field`. */
function recordJudged(ctx: StateContext, field: string, record: HeadRecord): boolean {
  return field === "tombstones"
    ? ctx.judged.tombstone(record)
    : ctx.judged.entity(ctx.byKey.get(record.key));
}

/**
 * Whether the scope judges a schema problem at `path` of a head document: by the entity or
 * tombstone it sits in, or else by the document-level field (the property a problem of the
 * document object names, e.g. an unknown one).
 */
function problemJudged(
  ctx: StateContext,
  doc: OrdDocument,
  at: (string | number)[],
  property?: string,
): boolean {
  const path = at.length === 0 && property !== undefined ? [property] : at;
  const [field, index] = path;
  if (typeof field === "string" && typeof index === "number") {
    const record = recordAt(ctx, doc, field, index);
    if (record) return recordJudged(ctx, field, record);
  }
  return ctx.judged.documentField(doc, field === undefined ? undefined : String(field));
}

/**
 * What the schema sees: only the entities and tombstones the scope judges (the rest would be
 * filtered out anyway, and validating 40,000 untouched entities costs seconds), with a map from
 * the view's array indices back to the document's.
 */
function validationView(ctx: StateContext, doc: OrdDocument) {
  const view: JsonObject = { ...doc.value };
  const kept = new Map<string, number[]>();
  for (const [field, list] of Object.entries(doc.value)) {
    if (!Array.isArray(list) || !(ENTITY_TYPE_BY_ARRAY.has(field) || field === "tombstones"))
      continue;
    const indices: number[] = [];
    for (let i = 0; i < list.length; i++) {
      const record = recordAt(ctx, doc, field, i);
      // Not an entity (no ordId, wrong type): kept, it is its own problem to show.
      if (!record || recordJudged(ctx, field, record)) indices.push(i);
    }
    view[field] = indices.map((i) => list[i] as unknown);
    kept.set(field, indices);
  }
  const original = (at: (string | number)[]): (string | number)[] => {
    const [field, index, ...rest] = at;
    const indices = typeof field === "string" ? kept.get(field) : undefined;
    return indices && typeof index === "number" ? [field!, indices[index] ?? index, ...rest] : at;
  };
  return { view, original };
}

/** The ORD specification limits a document to 2 MB (split larger ones): a notice, not a gate. */
export const SPEC_MAX_DOCUMENT_BYTES = 2 * 1024 * 1024;

function sizeFindings(ctx: RuleContext, doc: OrdDocument): RawFinding[] {
  const bytes = ctx.head.sizes.get(doc.rel) ?? 0;
  if (bytes <= SPEC_MAX_DOCUMENT_BYTES) return [];
  const size = (bytes / 1024 / 1024).toFixed(1);
  return [
    {
      message: `${doc.path} is ${size} MB; the ORD specification limits documents to 2 MB: split it into several documents`,
      location: locate(doc, []),
      cap: "notice",
    },
  ];
}

function schemaFindings(ctx: StateContext, doc: OrdDocument): RawFinding[] {
  const declared = doc.value.openResourceDiscovery;
  const known = ctx.schema().ordVersion;
  const newer =
    typeof declared === "string" && known !== undefined && compareOrdVersions(declared, known) > 0;
  const caveat = newer
    ? ` (the document declares ORD ${declared}; checked against ORD ${known}, the newest the schema knows)`
    : "";
  const { view, original } = validationView(ctx, doc);
  const problems = ctx
    .schema()
    .validate(view)
    .map((p) => ({ ...p, at: original(p.at) }))
    .filter((p) => problemJudged(ctx, doc, p.at, p.property));
  const findings: RawFinding[] = problems.slice(0, MAX_SCHEMA_PROBLEMS).map((p) => {
    const [field, index] = p.at;
    const record =
      typeof field === "string" && typeof index === "number"
        ? recordAt(ctx, doc, field, index)
        : undefined;
    return {
      ordId: record?.ordId,
      message: `schema: ${pointerOf(p.at) || "document"} ${p.description}${caveat}`,
      location: locate(doc, p.at),
      cap: newer ? "warning" : undefined,
    };
  });
  if (problems.length > MAX_SCHEMA_PROBLEMS) {
    findings.push({
      message: `schema: ${problems.length - MAX_SCHEMA_PROBLEMS} more violations in ${doc.path} not listed`,
      location: locate(doc, []),
      cap: newer ? "warning" : undefined,
    });
  }
  return findings;
}

/** `v<K>` path segments of an entry point, except OData's protocol version after `odata`. */
function entryPointMajors(entryPoint: string): number[] {
  const pathPart = entryPoint.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, "").split(/[?#]/)[0]!;
  const segments = pathPart.split("/");
  return segments.flatMap((segment, i) => {
    const match = /^v(\d+)$/.exec(segment);
    return match && segments[i - 1]?.toLowerCase() !== "odata" ? [Number(match[1])] : [];
  });
}

/** `definition-unchecked` for the definitions of `c` (only those with changed namesakes). */
function uncheckedFindings(c: Comparison, namesakesOnly: boolean): RawFinding[] {
  if (!c.head) return [];
  return c.definitions
    .filter((d) => d.unchecked !== undefined && (!namesakesOnly || d.changedNamesakes))
    .map((d) => ({
      ordId: c.ordId,
      message: `contract changes unknown: ${d.unchecked}${
        d.changedNamesakes
          ? `; this pull request changed ${d.changedNamesakes.join(", ")} (the same file name), which could not be tied to this definition, so its changes are not in this report`
          : ""
      }`,
      location: at(c.head!, ...d.at, "url"),
    }));
}

/**
 * Head documents whose base copy could not be read (main was broken already, the gate bypassed):
 * their entities count as added, so nothing they changed is judged. A notice, since the pull
 * request did not cause it, and may well be the fix.
 */
function unreadableInBase(ctx: StateContext): RawFinding[] {
  return ctx.base.problems.flatMap((p) => {
    const doc = ctx.head.documents.find((d) => d.rel === p.rel);
    if (p.ruleId !== "document-unreadable" || !doc || !ctx.judged.file(p.rel)) return [];
    const message = `${p.message.replace(" cannot be read", " could not be read in base")} (at line ${p.location.line}, column ${p.location.column}); its entities in head count as added, so what this pull request changed in them is not compared with base`;
    return [{ message, location: locate(doc, []), cap: "notice" as const }];
  });
}

export const documentRules: Rule[] = [
  {
    id: "document-unreadable",
    family: "Documents and definitions",
    severity: "error",
    judges: "state",
    description:
      "A document is not valid JSON/UTF-8, has duplicate keys, or is no longer an ORD document.",
    run: (ctx) => [
      ...ctx.head.problems
        .filter((p) => p.ruleId === "document-unreadable")
        .filter((p) => ctx.judged.file(p.rel))
        .map((p) => ({ message: p.message, location: p.location })),
      ...unreadableInBase(ctx),
    ],
  },
  {
    id: "document-schema-violation",
    family: "Documents and definitions",
    severity: "warning",
    judges: "state",
    description: "A head document breaks the ORD JSON schema.",
    run: (ctx) => {
      const structural = ctx.head.problems
        .filter((p) => p.ruleId === "document-schema-violation")
        .filter((p) => {
          const doc = ctx.head.documents.find((d) => d.rel === p.rel);
          return doc !== undefined && problemJudged(ctx, doc, p.field ? [p.field] : []);
        })
        .map((p) => ({ message: p.message, location: p.location }));
      const touched = ctx.head.documents.filter((doc) => ctx.judged.file(doc.rel));
      return [
        ...structural,
        ...touched.flatMap((doc) => [...sizeFindings(ctx, doc), ...schemaFindings(ctx, doc)]),
      ];
    },
  },
  {
    id: "entry-point-version-mismatch",
    family: "Documents and definitions",
    severity: "warning",
    judges: "state",
    description: "An API entry point path names another major version than the ORD ID.",
    entity: (c) => {
      const major = c.id?.major;
      if (major == null) return;
      return list(c.head.value.entryPoints).flatMap((entryPoint, index) => {
        if (typeof entryPoint !== "string") return [];
        const other = entryPointMajors(entryPoint).find((k) => k !== major);
        if (other === undefined) return [];
        return [
          {
            ordId: c.ordId,
            message: `entry point ${entryPoint} names v${other} but the ORD ID major is v${major}: a new API major needs a new ORD ID (or fix the path)`,
            location: at(c.head, "entryPoints", index),
          },
        ];
      });
    },
  },
  {
    id: "definition-version-mismatch",
    family: "Documents and definitions",
    severity: "notice",
    judges: "state",
    description: "An OpenAPI/AsyncAPI `info.version` differs from the resource `version`.",
    entity: (c) => {
      const version = c.head.value.version;
      return c.definitions
        .map((d) => ({ ...d, infoVersion: d.infoVersion() }))
        .filter((d) => d.infoVersion !== undefined && d.infoVersion !== version)
        .map((d) => ({
          ordId: c.ordId,
          message: `${d.file} says info.version ${d.infoVersion} but the resource version is ${show(version)}`,
          location: at(c.head, ...d.at, "url"),
        }));
    },
  },
  {
    id: "definition-unchecked",
    family: "Documents and definitions",
    severity: "notice",
    judges: "state",
    description:
      "A definition's content could not be read in base or head, so its contract changes are unknown.",
    entity: (c) => uncheckedFindings(c, false),
    // An entity the scope leaves out too, when the pull request changed a file of the
    // definition's name: the entity looks unchanged only because that file could not be tied to it.
    run: (ctx) =>
      ctx.comparisons
        .filter((c) => !ctx.judged.entity(c))
        .flatMap((c) => uncheckedFindings(c, true)),
  },
  {
    id: "definition-resolved-by-suffix",
    family: "Documents and definitions",
    severity: "notice",
    judges: "state",
    description:
      "A leading-slash definition URL without a mapping was read from the only file ending with its path.",
    entity: (c) => {
      return c.definitions
        .filter((d) => d.bySuffix !== undefined)
        .map((d) => ({
          ordId: c.ordId,
          message: `${d.url} has no "definitions" mapping; read ${d.bySuffix!.file}, the only file ending with ${d.bySuffix!.tail} (map the URL with "definitions" in the config to make this explicit)`,
          location: at(c.head, ...d.at, "url"),
        }));
    },
  },
];
