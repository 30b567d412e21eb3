import { docs, type Collector } from "../collect.js";
import type { Header, Media, Operation, Response } from "./model.js";
import type { SchemaDiffer } from "../schema/schema.js";
import { OPENAPI_RULES as R, type Direction } from "../rules.js";
import { deepEqual, ptr } from "../../json/values.js";

/** What comparing the parts of an operation needs: the schema differ and the collector. */
export interface OpContext {
  schemas: SchemaDiffer;
  out: Collector;
}

/**
 * Request bodies and responses: media types, response codes and headers, and the schemas they
 * carry, each read in the direction the data flows.
 */

const MEDIA_DOCS = ["example", "examples", "encoding"];

export function diffBody(
  ctx: OpContext,
  b: Operation,
  h: Operation,
  label: string,
  dir: Direction,
): void {
  const { out } = ctx;
  const bb = b.body;
  const hb = h.body;
  if (!bb && hb) {
    if (hb.required)
      out.add(
        "request-body-added-required",
        R["request-body-added-required"],
        label,
        "required request body added",
        hb.ptr,
        "head",
      );
    else
      out.add(
        "request-body-added-optional",
        R["request-body-added-optional"],
        label,
        "optional request body added",
        hb.ptr,
        "head",
      );
    return;
  }
  if (bb && !hb) {
    out.add(
      "request-body-removed",
      R["request-body-removed"],
      label,
      "request body removed",
      bb.ptr,
      "base",
    );
    return;
  }
  if (!bb || !hb) return;
  if (!bb.required && hb.required)
    out.add(
      "request-body-became-required",
      R["request-body-became-required"],
      label,
      "request body became required",
      hb.ptr,
      "head",
    );
  if (bb.required && !hb.required)
    out.add(
      "request-body-became-optional",
      R["request-body-became-optional"],
      label,
      "request body became optional",
      hb.ptr,
      "head",
    );
  if (!deepEqual(bb.node.description, hb.node.description))
    out.add(
      "documentation-changed",
      R["documentation-changed"],
      label,
      "request body description changed",
      hb.ptr,
      "head",
    );
  const media = matchMedia(bb.content, hb.content);
  for (const m of media.removed)
    out.add(
      "request-media-type-removed",
      R["request-media-type-removed"],
      label,
      `request media type ${m.key} removed`,
      m.ptr,
      "base",
    );
  for (const m of media.added)
    out.add(
      "request-media-type-added",
      R["request-media-type-added"],
      label,
      `request media type ${m.key} added`,
      m.ptr,
      "head",
    );
  for (const [bm, hm] of media.pairs)
    diffMedia(ctx, bm, hm, `${label} request body${suffix(hm)}`, dir);
}

export function diffResponses(
  ctx: OpContext,
  b: Operation,
  h: Operation,
  label: string,
  dir: Direction,
): void {
  const { out } = ctx;
  const hasSuccess = [...b.responses.keys()].some((c) => c.startsWith("2"));
  for (const [code, br] of b.responses) {
    const hr = h.responses.get(code);
    if (hr) {
      diffResponse(ctx, br, hr, `${label} response ${hr.code}`, dir);
      continue;
    }
    // `default` stands in for success only when no 2xx response is described
    const success = code.startsWith("2") || (code === "DEFAULT" && !hasSuccess);
    if (success)
      out.add(
        "success-response-removed",
        R["success-response-removed"],
        label,
        `success response ${br.code} removed`,
        br.ptr,
        "base",
      );
    else
      out.add(
        "response-removed",
        R["response-removed"],
        label,
        `response ${br.code} removed`,
        br.ptr,
        "base",
      );
  }
  for (const [code, hr] of h.responses) {
    if (b.responses.has(code)) continue;
    out.add(
      "response-added",
      R["response-added"],
      label,
      `response ${hr.code} added`,
      hr.ptr,
      "head",
    );
    const standIn = successStandIn(b.responses, code, hasSuccess);
    if (standIn) diffResponse(ctx, standIn, hr, `${label} response ${hr.code}`, dir);
  }
}

/**
 * The base response clients read a success with status `code` as, when base does not list
 * `code` itself: its `2XX` range, else its `default` when no 2xx is described. A 2xx added in
 * head takes over from it, so it is compared with it: a 200 added beside a `default` that was
 * the only success changes what clients read unless it says the same.
 */
function successStandIn(
  base: Map<string, Response>,
  code: string,
  hasSuccess: boolean,
): Response | undefined {
  if (!code.startsWith("2")) return undefined;
  return base.get("2XX") ?? (hasSuccess ? undefined : base.get("DEFAULT"));
}

function diffResponse(
  ctx: OpContext,
  b: Response,
  h: Response,
  label: string,
  dir: Direction,
): void {
  const { out } = ctx;
  docs(out, label, b.node, h.node, { b: b.ptr, h: h.ptr }, ["description"]);
  const media = matchMedia(b.content, h.content);
  for (const m of media.removed)
    out.add(
      "response-media-type-removed",
      R["response-media-type-removed"],
      label,
      `media type ${m.key} removed`,
      m.ptr,
      "base",
    );
  for (const m of media.added)
    out.add(
      "response-media-type-added",
      R["response-media-type-added"],
      label,
      `media type ${m.key} added`,
      m.ptr,
      "head",
    );
  for (const [bm, hm] of media.pairs) diffMedia(ctx, bm, hm, `${label}${suffix(hm)}`, dir);
  for (const [key, bh] of b.headers) {
    const hh = h.headers.get(key);
    if (hh) diffHeader(ctx, bh, hh, label, dir);
    else
      out.add(
        "response-header-removed",
        R["response-header-removed"],
        label,
        `header "${bh.name}" removed`,
        bh.ptr,
        "base",
      );
  }
  for (const [key, hh] of h.headers) {
    if (!b.headers.has(key))
      out.add(
        "response-header-added",
        R["response-header-added"],
        label,
        `header "${hh.name}" added`,
        hh.ptr,
        "head",
      );
  }
}

function diffHeader(ctx: OpContext, b: Header, h: Header, label: string, dir: Direction): void {
  const where = `${label} header "${h.name}"`;
  if (b.required && !h.required)
    ctx.out.add(
      "response-header-became-optional",
      R["response-header-became-optional"],
      where,
      "became optional",
      h.ptr,
      "head",
    );
  if (!b.required && h.required)
    ctx.out.add(
      "response-header-became-required",
      R["response-header-became-required"],
      where,
      "became required",
      ptr(h.ptr, "required"),
      "head",
    );
  docs(ctx.out, where, b.node, h.node, { b: b.ptr, h: h.ptr }, ["description"]);
  ctx.out.schema(ctx.schemas.diff(b.schema, h.schema, dir), dir, where);
}

function diffMedia(ctx: OpContext, b: Media, h: Media, label: string, dir: Direction): void {
  docs(ctx.out, label, b.node, h.node, { b: b.ptr, h: h.ptr }, MEDIA_DOCS);
  ctx.out.schema(ctx.schemas.diff(b.schema, h.schema, dir), dir, label);
}

const suffix = (m: Media) => (m.key === "" ? "" : ` (${m.key})`);

/** Media types by name; a side that never stated its type (Swagger without `consumes`) matches the other's single type. */
function matchMedia(b: Map<string, Media>, h: Map<string, Media>) {
  const pairs: [Media, Media][] = [];
  let removed = [...b.values()].filter((m) => !h.has(m.key));
  let added = [...h.values()].filter((m) => !b.has(m.key));
  for (const [key, bm] of b) {
    const hm = h.get(key);
    if (hm) pairs.push([bm, hm]);
  }
  const [r] = removed;
  const [a] = added;
  if (r && a && removed.length === 1 && added.length === 1 && (r.key === "" || a.key === "")) {
    pairs.push([r, a]);
    removed = [];
    added = [];
  }
  return { pairs, removed, added };
}
