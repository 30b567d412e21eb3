import { RULES } from "../rules/index.js";
import { ruleDocUrl, rulesIndexUrl } from "./docs-link.js";
import type { Report, Severity } from "../types.js";

const LEVEL: Record<Severity, "error" | "warning" | "note"> = {
  error: "error",
  warning: "warning",
  notice: "note",
};

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
        results: report.findings.map((f) => ({
          ruleId: f.ruleId,
          ruleIndex: RULES.findIndex((r) => r.id === f.ruleId),
          level: LEVEL[f.severity],
          message: { text: f.message },
          ...(f.location
            ? {
                locations: [
                  {
                    physicalLocation: {
                      artifactLocation: { uri: f.location.file },
                      region: { startLine: f.location.line, startColumn: f.location.column },
                    },
                  },
                ],
              }
            : {}),
          ...(f.suggestion || f.ordId
            ? { properties: { ordId: f.ordId, suggestedVersion: f.suggestion?.version } }
            : {}),
        })),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
