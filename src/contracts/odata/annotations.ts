import { canonical } from "../../json/values.js";
import { resolveAlias } from "./model.js";
import type { XmlElement } from "./xml.js";

/** Constant expressions an annotation or property value may hold as an attribute. */
const CONSTANTS = [
  "String",
  "Bool",
  "Int",
  "Decimal",
  "Float",
  "Date",
  "DateTimeOffset",
  "TimeOfDay",
  "Duration",
  "Guid",
  "Binary",
  "EnumMember",
  "Path",
  "PropertyPath",
  "NavigationPropertyPath",
  "AnnotationPath",
  "ModelElementPath",
  "UrlRef",
];

const constant = (kind: string, text: string): unknown => {
  if (kind === "Bool") return text.trim() === "true";
  if (/Path$/.test(kind)) return { [`$${kind}`]: text };
  return text;
};

/** A CSDL XML expression element as a plain value (records as objects, collections as arrays). */
export function expressionValue(el: XmlElement): unknown {
  if (CONSTANTS.includes(el.name)) return constant(el.name, el.text);
  if (el.name === "Null") return null;
  if (el.name === "Collection") return el.children.map(expressionValue);
  if (el.name === "Record") {
    const out: Record<string, unknown> = {};
    for (const pv of el.children)
      if (pv.name === "PropertyValue" && pv.attrs.Property) out[pv.attrs.Property] = valueOf(pv);
    return out;
  }
  // Apply, If, LabeledElement and the like: kept whole, compared as written
  return { $: el.name, attrs: el.attrs, children: el.children.map(expressionValue), text: el.text };
}

/** The value of an `Annotation` or `PropertyValue`: an attribute constant, else its expression child. */
export function valueOf(el: XmlElement): unknown {
  for (const kind of CONSTANTS) if (kind in el.attrs) return constant(kind, el.attrs[kind]!);
  const expression = el.children.find((c) => c.name !== "Annotation");
  // a term without a value: a Core.Tag, which means true
  return expression ? expressionValue(expression) : true;
}

/** Annotations by normalized target, each a map of term (`#qualifier` kept) → canonical value. */
export type AnnotationIndex = Map<string, Map<string, string>>;

/** Records one annotation element under `target`. */
export function addAnnotation(
  index: AnnotationIndex,
  target: string,
  annotation: XmlElement,
  aliases: ReadonlyMap<string, string>,
  qualifier?: string,
): void {
  const term = annotation.attrs.Term;
  if (!term) return;
  const q = annotation.attrs.Qualifier ?? qualifier;
  const key = resolveAlias(term, aliases) + (q ? `#${q}` : "");
  let terms = index.get(target);
  if (!terms) index.set(target, (terms = new Map<string, string>()));
  terms.set(key, canonical(valueOf(annotation)));
}

/**
 * A target path in one spelling: aliases resolved in its first segment, overload signatures
 * dropped (`NS.f(NS.T)/p` → `NS.f/p`: annotations are read for every overload), and the entity
 * container's qualified name written `$Container`, so renaming the container does not move them.
 */
export function normalizeTarget(
  target: string,
  aliases: ReadonlyMap<string, string>,
  containers: ReadonlySet<string>,
): string {
  const [first = "", ...rest] = target.split("/");
  const head = resolveAlias(first.replace(/\(.*\)$/, ""), aliases);
  return [containers.has(head) ? "$Container" : head, ...rest].join("/");
}
