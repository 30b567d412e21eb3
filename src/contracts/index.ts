/**
 * The contract differs: one entry point for the rest of the checker. Given the base and head
 * content of one API or event definition, `diffContract` picks the differ of its format (OpenAPI,
 * AsyncAPI 2/3, GraphQL SDL, OData EDMX/CSDL JSON) and answers its classified changes, or why it
 * could not compare them; `locatePointers` turns changes' JSON pointers into lines and columns.
 * Nothing here knows about ORD documents or GitHub. Per-format behaviour: docs/contracts/.
 */
import { deepEqual, isObject } from "../json/values.js";
import { diffAsyncApiDocuments, isAsyncApi } from "./asyncapi/asyncapi3.js";
import { dataOf, textOf, type DefinitionFile } from "./file/definition-file.js";
import { diffGraphQl, parseGraphQl } from "./graphql.js";
import type { Syntax } from "./file/data.js";
import { diffOData, isODataText, readOData } from "./odata/odata.js";
import { diffOpenApi, isOpenApi } from "./openapi/openapi.js";
import type { ContractChange, ContractDiffer } from "./types.js";

type Format = "openapi" | "asyncapi" | "graphql" | "odata";

/** ORD `resourceDefinitions[].type` values this checker understands. */
const FORMAT_BY_TYPE: Record<string, Format> = {
  "openapi-v2": "openapi",
  "openapi-v3": "openapi",
  "openapi-v3.1+": "openapi",
  "asyncapi-v2": "asyncapi",
  "graphql-sdl": "graphql",
  edmx: "odata",
  "csdl-json": "odata",
};

/** A differ, and the test that a document is one it understands (else it would see no change). */
const DIFFERS: Record<
  Exclude<Format, "graphql" | "odata">,
  { diff: ContractDiffer; accepts: (v: unknown) => boolean; what: string }
> = {
  openapi: { diff: diffOpenApi, accepts: isOpenApi, what: "OpenAPI 2.0, 3.0 or 3.1" },
  // 3.x too, recognised by content (`asyncapi: 3.0.0`): ORD lists it as `custom` or newer types
  asyncapi: { diff: diffAsyncApiDocuments, accepts: isAsyncApi, what: "AsyncAPI 2.x or 3.x" },
};

export type ContractResult =
  | { changes: ContractChange[]; syntax: { base: Syntax; head: Syntax }; format: Format }
  | {
      unchecked: string;
      /** Base was a contract its differ reads and head is not: what head promises is unknown. */
      headUnknown?: true;
      /** No differ reads the format at all (e.g. CSN): another definition may speak for it. */
      noDiffer?: true;
    }
  | { sameValue: true };

/** Equal as data (a reformat, reordered keys); a value too deep to compare counts as different. */
function sameValue(a: unknown, b: unknown): boolean {
  try {
    return deepEqual(a, b);
  } catch {
    return false;
  }
}

function sniff(value: unknown): Format | undefined {
  if (!isObject(value)) return undefined;
  if ("openapi" in value || "swagger" in value) return "openapi";
  if ("asyncapi" in value) return "asyncapi";
  return undefined;
}

/** Whether the URL's path names a GraphQL file: `x.json?v=.gql` and `x.json#.graphql` do not. */
function namesGraphQl(url: string): boolean {
  return /\.(graphql|gql)$/i.test(url.split(/[?#]/)[0]!);
}

/** The format base's content shows (OData, OpenAPI, AsyncAPI), whatever the file is called. */
function contentFormat(file: string | DefinitionFile): Format | undefined {
  if (isODataText(textOf(file))) return "odata";
  const data = dataOf(file);
  return "problem" in data ? undefined : sniff(data.value);
}

/**
 * Whether base's content is a contract a differ reads: when head then cannot be found at all, a
 * known contract was lost (breaking), not merely unknown.
 */
export function isReadableContract(
  type: string | undefined,
  url: string,
  file: string | DefinitionFile,
): boolean {
  const declared = type && Object.hasOwn(FORMAT_BY_TYPE, type) ? FORMAT_BY_TYPE[type] : undefined;
  if (declared === "graphql" || (!declared && namesGraphQl(url))) {
    const readable = !("problem" in parseGraphQl(textOf(file)));
    // Only the name said GraphQL: the content below decides (as in diffContract).
    if (readable || declared) return readable;
  }
  if (declared === "odata" || (!declared && isODataText(textOf(file))))
    return !("problem" in readOData(textOf(file)));
  const data = dataOf(file);
  if ("problem" in data) return false;
  const format = declared ?? sniff(data.value);
  return (
    format !== undefined &&
    format !== "graphql" &&
    format !== "odata" &&
    DIFFERS[format].accepts(data.value)
  );
}

/**
 * Diffs the base and head content of one definition with the differ of its format (by its ORD
 * `type`, else by content). Anything that cannot be compared says why, for `definition-unchecked`,
 * and whether it is head that became unreadable while base was understood (`headUnknown`): a
 * pull request must not hide a contract change by also breaking a reading limit in head.
 * Given as DefinitionFiles, base and head are decoded and parsed once for every later reader.
 */
export function diffContract(
  type: string | undefined,
  url: string,
  base: string | DefinitionFile,
  head: string | DefinitionFile,
): ContractResult {
  const declared = type && Object.hasOwn(FORMAT_BY_TYPE, type) ? FORMAT_BY_TYPE[type] : undefined;
  const byName = !declared && namesGraphQl(url);
  if (declared === "graphql" || byName) {
    const b = parseGraphQl(textOf(base));
    // Only head's URL says GraphQL, and base is not SDL but a format its content shows: that
    // decides, so that naming head `.gql` cannot turn a readable contract into "not GraphQL in
    // base" (a patch) and hide its changes (docs/rules/definition-unchecked.md).
    if (!("problem" in b) || !byName || contentFormat(base) === undefined) {
      const h = parseGraphQl(textOf(head));
      if ("problem" in b) return { unchecked: `${url} ${b.problem} in base` };
      if ("problem" in h) return { unchecked: `${url} ${h.problem} in head`, headUnknown: true };
      const syntax = { base: "graphql", head: "graphql" } as const;
      return { changes: diffGraphQl(b, h), syntax, format: "graphql" };
    }
  }
  // EDMX (XML) or CSDL JSON, by ORD type or content (docs/contracts/odata.md)
  if (declared === "odata" || (!declared && isODataText(textOf(base)))) {
    const [b, h] = [readOData(textOf(base)), readOData(textOf(head))];
    if ("problem" in b) return { unchecked: `${url} ${b.problem} in base` };
    if ("problem" in h) return { unchecked: `${url} ${h.problem} in head`, headUnknown: true };
    const syntax = { base: b.syntax, head: h.syntax };
    return { changes: diffOData(b.model, h.model), syntax, format: "odata" };
  }
  const [b, h] = [dataOf(base), dataOf(head)];
  if ("problem" in b) return { unchecked: `${url} cannot be parsed in base: ${b.problem}` };
  // Base's format counts too: a head that stopped being OpenAPI is a contract lost, not unknown.
  const format = declared ?? sniff(b.value) ?? ("problem" in h ? undefined : sniff(h.value));
  if ("problem" in h) {
    const unchecked = `${url} cannot be parsed in head: ${h.problem}`;
    const baseRead =
      format !== undefined &&
      format !== "graphql" &&
      format !== "odata" &&
      DIFFERS[format].accepts(b.value);
    return baseRead ? { unchecked, headUnknown: true } : { unchecked };
  }
  if (!format || format === "graphql" || format === "odata") {
    // Without a differ, the text alone would make a reformat look like a contract change.
    if (sameValue(b.value, h.value)) return { sameValue: true };
    return {
      unchecked: `${url} changed, but its format (${type ?? "unknown"}) has no contract differ: the change is reported as patch`,
      noDiffer: true,
    };
  }
  const differ = DIFFERS[format];
  if (!differ.accepts(b.value)) {
    return {
      unchecked: `${url} changed, but it is not ${differ.what} in base, which is what the contract differ reads`,
    };
  }
  if (!differ.accepts(h.value)) {
    return {
      unchecked: `${url} changed, but it is not ${differ.what} in head, which is what the contract differ reads`,
      headUnknown: true,
    };
  }
  const syntax = { base: b.syntax, head: h.syntax };
  return { changes: differ.diff(b.value, h.value), syntax, format };
}

export { DefinitionFile } from "./file/definition-file.js";
export type { Syntax } from "./file/data.js";
export { locatePointers } from "./file/locate.js";
export type { ContractChange } from "./types.js";
