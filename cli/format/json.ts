// The machine-readable report. Its shape is a contract (documented in
// cli/README.md): add fields, never rename or remove them.
import type { Finding, Range } from '../../rules/types';
import { countFindings, type Report } from './report';

export const JSON_FORMAT_VERSION = 1;

interface JsonFinding {
  ruleId: string;
  severity: Finding['severity'];
  message: string;
  file: string;
  /** 1-based, for people and tools that count like compilers do. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** 0-based line and UTF-16 column, as the engine and LSP count. */
  range: Range;
  related: Finding['related'];
  fixes: Finding['fixes'];
}

function toJson(f: Finding): JsonFinding {
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    file: f.file,
    line: f.range.start.line + 1,
    column: f.range.start.character + 1,
    endLine: f.range.end.line + 1,
    endColumn: f.range.end.character + 1,
    range: f.range,
    related: f.related,
    fixes: f.fixes,
  };
}

export function formatJson(report: Report, toolVersion: string): string {
  const perFile = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const list = perFile.get(f.file) ?? [];
    list.push(f);
    perFile.set(f.file, list);
  }
  const files = report.files.map((file) => {
    const c = countFindings(perFile.get(file.path) ?? []);
    return {
      path: file.path,
      status: file.status,
      ...(file.reason !== undefined ? { reason: file.reason } : {}),
      errorCount: c.errors,
      warningCount: c.warnings,
      infoCount: c.infos,
      fixableCount: c.fixable,
    };
  });
  const total = countFindings(report.findings);
  return JSON.stringify({
    version: JSON_FORMAT_VERSION,
    tool: { name: 'forklint', version: toolVersion },
    findings: report.findings.map(toJson),
    files,
    summary: {
      files: report.files.filter((f) => f.status === 'linted').length,
      skipped: report.files.filter((f) => f.status !== 'linted').length,
      errors: total.errors,
      warnings: total.warnings,
      infos: total.infos,
      fixable: total.fixable,
    },
  }, null, 2) + '\n';
}
