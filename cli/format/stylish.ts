// The terminal report, after ESLint's "stylish": a header per file, one aligned
// row per finding (`line:col  severity  message  rule-id`), the call chain
// beneath it, and a summary line.
import type { Finding } from '../../rules/types';
import { colors as makeColors } from './color';
import { countFindings, plural, type Report } from './report';

function groupByFile(findings: readonly Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = groups.get(f.file) ?? [];
    list.push(f);
    groups.set(f.file, list);
  }
  return groups;
}

const oneLine = (s: string) => s.replace(/\s*\n\s*/g, ' ');
const pos = (p: { line: number; character: number }) => `${p.line + 1}:${p.character + 1}`;

export function formatStylish(report: Report, color: boolean): string {
  const c = makeColors(color);
  if (report.findings.length === 0) return '';
  let out = '';
  for (const [file, findings] of groupByFile(report.findings)) {
    out += `\n${c.underline(file)}\n`;
    const rows = findings.map((f) => ({ loc: pos(f.range.start), sev: f.severity, msg: oneLine(f.message), f }));
    const width = (get: (r: (typeof rows)[number]) => string) => rows.reduce((w, r) => Math.max(w, get(r).length), 0);
    const locW = width((r) => r.loc);
    const sevW = width((r) => r.sev);
    const msgW = width((r) => r.msg);
    for (const r of rows) {
      const sev = r.sev === 'error' ? c.red : r.sev === 'warning' ? c.yellow : c.blue;
      out += `  ${c.dim(r.loc.padEnd(locW))}  ${sev(r.sev.padEnd(sevW))}  ${r.msg.padEnd(msgW)}  ${c.dim(r.f.ruleId)}\n`;
      const indent = ' '.repeat(2 + locW + 2 + sevW + 2);
      for (const rel of r.f.related) {
        const where = rel.file === r.f.file ? pos(rel.range.start) : `${rel.file}:${pos(rel.range.start)}`;
        out += `${indent}${c.dim(`↳ ${where}  ${oneLine(rel.message)}`)}\n`;
      }
    }
  }
  const n = countFindings(report.findings);
  const total = report.findings.length;
  const paint = n.errors > 0 ? c.red : n.warnings > 0 ? c.yellow : c.blue;
  out += `\n${paint(c.bold(`✖ ${plural(total, 'problem')} (${plural(n.errors, 'error')}, ${plural(n.warnings, 'warning')}, ${plural(n.infos, 'info')})`))}\n`;
  if (n.fixable > 0) out += `${paint(c.bold(`  ${plural(n.fixable, 'problem')} potentially fixable with the \`--fix\` option.`))}\n`;
  if (n.rewritable > 0) out += `${paint(c.bold(`  ${plural(n.rewritable, 'problem')} potentially fixable with \`--fix --fix-kind rewrite\`.`))}\n`;
  return out + '\n';
}
