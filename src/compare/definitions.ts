import path from "node:path";
import { locate, type EntityRecord } from "../ord/documents.js";
import type { SideSource } from "../ord/sources.js";
import { isObject, type Change } from "../types.js";
import type { Comparison } from "./compare.js";
import { parseData } from "./contracts/data.js";
import { createLocator } from "./contracts/locate.js";
import { diffContract } from "./contracts/registry.js";

/** Config `definitions`: URL prefixes and the repository folder they are served from. */
export interface DefinitionMapping {
  url: string;
  path: string;
}

/** What is known about one definition of one entity after reading both sides. */
export interface DefinitionCheck {
  url: string;
  /** Path of the definition entry in the entity, e.g. `["resourceDefinitions", 0]`. */
  at: (string | number)[];
  /** Why its content could not be compared, when it could not. */
  unchecked?: string;
  /** `info.version` of an OpenAPI or AsyncAPI head file: parsed on first call, since only
   * in-scope entities ask and a repository may hold hundreds of large definitions. */
  infoVersion: () => string | undefined;
  file?: string;
}

/**
 * Maps a definition URL to a path relative to the side's root, never to the network:
 * relative URLs against the document's folder, leading-slash URLs through the mappings and
 * then the root, absolute URLs only through a mapping.
 */
export function resolveDefinition(
  url: string,
  documentDir: string,
  mappings: readonly DefinitionMapping[],
): string | undefined {
  const mapping = mappings.find((m) => url.startsWith(m.url));
  let relative: string;
  if (mapping) relative = path.posix.join(mapping.path, url.slice(mapping.url.length));
  else if (/^[a-z][a-z0-9+.-]*:/i.test(url)) return undefined;
  else if (url.startsWith("/")) relative = url.slice(1);
  else relative = path.posix.join(documentDir, url);
  relative = path.posix.normalize(relative.split(/[?#]/)[0]!);
  return relative.startsWith("../") || relative === ".." ? undefined : relative;
}

interface DefinitionEntry {
  url: string;
  type?: string;
  at: (string | number)[];
}

function definitionsOf(record: EntityRecord): DefinitionEntry[] {
  const found: DefinitionEntry[] = [];
  for (const field of ["resourceDefinitions", "definitions"]) {
    const list = record.value[field];
    if (!Array.isArray(list)) continue;
    list.forEach((entry, index) => {
      if (isObject(entry) && typeof entry.url === "string") {
        const type = typeof entry.customType === "string" ? entry.customType : entry.type;
        found.push({
          url: entry.url,
          type: typeof type === "string" ? type : undefined,
          at: [field, index],
        });
      }
    });
  }
  return found;
}

function infoVersion(content: Buffer): string | undefined {
  const data = parseData(content.toString("utf8"));
  if ("problem" in data || !isObject(data.value)) return undefined;
  const { value } = data;
  if (!("openapi" in value || "swagger" in value || "asyncapi" in value)) return undefined;
  const version = isObject(value.info) ? value.info.version : undefined;
  return typeof version === "string" ? version : undefined;
}

/**
 * Reads each definition of a compared entity in base and head. Identical content is no change;
 * different content is diffed by the differ of its format, each contract change located in the
 * definition file. Content that cannot be compared is a change with `definition-unchecked` saying
 * why, so that it is never silently treated as unchanged: `breaking` when base's contract was read
 * and head's cannot be (the contract is unknown), else `patch`.
 */
export function checkDefinitions(
  c: Comparison,
  sources: { base: SideSource; head: SideSource },
  mappings: readonly DefinitionMapping[],
): { checks: DefinitionCheck[]; changes: Change[] } {
  const checks: DefinitionCheck[] = [];
  const changes: Change[] = [];
  if (!c.head) return { checks, changes };
  const baseDefinitions = c.base ? definitionsOf(c.base) : [];
  // Head often shares base's value (an unchanged entity, reuse.ts): the same definitions.
  const headDefinitions = c.base?.value === c.head.value ? baseDefinitions : definitionsOf(c.head);
  // The same definition in base: same URL, or (when only its URL moved) same field and type.
  const baseOf = (d: DefinitionEntry): DefinitionEntry | undefined =>
    baseDefinitions.find((b) => b.url === d.url) ??
    baseDefinitions.find((b) => b.at[0] === d.at[0] && b.type === d.type);
  for (const definition of headDefinitions) {
    const check: DefinitionCheck = { ...definition, infoVersion: () => undefined };
    checks.push(check);
    const headPath = resolveDefinition(definition.url, c.head.doc.dir, mappings);
    const headContent = headPath === undefined ? undefined : sources.head.read(headPath);
    if (headPath === undefined || headContent === undefined) {
      check.unchecked =
        headPath === undefined
          ? `${definition.url} is not a file of this repository (definitions are never fetched; map the URL with "definitions" in the config)`
          : `${definition.url} → ${headPath} does not exist in head`;
      continue;
    }
    check.file = sources.head.display(headPath);
    let version: { value: string | undefined } | undefined;
    check.infoVersion = () => (version ??= { value: infoVersion(headContent) }).value;
    const baseEntry = baseOf(definition);
    if (!c.base || !baseEntry) continue;
    const basePath = resolveDefinition(baseEntry.url, c.base.doc.dir, mappings);
    const baseContent = basePath === undefined ? undefined : sources.base.read(basePath);
    if (baseContent === undefined) {
      check.unchecked = `${definition.url} could not be read in base, so its contract changes are unknown`;
      continue;
    }
    if (baseContent.equals(headContent)) continue;
    const result = diffContract(
      definition.type,
      definition.url,
      baseContent.toString("utf8"),
      headContent.toString("utf8"),
    );
    const path = `${definition.at[0]}[${definition.url}]`;
    if ("unchecked" in result) {
      check.unchecked = result.unchecked;
      // Base's contract was read and head's cannot be: whatever head promises is unknown, so
      // consumers cannot be assumed safe (breaking, docs/rules/definition-unchecked.md).
      // Otherwise nothing readable was lost: a change, reported as patch.
      changes.push({
        path,
        kind: "changed",
        class: result.headUnknown ? "breaking" : "patch",
        source: "definition",
        reason: result.headUnknown
          ? `definition ${sources.head.display(headPath)} cannot be read in head while its base contract could: its contract is unknown, so it counts as breaking`
          : `definition ${sources.head.display(headPath)} changed; its contract changes are not analysed`,
        location: locate(c.head.doc, [...c.head.at, ...definition.at, "url"]),
        definition: { file: sources.head.display(headPath), pointer: "" },
      });
      continue;
    }
    const locators = {
      base: createLocator(baseContent.toString("utf8"), result.syntax.base),
      head: createLocator(headContent.toString("utf8"), result.syntax.head),
    };
    for (const change of result.changes) {
      const file =
        change.side === "base" ? sources.base.display(basePath!) : sources.head.display(headPath);
      changes.push({
        path: `${path}${change.pointer.startsWith("/") ? change.pointer : `#${change.pointer}`}`,
        kind: change.kind,
        class: change.class,
        source: "definition",
        reason: `${change.reason} (${change.id})`,
        location: { file, ...locators[change.side](change.pointer) },
        definition: { file, pointer: change.pointer },
      });
    }
  }
  return { checks, changes };
}
