import type { Finding, Report, ReportChange } from "../types.js";

/** Keys in the order of docs/report.md, whatever order the pipeline built them in. */
function change(c: ReportChange): ReportChange {
  return {
    path: c.path,
    kind: c.kind,
    class: c.class,
    source: c.source,
    reason: c.reason,
    ...(c.definition ? { definition: c.definition } : {}),
    ...(c.location ? { location: c.location } : {}),
  };
}

function finding(f: Finding): Finding {
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    ...(f.ordId !== undefined ? { ordId: f.ordId } : {}),
    message: f.message,
    ...(f.suggestion ? { suggestion: f.suggestion } : {}),
    ...(f.location ? { location: f.location } : {}),
  };
}

/** The JSON report of docs/report.md, two-space indented with a final newline. */
export function renderJson(report: Report): string {
  const ordered: Report = {
    tool: report.tool,
    verdict: report.verdict,
    failOn: report.failOn,
    summary: report.summary,
    entities: report.entities.map((e) => ({ ...e, changes: e.changes.map(change) })),
    findings: report.findings.map(finding),
    ignored: report.ignored.map((f) => ({ ...finding(f), ignored: f.ignored })),
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}
