import type { Node as YamlNode } from "yaml";
import { yaml as loadYaml } from "../../lazy.js";
import { keyOffsets, LineIndex } from "../../json/positions.js";
import type { Syntax } from "./data.js";
import type { DefinitionFile } from "./definition-file.js";
import { byteLocator } from "./locate-json.js";
import { asText } from "../../json/values.js";
import { createEdmxOffsets } from "../odata/edmx.js";

function pointerSegments(pointer: string): string[] {
  if (!pointer.startsWith("/")) return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/**
 * The pointer's path for `keyOffsets`: a segment of digits becomes a number, which names an
 * array element, or in an object the key of those digits (`responses/200`).
 */
function jsonPath(segments: string[]): (string | number)[] {
  return segments.map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function yamlOffset(root: YamlNode | null, segments: string[]): number {
  const { isMap, isSeq } = loadYaml();
  let node = root;
  let offset = 0;
  for (const segment of segments) {
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => asText((p.key as { value?: unknown } | null)?.value) === segment,
      );
      if (!pair) break;
      offset = (pair.key as YamlNode | null)?.range?.[0] ?? offset;
      node = pair.value as YamlNode | null;
    } else if (isSeq(node) && /^\d+$/.test(segment)) {
      const item = node.items[Number(segment)] as YamlNode | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else break;
  }
  return offset;
}

/** `Type.field` → the field's line inside `type Type { ... }` (or the type's line). */
function graphqlOffset(text: string, coordinate: string): number {
  const [type, field] = coordinate.replace(/\(.*$/, "").split(".");
  if (!type) return 0;
  const declaration = new RegExp(`\\b(type|interface|input|enum|union|scalar)\\s+${type}\\b`).exec(
    text,
  );
  if (!declaration) return 0;
  if (!field) return declaration.index;
  const inBody = new RegExp(`\\b${field}\\b`).exec(text.slice(declaration.index));
  return inBody ? declaration.index + inBody.index : declaration.index;
}

export type Locator = (pointer: string) => { line: number; column: number };

/**
 * Finds JSON pointers (GraphQL schema coordinates, pointers into EDMX) in one definition file.
 * JSON is scanned only along the pointers' paths (a 13 MB OpenAPI file with hundreds of changes
 * needs no syntax tree), in its bytes when they are valid UTF-8; YAML and XML are parsed once, on
 * first use.
 */
export function createLocator(file: string | DefinitionFile, syntax: Syntax): Locator {
  if (syntax === "json" && typeof file !== "string" && file.bytesLocatable) {
    const locate = byteLocator(file.bytes);
    return (pointer) => locate(jsonPath(pointerSegments(pointer)));
  }
  const text = typeof file === "string" ? file : file.text;
  let lines: LineIndex | undefined;
  let json: ((path: (string | number)[]) => number) | undefined;
  let yaml: YamlNode | null | undefined;
  let xml: ((pointer: string) => number) | undefined;
  return (pointer) => {
    lines ??= new LineIndex(text);
    let offset: number;
    if (syntax === "graphql") offset = graphqlOffset(text, pointer);
    else if (syntax === "xml") offset = (xml ??= createEdmxOffsets(text))(pointer);
    else if (syntax === "json")
      offset = (json ??= keyOffsets(text))(jsonPath(pointerSegments(pointer)));
    else {
      yaml =
        yaml === undefined ? loadYaml().parseDocument(text, { logLevel: "error" }).contents : yaml;
      offset = yamlOffset(yaml, pointerSegments(pointer));
    }
    return lines.position(offset);
  };
}
