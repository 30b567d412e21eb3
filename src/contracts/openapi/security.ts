import type { Collector } from "../collect.js";
import type { Alternative } from "./model.js";
import { OPENAPI_RULES as R } from "../rules.js";
import { deepEqual, isObject, ptr } from "../../json/values.js";

/** True when alternative `h` asks for nothing beyond what alternative `b` provides. */
function covers(h: Alternative, b: Alternative): boolean {
  for (const [scheme, scopes] of h) {
    const have = b.get(scheme);
    if (!have) return false;
    for (const scope of scopes) if (!have.has(scope)) return false;
  }
  return true;
}

/** Renders alternatives for a reason: `anonymous`, `oauth(read) or apiKey`. */
export function showSecurity(alts: Alternative[]): string {
  const one = (alt: Alternative) =>
    alt.size === 0
      ? "anonymous"
      : [...alt]
          .map(([s, sc]) => (sc.size ? `${s}(${[...sc].sort().join(",")})` : s))
          .sort()
          .join("+");
  return [...new Set(alts.map(one))].sort().join(" or ");
}

/**
 * Security as alternatives: a client able to satisfy some base alternative must still satisfy a
 * head alternative. Otherwise the operation now asks for more (a first requirement on an open
 * operation, a new scheme, a new scope): breaking. Anything else that changed only relaxes access.
 */
export function diffSecurity(
  out: Collector,
  b: { security: Alternative[]; securityPtr: string; ptr: string },
  h: { security: Alternative[]; securityPtr: string; ptr: string },
  label: string,
): void {
  const stranded = b.security.filter((balt) => !h.security.some((halt) => covers(halt, balt)));
  const at = h.securityPtr;
  if (stranded.length > 0) {
    out.add(
      "security-requirement-added",
      R["security-requirement-added"],
      label,
      `security ${showSecurity(b.security)} → ${showSecurity(h.security)}`,
      at,
      "head",
    );
  } else if (showSecurity(b.security) !== showSecurity(h.security)) {
    out.add(
      "security-requirement-relaxed",
      R["security-requirement-relaxed"],
      label,
      `security ${showSecurity(b.security)} → ${showSecurity(h.security)}`,
      at,
      "head",
    );
  }
}

/**
 * Where a client gets its credentials: Swagger 2.0's `flow` and its URLs, OpenID Connect's
 * discovery URL. A client built for the client-credentials flow cannot run the authorization-code
 * flow, and one configured with a token URL fails when it moves.
 */
const OBTAINED = ["flow", "tokenUrl", "authorizationUrl", "openIdConnectUrl"];

/** OpenAPI 3 `flows` base offered that head dropped, or whose URLs changed (`flows.password`). */
function changedFlows(b: unknown, h: unknown): string[] {
  if (!isObject(b)) return [];
  const flows = isObject(h) ? h : {};
  return Object.keys(b).flatMap((flow) => {
    const [bf, hf] = [b[flow], flows[flow]];
    if (!isObject(hf)) return [`flows.${flow} removed`];
    if (!isObject(bf)) return [];
    return OBTAINED.filter((k) => !deepEqual(bf[k], hf[k])).map((k) => `flows.${flow}.${k}`);
  });
}

/**
 * Security schemes whose wire shape changed (type, header name, location, HTTP scheme) or the way
 * a client obtains credentials (OAuth flows and their URLs, the OpenID Connect URL).
 */
export function diffSecuritySchemes(out: Collector, b: unknown, h: unknown, at: string): void {
  if (!isObject(b) || !isObject(h)) return;
  for (const name of Object.keys(b)) {
    const bs = b[name];
    const hs = h[name];
    if (!isObject(bs) || !isObject(hs)) continue;
    const changed = [
      ...["type", "in", "name", "scheme", ...OBTAINED].filter((k) => !deepEqual(bs[k], hs[k])),
      ...changedFlows(bs.flows, hs.flows),
    ];
    if (changed.length > 0)
      out.add(
        "security-scheme-changed",
        R["security-scheme-changed"],
        `security scheme "${name}"`,
        `${changed.join(", ")} changed`,
        ptr(at, name),
        "head",
      );
  }
}
