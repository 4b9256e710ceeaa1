// Nodes found from the text: a name's occurrences first, then the tree at
// each of them. A lookup costs the places the name appears, not a walk of the
// whole tree — what keeps a keystroke in a 10,000-line file cheap (a whole-tree
// walk there is ~17 ms, and every node handed to JS makes the next tree edit
// slower).
import { callName, declaredIdentifier, functionName, normText } from './ast';
import type { SyntaxNode } from './parse';
import type { Unit } from './unit';
import { matchesFrom } from './word-index';

const WORD_CHAR = /\w/;

/** Offsets in `text` (optionally within [from, to)) where `word` stands as a whole identifier. */
export function occurrences(text: string, word: string, from = 0, to = text.length): number[] {
  const out: number[] = [];
  if (!word) return out;
  for (let i = text.indexOf(word, from); i >= 0 && i + word.length <= to; i = text.indexOf(word, i + word.length)) {
    if (i > 0 && WORD_CHAR.test(text[i - 1])) continue;
    if (WORD_CHAR.test(text[i + word.length] ?? '')) continue;
    out.push(i);
  }
  return out;
}

/** The last identifier of a name: `std::signal` → `signal`. */
function lastSegment(name: string): string {
  const m = /(\w+)\W*$/.exec(name);
  return m ? m[1] : '';
}

const regexCache = new Map<string, RegExp>();
function wordsRegex(words: Iterable<string>): RegExp | undefined {
  const list = [...new Set(words)].filter(Boolean).sort();
  if (!list.length) return undefined;
  const key = list.join('|');
  let re = regexCache.get(key);
  if (!re) {
    if (regexCache.size > 64) regexCache.clear();
    re = new RegExp(`\\b(?:${list.map((w) => w.replace(/[^\w]/g, '')).join('|')})\\b`, 'g');
    regexCache.set(key, re);
  }
  return re;
}

// What may stand between a called name and its call_expression: `::fork()`, `(fork)()`, `f<T>()`.
const CALLEE_WRAPPERS = new Set(['qualified_identifier', 'parenthesized_expression', 'template_function']);

/** The call whose callee is the identifier at `node`, if it is one. */
function callOfCallee(node: SyntaxNode): SyntaxNode | undefined {
  let n = node;
  for (let p = n.parent; p; n = p, p = p.parent) {
    if (CALLEE_WRAPPERS.has(p.type)) continue;
    if (p.type !== 'call_expression') return undefined;
    const fn = p.childForFieldName('function');
    return fn && fn.startIndex === n.startIndex && fn.endIndex === n.endIndex ? p : undefined;
  }
  return undefined;
}

/**
 * Every call of one of `names` (as callName() spells them) in the unit, in
 * source order; computed once per unit and set of names.
 */
export function callsNamed(unit: Unit, names: ReadonlySet<string>): SyntaxNode[] {
  const re = wordsRegex([...names].map(lastSegment));
  if (!re) return [];
  const memo = (unit.calls ??= new Map<string, SyntaxNode[]>());
  const hit = memo.get(re.source);
  if (hit) return hit.filter((c) => names.has(callName(c) ?? ''));
  const root = unit.tree.rootNode;
  const found: SyntaxNode[] = [];
  const seen = new Set<number>();
  // The pattern's words are whole words: the index holds exactly its matches.
  const hits = unit.words ? matchesFrom(unit.words, unit.text, re, [...names].map(lastSegment)) : unit.text.matchAll(re);
  for (const m of hits) {
    const at = m.index ?? 0;
    const node = root.descendantForIndex(at, at + m[0].length);
    if (node.startIndex !== at || node.endIndex !== at + m[0].length) continue; // in a comment, string or a longer token
    const call = callOfCallee(node);
    if (call && !seen.has(call.startIndex)) {
      seen.add(call.startIndex);
      found.push(call);
    }
  }
  found.sort((a, b) => a.startIndex - b.startIndex || b.endIndex - a.endIndex);
  memo.set(re.source, found);
  return found.filter((c) => names.has(callName(c) ?? ''));
}

// Between a function's name and its function_definition: declarators only.
const STOPS = new Set(['compound_statement', 'parameter_list', 'argument_list', 'call_expression', 'initializer_list', 'field_declaration_list']);

const DECLARATOR_WRAPPERS = new Set(['pointer_declarator', 'array_declarator', 'parenthesized_declarator', 'attributed_declarator', 'init_declarator']);
/** What a file-scope declaration may sit in: the file itself, its conditionals, `extern "C" {`, a namespace. */
const FILE_SCOPE = new Set(['translation_unit', 'preproc_if', 'preproc_ifdef', 'preproc_else', 'preproc_elif', 'preproc_elifdef', 'declaration_list', 'linkage_specification']);

/** The unit declares a variable `name` at file scope (`struct rec *r;`, `extern int n;`) -- not a prototype's parameter, a field or a local. */
export function declaresAtFileScope(unit: Unit, name: string): boolean {
  const root = unit.tree.rootNode;
  for (const at of occurrences(unit.text, name)) {
    const id = root.descendantForIndex(at, at + name.length);
    if (id.type !== 'identifier' || id.text !== name) continue;
    let n: SyntaxNode = id;
    while (n.parent && DECLARATOR_WRAPPERS.has(n.parent.type) && n.parent.childForFieldName('declarator')?.startIndex === n.startIndex) n = n.parent;
    const d = n.parent;
    if (d?.type === 'declaration' && d.childrenForFieldName('declarator').some((x) => x.startIndex === n.startIndex) && FILE_SCOPE.has(d.parent?.type ?? '')) return true;
  }
  return false;
}

/** The unit's own definition of the function `name` (the first in the text), or undefined. */
export function definitionIn(unit: Unit, name: string): SyntaxNode | undefined {
  const memo = unit.defs;
  const hit = memo.get(name);
  if (hit !== undefined) return hit ?? undefined;
  let found: SyntaxNode | null = null;
  const root = unit.tree.rootNode;
  const word = lastSegment(name);
  for (const at of occurrences(unit.text, word)) {
    // A definition's name is followed by its parameter list.
    if (!/^\s*\(/.test(unit.text.slice(at + word.length, at + word.length + 80))) continue;
    let n: SyntaxNode | null = root.descendantForIndex(at, at + word.length);
    let sawError = false;
    for (let depth = 0; n && depth < 10 && !STOPS.has(n.type); depth++, n = n.parent) {
      sawError ||= n.type === 'ERROR';
      if (n.type === 'function_definition') {
        // `static void * ATTRIBUTE_MALLOC\nxmalloc (size_t n) {`: the macro leaves an ERROR in the
        // declarator and takes the name's place; the name before the parameters is still this one.
        const d = n.childForFieldName('declarator');
        if (functionName(n) === name || (sawError && d && at >= d.startIndex && at < d.endIndex)) found = n;
        break;
      }
    }
    if (found) break;
  }
  memo.set(name, found);
  return found ?? undefined;
}

/**
 * Values given to the variable `name` in the unit (or within `scope`):
 * `T *name = value` (declarations) and `name = value` (assignments), in
 * source order.
 */
export function valuesAssigned(unit: Unit, name: string, scope?: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const root = unit.tree.rootNode;
  const word = lastSegment(name);
  for (const at of occurrences(unit.text, word, scope?.startIndex, scope?.endIndex)) {
    let n: SyntaxNode | null = root.descendantForIndex(at, at + word.length);
    for (let depth = 0; n && depth < 8; depth++) {
      const p: SyntaxNode | null = n.parent;
      if (!p) break;
      if (p.type === 'init_declarator' && p.childForFieldName('declarator')?.startIndex === n.startIndex) {
        const v = p.childForFieldName('value');
        if (v && declaredIdentifier(p) === name) out.push(v);
        break;
      }
      if (p.type === 'assignment_expression' && p.childForFieldName('left')?.startIndex === n.startIndex) {
        if (p.childForFieldName('operator')?.text === '=' && normText(n) === name) out.push(p.childForFieldName('right')!);
        break;
      }
      if (STOPS.has(p.type) || p.type === 'expression_statement' || p.type === 'declaration') break;
      n = p;
    }
  }
  return out;
}

/** Nodes whose text is exactly one of `words` (identifiers, field names), within `scope`, in source order. */
export function wordNodes(unit: Unit, words: Iterable<string>, scope: SyntaxNode = unit.tree.rootNode): SyntaxNode[] {
  const shared = wordsRegex(words);
  if (!shared) return [];
  const re = new RegExp(shared.source, 'g');
  const out: SyntaxNode[] = [];
  const root = unit.tree.rootNode;
  re.lastIndex = scope.startIndex;
  for (let m = re.exec(unit.text); m && m.index < scope.endIndex; m = re.exec(unit.text)) {
    const node = root.descendantForIndex(m.index, m.index + m[0].length);
    if (node.startIndex === m.index && node.endIndex === m.index + m[0].length) out.push(node);
  }
  return out;
}
