import { findNodeAtLocation, parseTree, type Node as JsonNode } from "jsonc-parser";
import type { Node as YamlNode } from "yaml";
import { yaml as loadYaml } from "../../lazy.js";
import { LineIndex } from "../../ord/parse.js";
import { asText } from "../../types.js";
import { createEdmxOffsets } from "./odata-locate.js";

export type Syntax = "json" | "yaml" | "graphql" | "xml";

function pointerSegments(pointer: string): string[] {
  if (!pointer.startsWith("/")) return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** Offset of the deepest existing node on the pointer's path (keys rather than their values). */
function jsonOffset(tree: JsonNode | undefined, segments: string[]): number {
  if (!tree) return 0;
  for (let n = segments.length; n > 0; n--) {
    const path = segments.slice(0, n).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    const node: JsonNode | undefined = findNodeAtLocation(tree, path);
    if (node) return node.parent?.type === "property" ? node.parent.offset : node.offset;
  }
  return 0;
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
 * Finds JSON pointers (GraphQL schema coordinates, pointers into EDMX) in one definition file, parsing it once
 * on first use: a large OpenAPI file may have hundreds of changes.
 */
export function createLocator(text: string, syntax: Syntax): Locator {
  let lines: LineIndex | undefined;
  let json: JsonNode | undefined;
  let yaml: YamlNode | null | undefined;
  let xml: ((pointer: string) => number) | undefined;
  return (pointer) => {
    lines ??= new LineIndex(text);
    let offset: number;
    if (syntax === "graphql") offset = graphqlOffset(text, pointer);
    else if (syntax === "xml") offset = (xml ??= createEdmxOffsets(text))(pointer);
    else if (syntax === "json")
      offset = jsonOffset((json ??= parseTree(text)), pointerSegments(pointer));
    else {
      yaml =
        yaml === undefined ? loadYaml().parseDocument(text, { logLevel: "error" }).contents : yaml;
      offset = yamlOffset(yaml, pointerSegments(pointer));
    }
    return lines.position(offset);
  };
}
