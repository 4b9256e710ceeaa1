// Hover on a flagged call: what the hazard is and why, with a link to the rule's page.
import { Hover, MarkupKind, Position } from 'vscode-languageserver';
import { ruleMarkdown } from '../rules/doc-markdown';
import { ruleDoc, ruleDocsUrl, type RuleDoc } from '../rules/index';
import type { Item } from './convert';
import type { RuleDocInfo } from './protocol';

function contains(r: Item['diagnostic']['range'], p: Position): boolean {
  const afterStart = p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character);
  const beforeEnd = p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character);
  return afterStart && beforeEnd;
}

export function hover(items: readonly Item[], at: Position): Hover | null {
  const here = items.filter((i) => contains(i.diagnostic.range, at));
  if (!here.length) return null;
  const parts = here.map((i) => {
    const id = String(i.diagnostic.code);
    const doc = ruleDoc(id);
    const lines = [`**forklint · ${id}** (${i.finding.severity})`, '', i.diagnostic.message];
    if (doc) lines.push('', `*${doc.summary}*`, '', doc.explanation, '', `[Documentation for ${id}](${ruleDocsUrl(id)})`);
    return lines.join('\n');
  });
  const r = here[0].diagnostic.range;
  return { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n---\n\n') }, range: r };
}

/** A rule's page as Markdown (the same text as rules/docs/<id>.md), for "explain rule". */
export function ruleDocMarkdown(d: RuleDoc): string {
  return ruleMarkdown(d, { fixNote: 'has a quick fix', footer: `[Online documentation](${ruleDocsUrl(d.id)})` });
}

export function ruleDocInfo(d: RuleDoc): RuleDocInfo {
  return { id: d.id, summary: d.summary, defaultSeverity: d.defaultSeverity, markdown: ruleDocMarkdown(d), url: ruleDocsUrl(d.id) };
}
