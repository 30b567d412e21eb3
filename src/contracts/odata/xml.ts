import { xml } from "../../lazy.js";
import { LineIndex } from "../../json/positions.js";

/** One XML element: local name, namespace prefix, decoded attributes, children, start offset. */
export interface XmlElement {
  /** The local name (`EntityType` of `<EntityType>`, `Edmx` of `<edmx:Edmx>`). */
  name: string;
  /** Attributes by their name as written (`Name`, `sap:creatable`, `m:HttpMethod`). */
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Text content (trimmed), for annotation expressions such as `<String>x</String>`. */
  text: string;
  /** Offset of the element's `<` in the original text, for line numbers. */
  start: number;
}

/**
 * How deep elements may nest. Real EDMX nests about a dozen levels (an annotation record inside
 * a collection inside an annotation); the parser builds its tree recursively, so a limit keeps a
 * hostile file from running out of stack.
 */
export const MAX_XML_DEPTH = 64;

const BUILT_IN: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/**
 * Decodes the five XML built-in entities and character references, and nothing else: entities a
 * DOCTYPE declares are never expanded (the parser runs with `processEntities: false`), so an
 * entity bomb stays the few bytes it was written as.
 */
export function decodeXml(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/g, (whole, ref: string) => {
    if (ref.startsWith("#")) {
      const code = ref[1] === "x" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return BUILT_IN[ref] ?? whole;
  });
}

type Ordered = Record<string, unknown> & { ":@"?: Record<string, string> };

/** fast-xml-parser's ordered output → {@link XmlElement}s (iterative: depth is bounded anyway). */
function toElements(nodes: unknown[], meta: symbol): XmlElement[] {
  const convert = (node: Ordered): XmlElement | string | undefined => {
    const key = Object.keys(node).find((k) => k !== ":@");
    if (key === undefined) return undefined;
    if (key === "#text") return decodeXml(String(node[key]));
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(node[":@"] ?? {})) attrs[k] = decodeXml(String(v));
    const start = (node[meta as unknown as string] as { startIndex?: number } | undefined)
      ?.startIndex;
    const element: XmlElement = {
      name: key.slice(key.indexOf(":") + 1),
      attrs,
      children: [],
      text: "",
      start: start ?? 0,
    };
    const children = node[key];
    if (Array.isArray(children)) {
      for (const child of children) {
        const c = convert(child as Ordered);
        if (typeof c === "string") element.text += c;
        else if (c) element.children.push(c);
      }
    }
    element.text = element.text.trim();
    return element;
  };
  return nodes
    .map((n) => convert(n as Ordered))
    .filter((e): e is XmlElement => !!e && typeof e !== "string");
}

/** Why a text is not well-formed XML, with where: `line 3, column 7: ...`. */
function wellFormed(text: string): string | undefined {
  const result = xml().XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (result === true) return undefined;
  const { line, col, msg } = result.err;
  return `is not well-formed XML (line ${line}, column ${col}: ${msg})`;
}

/**
 * Parses XML into elements, or says why it cannot (with line and column where the parser knows
 * them). The text never reaches an entity expander, and nesting beyond {@link MAX_XML_DEPTH}
 * is refused.
 */
export function parseXml(text: string): { root: XmlElement } | { problem: string } {
  try {
    const doctype = /<!DOCTYPE/i.exec(text);
    if (doctype) {
      const { line, column } = new LineIndex(text).position(doctype.index);
      // EDMX never declares a DOCTYPE; one can only be there to declare entities.
      return {
        problem: `declares a DOCTYPE (line ${line}, column ${column}), which EDMX never has`,
      };
    }
    const problem = wellFormed(text);
    if (problem) return { problem };
    const { XMLParser } = xml();
    const parser = new XMLParser({
      preserveOrder: true,
      ignoreAttributes: false,
      attributeNamePrefix: "",
      captureMetaData: true,
      processEntities: false,
      htmlEntities: false,
      parseTagValue: false,
      parseAttributeValue: false,
      ignoreDeclaration: true,
      ignorePiTags: true,
      maxNestedTags: MAX_XML_DEPTH,
    });
    const parsed = parser.parse(text) as unknown[];
    const root = toElements(parsed, XMLParser.getMetaDataSymbol() as symbol)[0];
    if (!root) return { problem: "has no root element" };
    return { root };
  } catch (error) {
    const exhausted = error instanceof RangeError || /nest/i.test((error as Error).message ?? "");
    if (exhausted) return { problem: `nests more than ${MAX_XML_DEPTH} elements deep` };
    return { problem: `is not well-formed XML (${(error as Error).message.split("\n")[0]})` };
  }
}

/** The children of `el` with local name `name`. */
export const childrenNamed = (el: XmlElement | undefined, name: string): XmlElement[] =>
  el ? el.children.filter((c) => c.name === name) : [];

/** The first child of `el` with local name `name`. */
export const childNamed = (el: XmlElement | undefined, name: string): XmlElement | undefined =>
  el?.children.find((c) => c.name === name);
