import type { Node as YamlNode } from "yaml";
import { yaml as loadYaml } from "../../lazy.js";
import { keyOffsets, LineIndex } from "../../json/positions.js";
import type { Syntax } from "./data.js";
import type { DefinitionFile } from "./definition-file.js";
import { byteLocations } from "./locate-json.js";
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

/**
 * Lines and columns of JSON pointers (GraphQL schema coordinates, pointers into EDMX) in one
 * definition file, in the order asked. JSON is scanned, not parsed into a syntax tree (a 13 MB
 * OpenAPI file with hundreds of changes): in its bytes when they are valid UTF-8, all pointers
 * in one walk. YAML and XML are parsed.
 */
export function locatePointers(
  file: string | DefinitionFile,
  syntax: Syntax,
  pointers: readonly string[],
): { line: number; column: number }[] {
  if (pointers.length === 0) return [];
  if (syntax === "json" && typeof file !== "string" && file.bytesLocatable) {
    return byteLocations(
      file.bytes,
      pointers.map((pointer) => jsonPath(pointerSegments(pointer))),
    );
  }
  const text = typeof file === "string" ? file : file.text;
  const lines = new LineIndex(text);
  const offsetOf = textOffsets(text, syntax);
  return pointers.map((pointer) => lines.position(offsetOf(pointer)));
}

/** Where pointers lead in a definition's text, its syntax parsed or scanned once. */
function textOffsets(text: string, syntax: Syntax): (pointer: string) => number {
  if (syntax === "graphql") return (pointer) => graphqlOffset(text, pointer);
  if (syntax === "xml") return createEdmxOffsets(text);
  if (syntax === "json") {
    const offsets = keyOffsets(text);
    return (pointer) => offsets(jsonPath(pointerSegments(pointer)));
  }
  const root = loadYaml().parseDocument(text, { logLevel: "error" }).contents;
  return (pointer) => yamlOffset(root, pointerSegments(pointer));
}
