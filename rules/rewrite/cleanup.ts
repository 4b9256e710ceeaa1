// What the rewrite leaves behind: declarations only the removed child code
// used (they would now be unused variables, an error under -Wall -Werror),
// a clone() child function nothing calls any more, and the includes the new
// code needs.
import { declaredIdentifier, functionName } from '../ast';
import type { SyntaxNode } from '../parse';
import type { Unit } from '../unit';
import { Doc, Splice } from './text';

const WORD = /[A-Za-z_]\w*/g;

/** References to names, after the splices: identifiers outside the replaced ranges, plus words of the new texts. */
export class After {
  private words = new Map<string, number>();
  constructor(private readonly replaced: Splice[]) {
    for (const s of replaced) {
      const code = s.text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|"(?:[^"\\\n]|\\.)*"/g, ' ');
      for (const m of code.matchAll(WORD)) this.words.set(m[0], (this.words.get(m[0]) ?? 0) + 1);
    }
  }

  inReplaced(n: SyntaxNode): boolean {
    return this.replaced.some((s) => n.startIndex >= s.start && n.endIndex <= s.end);
  }

  /** Is `name` still read in `root` (or in the new text) apart from its own declarator `decl`? */
  referenced(name: string, root: SyntaxNode, except?: SyntaxNode): boolean {
    if (this.words.has(name)) return true;
    for (const id of root.descendantsOfType('identifier')) {
      if (id.text !== name || this.inReplaced(id)) continue;
      if (except && id.startIndex >= except.startIndex && id.endIndex <= except.endIndex) continue;
      return true;
    }
    return false;
  }
}

/** Names the replaced code mentioned. */
function mentioned(root: SyntaxNode, replaced: Splice[]): Set<string> {
  const out = new Set<string>();
  for (const id of root.descendantsOfType('identifier')) {
    if (replaced.some((s) => id.startIndex >= s.start && id.endIndex <= s.end)) out.add(id.text);
  }
  return out;
}

/** Deletes local (in fnDef) and file-static variables that only the replaced code used. */
export function unusedDeclarations(doc: Doc, unit: Unit, fnDef: SyntaxNode, replaced: Splice[]): Splice[] {
  const after = new After(replaced);
  const names = mentioned(unit.tree.rootNode, replaced);
  const out: Splice[] = [];
  const consider = (decl: SyntaxNode, scope: SyntaxNode) => {
    if (after.inReplaced(decl)) return;
    const ds = decl.childrenForFieldName('declarator');
    const dead = ds.filter((d) => {
      const name = declaredIdentifier(d);
      if (!name || !names.has(name) || d.type === 'function_declarator') return false;
      const v = d.type === 'init_declarator' ? d.childForFieldName('value') : null;
      if (v && (v.type === 'call_expression' || v.descendantsOfType('call_expression').length)) return false; // its initialiser does something
      return !after.referenced(name, scope, d);
    });
    if (!dead.length) return;
    if (dead.length === ds.length) {
      out.push(scope === fnDef ? doc.deletion(decl.startIndex, decl.endIndex) : doc.deletionWithBlank(decl.startIndex, decl.endIndex));
      return;
    }
    const kept = ds.filter((d) => !dead.includes(d)).map((d) => d.text);
    out.push({ start: ds[0].startIndex, end: ds[ds.length - 1].endIndex, text: kept.join(', ') });
  };
  const body = fnDef.childForFieldName('body');
  if (body) for (const d of body.descendantsOfType('declaration')) consider(d, fnDef);
  for (const d of unit.tree.rootNode.namedChildren) {
    if (d.type === 'declaration' && d.namedChildren.some((c) => c.type === 'storage_class_specifier' && c.text === 'static')) consider(d, unit.tree.rootNode);
  }
  return out;
}

/** The clone() child function and its prototypes, when it is static and nothing else refers to it. */
export function deadCloneChild(doc: Doc, unit: Unit, def: SyntaxNode, replaced: Splice[]): Splice[] {
  const name = functionName(def);
  if (!name || !def.namedChildren.some((c) => c.type === 'storage_class_specifier' && c.text === 'static')) return [];
  const protos = unit.tree.rootNode.namedChildren.filter((d) => d.type === 'declaration' && d.descendantsOfType('function_declarator').some((f) => f.childForFieldName('declarator')?.text === name));
  const after = new After(replaced);
  for (const id of unit.tree.rootNode.descendantsOfType('identifier')) {
    if (id.text !== name || after.inReplaced(id)) continue;
    if (id.startIndex >= def.startIndex && id.endIndex <= def.endIndex) continue;
    if (protos.some((p) => id.startIndex >= p.startIndex && id.endIndex <= p.endIndex)) continue;
    return [];
  }
  return [...protos, def].map((p) => doc.deletionWithBlank(p.startIndex, p.endIndex));
}

/** `#include "safespawn.h"` (and <errno.h>) after the file's last top-level include, once. */
export function includes(doc: Doc, unit: Unit, needErrno: boolean): Splice | undefined {
  const text = unit.text;
  const want: string[] = [];
  if (needErrno && !/^[ \t]*#[ \t]*include[ \t]*<(errno\.h|cerrno)>/m.test(text)) want.push('#include <errno.h>');
  if (!/^[ \t]*#[ \t]*include[ \t]*["<]([^">]*\/)?safespawn\.h[">]/m.test(text)) want.push('#include "safespawn.h"');
  if (!want.length) return undefined;
  const incs = unit.tree.rootNode.namedChildren.filter((n) => n.type === 'preproc_include');
  const last = incs[incs.length - 1];
  if (!last) {
    const head = /^\s*\/\*[\s\S]*?\*\/[ \t]*\n/.exec(text);
    const at = head ? head[0].length : 0;
    return { start: at, end: at, text: want.join('\n') + '\n' };
  }
  const nl = text.indexOf('\n', last.startIndex);
  if (nl < 0) return { start: text.length, end: text.length, text: '\n' + want.join('\n') };
  return { start: nl + 1, end: nl + 1, text: want.join('\n') + '\n' };
}
