/**
 * The hostile values mutations draw from: prototype keys, strings that break renderers or
 * parsers, odd JSON values, versions, release statuses and dates at and beyond the edges, and the
 * ORD ID and version benders. `FEATURES` names the inputs a run may leave out (`--avoid`) while a
 * known bug is open; `usePools` filters the pools once per case, and every family reads the
 * current pools from `P`.
 */
import { CONCEPTS, isObj } from "./json.js";
import type { Rng } from "./rng.js";

export const PROTO_KEYS = [
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "valueOf",
  "hasOwnProperty",
  "isPrototypeOf",
  "__defineGetter__",
  "length",
];

const WEIRD_STRINGS = [
  "",
  " ",
  "\t\n",
  "\u0000",
  "\u0000\u0001\u001f\u007f",
  "\ud800",
  "\udfff\ud800",
  "😀🚀",
  "\u202e\u2066rtl",
  "\u200b\u200d",
  "ｓａｐ.ｘｒｅｆ",
  "İıßſ",
  "<!-- ord-version-guard:summary:0123456789ab -->",
  "<!-- ord-version-guard:finding:0123456789abcdef -->",
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  "@admin @org/team",
  "&commat;admin &lt;b&gt;",
  "```\n</details>\n# heading",
  "| a | b |\n|---|---|",
  "\r\n\r---\r",
  "${process.env.GITHUB_TOKEN}",
  "%s%n%x",
  "../../../../etc/passwd",
  "C:\\Windows\\system32",
  "NaN",
  "Infinity",
  "-0",
  "1e999",
  "true",
  "null",
  "sap.xref:apiResource:astronomy:v1",
  "SAP.XREF:APIRESOURCE:ASTRONOMY:V1",
  "1.0.0",
  "999999999999999999999.0.0",
  `1.0.0-${"a.".repeat(300)}a`,
  "a".repeat(10_000),
  "(a+)+$".repeat(50),
  ...PROTO_KEYS,
];

const ODD_VALUES: (() => unknown)[] = [
  () => null,
  () => 0,
  () => -1,
  () => 1.5,
  () => 1e308,
  () => 2 ** 53 + 2,
  () => -1e-300,
  () => "",
  () => "x",
  () => true,
  () => false,
  () => [],
  () => ({}),
  () => [null],
  () => [1, "a", null, [], {}],
  () => ({ a: { b: [] } }),
  () => ({ ordId: "sap.xref:apiResource:x:v1" }),
  () => "1.0.0",
  () => ["1.0.0"],
  () => ({ __proto__: null, toString: 1 }),
];

const VERSIONS = [
  "0.0.0",
  "0.0.1",
  "0.1.0",
  "0.9.9",
  "1.0.0",
  "1.0.1",
  "1.1.0",
  "2.0.0",
  "10.20.30",
  "1.0.0-alpha",
  "1.0.0-alpha.1",
  "1.0.0-0.3.7",
  "1.0.0-x.7.z.92",
  "1.0.0+build.1",
  "1.0.0-rc.1+build.5",
  "v1.0.0",
  "1.0",
  "1",
  "01.0.0",
  "1.0.0.0",
  "",
  " 1.0.0",
  "1.0.0 ",
  "999999999999999999999.0.0",
  "9007199254740993.0.0",
  "1.2.3-",
  "1.2.3+",
  "1.2.3-01",
  "-1.0.0",
  "1.-1.0",
  "١.٠.٠",
  "1.0.0\n",
  "latest",
];

export const RELEASE_STATUSES = [
  "development",
  "beta",
  "active",
  "deprecated",
  "sunset",
  "Active",
  "retired",
  "",
];

export const DATES = [
  "2020-01-01T00:00:00Z",
  "2026-10-01T00:00:00Z",
  "2026-11-21T12:00:00Z",
  "2026-12-31T00:00:00Z",
  "2099-12-31T23:59:59Z",
  "1970-01-01T00:00:00Z",
  "2026-02-30T00:00:00Z",
  "2026-13-01",
  "2026-11-21",
  "not a date",
  "",
  "+275760-09-13T00:00:00Z",
  "-000001-01-01T00:00:00Z",
  "2026-11-21T12:00:00+14:00",
  "2026-11-21T12:00:00.123456789Z",
];

/**
 * Inputs a run may leave out (`CaseOptions.avoid`), so the CI test can keep running while a
 * known bug is open: each names the inputs of one bug class.
 */
export const FEATURES = [
  /** `__proto__`, `constructor`, `toString`... as object keys. */
  "proto-keys",
  /** Objects with an own non-callable `toString` (`{"toString": 1}`) where strings belong. */
  "toString-values",
  /** Versions the SemVer pattern accepts but the semver package rejects (> 2^53, > 256 chars). */
  "unparseable-semver",
  /** Nesting 1,000 to 100,000 levels deep. */
  "deep",
  /** Objects with 100,000 keys inside an entity. */
  "huge-object",
  /** A file re-encoded as UTF-16 (NUL bytes between the characters of every key). */
  "utf16",
  /** Every extreme input (deep, huge strings, arrays, objects, numbers, keys). */
  "extreme",
] as const;
export type Feature = (typeof FEATURES)[number];

const UNPARSEABLE_SEMVER = (v: string): boolean =>
  /^\d+\.\d+\.\d+/.test(v) &&
  (v.length > 256 ||
    v
      .split(/[.+-]/)
      .slice(0, 3)
      .some((n) => Number(n) > Number.MAX_SAFE_INTEGER));

interface Pools {
  avoid: ReadonlySet<string>;
  weird: string[];
  odd: (() => unknown)[];
  versions: string[];
  protoKeys: string[];
  dupKeys: string[];
}

function poolsFor(avoid: ReadonlySet<string>): Pools {
  const protoKeys = avoid.has("proto-keys") ? ["notProto"] : PROTO_KEYS;
  const keep = (v: string): boolean =>
    !(avoid.has("proto-keys") && PROTO_KEYS.includes(v)) &&
    !(avoid.has("unparseable-semver") && UNPARSEABLE_SEMVER(v));
  const odd = avoid.has("toString-values")
    ? ODD_VALUES.filter((f) => {
        const v = f();
        return !(isObj(v) && Object.hasOwn(v, "toString"));
      })
    : ODD_VALUES;
  return {
    avoid,
    weird: WEIRD_STRINGS.filter(keep),
    odd,
    versions: VERSIONS.filter(keep),
    protoKeys,
    dupKeys: [
      "ordId",
      "version",
      "openResourceDiscovery",
      "a",
      ...(avoid.has("proto-keys") ? [] : ["__proto__"]),
    ],
  };
}

/** The pools of the case being built (cases are built one at a time, synchronously). */
export let P: Pools = poolsFor(new Set());

/** Filters the pools for the case about to be built (`makeCase` calls it first). */
export function usePools(avoid: ReadonlySet<string>): void {
  P = poolsFor(avoid);
}

/** Variants of an ORD ID: case, major, concept, namespace, garbage. */
export function bendOrdId(rng: Rng, id: string, others: string[]): string {
  const major = /:v(\d+)$/;
  switch (rng.int(14)) {
    case 0:
      return id.toUpperCase();
    case 1:
      return id.replace(/[a-z]/, (c) => c.toUpperCase());
    case 2:
      return major.test(id) ? id.replace(major, `:v${rng.pick([0, 1, 2, 3, 10])}`) : `${id}:v2`;
    case 3:
      return id.replace(major, ":v99999999999999999999");
    case 4:
      return id.replace(major, "");
    case 5: {
      const parts = id.split(":");
      if (parts.length > 1) parts[1] = rng.pick(Object.values(CONCEPTS));
      return parts.join(":");
    }
    case 6:
      return id.replace(/^[^:]*/, rng.pick(["other.ns", "SAP", "", "a..b", "sap.xref"]));
    case 7:
      return others.length > 0 ? rng.pick(others) : id;
    case 8:
      return `${id} `;
    case 9:
      return rng.pick(P.weird);
    case 10:
      return ":::";
    case 11:
      return `${id}:${id}`;
    case 12:
      return id.replace(/:[^:]*:v/, `:${"x".repeat(rng.pick([1, 255, 5000]))}:v`);
    default:
      return `${id}\u0000`;
  }
}

export function bendVersion(rng: Rng, version: unknown): unknown {
  const m = typeof version === "string" ? /^(\d+)\.(\d+)\.(\d+)/.exec(version) : null;
  if (m && rng.chance(0.6)) {
    const [a, b, c] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return rng.pick([
      `${a + 1}.0.0`,
      `${a}.${b + 1}.0`,
      `${a}.${b}.${c + 1}`,
      `${Math.max(0, a - 1)}.${b}.${c}`,
      `${a}.${b}.${c}-rc.1`,
      `${a}.${b}.${c}+meta`,
      `${a}.${b}`,
      a,
    ]);
  }
  return rng.chance(0.9) ? rng.pick(P.versions) : rng.pick(P.odd)();
}
