import { describe, expect, it } from "vitest";
import {
  actualIncrement,
  isValidVersion,
  satisfies,
  smallestCorrectVersion,
} from "../src/semver.js";
import type { ActualIncrement, RequiredIncrement } from "../src/types.js";

// Expectations follow docs/rules/version-invalid.md and docs/rules/README.md, "Version" (the
// product spec's §1 and §4).

describe("isValidVersion: strict SemVer 2.0.0", () => {
  it.each([
    "0.0.0",
    "1.2.3",
    "10.20.30",
    "1.0.0-alpha",
    "1.0.0-0.3.7",
    "1.0.0-x.7.z.92",
    "1.0.0-alpha-a.b-c",
    "1.0.0+20130313144700",
    "1.0.0-alpha+001",
    "1.2.3-rc.1+build.5",
  ])("accepts %s", (version) => {
    expect(isValidVersion(version)).toBe(true);
  });

  it.each([
    ["v1.2.3", "leading v"],
    ["=1.2.3", "leading ="],
    ["1.2", "missing patch"],
    ["1", "major only"],
    ["1.2.3.4", "four components"],
    ["01.2.3", "leading zero in major"],
    ["1.02.3", "leading zero in minor"],
    ["1.2.03", "leading zero in patch"],
    ["1.2.3-01", "leading zero in a numeric prerelease identifier"],
    ["1.2.3-", "empty prerelease"],
    ["1.2.3+", "empty build metadata"],
    ["1.2.3-rc..1", "empty prerelease identifier"],
    ["1.2.3-rc_1", "character outside [0-9A-Za-z-]"],
    [" 1.2.3", "leading space"],
    ["1.2.3 ", "trailing space"],
    ["", "empty string"],
    ["latest", "a word"],
  ])("rejects %j (%s)", (version) => {
    expect(isValidVersion(version)).toBe(false);
  });

  it.each([[123], [null], [undefined], [{ major: 1 }]])("rejects the non-string %j", (value) => {
    expect(isValidVersion(value)).toBe(false);
  });
});

describe("actualIncrement: the highest component that differs", () => {
  it.each<[string, string, ActualIncrement]>([
    ["1.2.3", "2.0.0", "major"],
    ["1.2.3", "2.0.0-rc.1", "major"],
    ["0.3.1", "1.0.0", "major"],
    ["1.2.3", "1.3.0", "minor"],
    ["1.9.0", "1.10.0", "minor"],
    ["0.3.1", "0.4.0", "minor"],
    ["1.2.3", "1.2.4", "patch"],
    ["1.2.3", "1.2.4-rc.1", "patch"],
    ["1.2.3+7", "1.2.4", "patch"],
    ["1.0.0-beta.1", "1.0.0-beta.2", "prerelease"],
    ["1.0.0-alpha.9", "1.0.0-alpha.10", "prerelease"],
    ["1.0.0-alpha", "1.0.0-beta", "prerelease"],
    ["1.0.0-beta.1", "1.0.0", "prerelease"],
    ["1.2.3", "1.2.3+5", "build"],
    ["1.2.3+1", "1.2.3+2", "build"],
    ["1.0.0-rc.1+b.1", "1.0.0-rc.1", "build"],
    ["1.2.3", "1.2.3", "none"],
    ["1.0.0-rc.1", "1.0.0-rc.1", "none"],
    ["1.3.14", "1.0.0", "decrease"],
    ["2.0.0", "1.9.9", "decrease"],
    ["1.0.0", "1.0.0-rc.1", "decrease"],
    ["1.0.0-beta.2", "1.0.0-beta.1", "decrease"],
    ["1.0.0-beta", "1.0.0-alpha", "decrease"],
  ])("%s → %s is %s", (base, head, expected) => {
    expect(actualIncrement(base, head)).toBe(expected);
  });
});

describe("satisfies: is the actual increment enough for the required one", () => {
  it.each<[RequiredIncrement, ActualIncrement, string, boolean]>([
    // 1.x and above: the increment must reach the required component.
    ["major", "major", "1.2.3", true],
    ["major", "minor", "1.2.3", false],
    ["major", "patch", "1.2.3", false],
    ["minor", "major", "1.2.3", true],
    ["minor", "minor", "1.2.3", true],
    ["minor", "patch", "1.2.3", false],
    ["patch", "minor", "1.2.3", true],
    ["patch", "patch", "1.2.3", true],
    ["patch", "none", "1.2.3", false],
    ["patch", "decrease", "1.2.3", false],
    // build metadata does not count for precedence: it satisfies nothing but none.
    ["patch", "build", "1.2.3", false],
    ["minor", "build", "1.2.3", false],
    ["major", "build", "1.2.3", false],
    ["none", "build", "1.2.3", true],
    ["none", "none", "1.2.3", true],
    // 0.x: a minor increment satisfies breaking, a patch one additive and patch.
    ["major", "minor", "0.3.1", true],
    ["major", "major", "0.3.1", true],
    ["major", "patch", "0.3.1", false],
    ["minor", "patch", "0.3.1", true],
    ["patch", "patch", "0.3.1", true],
    ["minor", "build", "0.3.1", false],
    ["patch", "none", "0.3.1", false],
    // prerelease base: any increase satisfies any required increment.
    ["major", "prerelease", "1.0.0-beta.1", true],
    ["minor", "prerelease", "1.0.0-beta.1", true],
    ["major", "patch", "1.0.0-beta.1", true],
    ["major", "prerelease", "0.1.0-rc.1", true],
    ["major", "none", "1.0.0-beta.1", false],
    ["patch", "build", "1.0.0-beta.1", false],
    ["minor", "decrease", "1.0.0-beta.1", false],
  ])("required %s, actual %s on %s → %s", (required, actual, base, expected) => {
    expect(satisfies(required, actual, base)).toBe(expected);
  });

  it.each<[string, string, RequiredIncrement]>([
    ["1.0.0-beta.1", "1.0.0-beta.2", "major"],
    ["1.0.0-beta.1", "1.0.0", "major"],
    ["1.0.0-beta.1", "1.0.0-beta.2", "minor"],
    ["0.3.1", "0.4.0", "major"],
    ["0.3.1", "0.3.2", "minor"],
  ])("the concrete pair %s → %s satisfies %s", (base, head, required) => {
    expect(satisfies(required, actualIncrement(base, head), base)).toBe(true);
  });
});

describe("smallestCorrectVersion", () => {
  it.each<[string, RequiredIncrement, string]>([
    ["1.2.3", "major", "2.0.0"],
    ["1.2.3", "minor", "1.3.0"],
    ["1.2.3", "patch", "1.2.4"],
    ["1.2.3", "none", "1.2.3"],
    ["1.3.14", "patch", "1.3.15"],
    ["1.2.3+5", "patch", "1.2.4"],
    ["1.2.3+5", "minor", "1.3.0"],
    // 0.x: minor for breaking, patch for additive and patch.
    ["0.3.1", "major", "0.4.0"],
    ["0.3.1", "minor", "0.3.2"],
    ["0.3.1", "patch", "0.3.2"],
    // prerelease series: the next prerelease is the smallest increase.
    ["1.0.0-beta.1", "major", "1.0.0-beta.2"],
    ["1.0.0-beta.1", "minor", "1.0.0-beta.2"],
    ["1.0.0-beta.1", "patch", "1.0.0-beta.2"],
  ])("%s with a required %s increment → %s", (base, required, expected) => {
    expect(smallestCorrectVersion(base, required)).toBe(expected);
  });

  it.each<[string, RequiredIncrement]>([
    ["1.2.3", "major"],
    ["1.2.3", "minor"],
    ["1.2.3", "patch"],
    ["0.3.1", "major"],
    ["0.3.1", "minor"],
    ["0.0.9", "patch"],
    ["1.0.0-beta.1", "major"],
    ["2.1.0-rc.3+b.9", "minor"],
  ])(
    "the suggestion for %s (%s) is valid, higher and satisfies the requirement",
    (base, required) => {
      const suggested = smallestCorrectVersion(base, required);
      expect(isValidVersion(suggested)).toBe(true);
      const actual = actualIncrement(base, suggested);
      expect(actual).not.toBe("decrease");
      expect(satisfies(required, actual, base)).toBe(true);
    },
  );
});
