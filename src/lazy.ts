import { createRequire } from "node:module";

/**
 * Libraries that only some runs need, loaded on first use: a GraphQL or YAML definition, a YAML
 * config, a `--schema` of the user's own. Each is a module of src/vendor/ that the build bundles
 * into its own file, dist/vendor/<name>.cjs, next to the main bundles: a run that needs none of
 * them neither evaluates nor even parses them (about 600 KB: `--version` takes 106 ms instead
 * of 135, median of 20). Run from source, the same module reads node_modules.
 */
const here = createRequire(import.meta.url);

export const graphql = (): typeof import("graphql") =>
  here("./vendor/graphql.cjs") as typeof import("graphql");

export const yaml = (): typeof import("yaml") => here("./vendor/yaml.cjs") as typeof import("yaml");

/** fast-xml-parser, for OData EDMX definitions (src/contracts/odata/xml.ts). */
export const xml = (): typeof import("fast-xml-parser") =>
  here("./vendor/xml.cjs") as typeof import("fast-xml-parser");

export interface AjvCompilers {
  Ajv: typeof import("ajv").Ajv;
  Ajv2019: typeof import("ajv/dist/2019.js").Ajv2019;
  Ajv2020: typeof import("ajv/dist/2020.js").Ajv2020;
  addFormats: typeof import("ajv-formats").default;
}

/**
 * child_process, for `git:` sides and `--generate`: imported at the top, it loads net, dgram and
 * the streams at every start (about 10 ms), where most runs read files only.
 */
export const childProcess = (): typeof import("node:child_process") =>
  here("node:child_process") as typeof import("node:child_process");

/**
 * crypto, for the digest of a file that cannot be decoded: imported at the top, it loads at
 * every start (http and https are required likewise, in src/ord/published.ts).
 */
export const crypto = (): typeof import("node:crypto") =>
  here("node:crypto") as typeof import("node:crypto");

type DocumentValidator = typeof import("./ord/generated/document-validator.cjs");

/**
 * The precompiled ORD document validator (src/ord/schema.ts), 1 MB of code: not bundled but
 * copied to dist/vendor/ as generated (scripts/build-validator.mjs says why), loaded on the
 * first document to validate.
 */
export const documentValidator = (): DocumentValidator =>
  here("./vendor/document-validator.cjs") as DocumentValidator;

/** ajv's schema compilers and formats (src/vendor/ajv.cjs). */
export const ajvCompilers = (): AjvCompilers => here("./vendor/ajv.cjs") as AjvCompilers;
