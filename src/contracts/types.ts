import type { ChangeClass } from "../types.js";

/**
 * One change a consumer of an API or event contract can feel, found by a format-aware differ
 * (OpenAPI, AsyncAPI, GraphQL). It joins the entity's metadata changes with `source: definition`.
 */
export interface ContractChange {
  /** Stable kebab-case id of the kind of change, e.g. `operation-removed`; documented in docs/. */
  id: string;
  class: ChangeClass;
  kind: "added" | "removed" | "changed";
  /** One line a human understands, e.g. `GET /stars: required query parameter "limit" added`. */
  reason: string;
  /** JSON pointer into the head document, or into the base document for removals. */
  pointer: string;
  side: "base" | "head";
}

/**
 * A differ compares two parsed documents of its format. It never throws on odd input: what it
 * cannot understand it skips (the caller reports a document it cannot parse at all).
 */
export type ContractDiffer = (base: unknown, head: unknown) => ContractChange[];
