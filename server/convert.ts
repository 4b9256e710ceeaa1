// Engine findings as LSP diagnostics, and engine edits as LSP workspace edits.
// The only place that knows both shapes.
import * as path from 'node:path';
import {
  CodeDescription,
  Diagnostic,
  DiagnosticRelatedInformation,
  DiagnosticSeverity,
  TextDocumentEdit,
  TextEdit as LspTextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver';
import { ruleDoc, ruleDocsUrl, type Finding, type Severity, type TextEdit } from '../rules/index';
import { NOT_ANALYSED_CODE } from './protocol';

export const SOURCE = 'forklint';

/** How the server names files: engine paths to URIs (open documents keep the editor's own URI). */
export interface UriResolver {
  uriOf(file: string): string;
  versionOf(uri: string): number | null;
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** A diagnostic and the finding it shows (code actions and hovers start from the finding). */
export interface Item {
  diagnostic: Diagnostic;
  finding: Finding;
}

function codeDescription(ruleId: string): CodeDescription | undefined {
  return ruleDoc(ruleId) ? { href: ruleDocsUrl(ruleId) } : undefined;
}

function where(file: string, line: number, from: string): string {
  const rel = path.relative(path.dirname(from), file);
  return `${rel && !rel.startsWith('..') ? rel : file}:${line + 1}`;
}

/**
 * The diagnostics of one document. A finding the document's child code
 * causes in another file (a helper it calls, defined elsewhere) is shown on
 * the deepest call in this document that leads to it, naming where the
 * offending line is, so the document being edited shows its own problem.
 */
export function toItems(docPath: string, findings: readonly Finding[], uris: UriResolver): Item[] {
  const out: Item[] = [];
  for (const f of findings) {
    const related: DiagnosticRelatedInformation[] = f.related.map((r) => ({
      location: { uri: uris.uriOf(r.file), range: r.range },
      message: r.message,
    }));
    let range = f.range;
    let message = f.message;
    if (f.file !== docPath) {
      const anchor = [...f.related].reverse().find((r) => r.file === docPath);
      if (!anchor) continue;
      range = anchor.range;
      message = `${where(f.file, f.range.start.line, docPath)}: ${f.message}`;
      related.unshift({ location: { uri: uris.uriOf(f.file), range: f.range }, message: 'the offending code' });
    }
    const diagnostic: Diagnostic = {
      range,
      severity: SEVERITY[f.severity],
      source: SOURCE,
      code: f.ruleId,
      message,
    };
    const cd = codeDescription(f.ruleId);
    if (cd) diagnostic.codeDescription = cd;
    if (related.length) diagnostic.relatedInformation = related;
    out.push({ diagnostic, finding: f });
  }
  return out;
}

/** The one note on a document that is not analysed (too big, binary). */
export function notAnalysed(message: string): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    source: SOURCE,
    code: NOT_ANALYSED_CODE,
    message,
  };
}

/** Engine edits (any files) as a workspace edit; versioned document edits when the client takes them, so a stale fix is refused rather than misapplied. */
export function toWorkspaceEdit(edits: readonly TextEdit[], uris: UriResolver, documentChanges: boolean): WorkspaceEdit {
  const byUri = new Map<string, LspTextEdit[]>();
  for (const e of edits) {
    const uri = uris.uriOf(e.file);
    const list = byUri.get(uri) ?? [];
    list.push({ range: e.range, newText: e.newText });
    byUri.set(uri, list);
  }
  if (documentChanges) {
    return { documentChanges: [...byUri].map(([uri, list]) => TextDocumentEdit.create({ uri, version: uris.versionOf(uri) }, list)) };
  }
  return { changes: Object.fromEntries(byUri) };
}
