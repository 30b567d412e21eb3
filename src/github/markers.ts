import { createHash } from "node:crypto";

/**
 * Hidden HTML comments that let a later run find what an earlier run wrote. Document text can
 * never produce them: every renderer escapes `<` in text that comes from a pull request.
 */
const PREFIX = "ord-version-guard";

export function stickyMarker(key: string): string {
  return `<!-- ${PREFIX}:summary:${key} -->`;
}

/** A short, stable fingerprint of a finding: rule, ORD ID and file, not the line (lines move). */
export function fingerprint(parts: { ruleId: string; ordId?: string; file: string }): string {
  const text = `${parts.ruleId}\u0000${(parts.ordId ?? "").toLowerCase()}\u0000${parts.file}`;
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}

/**
 * The marker of a review: which findings (fingerprints) it comments on which commit. A review
 * whose answer got lost is found by it, so it is not posted twice.
 */
export function reviewMarker(commitId: string, prints: readonly string[]): string {
  const text = [commitId, ...[...prints].sort()].join("\u0000");
  return `<!-- ${PREFIX}:review:${createHash("sha256").update(text).digest("hex").slice(0, 16)} -->`;
}

export function findingMarker(print: string): string {
  return `<!-- ${PREFIX}:finding:${print} -->`;
}

const FINDING = new RegExp(`^<!-- ${PREFIX}:finding:([0-9a-f]{16}) -->`);

/**
 * The fingerprint a comment body starts with, if it is one of ours. Only at the start: a comment
 * that quotes one of ours (or pull-request text holding a marker) carries it further down.
 */
export function fingerprintOf(body: string | undefined): string | undefined {
  return body ? FINDING.exec(body)?.[1] : undefined;
}
