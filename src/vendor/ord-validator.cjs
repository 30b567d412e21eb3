// Bundled on its own into dist/vendor/ (scripts/build.mjs) and loaded on first use (src/lazy.ts):
// the precompiled ORD document validator (scripts/build-validator.mjs), three quarters of the
// CLI bundle. Inside the main bundle it was compiled at every start, `--version` included.
module.exports = require("../ord/generated/document-validator.cjs");
