import { afterEach, describe, expect, it, vi } from "vitest";
import { readInputs } from "../../src/action/inputs.js";

/** The inputs of docs/sources.md, as the runner passes them (INPUT_<NAME> variables). */

const names = ["BASE-URL", "ALLOW-HOSTS", "BASE-HEADER", "GENERATE", "GENERATE-TIMEOUT"];
afterEach(() => {
  for (const name of names) delete process.env[`INPUT_${name}`];
  vi.restoreAllMocks();
});

const withInputs = (inputs: Record<string, string>): void => {
  for (const [name, value] of Object.entries(inputs)) process.env[`INPUT_${name}`] = value;
};

describe("generate and published-base inputs", () => {
  it("are absent unless given: the repository's documents, no command, no network", () => {
    const inputs = readInputs();
    expect(inputs).toMatchObject({ allowHosts: [], generateTimeoutMs: 600_000 });
    expect(inputs.baseUrl).toBeUndefined();
    expect(inputs.generate).toBeUndefined();
  });

  it("reads hosts one per line or comma-separated, and the time limit in seconds", () => {
    withInputs({
      "BASE-URL": "https://ord.example.com/.well-known/open-resource-discovery",
      "ALLOW-HOSTS": "ord.example.com,\ncdn.example.com:8443\n",
      GENERATE: "npx cds build --for ord",
      "GENERATE-TIMEOUT": "90",
    });
    expect(readInputs()).toMatchObject({
      allowHosts: ["ord.example.com", "cdn.example.com:8443"],
      generate: "npx cds build --for ord",
      generateTimeoutMs: 90_000,
    });
  });

  it.each([
    [{ "BASE-URL": "https://ord.example.com/x" }, /needs allow-hosts/],
    [{ "BASE-URL": "ftp://ord.example.com/x", "ALLOW-HOSTS": "ord.example.com" }, /http\(s\) URL/],
    [{ GENERATE: "make", "GENERATE-TIMEOUT": "soon" }, /positive number of seconds/],
    // Longer than setTimeout can wait: it would end the command at once.
    [{ GENERATE: "make", "GENERATE-TIMEOUT": "2147484" }, /at most 2147483 seconds/],
  ])("refuses %j", (inputs, message) => {
    withInputs(inputs);
    expect(() => readInputs()).toThrow(message);
  });

  it("masks the header, and its value alone, before anything can print it", () => {
    const written: string[] = [];
    vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    withInputs({
      "BASE-URL": "https://ord.example.com/x",
      "ALLOW-HOSTS": "ord.example.com",
      "BASE-HEADER": "Authorization: Basic c2VjcmV0",
    });
    readInputs();
    const masks = written
      .join("")
      .split(/\r?\n/)
      .filter((l) => l.startsWith("::add-mask::"));
    expect(masks).toEqual([
      "::add-mask::Authorization: Basic c2VjcmV0",
      "::add-mask::Basic c2VjcmV0",
    ]);
  });
});
