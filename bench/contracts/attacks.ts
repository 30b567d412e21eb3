/**
 * Size scaling of the contract differ on hostile OpenAPI pairs (issue 12, items 8 and 12) and
 * AsyncAPI pairs whose operations share one message list (issue 14, item 1): each
 * size runs in its own process (a blow-up must not take the others down) with a heap cap and a
 * time limit, and reports its time and peak RSS. Run: `npx tsx bench/contracts/attacks.ts`.
 */
import { spawnSync } from "node:child_process";
import { diffAsyncApiDocuments } from "../../src/contracts/asyncapi/asyncapi3.js";
import { diffOpenApi } from "../../src/contracts/openapi/openapi.js";
import {
  allChannelMessages,
  recursiveCategory,
  sharedErrorSchema,
  sharedMessageList,
} from "../../test/contracts/hostile.js";

const [, , mode, size] = process.argv;

if (mode === "child") {
  const [kind, n] = (size ?? "").split(":");
  const asyncapi = kind === "messages" || kind === "messages3";
  const pair =
    kind === "recursive"
      ? recursiveCategory(Number(n))
      : kind === "messages"
        ? sharedMessageList(Number(n))
        : kind === "messages3"
          ? allChannelMessages(Number(n))
          : sharedErrorSchema(Number(n), 2000);
  const bytes = JSON.stringify(pair.head).length;
  const started = performance.now();
  const changes = (asyncapi ? diffAsyncApiDocuments : diffOpenApi)(pair.base, pair.head);
  const ms = performance.now() - started;
  const rss = process.resourceUsage().maxRSS / 1024;
  console.log(
    JSON.stringify({ bytes, changes: changes.length, ms: Math.round(ms), rssMb: Math.round(rss) }),
  );
} else {
  const cases = [
    ...[10, 14, 16, 18, 20, 45].map((n) => `recursive:${n}`),
    ...[100, 300, 600, 1200].map((n) => `shared:${n}`),
    ...[100, 400, 1600].map((n) => `messages:${n}`),
    ...[100, 1000, 10000].map((n) => `messages3:${n}`),
  ];
  console.log("| case | head bytes | changes | time ms | peak RSS MB |\n|---|---|---|---|---|");
  for (const c of cases) {
    const run = spawnSync(
      process.execPath,
      ["--max-old-space-size=1024", "--import", "tsx", import.meta.filename, "child", c],
      { encoding: "utf8", timeout: 60_000 },
    );
    const line = run.stdout.trim().split("\n").at(-1) ?? "";
    let cells: string;
    try {
      const r = JSON.parse(line) as { bytes: number; changes: number; ms: number; rssMb: number };
      cells = `${r.bytes} | ${r.changes} | ${r.ms} | ${r.rssMb}`;
    } catch {
      const why = run.error
        ? "timeout (60 s)"
        : /heap|memory/i.test(run.stderr)
          ? "out of memory (1 GB heap)"
          : `exit ${run.status}`;
      cells = `– | – | ${why} | –`;
    }
    console.log(`| ${c} | ${cells} |`);
  }
}
