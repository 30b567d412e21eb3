import type { Finding, Severity } from "../types.js";
import { documentRules } from "./documents.js";
import { identityRules } from "./identity.js";
import { lifecycleRules } from "./lifecycle.js";
import type { Emitted, RawFinding, Rule, RuleContext } from "./rule.js";
import { trackingRules } from "./tracking.js";
import { versionRules } from "./version.js";

/** Every rule, in the order of the rules file. Rule IDs are public interface. */
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

/** Runs every rule that is not off and gives each finding its effective severity. */
export function judge(ctx: RuleContext, options: JudgeOptions): Finding[] {
  const today = ctx.now.toISOString().slice(0, 10);
  const findings: Finding[] = [];
  // An unchanged entity gives no finding under the default scope: rules that compare see no
  // difference, and rules about head's state speak only of what the pull request touched.
  const subjects =
    ctx.scope === "all" ? ctx.comparisons : ctx.comparisons.filter((c) => c.status !== "unchanged");
  for (const rule of RULES) {
    const configured = options.severities.get(rule.id) ?? rule.severity;
    if (configured === "off") continue;
    const raw: RawFinding[] = [];
    if (rule.entity) for (const c of subjects) raw.push(...asArray(rule.entity(c, ctx)));
    if (rule.run) raw.push(...rule.run(ctx));
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
