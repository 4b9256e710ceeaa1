// The small, always-correct edits rules offer.
import { rangeOf } from './ast';
import type { SyntaxNode } from './parse';
import type { Fix, TextEdit } from './types';
import type { Unit } from './unit';

/** `exit(…)` → `_exit(…)` (also `std::exit`). */
export function exitToUnderscoreExit(unit: Unit, call: SyntaxNode): Fix | undefined {
  const fn = call.childForFieldName('function');
  if (!fn || !/^(std::)?exit$/.test(fn.text.replace(/\s+/g, ''))) return undefined;
  return {
    title: 'Replace exit() with _exit()',
    kind: 'safe',
    preferred: true,
    edits: [{ file: unit.file, range: rangeOf(fn), newText: '_exit' }, ...includeUnistd(unit)],
  };
}

/** `return X;` in main's child → `_exit(X);`. */
export function returnToUnderscoreExit(unit: Unit, ret: SyntaxNode): Fix | undefined {
  const value = ret.namedChildren.find((c) => c.type !== 'comment');
  return {
    title: 'Replace return with _exit()',
    kind: 'safe',
    preferred: true,
    edits: [{ file: unit.file, range: rangeOf(ret), newText: `_exit(${value ? value.text : '0'});` }, ...includeUnistd(unit)],
  };
}

/** Adds `_exit(127);` after the statement holding an exec call (in braces when that statement is an unbraced if/else body). */
export function exitAfterExec(unit: Unit, exec: SyntaxNode): Fix | undefined {
  let stmt: SyntaxNode | null = exec;
  while (stmt && stmt.type !== 'expression_statement') stmt = stmt.parent;
  if (!stmt || !stmt.parent) return undefined;
  const inBlock = stmt.parent.type === 'compound_statement' || stmt.parent.type === 'case_statement';
  const lineStart = unit.text.lastIndexOf('\n', stmt.startIndex - 1) + 1;
  const indent = /^[ \t]*/.exec(unit.text.slice(lineStart, stmt.startIndex))?.[0] ?? '';
  const onlyIndent = unit.text.slice(lineStart, stmt.startIndex).trim() === '';
  const r = rangeOf(stmt);
  const edits: TextEdit[] = inBlock
    ? [{ file: unit.file, range: { start: r.end, end: r.end }, newText: onlyIndent ? `\n${indent}_exit(127);` : ' _exit(127);' }]
    : [{ file: unit.file, range: r, newText: `{ ${stmt.text} _exit(127); }` }];
  return { title: 'Add _exit(127) after the exec', kind: 'safe', preferred: true, edits: [...edits, ...includeUnistd(unit)] };
}

/** `#include <unistd.h>` when the file does not include it (for _exit). */
function includeUnistd(unit: Unit): TextEdit[] {
  if (/^[ \t]*#[ \t]*include[ \t]*<unistd\.h>/m.test(unit.text)) return [];
  const includes = [...unit.text.matchAll(/^[ \t]*#[ \t]*include[^\n]*$/gm)];
  const last = includes[includes.length - 1];
  const at = last ? (last.index ?? 0) + last[0].length : 0;
  const line = unit.text.slice(0, at).split('\n').length - 1;
  const character = last ? last[0].length : 0;
  return [{ file: unit.file, range: { start: { line, character }, end: { line, character } }, newText: last ? '\n#include <unistd.h>' : '#include <unistd.h>\n' }];
}
