import type {
  ConstDirectiveNode,
  GraphQLArgument,
  GraphQLInputType,
  GraphQLNamedType,
  GraphQLSchema,
} from "graphql";
import { graphql } from "../lazy.js";
import { MAX_JSON_DEPTH } from "../json/values.js";
import { GRAPHQL_RULES, type GraphQlRuleId } from "./rules.js";
import type { ContractChange } from "./types.js";

/** Whether brackets nest deeper than `limit` (graphql-js's lexer is iterative, its parser not). */
function tooDeep(text: string, limit: number): boolean {
  const { Lexer, Source, TokenKind } = graphql();
  const openers = new Set<string>([TokenKind.BRACE_L, TokenKind.BRACKET_L, TokenKind.PAREN_L]);
  const closers = new Set<string>([TokenKind.BRACE_R, TokenKind.BRACKET_R, TokenKind.PAREN_R]);
  const lexer = new Lexer(new Source(text));
  let depth = 0;
  for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
    if (openers.has(token.kind) && ++depth > limit) return true;
    if (closers.has(token.kind)) depth = Math.max(0, depth - 1);
  }
  return false;
}

/** Parses SDL into a schema, or says why it is not one (the caller reports it). */
export function parseGraphQl(text: string): GraphQLSchema | { problem: string } {
  try {
    // Deeper nesting would run out of stack at a depth that varies from run to run.
    if (tooDeep(text, MAX_JSON_DEPTH)) {
      return { problem: `nests more than ${MAX_JSON_DEPTH} levels deep` };
    }
    return graphql().buildSchema(text, { assumeValidSDL: false });
  } catch {
    return { problem: "is not valid GraphQL SDL" };
  }
}

/** "Query.stars was removed." → "Query.stars": the schema coordinate the description starts with. */
function coordinate(description: string): string {
  return (
    /^([_A-Za-z][_0-9A-Za-z]*(?:\.[_A-Za-z][_0-9A-Za-z]*)?(?:\([^)]*\))?)/.exec(description)?.[1] ??
    ""
  );
}

const kebab = (type: string): string => type.toLowerCase().replace(/_/g, "-");

/** Directives whose meaning the differ reads itself (deprecation, `@oneOf`, scalar specs). */
const READ_DIRECTIVES = new Set(["deprecated", "oneOf", "specifiedBy"]);

type Node = { readonly directives?: readonly ConstDirectiveNode[] } | null | undefined;

/** The applied directives of an element (its definition and extensions), printed, by name. */
function applied(nodes: readonly Node[]): Map<string, string[]> {
  const { print } = graphql();
  const out = new Map<string, string[]>();
  for (const node of nodes)
    for (const d of node?.directives ?? []) {
      if (READ_DIRECTIVES.has(d.name.value)) continue;
      out.set(d.name.value, [...(out.get(d.name.value) ?? []), print(d)].sort());
    }
  return out;
}

/** The AST nodes that can carry directives of a type: its definition and its extensions. */
function typeNodes(type: GraphQLNamedType): Node[] {
  return [type.astNode, ...(type.extensionASTNodes ?? [])];
}

/**
 * The root operation types (`schema { query: Query }`, or the types named Query, Mutation and
 * Subscription): graphql-js's finders compare types by name and never which type an operation
 * starts at, so dropping `mutation: M` from the schema, or pointing `query` at a smaller type,
 * removed every field of it from the API while reading as "types added". A root that moved to
 * another type is breaking even with the same fields: fragments `on Query` and `__typename` see
 * the old name.
 */
function roots(
  base: GraphQLSchema,
  head: GraphQLSchema,
  report: (pointer: string, reason: string) => void,
): void {
  const roots = {
    query: (s: GraphQLSchema) => s.getQueryType(),
    mutation: (s: GraphQLSchema) => s.getMutationType(),
    subscription: (s: GraphQLSchema) => s.getSubscriptionType(),
  };
  for (const [operation, root] of Object.entries(roots)) {
    const [before, after] = [root(base)?.name, root(head)?.name];
    if (before === undefined || before === after) continue;
    report(
      "schema",
      after === undefined
        ? `has no ${operation} root any more (was ${before}): every ${operation} clients send fails`
        : `${operation} root changed from ${before} to ${after}: ${operation}s are read against another type`,
    );
  }
}

/**
 * Whether every value a client could pass as an input of type `before` is still accepted as
 * `after`: the same named type, list for list, and non-null only where it was (graphql-js's own
 * test for field arguments, which it does not export).
 */
function acceptsAsBefore(before: GraphQLInputType, after: GraphQLInputType): boolean {
  const g = graphql();
  if (g.isListType(before))
    return g.isListType(after) && acceptsAsBefore(before.ofType, after.ofType);
  if (g.isNonNullType(before))
    return acceptsAsBefore(before.ofType, g.isNonNullType(after) ? after.ofType : after);
  return !g.isWrappingType(after) && g.isNamedType(after) && before.name === after.name;
}

/**
 * A directive's arguments in both schemas, as graphql-js compares a field's (its finders check
 * a directive's only for removed and new required ones): an operation writing `@f(s: "x")`
 * fails when `s` no longer takes a String, and one leaving `s` out gets another default.
 */
function directiveArgs(
  pointer: string,
  b: readonly GraphQLArgument[],
  h: readonly GraphQLArgument[],
  add: (id: GraphQlRuleId) => (pointer: string, reason: string) => void,
): void {
  const { print } = graphql();
  const def = (a: GraphQLArgument) =>
    a.astNode?.defaultValue ? print(a.astNode.defaultValue) : undefined;
  for (const ha of h) {
    const ba = b.find((a) => a.name === ha.name);
    if (!ba) continue;
    const at = `${pointer}(${ha.name}:)`;
    if (!acceptsAsBefore(ba.type, ha.type))
      add("directive-arg-changed-kind")(at, `type ${String(ba.type)} → ${String(ha.type)}`);
    if (def(ba) !== undefined && def(ba) !== def(ha))
      add("directive-arg-default-value-change")(at, `default ${def(ba)} → ${def(ha) ?? "none"}`);
  }
}

/**
 * What graphql-js's change finders do not look at: applied directives (its schema printer drops
 * them), deprecation, `@oneOf` and input field defaults. Elements are compared where both sides
 * have them; elements added or removed are the finders' business.
 */
function walk(base: GraphQLSchema, head: GraphQLSchema): ContractChange[] {
  const g = graphql();
  const out: ContractChange[] = [];
  const add =
    (id: GraphQlRuleId) =>
    (pointer: string, reason: string): void => {
      const { class: cls, kind } = GRAPHQL_RULES[id];
      out.push({ id, class: cls, kind, reason: `${pointer} ${reason}`, pointer, side: "head" });
    };
  const directives = (pointer: string, b: readonly Node[], h: readonly Node[]): void => {
    const [bd, hd] = [applied(b), applied(h)];
    // Unknown is breaking: an applied directive may be `@auth(requires: ADMIN)`, `@external`
    // (another subgraph resolves the field) or `@key` (federation's entity identity); we cannot
    // tell which of them a client feels, so any change is reported breaking with that reason.
    for (const [name, printed] of hd) {
      const before = bd.get(name);
      if (!before)
        add("directive-usage-added")(
          pointer,
          `now carries ${printed.join(" ")} (applied directives are not interpreted: assumed breaking)`,
        );
      else if (before.join(" ") !== printed.join(" "))
        add("directive-usage-changed")(
          pointer,
          `${before.join(" ")} → ${printed.join(" ")} (applied directives are not interpreted: assumed breaking)`,
        );
    }
    for (const [name, printed] of bd)
      if (!hd.has(name))
        add("directive-usage-removed")(
          pointer,
          `no longer carries ${printed.join(" ")} (applied directives are not interpreted: assumed breaking)`,
        );
  };
  const deprecation = (
    pointer: string,
    b: { deprecationReason?: string | null },
    h: { deprecationReason?: string | null },
  ): void => {
    const [before, after] = [b.deprecationReason ?? undefined, h.deprecationReason ?? undefined];
    if (before === after) return;
    if (before === undefined) add("deprecated")(pointer, "was deprecated");
    else if (after === undefined) add("deprecation-removed")(pointer, "is no longer deprecated");
    // still deprecated, for another reason: the schema's behaviour is the same
    else
      add("deprecation-reason-changed")(
        pointer,
        `deprecation reason ${JSON.stringify(before)} → ${JSON.stringify(after)}`,
      );
  };
  const args = (pointer: string, b: readonly GraphQLArgument[], h: readonly GraphQLArgument[]) => {
    for (const ha of h) {
      const ba = b.find((a) => a.name === ha.name);
      if (!ba) continue;
      const at = `${pointer}(${ha.name}:)`;
      deprecation(at, ba, ha);
      directives(at, [ba.astNode], [ha.astNode]);
    }
  };
  roots(base, head, add("root-operation-type-changed"));
  directives(
    "schema",
    [base.astNode, ...base.extensionASTNodes],
    [head.astNode, ...head.extensionASTNodes],
  );
  const bmap = base.getTypeMap();
  for (const [name, ht] of Object.entries(head.getTypeMap())) {
    const bt = bmap[name];
    if (!bt || name.startsWith("__")) continue;
    directives(name, typeNodes(bt), typeNodes(ht));
    if (g.isInputObjectType(bt) && g.isInputObjectType(ht)) {
      if (!bt.isOneOf && ht.isOneOf)
        add("input-became-one-of")(
          name,
          "became @oneOf: clients that set more than one field, or none, are rejected",
        );
      if (bt.isOneOf && !ht.isOneOf)
        add("input-no-longer-one-of")(
          name,
          "is no longer @oneOf: every former input is still accepted",
        );
      const bfields = bt.getFields();
      for (const [fname, hf] of Object.entries(ht.getFields())) {
        const bf = bfields[fname];
        if (!bf) continue;
        const at = `${name}.${fname}`;
        deprecation(at, bf, hf);
        directives(at, [bf.astNode], [hf.astNode]);
        const def = (f: typeof bf) =>
          f.astNode?.defaultValue ? g.print(f.astNode.defaultValue) : undefined;
        if (def(bf) !== def(hf))
          add(
            def(bf) === undefined
              ? "input-field-default-value-added"
              : "input-field-default-value-change",
          )(at, `default ${def(bf) ?? "none"} → ${def(hf) ?? "none"}`);
      }
    }
    if (
      (g.isObjectType(bt) || g.isInterfaceType(bt)) &&
      (g.isObjectType(ht) || g.isInterfaceType(ht))
    ) {
      const bfields = bt.getFields();
      for (const [fname, hf] of Object.entries(ht.getFields())) {
        const bf = bfields[fname];
        if (!bf) continue;
        const at = `${name}.${fname}`;
        deprecation(at, bf, hf);
        directives(at, [bf.astNode], [hf.astNode]);
        args(at, bf.args, hf.args);
      }
    }
    if (g.isEnumType(bt) && g.isEnumType(ht)) {
      for (const hv of ht.getValues()) {
        const bv = bt.getValue(hv.name);
        if (!bv) continue;
        const at = `${name}.${hv.name}`;
        deprecation(at, bv, hv);
        directives(at, [bv.astNode], [hv.astNode]);
      }
    }
  }
  for (const hd of head.getDirectives()) {
    const bd = base.getDirective(hd.name);
    if (!bd) continue;
    args(`@${hd.name}`, bd.args, hd.args);
    directiveArgs(`@${hd.name}`, bd.args, hd.args, add);
  }
  return out;
}

/**
 * GraphQL SDL with graphql-js's own change finders: breaking changes are `breaking`; dangerous
 * ones (e.g. an enum value or optional argument added, which a client's exhaustive switch or
 * stored query may trip on) are `additive` with the danger in the reason, except a changed
 * argument default, which is `breaking` like a changed request default in OpenAPI: a client that
 * leaves the argument out gets another behaviour than it asked for. {@link walk} adds what the
 * finders do not see. Any other difference is additive when the printed schema changed, else
 * patch (descriptions only). docs/contracts/graphql.md lists every id.
 */
export function diffGraphQl(base: GraphQLSchema, head: GraphQLSchema): ContractChange[] {
  const { findBreakingChanges, findDangerousChanges, lexicographicSortSchema, printSchema } =
    graphql();
  /** A graphql-js change type's rule; a type newer than this table keeps graphql-js's verdict. */
  const rule = (type: string, fallback: ContractChange["class"]) => {
    const id = kebab(type);
    const known = Object.hasOwn(GRAPHQL_RULES, id) ? GRAPHQL_RULES[id as GraphQlRuleId] : undefined;
    return { id, cls: known?.class ?? fallback };
  };
  const found: ContractChange[] = [
    ...findBreakingChanges(base, head).map((c): ContractChange => ({
      id: kebab(c.type),
      class: rule(c.type, "breaking").cls,
      kind: /REMOVED/.test(c.type) ? "removed" : "changed",
      reason: c.description,
      pointer: coordinate(c.description),
      side: /REMOVED/.test(c.type) ? "base" : "head",
    })),
    ...findDangerousChanges(base, head).map((c): ContractChange => {
      const { id, cls } = rule(c.type, "additive");
      return {
        id,
        class: cls,
        kind: /ADDED/.test(c.type) ? "added" : "changed",
        reason:
          cls === "breaking"
            ? `${c.description} (clients that leave it out now get another behaviour)`
            : `${c.description} (dangerous: clients that assume the old set may misbehave)`,
        pointer: coordinate(c.description),
        side: "head",
      };
    }),
  ];
  const changes = [...found, ...walk(base, head)];
  if (found.length > 0) return changes;
  // deprecation and @oneOf are judged by walk(); the printed text compares everything else
  const printed = (schema: GraphQLSchema): string =>
    printSchema(lexicographicSortSchema(schema)).replace(
      / @deprecated(?:\(reason: "(?:[^"\\]|\\.)*"\))?| @oneOf\b/g,
      "",
    );
  const withoutDescriptions = (sdl: string): string =>
    sdl.replace(/"""[\s\S]*?"""|"(?:[^"\\]|\\.)*"/g, "");
  const [before, after] = [printed(base), printed(head)];
  if (withoutDescriptions(before) !== withoutDescriptions(after)) {
    changes.push({
      id: "schema-extended",
      ...GRAPHQL_RULES["schema-extended"],
      reason: "types, fields or arguments were added",
      pointer: "",
      side: "head",
    });
  } else if (before !== after) {
    changes.push({
      id: "description-changed",
      ...GRAPHQL_RULES["description-changed"],
      reason: "descriptions changed",
      pointer: "",
      side: "head",
    });
  }
  return changes;
}
