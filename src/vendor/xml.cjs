// Bundled on its own into dist/vendor/ (scripts/build.mjs) and loaded on first use (src/lazy.ts).
module.exports = require("fast-xml-parser");
