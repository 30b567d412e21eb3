// Run from source, the precompiled ORD validator (src/lazy.ts). The build does not bundle it:
// scripts/build.mjs copies the generated file itself to dist/vendor/ (why: build-validator.mjs).
module.exports = require("../ord/generated/document-validator.cjs");
