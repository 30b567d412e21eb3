import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { main } from "../../src/cli/main.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const read = (file: string): string => readFileSync(path.join(ROOT, file), "utf8");
// Read at run time: inputs added to action.yml later are accepted without touching this test.
const inputs = Object.keys(
  (parseDocument(read("action.yml")).toJS() as { inputs: Record<string, unknown> }).inputs,
);

const EXAMPLES = "examples/workflows";
const examples = readdirSync(path.join(ROOT, EXAMPLES))
  .filter((f) => f.endsWith(".yml"))
  .sort();
const ownWorkflows = readdirSync(path.join(ROOT, ".github/workflows"))
  .filter((f) => f.endsWith(".yml"))
  .map((f) => `.github/workflows/${f}`);

/** The ```yaml blocks of a Markdown file. */
function yamlBlocks(file: string): string[] {
  return [...read(file).matchAll(/^```ya?ml\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
}

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  on: unknown;
  jobs: Record<string, { "runs-on"?: string; steps: Step[] }>;
}

/** Parses strictly (YAML errors and duplicate keys fail) into the parts a runner needs. */
function parseWorkflow(text: string, where: string): Workflow {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  expect(
    doc.errors.map((e) => e.message),
    where,
  ).toEqual([]);
  return doc.toJS() as Workflow;
}

const isOurs = (uses: string | undefined): boolean =>
  uses === "./" || /^ord-version-guard\/ord-version-guard@[\w.-]+$/.test(uses ?? "");

/** Every workflow shown: the examples, the README's and SECURITY.md's blocks, our own workflows. */
const shown: [string, string][] = [
  ...examples.map((f): [string, string] => [`${EXAMPLES}/${f}`, read(`${EXAMPLES}/${f}`)]),
  ...["README.md", "SECURITY.md"].flatMap((file) =>
    yamlBlocks(file)
      .filter((block) => /^\s*(jobs|on):/m.test(block))
      .map((block, i): [string, string] => [`${file} block ${i + 1}`, block]),
  ),
  ...ownWorkflows.map((f): [string, string] => [f, read(f)]),
];

describe("workflow examples", () => {
  it("README shows every example file verbatim, and no workflow that is not one", () => {
    const inReadme = yamlBlocks("README.md").filter((b) => /^jobs:/m.test(b));
    const files = examples.map((f) => read(`${EXAMPLES}/${f}`));
    expect(inReadme.length).toBeGreaterThanOrEqual(5);
    for (const block of inReadme)
      expect(files, "a README workflow is in examples/").toContain(block);
    for (const [i, file] of files.entries())
      expect(inReadme, `${examples[i]} is in the README`).toContain(file);
  });

  it("covers a monorepo with two jobs, a required check, SARIF upload and forks", () => {
    const all = examples.map((f) => parseWorkflow(read(`${EXAMPLES}/${f}`), f));
    const ourJobs = (w: Workflow) =>
      Object.values(w.jobs).filter((j) => j.steps.some((s) => isOurs(s.uses)));
    expect(all.some((w) => ourJobs(w).length >= 2)).toBe(true);
    expect(all.some((w) => Object.values(w.jobs).some((j) => "name" in j))).toBe(true);
    expect(
      all.some((w) =>
        Object.values(w.jobs).some((j) =>
          j.steps.some((s) => s.uses?.startsWith("github/codeql-action/upload-sarif@")),
        ),
      ),
    ).toBe(true);
    expect(
      all.some((w) =>
        Object.values(w.jobs).some((j) =>
          j.steps.some((s) => JSON.stringify(s.with?.comment ?? "").includes("head.repo.fork")),
        ),
      ),
    ).toBe(true);
  });

  it("covers a merge queue (merge_group next to pull_request) and an audit on push", () => {
    const on = examples.map((f) => parseWorkflow(read(`${EXAMPLES}/${f}`), f).on);
    const events = (o: unknown) => Object.keys(o as Record<string, unknown>);
    expect(
      on.some((o) => events(o).includes("merge_group") && events(o).includes("pull_request")),
    ).toBe(true);
    expect(on.some((o) => events(o).join() === "push")).toBe(true);
  });

  it.each(shown)("%s parses as a workflow whose steps are well formed", (where, text) => {
    const workflow = parseWorkflow(text, where);
    expect(workflow.jobs, where).toBeTypeOf("object");
    for (const [name, job] of Object.entries(workflow.jobs)) {
      expect(Array.isArray(job.steps), `${where}: job ${name} has steps`).toBe(true);
      for (const step of job.steps)
        expect(
          (step.uses === undefined) !== (step.run === undefined),
          `${where}: a step has either uses or run`,
        ).toBe(true);
    }
    // An unclosed expression is a runtime error GitHub reports only when the workflow runs.
    expect(text.split("${{").length, `${where}: balanced \${{ }}`).toBe(text.split("}}").length);
  });

  it.each(shown)("%s gives the Action only inputs that action.yml declares", (where, text) => {
    const steps = Object.values(parseWorkflow(text, where).jobs ?? {}).flatMap((j) => j.steps);
    for (const step of steps.filter((s) => isOurs(s.uses)))
      for (const key of Object.keys(step.with ?? {}))
        expect(inputs, `${where}: with.${key}`).toContain(key);
  });

  it.each(shown)("%s gives the command line only flags it knows", async (where, text) => {
    let help = "";
    await main(["--help"], ROOT, { stdout: (t) => (help += t), stderr: () => {}, tty: false });
    const flags = new Set([...help.matchAll(/--[a-z-]+/g)].map((m) => m[0]));
    const commands = Object.values(parseWorkflow(text, where).jobs)
      .flatMap((j) => j.steps)
      .flatMap((s) => [...(s.run ?? "").matchAll(/ord-version-guard(?:@\S+)? check\b(.*)/gs)])
      .map((m) => m[1]!);
    for (const command of commands)
      for (const [flag] of command.matchAll(/(?<=\s)--[a-z-]+/g))
        expect(flags, `${where}: ${flag}`).toContain(flag);
  });

  it("the SARIF example's command line is checked", () => {
    const text = read(`${EXAMPLES}/sarif.yml`);
    expect(text).toMatch(/ord-version-guard@\S+ check\b[\s\S]*--format sarif/);
  });

  it("every workflow shown uses the same major of each action as this repository's own", () => {
    const majors = new Map<string, Set<string>>();
    for (const [, text] of shown)
      for (const [, action, major] of text.matchAll(
        /uses:\s*((?:actions|github)\/[\w./-]+)@(v\d+)/g,
      ))
        majors.set(action!, (majors.get(action!) ?? new Set()).add(major!));
    expect(majors.get("actions/checkout")?.size).toBe(1);
    for (const [action, seen] of majors) expect([...seen], action).toHaveLength(1);
  });
});
