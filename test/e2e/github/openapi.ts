/**
 * GitHub's official REST description (the subset scripts/extract-github-subset.mjs extracts from
 * @octokit/openapi): route matching and request/response validation with ajv.
 */
import { readFileSync } from "node:fs";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";

/** An operation of the subset, as the extraction script writes it. */
export interface SubsetOperation {
  operationId: string;
  method: string;
  path: string;
  documentationUrl: string;
  parameters: { name: string; in: string; required: boolean; schema: object }[];
  requestBody: { required: boolean; schema: object } | null;
  /** Success statuses to their JSON schema (null: no JSON body, as for 204). */
  responses: Record<string, object | null>;
}

/** One violation of the description by a request (or, in the stand-in's self-check, a response). */
export interface ValidationIssue {
  in: "path" | "query" | "body" | "response";
  /** JSON pointer into the part (`/event`, `/comments/0/line`) or the parameter name. */
  field: string;
  code: string;
  message: string;
}

/** The result of matching a method and path against the description. */
export type RouteMatch =
  | { kind: "implemented"; operation: SubsetOperation; params: Record<string, string> }
  /** GitHub has the route but the stand-in does not implement it. */
  | { kind: "unimplemented"; operationId: string }
  | { kind: "unknown" };

interface Compiled {
  operation: SubsetOperation;
  pattern: RegExp;
  names: string[];
  params: ValidateFunction;
  body?: ValidateFunction;
  responses: Map<string, ValidateFunction>;
}

const SUBSET_FILE = new URL("./github-rest-subset.json", import.meta.url);

// ajv-formats is CommonJS; under NodeNext only `exports.default` is typed as the callable.
const addFormats = addFormatsModule.default;

/** The loaded description; built once per process on first use (the subset parses in ~5 ms). */
export class RestDescription {
  private static instance: RestDescription | undefined;
  /** Where the subset came from (`@octokit/openapi` and its version). */
  readonly source: { package: string; version: string };
  private readonly compiled: Compiled[];
  private readonly others: { method: string; pattern: RegExp; operationId: string }[];
  private readonly bodyAjv: Ajv;

  private constructor() {
    const subset = JSON.parse(readFileSync(SUBSET_FILE, "utf8")) as {
      source: { package: string; version: string };
      operations: SubsetOperation[];
      routes: [string, string, string][];
    };
    this.source = subset.source;
    for (const operation of subset.operations) allowNullInNullableEnums(operation);
    // Parameters arrive as strings: coerce them the way GitHub reads them, then check types and enums.
    const paramAjv = addFormats(new Ajv({ allErrors: true, strict: false, coerceTypes: true }));
    this.bodyAjv = addFormats(new Ajv({ allErrors: true, strict: false }));
    for (const ajv of [paramAjv, this.bodyAjv])
      ajv.addFormat("int64", true).addFormat("int32", true);
    this.compiled = subset.operations.map((operation) => {
      const { pattern, names } = compilePath(operation.path);
      const properties: Record<string, object> = {};
      const required: string[] = [];
      for (const p of operation.parameters) {
        properties[`${p.in}:${p.name}`] = p.schema;
        if (p.required) required.push(`${p.in}:${p.name}`);
      }
      const compiled: Compiled = {
        operation,
        pattern,
        names,
        params: paramAjv.compile({ type: "object", properties, required }),
        responses: new Map(),
      };
      if (operation.requestBody) compiled.body = this.bodyAjv.compile(operation.requestBody.schema);
      return compiled;
    });
    this.others = subset.routes.map(([method, path, operationId]) => ({
      method,
      pattern: compilePath(path).pattern,
      operationId,
    }));
  }

  /** The shared instance. */
  static load(): RestDescription {
    return (RestDescription.instance ??= new RestDescription());
  }

  /** Matches a method and a raw (still percent-encoded) path to an operation. */
  match(method: string, rawPath: string): RouteMatch {
    for (const c of this.compiled) {
      if (c.operation.method !== method) continue;
      const m = c.pattern.exec(rawPath);
      if (!m) continue;
      const params: Record<string, string> = {};
      c.names.forEach((name, i) => (params[name] = safeDecode(m[i + 1] ?? "")));
      return { kind: "implemented", operation: c.operation, params };
    }
    const other = this.others.find((o) => o.method === method && o.pattern.test(rawPath));
    return other ? { kind: "unimplemented", operationId: other.operationId } : { kind: "unknown" };
  }

  /**
   * Checks path and query parameters (types, enums, required) and the JSON body against the
   * operation. Returns the issues and the parameters coerced to their types (numbers, booleans).
   */
  validateRequest(
    operation: SubsetOperation,
    path: Record<string, string>,
    query: Record<string, string>,
    body: unknown,
  ): { issues: ValidationIssue[]; params: Record<string, unknown> } {
    const c = this.get(operation.operationId);
    const data: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(path)) data[`path:${k}`] = v;
    // Unknown query parameters are ignored, as GitHub ignores them.
    for (const [k, v] of Object.entries(query)) {
      if (operation.parameters.some((p) => p.in === "query" && p.name === k))
        data[`query:${k}`] = v;
    }
    const issues: ValidationIssue[] = [];
    if (!c.params(data)) issues.push(...(c.params.errors ?? []).map((e) => paramIssue(e, data)));
    if (c.body) {
      if (body === undefined) {
        if (operation.requestBody?.required) {
          issues.push({
            in: "body",
            field: "",
            code: "missing",
            message: "For 'links/0/schema', nil is not an object.",
          });
        }
      } else if (!c.body(body)) {
        issues.push(...(c.body.errors ?? []).map((e) => bodyIssue(e, "body", body)));
      }
    }
    const params: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(data)) params[k.slice(k.indexOf(":") + 1)] = v;
    return { issues, params };
  }

  /** Checks a success response body against the operation's documented schema (compiled lazily). */
  validateResponse(operationId: string, status: number, body: unknown): ValidationIssue[] {
    const c = this.get(operationId);
    const schema = c.operation.responses[String(status)];
    if (schema === undefined) {
      return [
        {
          in: "response",
          field: "",
          code: "status",
          message: `status ${status} is not documented`,
        },
      ];
    }
    if (schema === null) return [];
    let validate = c.responses.get(String(status));
    if (!validate) {
      validate = this.bodyAjv.compile(schema);
      c.responses.set(String(status), validate);
    }
    return validate(body) ? [] : (validate.errors ?? []).map((e) => bodyIssue(e, "response", body));
  }

  /** The operation with that id (throws for an id outside the subset). */
  operation(operationId: string): SubsetOperation {
    return this.get(operationId).operation;
  }

  private get(operationId: string): Compiled {
    const c = this.compiled.find((x) => x.operation.operationId === operationId);
    if (!c) throw new Error(`operation ${operationId} is not in the subset`);
    return c;
  }
}

/** GitHub's schema-validation message: "Invalid request.\n\n" and one line per issue. */
export function invalidRequestMessage(issues: ValidationIssue[]): string {
  return `Invalid request.\n\n${issues.map((i) => i.message).join("\n")}`;
}

// OpenAPI 3.0 lets `nullable: true` admit null even with an `enum`; ajv only accepts null when the
// enum lists it (GitHub answers `"start_side": null`, which the schema allows this way).
function allowNullInNullableEnums(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(allowNullInNullableEnums);
  if (node === null || typeof node !== "object") return;
  const schema = node as Record<string, unknown>;
  if (schema.nullable === true && Array.isArray(schema.enum) && !schema.enum.includes(null)) {
    schema.enum = [...(schema.enum as unknown[]), null];
  }
  for (const value of Object.values(schema)) allowNullInNullableEnums(value);
}

function compilePath(template: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = template
    .replace(/[.*+?^$()|[\]\\]/g, "\\$&")
    .replace(/\{([^}]+)\}/g, (_m, name: string) => {
      names.push(name);
      // A contents path spans segments ("ord/a.json" or, as Octokit sends it, "ord%2Fa.json").
      return name === "path" ? "(.+)" : "([^/]+)";
    });
  return { pattern: new RegExp(`^${source}/?$`), names };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function paramIssue(e: ErrorObject, data: Record<string, unknown>): ValidationIssue {
  const missing =
    e.keyword === "required"
      ? String((e.params as { missingProperty: string }).missingProperty)
      : undefined;
  const key = missing ?? e.instancePath.replace(/^\//, "").split("/")[0] ?? "";
  const [where, name] = key.split(":") as ["path" | "query", string];
  if (missing)
    return { in: where, field: name, code: "missing", message: `"${name}" wasn't supplied.` };
  return {
    in: where,
    field: name,
    code: e.keyword,
    message: `For '${where} parameter ${name}', ${describe(e, data[key])}.`,
  };
}

// "<value> is not one of [...]" / "<value> must be integer", close to GitHub's own wording.
function describe(e: ErrorObject, value: unknown): string {
  const shown = JSON.stringify(value) ?? "nothing";
  if (e.keyword === "enum")
    return `${shown} is not one of ${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)}`;
  return `${shown} ${e.message ?? "is invalid"}`;
}

function valueAt(data: unknown, pointer: string): unknown {
  let node = data;
  for (const part of pointer.split("/").slice(1)) {
    const key = part.replace(/~1/g, "/").replace(/~0/g, "~");
    node =
      node !== null && typeof node === "object"
        ? (node as Record<string, unknown>)[key]
        : undefined;
  }
  return node;
}

function bodyIssue(e: ErrorObject, where: "body" | "response", data: unknown): ValidationIssue {
  if (e.keyword === "required") {
    const name = String((e.params as { missingProperty: string }).missingProperty);
    return {
      in: where,
      field: `${e.instancePath}/${name}`,
      code: "missing",
      message: `"${name}" wasn't supplied.`,
    };
  }
  const at = e.instancePath === "" ? "the body" : `'${e.instancePath.slice(1)}'`;
  return {
    in: where,
    field: e.instancePath,
    code: e.keyword,
    message: `For ${at}, ${describe(e, valueAt(data, e.instancePath))}.`,
  };
}
