import { createRequire } from "node:module";

/**
 * Libraries that only some runs need, loaded on first use: a GraphQL or YAML definition, a YAML
 * config, a `--schema` of the user's own. Evaluating them at every start cost about 20 ms
 * (`--version` went from 143 to 123 ms).
 *
 * Each call names its library literally, for the bundler: inside the bundle the free `require`
 * is the bundler's own, which runs the bundled library on first call. Run from source (tests,
 * tsx), an ES module has no `require`, and Node's reads node_modules. Both cache the module.
 */
const fromSource = createRequire(import.meta.url);
const bundled = typeof require === "function";

type Graphql = typeof import("graphql");
type Yaml = typeof import("yaml");
type AjvModule = typeof import("ajv");
type Ajv2019Module = typeof import("ajv/dist/2019.js");
type Ajv2020Module = typeof import("ajv/dist/2020.js");
type AjvFormats = typeof import("ajv-formats");

/* eslint-disable @typescript-eslint/no-require-imports -- see above: lazy on purpose */
export const graphql = (): Graphql =>
  (bundled ? require("graphql") : fromSource("graphql")) as Graphql;

export const yaml = (): Yaml => (bundled ? require("yaml") : fromSource("yaml")) as Yaml;

/** ajv's schema compilers and formats; the bundled ORD schema is precompiled and needs neither. */
export function ajvCompilers(): {
  Ajv: AjvModule["Ajv"];
  Ajv2019: Ajv2019Module["Ajv2019"];
  Ajv2020: Ajv2020Module["Ajv2020"];
  addFormats: AjvFormats["default"];
} {
  const ajv = (bundled ? require("ajv") : fromSource("ajv")) as AjvModule;
  const ajv2019 = (
    bundled ? require("ajv/dist/2019.js") : fromSource("ajv/dist/2019.js")
  ) as Ajv2019Module;
  const ajv2020 = (
    bundled ? require("ajv/dist/2020.js") : fromSource("ajv/dist/2020.js")
  ) as Ajv2020Module;
  const formats = (bundled ? require("ajv-formats") : fromSource("ajv-formats")) as AjvFormats;
  return {
    Ajv: ajv.Ajv,
    Ajv2019: ajv2019.Ajv2019,
    Ajv2020: ajv2020.Ajv2020,
    // ajv-formats is CommonJS: its callable is both `module.exports` and `exports.default`.
    addFormats: formats.default,
  };
}
/* eslint-enable @typescript-eslint/no-require-imports */
