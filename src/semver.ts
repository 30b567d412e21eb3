import semver from "semver";
import type { ActualIncrement, ChangeLevel, RequiredIncrement } from "./types.js";

/**
 * SemVer 2.0.0 exactly (the pattern of the ORD schema): `semver.valid` alone would also accept
 * a leading `v` or `=`, which ORD documents must not use.
 */
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/** Answers so far: a document repeats a handful of versions thousands of times. */
const validity = new Map<string, boolean>();
const parsed = new Map<string, semver.SemVer>();
const MEMO_LIMIT = 10_000;

/** A valid version, parsed once (semver parses its string again on every call otherwise). */
function parse(version: string): semver.SemVer {
  let known = parsed.get(version);
  if (!known) {
    known = semver.parse(version)!;
    if (parsed.size < MEMO_LIMIT) parsed.set(version, known);
  }
  return known;
}

/** The semver package's longest version; also keeps megabytes away from the regular expression
 * (a 5 MB version of dot-separated identifiers overflowed its backtracking stack). */
export const MAX_VERSION_LENGTH = 256;

/** SemVer 2.0.0 that the semver package can also represent (numbers up to 2^53, 256 chars). */
export function isValidVersion(version: unknown): version is string {
  if (typeof version !== "string") return false;
  if (version.length > MAX_VERSION_LENGTH) return false;
  let valid = validity.get(version);
  if (valid === undefined) {
    valid = SEMVER.test(version) && semver.valid(version) !== null;
    if (validity.size < MEMO_LIMIT) validity.set(version, valid);
  }
  return valid;
}

export const REQUIRED_INCREMENT: Record<ChangeLevel, RequiredIncrement> = {
  breaking: "major",
  additive: "minor",
  patch: "patch",
  none: "none",
};

/**
 * The highest semver component that differs between base and head (docs/rules/README.md, "Change
 * classes": build metadata never counts; 0.x and prerelease conventions).
 */
export function actualIncrement(base: string, head: string): ActualIncrement {
  if (base === head) return "none"; // most entities of a pull request
  const b = parse(base);
  const h = parse(head);
  const order = h.compare(b);
  if (order < 0) return "decrease";
  if (order === 0) return b.build.join(".") === h.build.join(".") ? "none" : "build";
  if (h.major !== b.major) return "major";
  if (h.minor !== b.minor) return "minor";
  if (h.patch !== b.patch) return "patch";
  return "prerelease";
}

const RANK: Record<ActualIncrement | RequiredIncrement, number> = {
  decrease: -1,
  none: 0,
  build: 0,
  prerelease: 1,
  patch: 1,
  minor: 2,
  major: 3,
};

/**
 * Whether `actual` is enough for `required`, with the 0.x convention (minor satisfies breaking,
 * patch satisfies additive) and the prerelease-series convention (any increase satisfies all).
 */
export function satisfies(
  required: RequiredIncrement,
  actual: ActualIncrement,
  base: string,
): boolean {
  if (required === "none") return actual !== "decrease";
  if (RANK[actual] <= 0) return false;
  const b = parse(base);
  if (b.prerelease.length > 0) return true;
  if (b.major === 0) return RANK[actual] >= (required === "major" ? 2 : 1);
  return RANK[actual] >= RANK[required];
}

/** The smallest version after `base` that satisfies `required` (the base itself for `none`). */
export function smallestCorrectVersion(base: string, required: RequiredIncrement): string {
  const b = parse(base);
  if (required === "none") return b.version;
  if (b.prerelease.length > 0) return semver.inc(b.version, "prerelease")!;
  const release =
    b.major === 0
      ? ({ major: "minor", minor: "patch", patch: "patch" } as const)[required]
      : required;
  return semver.inc(b.version, release)!;
}

/**
 * The version to suggest for a head version: what the author wrote when it reads as a version
 * (`1.1` → `1.1.0`) and is enough for `required`, else the smallest correct version after
 * `base`. Always valid SemVer that satisfies `required`: a suggestion must never be a revert of
 * the author's increase nor itself a finding.
 */
export function suggestedVersion(base: string, head: unknown, required: RequiredIncrement): string {
  const smallest = smallestCorrectVersion(base, required);
  if (typeof head !== "string") return smallest;
  // cut first: no regular expression is run over a version of megabytes
  const intended = semver.coerce(head.slice(0, MAX_VERSION_LENGTH), { includePrerelease: true });
  if (!intended || !isValidVersion(intended.version)) return smallest;
  const actual = actualIncrement(base, intended.version);
  const enough = actual !== "none" && actual !== "build" && satisfies(required, actual, base);
  return enough ? intended.version : smallest;
}

export function majorOf(version: string): number {
  return parse(version).major;
}

export function hasPrerelease(version: string): boolean {
  return parse(version).prerelease.length > 0;
}
