import type { ODataModel, Property, StructuredType } from "./model.js";

/** `Collection(NS.T)` → `NS.T`. */
export const elementType = (type: string): string => /^Collection\((.*)\)$/.exec(type)?.[1] ?? type;

/** The type and its base types, nearest first (a cycle of base types ends the walk). */
export function lineage(model: ODataModel, name: string): StructuredType[] {
  const out: StructuredType[] = [];
  const seen = new Set<string>();
  for (
    let t = model.types.get(name);
    t && !seen.has(t.name);
    t = model.types.get(t.baseType ?? "")
  ) {
    seen.add(t.name);
    out.push(t);
  }
  return out;
}

/**
 * Which types clients send, in the metadata's own words: an entity set or singleton that may be
 * inserted into (V2 `sap:creatable`, V4 `Capabilities.InsertRestrictions`) or updated (V2
 * `sap:updatable`, V4 `UpdateRestrictions`) takes its type, the types derived from it (they may be
 * posted to the set), the targets of its containment navigation properties and the complex types
 * of its properties, transitively; structured parameters of actions and functions are sent too.
 * A type counts when it or a type derived from it is sent (its properties are inherited).
 */
export class Directions {
  private readonly inserted = new Set<string>();
  private readonly updated = new Set<string>();
  private readonly writtenTypes = new Set<string>();
  private readonly readTypes = new Set<string>();

  constructor(model: ODataModel) {
    const derived = new Map<string, string[]>();
    for (const t of model.types.values())
      if (t.baseType) derived.set(t.baseType, [...(derived.get(t.baseType) ?? []), t.name]);
    const close = (roots: string[]): Set<string> => {
      const out = new Set<string>();
      const queue = [...roots];
      while (queue.length > 0) {
        const name = queue.pop()!;
        if (out.has(name) || !model.types.has(name)) continue;
        out.add(name);
        queue.push(...(derived.get(name) ?? []));
        for (const t of lineage(model, name)) {
          for (const p of t.properties.values()) queue.push(elementType(p.type));
          for (const n of t.navigation.values())
            if (n.containsTarget) queue.push(elementType(n.type));
        }
      }
      // a type counts when a type derived from it is sent: mark every ancestor
      for (const name of [...out]) for (const t of lineage(model, name)) out.add(t.name);
      return out;
    };
    const sent: string[] = [];
    for (const ops of model.operations.values())
      for (const op of ops) for (const p of op.parameters) sent.push(elementType(p.type));
    for (const i of model.imports.values())
      for (const p of i.inline?.parameters ?? []) sent.push(elementType(p.type));
    const sets = [...model.sets.values()];
    for (const name of close([
      ...sets.filter((s) => s.capabilities.insertable).map((s) => s.type),
      ...sent,
    ]))
      this.inserted.add(name);
    for (const name of close([
      ...sets.filter((s) => s.capabilities.updatable).map((s) => s.type),
      ...sent,
    ]))
      this.updated.add(name);
    for (const t of model.types.values())
      for (const p of t.properties.values())
        if (this.propertyWritten(t.name, p)) this.writtenTypes.add(elementType(p.type));
    for (const name of sent) this.writtenTypes.add(name);
    for (const t of model.types.values())
      for (const p of t.properties.values()) this.readTypes.add(elementType(p.type));
    for (const ops of model.operations.values())
      for (const op of ops) if (op.returnType) this.readTypes.add(elementType(op.returnType.type));
    for (const i of model.imports.values())
      if (i.inline?.returnType) this.readTypes.add(elementType(i.inline.returnType.type));
  }

  /** Whether clients send the property when they create an entity of `owner`. */
  propertyInserted(owner: string, p: Property | undefined): boolean {
    return this.inserted.has(owner) && (p?.creatable ?? true);
  }

  /** Whether clients send the property on create or update. */
  propertyWritten(owner: string, p: Property | undefined): boolean {
    return this.propertyInserted(owner, p) || (this.updated.has(owner) && (p?.updatable ?? true));
  }

  /** Whether clients send entities of the type when they create them. */
  typeInserted(owner: string): boolean {
    return this.inserted.has(owner);
  }

  /** Whether values of an enum or type definition appear in what clients read. */
  valueRead(type: string): boolean {
    return this.readTypes.has(type);
  }

  /** Whether values of an enum or type definition appear in what clients send. */
  valueWritten(type: string): boolean {
    return this.writtenTypes.has(type);
  }
}
