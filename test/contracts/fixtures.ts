import type { ContractChange } from "../../src/contracts/types.js";

/** A minimal OpenAPI 3.0 document around the given paths and component schemas. */
export function api(
  paths: object,
  schemas: object = {},
  extra: object = {},
): Record<string, unknown> {
  return {
    openapi: "3.0.3",
    info: { title: "t", version: "1.0.0" },
    paths,
    components: { schemas },
    ...extra,
  };
}

/** `POST /things` that sends `schema` as its JSON request body. */
export function sends(schema: unknown): Record<string, unknown> {
  return {
    "/things": {
      post: {
        requestBody: { required: true, content: { "application/json": { schema } } },
        responses: { "204": { description: "done" } },
      },
    },
  };
}

/** `GET /things` that returns `schema` as its JSON 200 response. */
export function returns(schema: unknown): Record<string, unknown> {
  return {
    "/things": {
      get: {
        responses: { "200": { description: "ok", content: { "application/json": { schema } } } },
      },
    },
  };
}

/** `GET /things` with the given parameters. */
export function params(...parameters: unknown[]): Record<string, unknown> {
  return { "/things": { get: { parameters, responses: { "200": { description: "ok" } } } } };
}

/** The ids of a change list, with their classes: `request-type-changed:breaking`. */
export function ids(changes: ContractChange[]): string[] {
  return changes.map((c) => `${c.id}:${c.class}`);
}

/** True when any change is breaking. */
export function breaking(changes: ContractChange[]): boolean {
  return changes.some((c) => c.class === "breaking");
}
