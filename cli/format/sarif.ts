// SARIF 2.1.0 for code scanning. Shaped to pass `sarif-multitool validate` with
// no errors and no warnings: every message ends with a period (SARIF2001), the
// tool has a version and informationUri (SARIF2005), paths are relative to
// %SRCROOT% (SARIF2007), each rule has a name, descriptions, help and helpUri.
import { pathToFileURL } from 'node:url';
import * as path from 'node:path';
import type { Finding, Range, RuleDoc, Severity, TextEdit } from '../../rules/types';
import type { Report } from './report';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SRCROOT = '%SRCROOT%';

export interface SarifTool {
  version: string;
  informationUri: string;
  ruleDocs: readonly RuleDoc[];
  docsUrl: (id: string) => string;
}

export interface SarifNotification {
  level: 'error' | 'warning' | 'note';
  message: string;
  file?: string;
}

const level = (s: Severity) => (s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'note');

/** SARIF wants sentences (SARIF2001). */
function sentence(s: string): string {
  const t = s.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

/** kebab-case id → PascalCase name, the convention for reportingDescriptor.name. */
function ruleName(id: string): string {
  return id.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}

function firstParagraph(markdown: string): string {
  return markdown.trim().split(/\n\s*\n/)[0].replace(/\s*\n\s*/g, ' ');
}

function fence(code: string): string {
  return '```c\n' + code.replace(/\n+$/, '') + '\n```';
}

function descriptor(doc: RuleDoc, docsUrl: string) {
  const markdown = `${doc.explanation.trim()}\n\n**Flagged:**\n\n${fence(doc.badExample)}\n\n**Fixed:**\n\n${fence(doc.goodExample)}\n\n[Documentation](${docsUrl})`;
  return {
    id: doc.id,
    name: ruleName(doc.id),
    shortDescription: { text: sentence(doc.summary) },
    fullDescription: { text: sentence(firstParagraph(doc.explanation) || doc.summary) },
    help: {
      text: `${doc.explanation.trim()}\n\nFlagged:\n\n${doc.badExample.replace(/\n+$/, '')}\n\nFixed:\n\n${doc.goodExample.replace(/\n+$/, '')}\n\nDocumentation: ${docsUrl}`,
      markdown,
    },
    helpUri: docsUrl,
    defaultConfiguration: { level: level(doc.defaultSeverity) },
    properties: { tags: ['correctness', 'process-spawning'], fixable: doc.fixable },
  };
}

/** An artifactLocation: a finding's relative path is relative to %SRCROOT% (the working directory); an absolute one becomes a file URI. */
function artifactLocation(file: string): { uri: string; uriBaseId?: string } {
  if (path.isAbsolute(file)) return { uri: pathToFileURL(file).href };
  return { uri: file.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function region(r: Range) {
  return {
    startLine: r.start.line + 1,
    startColumn: r.start.character + 1,
    endLine: r.end.line + 1,
    endColumn: r.end.character + 1,
  };
}

function fixes(f: Finding) {
  return f.fixes.map((fix) => {
    const byFile = new Map<string, TextEdit[]>();
    for (const e of fix.edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
    return {
      description: { text: sentence(fix.title) },
      artifactChanges: [...byFile].map(([file, edits]) => ({
        artifactLocation: artifactLocation(file),
        replacements: edits.map((e) => ({
          deletedRegion: region(e.range),
          ...(e.newText !== '' ? { insertedContent: { text: e.newText } } : {}),
        })),
      })),
      properties: { kind: fix.kind },
    };
  });
}

export function formatSarif(report: Report, tool: SarifTool, notifications: readonly SarifNotification[] = [], executionSuccessful = true): string {
  const rules = tool.ruleDocs.map((d) => descriptor(d, tool.docsUrl(d.id)));
  const index = new Map<string, number>(rules.map((r, i) => [r.id, i]));
  const ruleIndex = (id: string): number => {
    let i = index.get(id);
    if (i === undefined) {
      // A finding from a rule without docs still gets a descriptor, so ruleIndex stays valid.
      i = rules.length;
      rules.push({ ...descriptor({ id, defaultSeverity: 'warning', summary: id, explanation: id, badExample: '', goodExample: '', fixable: false }, tool.docsUrl(id)) });
      index.set(id, i);
    }
    return i;
  };

  const results = report.findings.map((f) => ({
    ruleId: f.ruleId,
    ruleIndex: ruleIndex(f.ruleId),
    level: level(f.severity),
    message: { text: sentence(f.message) },
    locations: [{ physicalLocation: { artifactLocation: artifactLocation(f.file), region: region(f.range) } }],
    ...(f.related.length > 0 ? {
      relatedLocations: f.related.map((r, i) => ({
        id: i + 1,
        physicalLocation: { artifactLocation: artifactLocation(r.file), region: region(r.range) },
        message: { text: sentence(r.message) },
      })),
    } : {}),
    ...(f.fixes.length > 0 ? { fixes: fixes(f) } : {}),
  }));

  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'forklint',
          version: tool.version,
          semanticVersion: tool.version,
          informationUri: tool.informationUri,
          rules,
        },
      },
      invocations: [{
        executionSuccessful,
        ...(notifications.length > 0 ? {
          toolExecutionNotifications: notifications.map((n) => ({
            level: n.level,
            message: { text: sentence(n.message) },
            ...(n.file !== undefined ? { locations: [{ physicalLocation: { artifactLocation: artifactLocation(n.file) } }] } : {}),
          })),
        } : {}),
      }],
      originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(report.cwd).href.replace(/\/?$/, '/') } },
      columnKind: 'utf16CodeUnits',
      results,
    }],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
