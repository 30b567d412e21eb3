import { docs } from "../collect.js";
import type { MessageContext } from "./messages.js";
import type { Alternative } from "../openapi/model.js";
import type { Doc } from "../schema/refs.js";
import { ASYNCAPI_RULES as R } from "../rules.js";
import { diffSecurity } from "../openapi/security.js";
import {
  deepEqual,
  isObject,
  objAt,
  ptr,
  showCanonical,
  type JsonObject,
} from "../../json/values.js";

/** A server in 2.x shape (`url`, `protocol`, `variables`), with where its parts are. */
export interface ServerModel {
  node: JsonObject;
  ptr: string;
  urlPtr: string;
  security: Alternative[];
  securityPtr: string;
}

/**
 * Servers. An ORD event resource has no entry points: the AsyncAPI server is the only place that
 * tells a client where to connect, so a server removed, moved (`url`) or a variable value dropped
 * (port `8883` no longer offered) strands the clients configured for it: breaking.
 */
export function diffServers(
  ctx: MessageContext,
  b: Map<string, ServerModel>,
  h: Map<string, ServerModel>,
): void {
  for (const name of new Set([...b.keys(), ...h.keys()])) {
    const bm = b.get(name);
    const hm = h.get(name);
    const label = `server "${name}"`;
    if (!bm || !hm) {
      if (bm) ctx.out.add("server-removed", R["server-removed"], label, "removed", bm.ptr, "base");
      else if (hm) ctx.out.add("server-added", R["server-added"], label, "added", hm.ptr, "head");
      continue;
    }
    const [bs, hs, at] = [bm.node, hm.node, hm.ptr];
    if (!deepEqual(bs.protocol, hs.protocol))
      ctx.out.add(
        "server-protocol-changed",
        R["server-protocol-changed"],
        label,
        `protocol ${showCanonical(bs.protocol)} → ${showCanonical(hs.protocol)}`,
        ptr(at, "protocol"),
        "head",
      );
    if (!deepEqual(bs.url, hs.url))
      ctx.out.add(
        "server-url-changed",
        R["server-url-changed"],
        label,
        `url ${showCanonical(bs.url)} → ${showCanonical(hs.url)}`,
        hm.urlPtr,
        "head",
      );
    const bvars = objAt(bs, "variables") ?? {};
    const hvars = objAt(hs, "variables") ?? {};
    for (const v of Object.keys(bvars)) {
      const enumOf = (s: JsonObject, doc: Doc): unknown[] | undefined => {
        const node = doc.derefOr({ node: s[v], ptr: "" }).node;
        return isObject(node) && Array.isArray(node.enum) ? node.enum : undefined;
      };
      const before = enumOf(bvars, ctx.bdoc);
      const after = enumOf(hvars, ctx.hdoc);
      if (!before || !after) continue;
      const gone = before.filter((x) => !after.some((y) => deepEqual(x, y)));
      if (gone.length > 0)
        ctx.out.add(
          "server-variable-value-removed",
          R["server-variable-value-removed"],
          label,
          `variable "${v}" no longer offers ${gone.map(showCanonical).join(", ")}`,
          ptr(at, "variables", v, "enum"),
          "head",
        );
    }
    const rest = (s: JsonObject) => ({
      ...s,
      protocol: undefined,
      url: undefined,
      security: undefined,
      description: undefined,
    });
    if (!deepEqual(rest(bs), rest(hs)))
      ctx.out.add("server-changed", R["server-changed"], label, "changed", at, "head");
    docs(ctx.out, label, bs, hs, { b: bm.ptr, h: at }, ["description"]);
    diffSecurity(
      ctx.out,
      { security: bm.security, securityPtr: bm.securityPtr, ptr: bm.ptr },
      { security: hm.security, securityPtr: hm.securityPtr, ptr: at },
      label,
    );
  }
}
