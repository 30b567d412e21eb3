import { clip, show } from "../json/values.js";
import semver from "semver";
import type { Comparison } from "../compare/compare.js";
import { sameContent } from "../compare/diff.js";
import { parseOrdId } from "../ord/ord-id.js";
import { isValidVersion, MAX_VERSION_LENGTH, satisfies, suggestedVersion } from "../semver.js";
import { at, type Rule } from "./rule.js";

/** Long values are cut in messages: a 10 MB "version" must not be copied into every surface. */

const article = (word: string): string => (/^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`);

/** The smallest version that makes this comparison correct, for one-click suggestions. */
function suggestion(c: Comparison): { version: string } | undefined {
  const base = c.base?.value.version;
  if (isValidVersion(base))
    return { version: suggestedVersion(base, c.head?.value.version, c.required) };
  const head = c.head?.value.version;
  // cut first: no regular expression is run over a version of megabytes
  const coerced =
    typeof head === "string"
      ? semver.coerce(head.slice(0, MAX_VERSION_LENGTH))?.version
      : undefined;
  if (coerced) return { version: coerced };
  const major = parseOrdId(c.ordId)?.major;
  return { version: major === 0 ? "0.1.0" : `${major ?? 1}.0.0` };
}

/** Both versions, when both are valid SemVer; rules comparing versions need them. */
function versions(c: Comparison): [string, string] | undefined {
  const b = c.base?.value.version;
  const h = c.head?.value.version;
  return isValidVersion(b) && isValidVersion(h) ? [b, h] : undefined;
}

export const versionRules: Rule[] = [
  {
    id: "version-invalid",
    family: "Version",
    severity: "error",
    judges: "state",
    description: "A head `version` is not SemVer 2.0.0.",
    entity: (c) => {
      if (!c.info.versioned) return;
      const version = c.head.value.version;
      if (isValidVersion(version)) return;
      const message =
        version === undefined
          ? `${c.ordId} has no version: versioned ORD entities need a SemVer 2.0.0 version such as 1.0.0`
          : `version ${clip(JSON.stringify(version) ?? "", 80)} is not SemVer 2.0.0 (MAJOR.MINOR.PATCH, e.g. 1.2.3, without a leading "v")`;
      return {
        ordId: c.ordId,
        message,
        location: at(c.head, "version"),
        suggestion: suggestion(c),
      };
    },
  },
  {
    id: "version-decreased",
    family: "Version",
    severity: "error",
    judges: "transition",
    description: "Head `version` is lower than base `version`.",
    entity: (c) => {
      const pair = versions(c);
      if (!pair || c.actual !== "decrease") return;
      return {
        ordId: c.ordId,
        message: `version went backwards: ${pair[0]} → ${pair[1]}; a published resource's version only increases`,
        location: at(c.head!, "version"),
        suggestion: suggestion(c),
      };
    },
  },
  {
    id: "version-not-incremented",
    family: "Version",
    severity: "error",
    judges: "transition",
    description: "The entity changed but its version did not (or only its build metadata did).",
    entity: (c) => {
      const pair = versions(c);
      if (!pair || c.level === "none" || (c.actual !== "none" && c.actual !== "build")) return;
      const what =
        c.actual === "build"
          ? `only build metadata changed (${pair[0]} → ${pair[1]}), which does not count`
          : `the version stays ${pair[1]}`;
      return {
        ordId: c.ordId,
        message: `${c.level} changes need ${article(c.required)} increment, but ${what}`,
        location: at(c.head!, "version"),
        suggestion: suggestion(c),
      };
    },
  },
  {
    id: "version-increment-too-small",
    family: "Version",
    severity: "error",
    judges: "transition",
    description: "The version increment is smaller than the change level requires.",
    entity: (c) => {
      const pair = versions(c);
      if (!pair || c.level === "none" || !c.actual) return;
      if (["none", "build", "decrease"].includes(c.actual)) return;
      if (satisfies(c.required, c.actual, pair[0])) return;
      return {
        ordId: c.ordId,
        message: `${c.level} changes need at least ${article(c.required)} increment: ${pair[0]} → ${pair[1]} is ${article(c.actual)}`,
        location: at(c.head!, "version"),
        suggestion: suggestion(c),
      };
    },
  },
  {
    id: "version-increment-unneeded",
    family: "Version",
    severity: "notice",
    judges: "transition",
    description: "The major version was raised although no breaking change was found.",
    entity: (c) => {
      const pair = versions(c);
      if (!pair || c.actual !== "major" || c.level === "breaking") return;
      return {
        ordId: c.ordId,
        message: `the major version was raised (${pair[0]} → ${pair[1]}) but no breaking change was found (change level: ${c.level}); allowed, but check it was intended`,
        location: at(c.head!, "version"),
      };
    },
  },
  {
    id: "version-changed-without-change",
    family: "Version",
    severity: "notice",
    judges: "transition",
    description: "The version changed but nothing else did.",
    entity: (c) => {
      if (!c.base || !c.head || sameContent(c.base.value.version, c.head.value.version)) return;
      if (c.changes.length > 0) return;
      const others = [
        "lastUpdate",
        "releaseStatus",
        "deprecationDate",
        "sunsetDate",
        "successors",
        "changelogEntries",
        "lifecycleStatus",
      ];
      const otherLifecycle = others.some((f) => !sameContent(c.base!.value[f], c.head!.value[f]));
      if (otherLifecycle) return;
      return {
        ordId: c.ordId,
        message: `version changed (${show(c.base.value.version)} → ${show(c.head.value.version)}) but nothing else did: no metadata, definition or lifecycle change`,
        location: at(c.head, "version"),
      };
    },
  },
];
