// `forklint rules` and `forklint explain <id>`.
import type { RuleDoc } from '../rules/types';
import { CliError } from './errors';

export function formatRulesTable(docs: readonly RuleDoc[]): string {
  const rows = docs.map((d) => [d.id, d.defaultSeverity, d.fixable ? 'yes' : '', d.summary]);
  const header = ['RULE', 'DEFAULT', 'FIX', 'SUMMARY'];
  const widths = [0, 1, 2].map((i) => Math.max(header[i].length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]) : cell)).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

function indent(code: string): string {
  return code.replace(/\n+$/, '').split('\n').map((l) => (l ? `    ${l}` : l)).join('\n');
}

export function formatExplain(id: string, docs: readonly RuleDoc[], docsUrl: (id: string) => string): string {
  const doc = docs.find((d) => d.id === id);
  if (!doc) throw new CliError(`unknown rule id '${id}' (forklint rules lists them)`);
  return [
    `${doc.id} (default: ${doc.defaultSeverity}${doc.fixable ? ', fixable' : ''})`,
    '',
    doc.summary,
    '',
    doc.explanation.trim(),
    '',
    'Flagged:',
    '',
    indent(doc.badExample),
    '',
    'Fixed:',
    '',
    indent(doc.goodExample),
    '',
    `Documentation: ${docsUrl(doc.id)}`,
    '',
  ].join('\n');
}
