/**
 * Agreement of the AsyncAPI 2.x, AsyncAPI 3.0 and GraphQL contract differs with a careful
 * reviewer, next to each format's own diff tool (issue 14):
 *
 *   npx tsx bench/contracts/agreement.ts [--pairs <dir>] [--verbose]
 *   BENCH_PEERS=/tmp/peers npm run bench:contracts
 *
 * Every pair of ../shared/contract-pairs/{asyncapi,asyncapi3,graphql} (one change each, except the
 * 3.0 fixture of @asyncapi/diff) is wrapped as one ORD resource (an AsyncAPI 3.0 file as a
 * `custom` definition, as ORD lists them) and run through the public check(); the entity's change
 * level must equal the pair's
 * label in labels.ts (breaking, additive, patch, or none when nothing changed). The peers only say
 * breaking or not, so they are scored on that: @asyncapi/diff (breaking / non-breaking /
 * unclassified; an unclassified-only answer counts as no verdict) and GraphQL Inspector (BREAKING,
 * else not). They are not dependencies of the project: install them anywhere, e.g.
 * `cd /tmp/peers && npm init -y && npm install @asyncapi/diff @graphql-inspector/core graphql@16`,
 * and point BENCH_PEERS at that folder; without it they are reported as not installed, next to
 * the figures measured in issue 14. Nothing of the pairs is copied into the repository.
 */
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import {
  ASYNCAPI3_LABELS,
  ASYNCAPI_LABELS,
  GRAPHQL_LABELS,
  type Label,
  type Level,
} from "./labels.js";
import {
  classifyWrappedPair,
  printAgreement,
  readLabelledPairs,
  type Pair,
  type Verdict,
} from "./pairs.js";

export type { Pair } from "./pairs.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const pairsDir = resolve(option("--pairs") ?? join(root, "../shared/contract-pairs"));
const verbose = args.includes("--verbose");

export type Format = "asyncapi" | "asyncapi3" | "graphql";

const LABELS: Record<Format, Record<string, Label>> = {
  asyncapi: ASYNCAPI_LABELS,
  asyncapi3: ASYNCAPI3_LABELS,
  graphql: GRAPHQL_LABELS,
};

/** The pairs of one format that have a label, in name order (skips folders without one). */
export function readPairs(dir: string, format: Format): Pair[] {
  return readLabelledPairs(join(dir, format), LABELS[format]);
}

/**
 * THE single place that decides how our classifier is run on a pair: through the public check()
 * (the same pipeline as `ord-version-guard check`), the pair's file as the one resource definition
 * of an event resource (AsyncAPI) or API resource (GraphQL); the level is the entity's change
 * level in the report, `none` when the entity is not reported as changed.
 */
export function classifyPair(format: Format, pair: Pair): Level {
  const graphql = format === "graphql";
  return classifyWrappedPair(pair, {
    kind: graphql ? "apiResource" : "eventResource",
    file: "definition",
    resource: graphql ? { apiProtocol: "graphql" } : {},
    definition: {
      // ORD has no AsyncAPI 3 type: such files are listed as custom, and read by content
      ...(format === "asyncapi3"
        ? { type: "custom", customType: "bench.pairs:asyncapi-v3:v1" }
        : { type: graphql ? "graphql-sdl" : "asyncapi-v2" }),
      mediaType: graphql ? "text/plain" : `application/${pair.ext === ".json" ? "json" : "yaml"}`,
    },
  });
}

interface Peer {
  name: string;
  /** Why it did not run, when it did not. */
  missing?: string;
  classify(pair: Pair): Promise<Verdict>;
}

const peersDir = process.env.BENCH_PEERS;
const peerRequire = peersDir ? createRequire(join(resolve(peersDir), "package.json")) : undefined;

function load<T>(pkg: string): { module: T; version: string } | { missing: string } {
  if (!peerRequire) return { missing: "n/a (not installed: set BENCH_PEERS)" };
  try {
    const module = peerRequire(pkg) as T;
    const { version } = peerRequire(`${pkg}/package.json`) as { version: string };
    return { module, version };
  } catch (error) {
    return { missing: `n/a (not installed: ${(error as Error).message.split("\n")[0]})` };
  }
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Local `$ref`s replaced by their targets (circular ones kept): @asyncapi/diff wants that. */
function dereference(doc: unknown): unknown {
  const target = (ref: string): unknown => {
    let node: unknown = doc;
    for (const raw of ref.slice(1).split("/").slice(1)) {
      const token = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
      node = isObject(node) ? node[token] : Array.isArray(node) ? node[Number(token)] : undefined;
    }
    return node;
  };
  const open = new Set<string>();
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!isObject(node)) return node;
    const ref = node.$ref;
    if (typeof ref === "string" && ref.startsWith("#")) {
      const found = target(ref);
      if (open.has(ref) || found === undefined) return node;
      open.add(ref);
      const value = walk(found);
      open.delete(ref);
      return value;
    }
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
  };
  return walk(doc);
}

function asyncApiDiff(): Peer {
  type Diff = {
    diff(
      a: unknown,
      b: unknown,
    ): {
      breaking(): unknown[];
      nonBreaking(): unknown[];
      unclassified(): unknown[];
    };
  };
  const loaded = load<Diff>("@asyncapi/diff");
  if ("missing" in loaded)
    return {
      name: "@asyncapi/diff",
      missing: loaded.missing,
      classify: () => Promise.resolve("no verdict"),
    };
  return {
    name: `@asyncapi/diff ${loaded.version}`,
    classify(pair) {
      try {
        const out = loaded.module.diff(
          dereference(parseYaml(pair.base)),
          dereference(parseYaml(pair.head)),
        );
        if (out.breaking().length > 0) return Promise.resolve("breaking");
        // only unclassified changes: the tool leaves the call to the reader
        if (out.nonBreaking().length === 0 && out.unclassified().length > 0)
          return Promise.resolve("no verdict");
        return Promise.resolve("non-breaking");
      } catch {
        return Promise.resolve("no verdict");
      }
    },
  };
}

function graphqlInspector(): Peer {
  type Inspector = {
    diff(a: unknown, b: unknown): Promise<{ criticality: { level: string } }[]>;
  };
  const loaded = load<Inspector>("@graphql-inspector/core");
  // the inspector must get schemas of its own graphql instance, not the project's
  const graphql = load<{ buildSchema(sdl: string): unknown }>("graphql");
  if ("missing" in loaded || "missing" in graphql)
    return {
      name: "GraphQL Inspector",
      missing: "missing" in loaded ? loaded.missing : (graphql as { missing: string }).missing,
      classify: () => Promise.resolve("no verdict"),
    };
  return {
    name: `GraphQL Inspector ${loaded.version}`,
    async classify(pair) {
      try {
        const changes = await loaded.module.diff(
          graphql.module.buildSchema(pair.base),
          graphql.module.buildSchema(pair.head),
        );
        return changes.some((c) => c.criticality.level === "BREAKING")
          ? "breaking"
          : "non-breaking";
      } catch {
        return "no verdict";
      }
    },
  };
}

/** What issue 14 measured for the peers, printed when they are not installed here. */
const REFERENCE: Record<Format, string> = {
  asyncapi: "@asyncapi/diff classifies 21 of 40 (issue 14)",
  asyncapi3: "@asyncapi/diff 0.5.0 agrees on 3 of 4, no verdict on 1 (issue 14 item 1)",
  graphql: "GraphQL Inspector agrees on 36 of 40 (issue 14)",
};

async function run(format: Format, peer: Peer): Promise<void> {
  const pairs = readPairs(pairsDir, format);
  if (pairs.length === 0) {
    console.log(`no ${format} pairs at ${pairsDir}: skipped`);
    return;
  }
  const ours = pairs.map((p) => classifyPair(format, p));
  const verdicts: Verdict[] = [];
  for (const p of pairs) verdicts.push(peer.missing ? "no verdict" : await peer.classify(p));
  const title = `${format}: ${pairs.length} labelled pairs from ${join(pairsDir, format)}`;
  printAgreement(title, pairs, ours, verbose, { ...peer, reference: REFERENCE[format], verdicts });
}

// only when run as a script: the test imports readPairs and classifyPair
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await run("asyncapi", asyncApiDiff());
  await run("asyncapi3", asyncApiDiff());
  await run("graphql", graphqlInspector());
}
