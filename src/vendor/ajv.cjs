// Bundled on its own into dist/vendor/ (scripts/build.mjs) and loaded on first use (src/lazy.ts):
// ajv's compilers, for a user's --schema. The bundled ORD schema is precompiled and needs none.
module.exports = {
  Ajv: require("ajv").Ajv,
  Ajv2019: require("ajv/dist/2019.js").Ajv2019,
  Ajv2020: require("ajv/dist/2020.js").Ajv2020,
  // ajv-formats is CommonJS: its callable is both `module.exports` and `exports.default`.
  addFormats: require("ajv-formats").default,
};
