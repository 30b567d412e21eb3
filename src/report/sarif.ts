import { RULES } from "../rules/index.js";
import { ruleDocUrl, rulesIndexUrl } from "./docs-link.js";
import type { Finding, Report, Severity } from "../types.js";

const LEVEL: Record<Severity, "error" | "warning" | "note"> = {
  error: "error",
  warning: "warning",
  notice: "note",
};

/**
 * Where a finding is. A position in the base version (a removed entity) is not in the file the
 * viewer shows: the result names the file without a region, and the message says which line of
 * which base revision, so no unrelated head line is marked and no `<rev>:` pseudo-URI appears.
 */
function located(f: Finding): { message: string; locations?: unknown[] } {
  const location = f.location;
  if (!location) return { message: f.message };
  const inBase = location.base !== undefined;
  return {
    message: inBase
      ? `${f.message} (line ${location.line} of ${location.file} in the base version ${location.base})`
      : f.message,
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: location.file },
          ...(!inBase && {
            region: { startLine: location.line, startColumn: location.column },
          }),
        },
      },
    ],
  };
}

function result(f: Finding, suppressions?: unknown[]): Record<string, unknown> {
  const { message, locations } = located(f);
  return {
    ruleId: f.ruleId,
    ruleIndex: RULES.findIndex((r) => r.id === f.ruleId),
    level: LEVEL[f.severity],
    message: { text: message },
    ...(locations && { locations }),
    ...(suppressions && { suppressions }),
    ...(f.suggestion || f.ordId
      ? { properties: { ordId: f.ordId, suggestedVersion: f.suggestion?.version } }
      : {}),
  };
}

/** SARIF 2.1.0 with rule metadata and help URIs, for code scanning and other SARIF viewers. */
export function renderSarif(report: Report): string {
  const sarif = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            informationUri: rulesIndexUrl(),
            rules: RULES.map((rule) => ({
              id: rule.id,
              name: rule.id,
              shortDescription: { text: rule.description },
              helpUri: ruleDocUrl(rule.id),
              properties: { family: rule.family },
              defaultConfiguration: { level: LEVEL[rule.severity] },
            })),
          },
        },
        results: [
          ...report.findings.map((f) => result(f)),
          // Ignored findings stay visible to SARIF viewers as accepted suppressions (code
          // scanning shows them as dismissed), with the config's reason as the justification.
          ...report.ignored.map((f) =>
            result(f, [{ kind: "external", status: "accepted", justification: f.ignored.reason }]),
          ),
        ],
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
