/**
 * A document generator of our own for the generate tests (docs/sources.md): it writes what the CAP
 * ORD plugin's `cds build --for ord` writes, gen/ord/ord-document.json and the definition in
 * gen/ord/<ordId>/, referenced as /ord/v1/<ordId>/<file>, from a service model (service.json:
 * the version and the paths). Committed as generate.mjs in the temporary repositories.
 */
import { api, doc } from "./helpers.js";

export const ORD_ID = "sap.xref:apiResource:astronomy:v1";

/** The generator: reads service.json, writes gen/ord/... (git-ignored, as in a CAP project). */
export const GENERATOR = `
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
const service = JSON.parse(readFileSync("service.json", "utf8"));
const id = ${JSON.stringify(ORD_ID)};
mkdirSync("gen/ord/" + id, { recursive: true });
const document = ${JSON.stringify(
  doc({
    apiResources: [
      api("astronomy", {
        resourceDefinitions: [
          {
            type: "openapi-v3",
            mediaType: "application/json",
            url: `/ord/v1/${ORD_ID}/astronomy.oas3.json`,
          },
        ],
      }),
    ],
  }),
)};
document.apiResources[0].version = service.version;
writeFileSync("gen/ord/ord-document.json", JSON.stringify(document, null, 2));
const paths = Object.fromEntries(
  service.paths.map((p) => [p, { get: { responses: { 200: { description: "ok" } } } }]),
);
const openapi = { openapi: "3.0.0", info: { title: "astronomy", version: service.version }, paths };
writeFileSync("gen/ord/" + id + "/astronomy.oas3.json", JSON.stringify(openapi, null, 2));
console.log("generated " + service.paths.length + " paths");
`;
