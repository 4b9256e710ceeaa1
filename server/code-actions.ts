// Code actions for a document's findings: each fix the rule offers, "ignore
// this rule on this line", and the whole document's safe fixes at once.
import * as path from 'node:path';
import { CodeAction, CodeActionKind, Diagnostic, Range } from 'vscode-languageserver';
import { selectFixes } from '../cli/fix';
import { projectHasSafespawn } from '../cli/vendor';
import type { Fix, TextEdit } from '../rules/index';
import { toWorkspaceEdit, type Item, type UriResolver } from './convert';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.forklint`;

export interface ActionContext {
  docPath: string;
  items: readonly Item[];
  /** The text of a file as the engine has it (for the suppression comment). */
  textOf(file: string): string | undefined;
  uris: UriResolver;
  documentChanges: boolean;
  /** The rewrite-to-safespawn fixes of a finding, computed on demand. */
  rewritesFor?(finding: Item['finding']): Fix[];
  /** The workspace folders: where the rewrite looks for the project's safespawn.h. */
  roots?: readonly string[];
}

/** What the rewrite's title says in the editor when the project has no safespawn.h yet (the command is the extension's). */
export const NO_SAFESPAWN_NOTE = 'safespawn.h not found in this project: run "forklint: Add safespawn to this project"';

/**
 * The rewrite's title, noting when the code it writes would not build yet.
 * The rewrite is offered either way: the files can be added after.
 */
function rewriteTitle(fix: Fix, hasSafespawn: () => boolean): string {
  if (fix.kind !== 'rewrite' || hasSafespawn()) return fix.title;
  return `${fix.title.replace(/ \(needs safespawn\.h and safespawn\.c in the project\)$/, '')} (${NO_SAFESPAWN_NOTE})`;
}

/**
 * Whether the project of a document has a safespawn.h (as `forklint --fix`
 * judges it): its project is the innermost workspace folder holding it, or
 * else its own folder. A document not on disk (untitled) looks in the first
 * workspace folder.
 */
function safespawnIn(file: string, roots: readonly string[] = []): boolean {
  if (!path.isAbsolute(file)) return !!roots[0] && projectHasSafespawn(path.join(roots[0], 'untitled'), roots[0]);
  const within = roots.filter((r) => file.startsWith(r.endsWith(path.sep) ? r : r + path.sep)).sort((a, b) => b.length - a.length);
  return projectHasSafespawn(file, within[0] ?? path.dirname(file));
}

function wanted(kind: string, only: readonly string[] | undefined): boolean {
  return !only || only.some((o) => kind === o || kind.startsWith(o + '.'));
}

function intersects(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

function sameDiagnostic(a: Diagnostic, b: Diagnostic): boolean {
  return a.code === b.code && a.message === b.message && a.range.start.line === b.range.start.line && a.range.start.character === b.range.start.character;
}

/** The items a request is about: the diagnostics the client names, or else those touching the range. */
function itemsFor(ctx: ActionContext, range: Range, diagnostics: readonly Diagnostic[]): Item[] {
  const named = diagnostics.filter((d) => d.source === 'forklint');
  if (named.length) return ctx.items.filter((i) => named.some((d) => sameDiagnostic(d, i.diagnostic)));
  return ctx.items.filter((i) => intersects(i.diagnostic.range, range));
}

export function codeActions(ctx: ActionContext, range: Range, diagnostics: readonly Diagnostic[], only: readonly string[] | undefined): CodeAction[] {
  const out: CodeAction[] = [];
  let found: boolean | undefined;
  // Looked up once per request, and only when a rewrite is offered (it reads folders).
  const hasSafespawn = () => (found ??= safespawnIn(ctx.docPath, ctx.roots));
  if (wanted(CodeActionKind.QuickFix, only)) {
    for (const item of itemsFor(ctx, range, diagnostics)) {
      for (const fix of [...item.finding.fixes, ...(ctx.rewritesFor?.(item.finding) ?? [])]) {
        if (!fix.edits.length) continue;
        out.push({
          title: rewriteTitle(fix, hasSafespawn),
          kind: CodeActionKind.QuickFix,
          diagnostics: [item.diagnostic],
          isPreferred: fix.kind === 'safe' && fix.preferred,
          edit: toWorkspaceEdit(fix.edits, ctx.uris, ctx.documentChanges),
        });
      }
      const ignore = ignoreEdit(item, ctx);
      if (ignore) {
        out.push({
          title: `Ignore ${item.finding.ruleId} on this line`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [item.diagnostic],
          edit: toWorkspaceEdit([ignore], ctx.uris, ctx.documentChanges),
        });
      }
    }
  }
  if (wanted(FIX_ALL_KIND, only)) {
    const fixAll = fixAllAction(ctx);
    if (fixAll) out.push(fixAll);
  }
  return out;
}

export function fixAllAction(ctx: ActionContext): CodeAction | undefined {
  const own = ctx.items.filter((i) => i.finding.file === ctx.docPath).map((i) => i.finding);
  const { edits } = selectFixes(own, 'safe', (f) => f === ctx.docPath);
  const list = edits.get(ctx.docPath);
  if (!list?.length) return undefined;
  return {
    title: 'Fix all forklint problems that have a safe fix',
    kind: FIX_ALL_KIND,
    diagnostics: ctx.items.filter((i) => i.finding.fixes.some((f) => f.kind === 'safe')).map((i) => i.diagnostic),
    edit: toWorkspaceEdit(list, ctx.uris, ctx.documentChanges),
  };
}

const IGNORE_NEXT = /^(\s*)(\/\/|\/\*)\s*forklint-ignore-next-line\b([^\n]*)$/;

/**
 * The suppression comment for a finding, in the file the finding is in (a
 * comment elsewhere would not suppress it): a new `// forklint-ignore-next-line
 * ID` line above it, or the id added to such a comment already there. Inside
 * a macro's continued lines a line comment would swallow the next line, so
 * there it is a block comment ending in a backslash.
 */
export function ignoreEdit(item: Item, ctx: ActionContext): TextEdit | undefined {
  const f = item.finding;
  const text = ctx.textOf(f.file);
  if (text === undefined) return undefined;
  const lines = text.split('\n');
  const lineNo = f.range.start.line;
  const line = lines[lineNo];
  if (line === undefined) return undefined;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const prev = lineNo > 0 ? lines[lineNo - 1].replace(/\r$/, '') : undefined;
  const m = prev !== undefined ? IGNORE_NEXT.exec(prev) : null;
  if (m && prev !== undefined) {
    const restStart = prev.length - m[3].length;
    const rest = m[3];
    const cut = [rest.indexOf('--'), rest.indexOf('*/')].filter((i) => i >= 0).sort((a, b) => a - b)[0] ?? rest.length;
    const ids = rest.slice(0, cut);
    if (!ids.trim()) return undefined; // already suppresses every rule: nothing to add
    const at = restStart + ids.trimEnd().length;
    return { file: f.file, range: { start: { line: lineNo - 1, character: at }, end: { line: lineNo - 1, character: at } }, newText: `, ${f.ruleId}` };
  }
  const indent = /^[ \t]*/.exec(line)?.[0] ?? '';
  const inMacro = prev !== undefined && /\\$/.test(prev);
  const comment = inMacro ? `${indent}/* forklint-ignore-next-line ${f.ruleId} */ \\` : `${indent}// forklint-ignore-next-line ${f.ruleId}`;
  return { file: f.file, range: { start: { line: lineNo, character: 0 }, end: { line: lineNo, character: 0 } }, newText: comment + eol };
}
