/**
 * The command line's sides when they are not plain files: a published base (`--base <url>`) and
 * generated documents (`--generate`). Everything else goes through resolveSources unchanged.
 */
import os from "node:os";
import path from "node:path";
import { cliSources, isGlob } from "./head-globs.js";
import type { DefinitionMapping } from "../compare/definitions.js";
import {
  generateBothSides,
  generateTimeoutMs,
  requireGeneratedDocuments,
  runGenerator,
} from "../ord/generate.js";
import { isPublishedBase, readPublishedSource } from "../ord/published.js";
import { labelBase, readFileSource, UsageError, type SideSource } from "../ord/sources.js";

export interface SourceFlags {
  base: string;
  /** Every --head: one path as it is, several or a glob select documents (see head-globs.ts). */
  heads: readonly string[];
  generate?: string;
  generateTimeout?: string;
  allowHost?: string[];
  baseHeader?: string;
}

export interface CommandLineSides {
  base: SideSource;
  head: SideSource;
  /** Removes what was made for the run (the base worktree); call once the check is done. */
  dispose: () => void;
}

export async function commandLineSources(
  flags: SourceFlags,
  options: { cwd: string; mappings: readonly DefinitionMapping[] },
  log: (line: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): Promise<CommandLineSides> {
  const published = isPublishedBase(flags.base);
  if (!published && (flags.allowHost?.length || flags.baseHeader)) {
    throw new UsageError("--allow-host and --base-header apply to a --base https://... URL");
  }
  if (flags.generate === undefined && flags.generateTimeout !== undefined) {
    throw new UsageError("--generate-timeout applies to --generate");
  }
  if (!published && flags.generate === undefined) {
    return { ...cliSources(flags.base, flags.heads, options.cwd), dispose: () => {} };
  }
  if (flags.heads.length > 1 || (flags.heads[0] !== undefined && isGlob(flags.heads[0]))) {
    throw new UsageError("--generate and a published --base take one --head path, not globs");
  }
  const headSpec = flags.heads[0] ?? ".";
  const generate = flags.generate && {
    command: flags.generate,
    timeoutMs: generateTimeoutMs(flags.generateTimeout, "--generate-timeout"),
    log,
  };
  if (published) {
    if (!flags.allowHost?.length) {
      throw new UsageError(
        `--base ${flags.base} needs --allow-host <host>: no host is contacted unless allowed`,
      );
    }
    // The published base is read before anything runs: a base that cannot be read stops here.
    const base = await readPublishedSource({
      url: flags.base,
      allowHosts: flags.allowHost,
      header: flags.baseHeader ?? env.ORD_BASE_HEADER,
      mappings: options.mappings,
    });
    if (generate) await runGenerator(options.cwd, "head", generate);
    const head = readFileSource(headSpec, options.cwd);
    if (generate) requireGeneratedDocuments(head, generate.command, `--head ${headSpec}`);
    return { base, head, dispose: () => {} };
  }
  if (!generate) throw new UsageError("unreachable: no generate and no published base");
  if (!flags.base.startsWith("git:")) {
    throw new UsageError("--generate needs --base git:<ref> (or a published base URL)");
  }
  const ref = flags.base.slice(4);
  const worktree = await generateBothSides(ref, options.cwd, os.tmpdir(), generate);
  try {
    // The same folder in the base's tree (an absolute --head too, as long as it is in the repository).
    const baseSpec = path.relative(options.cwd, path.resolve(options.cwd, headSpec)) || ".";
    const head = readFileSource(headSpec, options.cwd);
    requireGeneratedDocuments(head, generate.command, `--head ${headSpec}`);
    return {
      base: labelBase(readFileSource(baseSpec, worktree.cwd), ref),
      head,
      dispose: worktree.remove,
    };
  } catch (error) {
    worktree.remove();
    throw error;
  }
}
