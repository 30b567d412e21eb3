/**
 * Actions and functions, their overloads, parameters and return types, and the imports that
 * expose them in the entity container (docs/contracts/odata.md). Parameters are sent by clients,
 * so they are judged as a request; return types as a response.
 */
import { EVERYONE, short, showType, type ODataChanges } from "./changes.js";
import type { Operation, Parameter } from "./model.js";
import { facets } from "./structures.js";

/** Actions and functions added, removed or changed, overload by overload. */
export function operations(c: ODataChanges): void {
  const { base, head } = c;
  const signature = (op: Operation) =>
    `${op.bindingType ?? ""}(${op.parameters
      .map((p) => p.name)
      .sort()
      .join(",")})`;
  const describe = (op: Operation) =>
    `${op.kind} ${short(op.name)}${op.bindingType ? ` bound to ${showType(op.bindingType)}` : ""}`;
  for (const name of new Set([...base.operations.keys(), ...head.operations.keys()])) {
    const bs = [...(base.operations.get(name) ?? [])];
    const hs = [...(head.operations.get(name) ?? [])];
    const pairs: [Operation, Operation][] = [];
    // the same binding and parameter names first, then the same binding
    for (const match of [
      (a: Operation, b: Operation) => signature(a) === signature(b),
      (a: Operation, b: Operation) => (a.bindingType ?? "") === (b.bindingType ?? ""),
    ])
      for (const b of [...bs]) {
        const i = hs.findIndex((h) => match(b, h));
        if (i < 0) continue;
        pairs.push([b, hs[i]!]);
        hs.splice(i, 1);
        bs.splice(bs.indexOf(b), 1);
      }
    for (const b of bs) c.add("operation-removed", b, "base", `${describe(b)} was removed`);
    for (const h of hs) c.add("operation-added", h, "head", `${describe(h)} was added`);
    for (const [b, h] of pairs) operation(c, describe(h), b, h);
  }
}

/** One action or function overload on both sides: binding, parameters and return type. */
export function operation(c: ODataChanges, label: string, b: Operation, h: Operation): void {
  if ((b.httpMethod ?? "") !== (h.httpMethod ?? ""))
    c.add(
      "operation-http-method-changed",
      h,
      "head",
      `${label}: HTTP method ${b.httpMethod ?? "none"} → ${h.httpMethod ?? "none"}`,
    );
  if (b.composable !== h.composable)
    c.add(
      h.composable ? "operation-became-composable" : "operation-no-longer-composable",
      h,
      "head",
      `${label}: ${h.composable ? "became composable" : "is no longer composable"}`,
    );
  for (const bp of b.parameters) {
    const hp = h.parameters.find((p) => p.name === bp.name);
    if (!hp) c.add("parameter-removed", bp, "base", `${label}: parameter ${bp.name} was removed`);
    else parameter(c, `${label}: parameter ${bp.name}`, bp, hp);
  }
  for (const hp of h.parameters)
    if (!b.parameters.some((p) => p.name === hp.name))
      c.add(
        hp.optional ? "optional-parameter-added" : "required-parameter-added",
        hp,
        "head",
        `${label}: ${hp.optional ? "optional" : "required"} parameter ${hp.name} (${showType(hp.type)}) was added`,
      );
  const [br, hr] = [b.returnType, h.returnType];
  if (!br && hr)
    c.add("return-type-added", h, "head", `${label}: now returns ${showType(hr.type)}`);
  else if (br && !hr)
    c.add(
      "return-type-removed",
      { pointer: `${b.pointer}/$ReturnType` },
      "base",
      `${label}: no longer returns ${showType(br.type)}`,
    );
  else if (br && hr) {
    const at = { pointer: `${h.pointer}/$ReturnType` };
    if (br.type !== hr.type)
      c.add(
        "return-type-changed",
        at,
        "head",
        `${label}: returns ${showType(br.type)} → ${showType(hr.type)}`,
      );
    else if (br.nullable !== hr.nullable)
      c.add(
        hr.nullable ? "return-became-nullable" : "return-became-not-nullable",
        at,
        "head",
        `${label}: return value ${hr.nullable ? "may now be null" : "is no longer null"}`,
      );
  }
  c.annotations(label, b.annotations, h.annotations, h);
}

/** One parameter on both sides: what clients send, so judged as a request. */
export function parameter(c: ODataChanges, label: string, b: Parameter, h: Parameter): void {
  if (b.type !== h.type)
    c.add(
      "parameter-type-changed",
      h,
      "head",
      `${label}: type ${showType(b.type)} → ${showType(h.type)}`,
    );
  if (b.optional !== h.optional)
    c.add(
      h.optional ? "parameter-became-optional" : "parameter-became-required",
      h,
      "head",
      `${label}: ${h.optional ? "became optional" : "became required"}`,
    );
  else if (b.nullable !== h.nullable)
    c.add(
      h.nullable ? "parameter-facet-widened" : "parameter-facet-narrowed",
      h,
      "head",
      `${label}: ${h.nullable ? "now accepts null" : "no longer accepts null"}`,
    );
  facets(c, label, b.facets, h.facets, h, EVERYONE, true);
}

/** Action and function imports of the entity container added or removed. */
export function imports(c: ODataChanges): void {
  const { base, head } = c;
  for (const [name, b] of base.imports) {
    const h = head.imports.get(name);
    const label = `${b.kind} import ${name}`;
    if (!h) {
      c.add("operation-import-removed", b, "base", `${label} was removed`);
      continue;
    }
    if (
      (b.operation ?? "") !== (h.operation ?? "") ||
      (b.entitySet ?? "") !== (h.entitySet ?? "") ||
      b.kind !== h.kind
    )
      c.add(
        "operation-import-changed",
        h,
        "head",
        `${label}: ${b.kind} ${short(b.operation ?? name)} on ${b.entitySet ?? "no entity set"} → ${h.kind} ${short(h.operation ?? name)} on ${h.entitySet ?? "no entity set"}`,
      );
    if (b.inline && h.inline) operation(c, `function import ${name}`, b.inline, h.inline);
    c.annotations(label, b.annotations, h.annotations, h);
  }
  for (const [name, h] of head.imports)
    if (!base.imports.has(name))
      c.add("operation-import-added", h, "head", `${h.kind} import ${name} was added`);
}
