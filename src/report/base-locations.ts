import type { Location, Report } from "../types.js";

/**
 * Positions in a `git:<ref>` base are read as `<rev>:<path>` (src/ord/sources.ts, labelBase), so
 * they are never taken for the head line of the same number. For the report the path becomes the
 * plain repository path again and `base` names the revision: SARIF viewers would read `HEAD:...`
 * as a URI with scheme `HEAD`, and a reader wants the path they can open.
 */
export function locateInBase(report: Report, label: string, revision: string): Report {
  const plain = (file: string): string =>
    file.startsWith(label) ? file.slice(label.length) : file;
  const fix = <T extends { location?: Location }>(item: T): T =>
    item.location?.file.startsWith(label)
      ? {
          ...item,
          location: { ...item.location, file: plain(item.location.file), base: revision },
        }
      : item;
  return {
    ...report,
    entities: report.entities.map((e) => ({
      ...e,
      file: plain(e.file),
      changes: e.changes.map(fix),
    })),
    findings: report.findings.map(fix),
    ignored: report.ignored.map(fix),
  };
}
