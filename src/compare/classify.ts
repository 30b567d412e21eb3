import { type ChangeClass } from "../types.js";
import { asText, clip, isObject } from "../json/values.js";
import type { RawChange } from "./diff.js";

export interface Classified {
  class: ChangeClass;
  reason: string;
}

/**
 * A row of the classification table, which docs/rules/README.md ("Change classes") lists row
 * by row. `fields` is the field path it governs; a row also governs changes deeper inside that
 * field unless a longer row matches.
 */
interface Row {
  fields: string;
  /** Entity types (top-level arrays) the row applies to; all when absent. */
  types?: string[];
  classify: (change: RawChange, deeper: boolean) => Classified;
}

const fmt = (value: unknown): string =>
  clip(typeof value === "string" ? `"${value}"` : asText(value), 80);

/** "entry point /a/v1 removed", "visibility changed from "public" to "internal"". */
export function describe(change: RawChange, noun?: string): string {
  const what = noun ?? change.path;
  if (change.element)
    return `${noun ?? change.fields.join(".")} ${change.key ?? ""} ${change.kind}`;
  if (change.kind === "added") return `${what} added (${fmt(change.after)})`;
  if (change.kind === "removed") return `${what} removed (was ${fmt(change.before)})`;
  if (change.defaulted === "base")
    return `${what} set to ${fmt(change.after)} (absent before: the schema default ${fmt(change.before)})`;
  if (change.defaulted === "head")
    return `${what} removed (was ${fmt(change.before)}; absent means the schema default ${fmt(change.after)})`;
  return `${what} changed from ${fmt(change.before)} to ${fmt(change.after)}`;
}

const BREAKS = "consumers of the previous contract can break";
const EXTENDS = "new capability, backward compatible";
const NO_CONTRACT = "no contract change";

const breaking = (reason: string): Classified => ({ class: "breaking", reason });
const additive = (reason: string): Classified => ({ class: "additive", reason });
const patch = (reason: string): Classified => ({ class: "patch", reason });

/** Removed: breaking; added: additive; changed: breaking (entry points, standards, use cases). */
const contractSet =
  (noun: string): Row["classify"] =>
  (c) =>
    c.kind === "added"
      ? additive(`${describe(c, noun)}: ${EXTENDS}`)
      : breaking(`${describe(c, noun)}: ${BREAKS}`);

/** Any difference is breaking (protocol, type, category, vendor, ...). */
const fixed =
  (noun: string): Row["classify"] =>
  (c) =>
    breaking(`${describe(c, noun)}: ${BREAKS}`);

/** An ordered scale from widest to narrowest; moving right is breaking, left additive. */
const scale =
  (noun: string, order: string[]): Row["classify"] =>
  (c) => {
    const from = order.indexOf(asText(c.before));
    const to = order.indexOf(asText(c.after));
    if (c.kind === "changed" && from !== -1 && to !== -1) {
      return to > from
        ? breaking(`${noun} narrowed from ${fmt(c.before)} to ${fmt(c.after)}: ${BREAKS}`)
        : additive(`${noun} widened from ${fmt(c.before)} to ${fmt(c.after)}: ${EXTENDS}`);
    }
    // A value outside the spec's scale is a schema violation; guessing a direction would be noise.
    const why = c.kind === "changed" ? "a value outside the spec's scale" : NO_CONTRACT;
    return patch(`${describe(c, noun)}: ${why}`);
  };

/** Two ORD IDs that differ only in case: the same ID (spec 1.14.1 compares them so). */
const sameOrdId = (a: unknown, b: unknown): boolean =>
  typeof a === "string" && typeof b === "string" && a.toLowerCase() === b.toLowerCase();

/**
 * A package's vendor: another vendor breaks, but `vendor` is required, so setting it where it
 * was missing completes the package (like `apiProtocol` set where it was absent), and a fix of
 * its case (cap-js/ord "fix customer vendor case") names the same vendor.
 */
const vendor: Row["classify"] = (c) => {
  if (c.kind === "added") return patch(`${describe(c)}: ${NO_CONTRACT}`);
  if (sameOrdId(c.before, c.after))
    return patch(`${describe(c)}: the same vendor, ORD IDs compare case-insensitively`);
  return fixed("vendor")(c, false);
};

const aspectIsMandatory = (aspect: unknown): boolean =>
  isObject(aspect) && aspect.mandatory === true;

const ROWS: Row[] = [
  { fields: "entryPoints", classify: contractSet("entry point") },
  {
    fields: "apiProtocol",
    classify: (c) =>
      c.kind === "added" ? patch(`${describe(c)}: ${NO_CONTRACT}`) : fixed("apiProtocol")(c, false),
  },
  {
    fields: "direction",
    classify: (c) =>
      c.kind === "added" ? patch(`${describe(c)}: ${NO_CONTRACT}`) : fixed("direction")(c, false),
  },
  ...["resourceDefinitions", "definitions"].flatMap((field): Row[] => [
    {
      fields: field,
      classify: (c, deeper) =>
        deeper
          ? patch(`${describe(c)}: ${NO_CONTRACT}`)
          : c.kind === "added"
            ? additive(`${describe(c, "resource definition")}: a new format consumers can read`)
            : breaking(`${describe(c, "resource definition")}: a format consumers read is gone`),
    },
    {
      fields: `${field}.url`,
      classify: (c) => patch(`${describe(c, "definition url")}: same contract, new address`),
    },
    {
      fields: `${field}.mediaType`,
      classify: (c) => patch(`${describe(c, "definition mediaType")}: ${NO_CONTRACT}`),
    },
    { fields: `${field}.accessStrategies`, classify: contractSet("access strategy") },
  ]),
  { fields: "credentialExchangeStrategies", classify: contractSet("credential exchange strategy") },
  { fields: "visibility", classify: scale("visibility", ["public", "internal", "private"]) },
  {
    fields: "disabled",
    classify: (c) =>
      c.after === true
        ? breaking(`${describe(c, "disabled")}: the resource is switched off, ${BREAKS}`)
        : c.before === true
          ? additive(`${describe(c, "disabled")}: the resource is enabled again`)
          : patch(`${describe(c)}: ${NO_CONTRACT}`),
  },
  {
    fields: "partOfConsumptionBundles",
    classify: (c, deeper) =>
      deeper
        ? patch(`${describe(c)}: ${NO_CONTRACT}`)
        : c.kind === "added"
          ? additive(`${describe(c, "consumption bundle")}: ${EXTENDS}`)
          : breaking(
              `${describe(c, "consumption bundle")}: consumers that obtained access through it lose it`,
            ),
  },
  { fields: "implementationStandard", classify: contractSet("implementationStandard") },
  { fields: "customImplementationStandard", classify: contractSet("customImplementationStandard") },
  { fields: "compatibleWith", classify: contractSet("compatibleWith entry") },
  { fields: "supportedUseCases", classify: contractSet("supported use case") },
  { fields: "usage", classify: contractSet("usage") },
  {
    fields: "extensible.supported",
    classify: scale("extensible.supported", ["automatic", "manual", "no"]),
  },
  { fields: "level", types: ["entityTypes"], classify: fixed("level") },
  { fields: "type", types: ["capabilities", "dataProducts"], classify: fixed("type") },
  { fields: "customType", types: ["capabilities", "dataProducts"], classify: fixed("customType") },
  { fields: "category", types: ["dataProducts"], classify: fixed("category") },
  { fields: "outputPorts", types: ["dataProducts"], classify: contractSet("output port") },
  {
    fields: "inputPorts",
    types: ["dataProducts"],
    classify: (c, deeper) =>
      deeper
        ? breaking(`${describe(c)}: ${BREAKS}`)
        : c.kind === "removed"
          ? additive(`${describe(c, "input port")}: the product needs one input less`)
          : breaking(`${describe(c, "input port")}: a new input the product now requires`),
  },
  {
    fields: "mandatory",
    types: ["integrationDependencies"],
    classify: (c) =>
      c.after === true
        ? breaking(`${describe(c, "mandatory")}: systems without this integration break`)
        : c.before === true
          ? additive(`${describe(c, "mandatory")}: the integration became optional`)
          : patch(`${describe(c)}: ${NO_CONTRACT}`),
  },
  {
    fields: "aspects",
    types: ["integrationDependencies"],
    classify: (c, deeper) => {
      if (deeper) return patch(`${describe(c)}: ${NO_CONTRACT}`);
      if (c.kind === "removed") return patch(`${describe(c, "aspect")}: the system needs less`);
      return aspectIsMandatory(c.after)
        ? breaking(`${describe(c, "mandatory aspect")}: the system now requires more from others`)
        : additive(`${describe(c, "optional aspect")}: ${EXTENDS}`);
    },
  },
  {
    fields: "aspects.mandatory",
    types: ["integrationDependencies"],
    classify: (c) =>
      c.after === true && c.before !== true
        ? breaking(`${describe(c)}: the system now requires more from others`)
        : patch(`${describe(c)}: the system needs less`),
  },
  { fields: "vendor", types: ["packages"], classify: vendor },
  { fields: "runtimeRestriction", types: ["packages"], classify: fixed("runtimeRestriction") },
];

/** The table's field paths and entity types: docs/rules/README.md lists each (a test checks it). */
export const CLASSIFIED_FIELDS: readonly Pick<Row, "fields" | "types">[] = ROWS;

/**
 * Descriptive text (docs/rules/README.md, "Change classes": patch, also inside contract fields):
 * what people read, not what programs rely on.
 * It is patch wherever it sits, also inside an element a row treats as contract: an access
 * strategy's `customDescription` pointing to another URL changes no access strategy.
 */
const DESCRIPTIVE = new Set(["title", "shortDescription", "description", "documentationLabels"]);
const isDescriptive = (field: string): boolean =>
  DESCRIPTIVE.has(field) ||
  field.endsWith("Description") || // customDescription, customImplementationStandardDescription
  field === "links" ||
  field.endsWith("Links"); // packageLinks, apiResourceLinks, ...

/** Overrides from the config file: field path (optionally prefixed by entity type) → class. */
export type ClassOverrides = ReadonlyMap<string, ChangeClass>;

/**
 * Classifies one change by the table: the longest row whose field path is a prefix of the
 * change's fields. Descriptive text is `patch` wherever it sits, and so is everything not in the
 * table (labels, extensions, fields of newer spec versions). Config overrides win over both.
 */
export function classify(
  change: RawChange,
  entityType: string,
  overrides?: ClassOverrides,
): Classified {
  const fields = change.fields;
  for (let n = fields.length; n > 0 && overrides?.size; n--) {
    const path = fields.slice(0, n).join(".");
    const forced = overrides.get(`${entityType}.${path}`) ?? overrides.get(path);
    if (forced)
      return { class: forced, reason: `${describe(change)} (class set by the config file)` };
  }
  if (fields.some(isDescriptive)) {
    // Nested, it sits inside a field that may be contract: say why this part is not.
    const why = fields.length > 1 ? `descriptive text, ${NO_CONTRACT}` : NO_CONTRACT;
    return patch(`${describe(change)}: ${why}`);
  }
  for (let n = fields.length; n > 0; n--) {
    const path = fields.slice(0, n).join(".");
    const row = ROWS.find((r) => r.fields === path && (!r.types || r.types.includes(entityType)));
    if (row) return row.classify(change, n < fields.length);
  }
  return patch(`${describe(change)}: ${NO_CONTRACT}`);
}
