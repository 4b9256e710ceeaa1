// Preprocessor conditions as atoms, so that a child is walked in the
// configuration its spawn is compiled in.  The CFG takes either arm of every
// `#if`; on its own that joins arms no build compiles together: dropbear's
// `#if DROPBEAR_VFORK vfork() #else fork() #endif` and, in the child,
// `#if !DROPBEAR_VFORK arg_setup(); #endif` (fork builds only).
import type { SyntaxNode } from './parse';
import noForkSystems from './data/no-fork-systems.json';

/** Atom -> the value it has where the spawn is compiled. */
export type Config = ReadonlyMap<string, boolean>;

const CONDITIONALS = new Set(['preproc_if', 'preproc_ifdef', 'preproc_elif', 'preproc_elifdef']);

function balanced(s: string): boolean {
  let depth = 0;
  for (const c of s) {
    if (c === '(') depth++;
    else if (c === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

export interface Atom {
  key: string;
  /** The value of `key` that selects the conditional's own arm. */
  value: boolean;
}

/**
 * A directive's test as an atom: `#if !X` is (X, false), `#ifndef X` and
 * `#if !defined(X)` are (defined(X), false).  Compound tests are atoms as
 * written.  kind: if, ifdef, ifndef, elif, elifdef, elifndef.
 */
export function directiveAtom(kind: string, test: string): Atom | undefined {
  let s = test
    .replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '')
    .replace(/\bdefined\s*\(\s*(\w+)\s*\)|\bdefined\s+(\w+)/g, (_m, a, b) => `defined(${a ?? b})`)
    .replace(/\s+/g, '');
  if (kind !== 'if' && kind !== 'elif') return s ? { key: `defined(${s})`, value: !kind.endsWith('ndef') } : undefined;
  let value = true;
  for (;;) {
    if (s.startsWith('!')) {
      value = !value;
      s = s.slice(1);
    } else if (s.startsWith('(') && s.endsWith(')') && balanced(s.slice(1, -1))) s = s.slice(1, -1);
    else break;
  }
  return s ? { key: s, value } : undefined;
}

/** The atom of a parsed #if / #ifdef / #elif. */
export function atomOf(cond: SyntaxNode): Atom | undefined {
  const m = /^#\s*(\w+)/.exec(cond.text);
  const test = cond.childForFieldName(cond.type === 'preproc_ifdef' || cond.type === 'preproc_elifdef' ? 'name' : 'condition');
  return m && test ? directiveAtom(m[1], test.text) : undefined;
}

/** The arms `node` sits in: each enclosing conditional's atom, with the value its arm needs (the innermost wins). */
export function configOf(node: SyntaxNode): Config {
  const out = new Map<string, boolean>();
  let child = node;
  for (let p = node.parent; p; child = p, p = p.parent) {
    if (!CONDITIONALS.has(p.type) || child.id === p.childForFieldName('condition')?.id) continue;
    const a = atomOf(p);
    if (!a || out.has(a.key)) continue;
    const inAlternative = p.childForFieldName('alternative')?.id === child.id;
    out.set(a.key, inAlternative ? !a.value : a.value);
  }
  return out;
}

/** The arm of conditional `cond` that `config` compiles: 0 its own, 1 the rest; undefined when it does not say. */
export function armTaken(cond: SyntaxNode, config: Config): 0 | 1 | undefined {
  if (!config.size) return undefined;
  const a = atomOf(cond);
  const v = a && atomValue(a.key, config);
  return v === undefined ? undefined : v === a!.value ? 0 : 1;
}

/** `A || B`, `A && B` split at the top level (not inside parentheses). */
function splitTop(s: string, op: '||' | '&&'): string[] {
  const parts: string[] = [];
  let depth = 0;
  let at = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')') depth--;
    else if (depth === 0 && s.startsWith(op, i)) {
      parts.push(s.slice(at, i));
      at = i + op.length;
      i++;
    }
  }
  parts.push(s.slice(at));
  return parts;
}

/** An atom's value under `config`: given, or worked out from its parts (`defined(MSDOS)||defined(WINDOWSNT)`). */
export function atomValue(key: string, config: Config): boolean | undefined {
  const v = config.get(key);
  if (v !== undefined) return v;
  for (const op of ['||', '&&'] as const) {
    const parts = splitTop(key, op);
    if (parts.length < 2) continue;
    const vals = parts.map((p) => atomValue(p, config));
    if (vals.includes(op === '||')) return op === '||';
    return vals.every((x) => x === (op === '&&')) ? op === '&&' : undefined;
  }
  if (key.startsWith('!')) {
    const inner = atomValue(key.slice(1), config);
    return inner === undefined ? undefined : !inner;
  }
  if (key.startsWith('(') && key.endsWith(')') && balanced(key.slice(1, -1))) return atomValue(key.slice(1, -1), config);
  return undefined;
}

/** The macros only systems without fork() define. */
const NO_FORK_MACROS: readonly string[] = noForkSystems.macros.map((m) => m.name);
const NO_FORK_MENTION = new RegExp(`\\b(${NO_FORK_MACROS.join('|')})\\b`);

/** The text tests one of those macros somewhere (else no arm of it can be only theirs). */
export function mentionsNoFork(text: string, words?: { hasAny(w: readonly string[]): boolean }): boolean {
  return words ? words.hasAny(NO_FORK_MACROS) : NO_FORK_MENTION.test(text);
}

// Every build with fork() leaves these undefined (rules/data/no-fork-systems.json): `#ifdef WINDOWSNT` is never taken there.
const NO_FORK: Config = new Map(noForkSystems.macros.flatMap((m): [string, boolean][] => [[`defined(${m.name})`, false], [m.name, false]]));

/** An atom's value in every build that has fork(), when that decides it (`defined(WINDOWSNT)`: false). */
export function noForkValue(key: string): boolean | undefined {
  return atomValue(key, NO_FORK);
}

/** A spawn's configuration in a build that has fork(): the systems without it ruled out, unless the spawn's own arms say otherwise. */
export function withFork(own: Config): Config {
  return new Map([...NO_FORK, ...own]);
}
