// Parsing C and C++ with tree-sitter, plus the repairs real code needs.
//
// Real spawn code is not clean C: preprocessor conditionals split statements
// and blocks, attribute-like macros precede declarations, statement-like
// macro calls lack their semicolon. Bare tree-sitter leaves ERROR nodes there
// (DESIGN.md, "Real code is not clean C"). When a parse has errors we build
// *variants* of the text, each keeping one arm of every conditional and
// blanking the rest (positions preserved: every removed character becomes a
// space), apply the repairs, and analyse each variant.
import Parser = require('tree-sitter');
import { installFastNodes } from './fast-nodes';
import { ownCopy } from './own-string';
import { type Atom, directiveAtom, mentionsNoFork, noForkValue } from './preproc';
import type { Unit } from './unit';
// The grammar packages ship no type declarations.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const C: unknown = require('tree-sitter-c');
// eslint-disable-next-line @typescript-eslint/no-var-requires
const Cpp: unknown = require('tree-sitter-cpp');

export type Lang = 'c' | 'cpp';
export type SyntaxNode = Parser.SyntaxNode;
export type Tree = Parser.Tree;
export type TreeEdit = Parser.Edit;

const C_EXT = new Set(['.c', '.h']);
const CPP_EXT = new Set(['.cc', '.cpp', '.cxx', '.c++', '.hh', '.hpp', '.hxx', '.h++', '.ipp']);
export const SOURCE_EXTENSIONS = [...C_EXT, ...CPP_EXT];

export function languageOf(path: string, languageId?: string): Lang | undefined {
  if (languageId === 'c') return 'c';
  if (languageId === 'cpp' || languageId === 'cuda-cpp' || languageId === 'objective-cpp') return 'cpp';
  const dot = path.lastIndexOf('.');
  const ext = dot < 0 ? '' : path.slice(dot).toLowerCase();
  if (C_EXT.has(ext)) return 'c';
  if (CPP_EXT.has(ext)) return 'cpp';
  return undefined;
}

const parsers = new Map<Lang, Parser>();
function parserFor(lang: Lang): Parser {
  let p = parsers.get(lang);
  if (!p) {
    p = new Parser();
    p.setLanguage((lang === 'c' ? C : Cpp) as Parser.Language);
    parsers.set(lang, p);
    installFastNodes(p.parse(LAYOUT_SAMPLE));
  }
  return p;
}

// What installFastNodes checks the binding's node layout on: UTF-16 text
// (positions count code units), a line with a wide character before code.
const LAYOUT_SAMPLE = 'int f(int a) {\n  const char *s = "é🙂"; if (a) return s[0];\n  return g(a, 2);\n}\n#define M(x) (x)\n';

// tree-sitter's JS binding reads a string in chunks; very long strings must
// be passed through a callback or it throws. The default chunk is 32 KiB.
export function parse(text: string, lang: Lang, oldTree?: Tree): Tree {
  const p = parserFor(lang);
  if (text.length < 32 * 1024) return p.parse(text, oldTree);
  const tree = p.parse((index: number) => text.slice(index, index + 16 * 1024), oldTree);
  // A node's text from the string, not by reading the callback again.
  tree.getText = (node: SyntaxNode) => text.substring(node.startIndex, node.endIndex);
  return tree;
}

/** The text with each [start, end) range (sorted, not overlapping) made spaces, newlines kept, so positions stay put. */
function blankRanges(text: string, ranges: [number, number][]): string {
  if (!ranges.length) return text;
  const parts: string[] = [];
  let at = 0;
  for (const [start, end] of ranges) {
    parts.push(text.slice(at, start), text.slice(start, end).replace(/[^\n\r]/g, ' '));
    at = end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

interface Line {
  start: number;
  end: number; // index of the '\n' (or text length)
  text: string;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    lines.push({ start, end, text: text.slice(start, end) });
    if (nl < 0) break;
    start = nl + 1;
  }
  return lines;
}

const DIRECTIVE = /^\s*#\s*(if|ifdef|ifndef|elif|elifdef|elifndef|else|endif)\b(.*)$/;
/** Matches wherever some line matches DIRECTIVE (and a little more): one pass before the line-by-line work. */
const ANY_CONDITIONAL = /^\s*#\s*(if|ifdef|ifndef|elif|elifdef|elifndef|else|endif)\b/m;
const SPAWN_CALL = /\b(v?fork|clone\d*|posix_spawnp?)\s*\(/;

/**
 * Variants of a text with conditional compilation resolved: variant k keeps,
 * of every #if group, arm min(k, arms-1) — so variant 0 is "every first arm"
 * and the last variant "every last arm". `#if 0` arms are always dropped.
 * A test that chooses between spawns -- of a group with an #else and a
 * spawn call in an arm -- is given one value per variant (variant 0: as
 * that group's first arm needs; the last: the other), and every group
 * testing it follows: `#if V vfork() #else fork() #endif` and
 * `#if !V setup(); #endif` are never kept together.
 * Directive lines are blanked. Returns [] when the text has no conditionals.
 */
/** The arm of a conditional group every build with fork() compiles (-1: none), when its tests say so. */
function armWithFork(g: { arms: number; tests: (Atom | undefined)[]; hasElse?: boolean }): number | undefined {
  for (let a = 0; a < g.arms; a++) {
    if (g.hasElse && a === g.arms - 1) return a;
    const t = g.tests[a];
    const v = t && noForkValue(t.key);
    if (v === undefined) return undefined;
    if (v === t!.value) return a;
  }
  return -1;
}

interface Group { arms: number; zeroArm: boolean[]; atom?: Atom; spawns?: boolean; /** Each arm's test (undefined for #else, or one not understood). */ tests: (Atom | undefined)[]; hasElse?: boolean }
interface Open { group: Group; arm: number }
interface Conditionals {
  lines: Line[];
  groups: Group[];
  /** For each line inside a conditional: every enclosing (group, arm). */
  owners: (Open[] | undefined)[];
  directiveLines: number[];
  maxArms: number;
}

/** The text's #if groups: their arms and tests, and which arms each line is in. */
function scanConditionals(text: string): Conditionals {
  const lines = splitLines(text);
  const directiveLines: number[] = [];
  const stack: Open[] = [];
  const owners: (Open[] | undefined)[] = new Array(lines.length);
  const groups: Group[] = [];
  let maxArms = 1;
  for (let i = 0; i < lines.length; i++) {
    const m = DIRECTIVE.exec(lines[i].text);
    if (!m) {
      if (stack.length) {
        owners[i] = stack.map((o) => ({ ...o }));
        if (SPAWN_CALL.test(lines[i].text)) for (const o of stack) o.group.spawns = true;
      }
      continue;
    }
    directiveLines.push(i);
    let j = i;
    // Continuation lines of a directive belong to it.
    while (lines[j].text.endsWith('\\') && j + 1 < lines.length) directiveLines.push(++j);
    const kind = m[1];
    if (kind === 'if' || kind === 'ifdef' || kind === 'ifndef') {
      const group: Group = { arms: 1, zeroArm: [kind === 'if' && /^\s*0\s*(\/[*/].*)?$/.test(m[2])], tests: [] };
      if (!m[2].endsWith('\\')) group.atom = directiveAtom(kind, m[2]);
      group.tests.push(group.atom);
      groups.push(group);
      stack.push({ group, arm: 0 });
    } else if (kind === 'endif') {
      stack.pop();
    } else if (stack.length) {
      const top = stack[stack.length - 1];
      top.arm = top.group.arms++;
      top.group.zeroArm.push(kind === 'elif' && /^\s*0\s*$/.test(m[2]));
      top.group.tests.push(kind === 'else' || m[2].endsWith('\\') ? undefined : directiveAtom(kind, m[2]));
      if (kind === 'else') top.group.hasElse = true;
      maxArms = Math.max(maxArms, top.group.arms);
    }
    i = j;
  }
  return { lines, groups, owners, directiveLines, maxArms };
}

/**
 * Per line of the text: whether only a system without fork() compiles it
 * (an `#ifdef WINDOWSNT` arm) -- for code the parse does not put under a
 * conditional node (a directive inside an expression); null when none is.
 */
export function noForkLines(text: string): Uint8Array | null {
  if (!ANY_CONDITIONAL.test(text)) return null;
  const { lines, owners } = scanConditionals(text);
  let out: Uint8Array | null = null;
  const fate = new Map<Group, number | undefined>();
  for (let i = 0; i < lines.length; i++) {
    for (const o of owners[i] ?? []) {
      if (!fate.has(o.group)) fate.set(o.group, armWithFork(o.group));
      const f = fate.get(o.group);
      if (f !== undefined && f !== o.arm) {
        (out ??= new Uint8Array(lines.length))[i] = 1;
        break;
      }
    }
  }
  return out;
}

/**
 * `node` is code only a system without fork() compiles: on a line of an arm
 * of `#ifdef WINDOWSNT`, found from the directives' text (so also where the
 * parse puts it under no conditional node).  The line table is kept with the unit.
 */
export function noForkOnly(unit: Unit, node: SyntaxNode): boolean {
  if (unit.noFork === undefined) unit.noFork = mentionsNoFork(unit.text, unit.words) ? noForkLines(unit.text) : null;
  return !!unit.noFork && unit.noFork[node.startPosition.row] === 1;
}

export function conditionalVariants(text: string, maxVariants = 2): string[] {
  if (!ANY_CONDITIONAL.test(text)) return [];
  const { lines, groups, owners, directiveLines, maxArms } = scanConditionals(text);
  if (!groups.length) return [];
  const count = Math.min(maxVariants, Math.max(2, maxArms));
  // The tests that choose between spawns: the value the first such group's first arm needs.
  const decided = new Map<string, boolean>();
  for (const g of groups) if (g.atom && g.arms > 1 && g.spawns && !decided.has(g.atom.key)) decided.set(g.atom.key, g.atom.value);
  const variants: string[] = [];
  for (let k = 0; k < count; k++) {
    const kept = new Map<Group, number>();
    for (const g of groups) {
      // Skip `#if 0` arms when another arm exists.
      const live = [...Array(g.arms).keys()].filter((a) => !g.zeroArm[a]);
      if (!live.length) { kept.set(g, -1); continue; }
      // Arms only a system without fork compiles (`#ifdef WINDOWSNT`) are in no variant.
      const fork = armWithFork(g);
      if (fork !== undefined) { kept.set(g, fork); continue; }
      const d = g.atom && decided.get(g.atom.key);
      if (d !== undefined && live[0] === 0) {
        const own = (k === count - 1 ? !d : d) === g.atom!.value;
        const rest = live.filter((a) => a > 0);
        kept.set(g, own ? 0 : rest.length ? (k === count - 1 ? rest[rest.length - 1] : rest[0]) : -1);
        continue;
      }
      kept.set(g, k === count - 1 ? live[live.length - 1] : live[Math.min(k, live.length - 1)]);
    }
    // Whole lines are blanked: directive lines, and lines of arms not kept (runs of them as one range).
    const isDirective = new Set(directiveLines);
    const ranges: [number, number][] = [];
    for (let li = 0; li < lines.length; li++) {
      const own = owners[li];
      if (!isDirective.has(li) && !(own && own.some((o) => kept.get(o.group) !== o.arm))) continue;
      const last = ranges[ranges.length - 1];
      if (last && last[1] + 1 === lines[li].start) last[1] = lines[li].end;
      else ranges.push([lines[li].start, lines[li].end]);
    }
    variants.push(blankRanges(text, ranges));
  }
  return [...new Set(variants)];
}

const ATTRIBUTE_MACRO_BEFORE_DECL =
  /^(\s*(?:(?:static|extern|inline|const|volatile|unsigned|signed|struct|enum|union)\s+)*)([A-Z][A-Z0-9_]{2,})(\s+)(?=(?:static|extern|inline|void|int|char|long|short|unsigned|signed|pid_t|bool|_Bool|size_t|ssize_t|struct|enum|const|[a-z_]\w*\s*\**\s*[a-zA-Z_]\w*\s*\())/;
const ATTRIBUTE_MACRO_AFTER_TYPE = /\b((?:void|int|char|long|short|unsigned|pid_t|bool|size_t|ssize_t|[a-z_]\w*_t)\s*\**\s+)([A-Z][A-Z0-9_]{2,})(\s+\**\s*[a-zA-Z_]\w*\s*\()/g;
const STATEMENT_MACRO_NO_SEMI = /^\s*[A-Z][A-Z0-9_]*\s*\(.*\)\s*$/;

/**
 * Repairs that keep every position: an unknown all-caps identifier before a
 * declarator is blanked (an attribute macro like NOINLINE or FAST_FUNC), and
 * a line that is only a statement-like macro call gets its missing ';'.
 */
/** What repairMacros finds on one line: attribute macros (offset in the line, name) and whether it is a bare macro call. */
interface LineRepairs {
  macros: [number, string][];
  statementMacro: boolean;
}

// By line text: a keystroke re-lints a file whose lines are all seen before but one.
const lineRepairs = new Map<string, LineRepairs>();
const NO_REPAIRS: LineRepairs = { macros: [], statementMacro: false };

function repairsOf(line: string): LineRepairs {
  // Every repair is of an upper-case identifier.
  if (!/[A-Z]/.test(line)) return NO_REPAIRS;
  let r = lineRepairs.get(line);
  if (r) return r;
  r = { macros: [], statementMacro: STATEMENT_MACRO_NO_SEMI.test(line) && balanced(line) };
  const m = ATTRIBUTE_MACRO_BEFORE_DECL.exec(line);
  if (m) r.macros.push([m[1].length, m[2]]);
  for (const a of line.matchAll(ATTRIBUTE_MACRO_AFTER_TYPE)) r.macros.push([(a.index ?? 0) + a[1].length, a[2]]);
  if (lineRepairs.size >= 100_000) lineRepairs.clear();
  lineRepairs.set(ownCopy(line), r); // not the slice: it would keep the whole text alive
  return r;
}

export function repairMacros(text: string, definedTypes: ReadonlySet<string>): string {
  const lines = splitLines(text);
  const blanks: [number, number][] = [];
  const appendAt: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const r = repairsOf(lines[i].text);
    for (const [off, name] of r.macros) {
      if (definedTypes.has(name)) continue;
      const at = lines[i].start + off;
      blanks.push([at, at + name.length]);
    }
    if (r.statementMacro) {
      const next = nextCodeLine(lines, i);
      // Only when the next line starts a statement (not an operator or '{'),
      // which is what a missing ';' looks like.
      if (next && /^\s*([A-Za-z_}]|$)/.test(next.text) && !/^\s*(else\b|\{)/.test(next.text)) appendAt.push(lines[i].end);
    }
  }
  // Ranges come line by line; within a line a blanked macro after a type may sit before or after the other.
  blanks.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const r of blanks) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  let out = blankRanges(text, merged);
  for (let k = appendAt.length - 1; k >= 0; k--) {
    const at = appendAt[k];
    // Replace trailing whitespace if any, else insert (end of line: no later position on this line moves).
    out = out.slice(0, at) + ';' + out.slice(at);
  }
  return out;
}

function balanced(line: string): boolean {
  let depth = 0;
  for (const ch of line) {
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    if (depth < 0) return false;
  }
  return depth === 0;
}

function nextCodeLine(lines: Line[], i: number): Line | undefined {
  for (let j = i + 1; j < lines.length; j++) if (lines[j].text.trim() !== '') return lines[j];
  return undefined;
}
