import type { Comparison } from "../compare/compare.js";
import type { TombstoneRecord } from "../ord/documents.js";
import type { Finding, Scope, Severity } from "../types.js";
import { documentRules } from "./documents.js";
import { identityRules } from "./identity.js";
import { lifecycleRules } from "./lifecycle.js";
import type { Emitted, RawFinding, Rule, RuleContext, StateContext } from "./rule.js";
import { differs, judgedPart, type HeadComparison } from "./scope.js";
import { trackingRules } from "./tracking.js";
import { versionRules } from "./version.js";

/** Every rule, in the order of docs/rules/README.md. Rule IDs are public interface. */
export const RULES: readonly Rule[] = [
  ...versionRules,
  ...identityRules,
  ...lifecycleRules,
  ...trackingRules,
  ...documentRules,
];

export const RULE_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.id, r]));

export const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, notice: 1 };

/** Where the docs of a rule live (src/report/docs-link.ts builds every such link). */
export { ruleDocUrl } from "../report/docs-link.js";

export interface JudgeOptions {
  /** What the rules about the state of head judge: what the pull request touched, or all. */
  scope: Scope;
  severities: ReadonlyMap<string, Severity | "off">;
  ignore: readonly IgnoreRule[];
  /** Receives each finding an ignore entry dropped, so reports can count and show it. */
  onIgnored?: (finding: Finding, entry: IgnoreRule) => void;
  /** Rules whose errors an approval label turned into warnings. */
  approved?: { label: string; rules: readonly string[] };
}

export interface IgnoreRule {
  rule: string;
  ordId?: string;
  reason?: string;
  until?: string;
}

const asArray = (emitted: Emitted): RawFinding[] =>
  !emitted ? [] : Array.isArray(emitted) ? emitted : [emitted];

/** What the engine hands each kind of rule, computed once per run. */
interface Subjects {
  /** Entities whose base and head differ: the subjects of transitions, whatever the scope. */
  changed: readonly Comparison[];
  /** Head entities the scope judges. */
  entities: readonly HeadComparison[];
  /** Head tombstones (every copy) the scope judges. */
  tombstones: readonly TombstoneRecord[];
  context: StateContext;
}

/** The findings of one rule, on the subjects its kind and the scope give it (src/rules/scope.ts). */
function findingsOf(rule: Rule, ctx: RuleContext, subjects: Subjects): RawFinding[] {
  const raw: RawFinding[] = [];
  if (rule.judges === "transition") {
    if (rule.entity) for (const c of subjects.changed) raw.push(...asArray(rule.entity(c, ctx)));
    if (rule.run) raw.push(...rule.run(ctx));
    return raw;
  }
  const { context } = subjects;
  if (rule.entity) for (const c of subjects.entities) raw.push(...asArray(rule.entity(c, context)));
  if (rule.tombstone) {
    for (const t of subjects.tombstones) raw.push(...asArray(rule.tombstone(t, context)));
  }
  if (rule.run) raw.push(...rule.run(context));
  return raw;
}

/** Runs every rule that is not off and gives each finding its effective severity. */
export function judge(ctx: RuleContext, options: JudgeOptions): Finding[] {
  const today = ctx.now.toISOString().slice(0, 10);
  const findings: Finding[] = [];
  const judged = judgedPart(options.scope, ctx.base, ctx.head);
  const subjects: Subjects = {
    changed: ctx.comparisons.filter(differs),
    entities: ctx.comparisons.filter(
      (c): c is HeadComparison => c.head !== undefined && judged.entity(c),
    ),
    tombstones: [...ctx.head.tombstones.values()].flat().filter((t) => judged.tombstone(t)),
    context: { ...ctx, judged },
  };
  for (const rule of RULES) {
    const configured = options.severities.get(rule.id) ?? rule.severity;
    if (configured === "off") continue;
    const raw = findingsOf(rule, ctx, subjects);
    for (const { cap, ...finding } of raw) {
      const entries = options.ignore.filter(
        (entry) =>
          entry.rule === rule.id &&
          (!entry.ordId || entry.ordId.toLowerCase() === finding.ordId?.toLowerCase()),
      );
      const active = entries.find((entry) => !entry.until || entry.until >= today);
      let severity = cap && SEVERITY_RANK[cap] < SEVERITY_RANK[configured] ? cap : configured;
      if (active) {
        options.onIgnored?.({ ruleId: rule.id, severity, ...finding }, active);
        continue;
      }
      let message = finding.message;
      // An ignore that ran out says so: the finding is back, and the reader should know why.
      const expired = entries.find((entry) => entry.until);
      if (expired) message += ` (the config's ignore for this expired on ${expired.until})`;
      if (severity === "error" && options.approved?.rules.includes(rule.id)) {
        severity = "warning";
        message += ` (approved by the "${options.approved.label}" label: reported as a warning)`;
      }
      findings.push({ ruleId: rule.id, severity, ...finding, message });
    }
  }
  return findings;
}
