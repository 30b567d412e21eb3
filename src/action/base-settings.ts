/**
 * The Action's config and schema, read from the base commit: the pull request is judged by the
 * rules it is merged into, so it cannot switch off its own gate (SECURITY.md).
 */
import * as core from "@actions/core";
import { errorMessage } from "../github/client.js";
import {
  DEFAULT_CONFIG_PATHS,
  EMPTY_CONFIG,
  MAX_CONFIG_BYTES,
  parseConfigText,
  type Config,
} from "../config.js";
import { documentSchemaFromText, MAX_SCHEMA_BYTES, type DocumentSchema } from "../ord/schema.js";
import { baseLabel, readBoundedFile } from "../ord/sources.js";
import { readBaseFile, type BaseCommit } from "./sources.js";

/** The head's copy of a file, only to say whether it differs (it may be a FIFO, or /dev/zero). */
function headText(file: string, workspace: string): string | undefined {
  try {
    return readBoundedFile(file, workspace, MAX_CONFIG_BYTES).toString("utf8");
  } catch {
    return undefined;
  }
}

/**
 * The config as the base commit has it (`fail-on: never`, rules off and ignores added by the
 * pull request do not apply to it): the `config` input, else the first of the default paths
 * the CLI looks at too. A change to it takes effect once merged, and a notice says so.
 */
export async function baseConfig(
  configInput: string | undefined,
  base: BaseCommit,
): Promise<Config> {
  const candidates = configInput ? [configInput] : DEFAULT_CONFIG_PATHS;
  let file: string | undefined;
  let text: string | undefined;
  for (const candidate of candidates) {
    text = await readBaseFile(base, candidate, MAX_CONFIG_BYTES);
    file = candidate;
    if (text !== undefined) break;
  }
  // None in the base: the notice names the one the pull request adds, if any.
  if (text === undefined)
    file = candidates.find((c) => headText(c, base.workspace) !== undefined) ?? candidates[0];
  if (file !== undefined && headText(file, base.workspace) !== text) {
    core.notice(
      `${file} differs in this pull request; the check uses the base commit's version until it is merged.`,
    );
  }
  const commit = baseLabel(base.sha).slice(0, -1);
  if (text === undefined || file === undefined) {
    core.info(
      `Config: none in the base commit ${commit} (${candidates.join(", ")}); the defaults apply.`,
    );
    return EMPTY_CONFIG;
  }
  core.info(`Config: ${file} of the base commit ${commit}.`);
  try {
    // The CLI's parser: messages name the file, line and column (README, Config file).
    return parseConfigText(text, file);
  } catch (error) {
    throw new Error(
      `${errorMessage(error)}\n(the config of the base commit ${commit}; a fix takes effect once merged)`,
    );
  }
}

/**
 * The `schema` input as the base commit has it, like the config: the pull request could replace
 * its head copy with `{}`, a pattern that backtracks for ever, or a link to a runner file. When
 * the base has no such file (the pull request adds it), the bundled schema applies until merged.
 */
export async function baseSchema(
  schemaInput: string | undefined,
  base: BaseCommit,
): Promise<DocumentSchema | undefined> {
  const file = schemaInput;
  if (!file || file === "bundled") return undefined;
  const text = await readBaseFile(base, file, MAX_SCHEMA_BYTES);
  if (text === undefined) {
    core.notice(
      `${file} is not in the base commit; the bundled ORD schema applies until it is merged.`,
    );
    return undefined;
  }
  return documentSchemaFromText(text, `${baseLabel(base.sha)}${file}`);
}
