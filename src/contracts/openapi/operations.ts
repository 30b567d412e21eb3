import { docs } from "../collect.js";
import { diffBody, diffResponses, type OpContext } from "./content.js";
import type { Operation, Param } from "./model.js";
import { OPENAPI_RULES as R, type Direction } from "../rules.js";
import { diffSecurity } from "./security.js";
import { deepEqual, ptr, showCanonical } from "../../json/values.js";

const OPERATION_DOCS = ["summary", "description", "tags", "externalDocs"];
const PARAM_DOCS = ["description", "example", "examples"];

/**
 * Compares one operation present in base and head. `inverted` is set for webhooks and callbacks:
 * there the API sends the request and the client answers, so request schemas are read with
 * response semantics and response schemas with request semantics.
 */
export function diffOperation(
  ctx: OpContext,
  b: Operation,
  h: Operation,
  label: string,
  inverted: boolean,
): void {
  const send: Direction = inverted ? "response" : "request";
  const read: Direction = inverted ? "request" : "response";
  const { out } = ctx;
  if (!b.deprecated && h.deprecated)
    out.add(
      "operation-deprecated",
      R["operation-deprecated"],
      label,
      "deprecated",
      ptr(h.ptr, "deprecated"),
      "head",
    );
  if (b.deprecated && !h.deprecated)
    out.add(
      "operation-reactivated",
      R["operation-reactivated"],
      label,
      "no longer deprecated",
      h.ptr,
      "head",
    );
  if (!deepEqual(b.node.operationId, h.node.operationId)) {
    out.add(
      "operation-id-changed",
      R["operation-id-changed"],
      label,
      `operationId ${showCanonical(b.node.operationId)} → ${showCanonical(h.node.operationId)}`,
      h.ptr,
      "head",
    );
  }
  if (!deepEqual(b.node.servers, h.node.servers))
    out.add("server-changed", R["server-changed"], label, "servers changed", h.ptr, "head");
  docs(out, label, b.node, h.node, { b: b.ptr, h: h.ptr }, OPERATION_DOCS);
  diffParams(ctx, b, h, label, send);
  diffBody(ctx, b, h, label, send);
  diffResponses(ctx, b, h, label, read);
  diffSecurity(out, b, h, label);
}

function diffParams(
  ctx: OpContext,
  b: Operation,
  h: Operation,
  label: string,
  dir: Direction,
): void {
  const { out } = ctx;
  const name = (p: Param) => `${p.in} parameter "${p.name}"`;
  for (const [key, bp] of b.params) {
    const hp = h.params.get(key);
    if (hp) diffParam(ctx, bp, hp, `${label} ${name(hp)}`, dir);
    else if (bp.deprecated)
      out.add(
        "deprecated-parameter-removed",
        R["deprecated-parameter-removed"],
        label,
        `deprecated ${name(bp)} removed`,
        bp.ptr,
        "base",
      );
    else
      out.add(
        "parameter-removed",
        R["parameter-removed"],
        label,
        `${name(bp)} removed`,
        bp.ptr,
        "base",
      );
  }
  for (const [key, hp] of h.params) {
    if (b.params.has(key)) continue;
    if (hp.required)
      out.add(
        "parameter-added-required",
        R["parameter-added-required"],
        label,
        `required ${name(hp)} added`,
        hp.ptr,
        "head",
      );
    else
      out.add(
        "parameter-added-optional",
        R["parameter-added-optional"],
        label,
        `optional ${name(hp)} added`,
        hp.ptr,
        "head",
      );
  }
}

function diffParam(ctx: OpContext, b: Param, h: Param, label: string, dir: Direction): void {
  const { out } = ctx;
  const at = h.def.ptr;
  if (b.in === "path" && b.name !== h.name)
    out.add(
      "parameter-renamed",
      R["parameter-renamed"],
      label,
      `renamed from "${b.name}" (the URL is unchanged)`,
      ptr(at, "name"),
      "head",
    );
  if (!b.required && h.required)
    out.add(
      "parameter-became-required",
      R["parameter-became-required"],
      label,
      "became required",
      ptr(at, "required"),
      "head",
    );
  if (b.required && !h.required)
    out.add(
      "parameter-became-optional",
      R["parameter-became-optional"],
      label,
      "became optional",
      at,
      "head",
    );
  if (!b.deprecated && h.deprecated)
    out.add(
      "parameter-deprecated",
      R["parameter-deprecated"],
      label,
      "deprecated",
      ptr(at, "deprecated"),
      "head",
    );
  if (b.serialization !== h.serialization) {
    out.add(
      "parameter-serialization-changed",
      R["parameter-serialization-changed"],
      label,
      `serialization ${b.serialization} → ${h.serialization}`,
      at,
      "head",
    );
  }
  docs(out, label, b.def.node, h.def.node, { b: b.def.ptr, h: at }, PARAM_DOCS);
  out.schema(ctx.schemas.diff(b.schema, h.schema, dir), dir, label);
}
