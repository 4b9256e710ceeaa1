// A spawn site's findings, kept across lints while nothing they were computed
// from has changed — memoise, and check the inputs before reuse. The inputs of
// one spawn's findings are the text of the function that spawns (and of
// clone's child function) and of every function the child walk went into —
// functions without parse errors only, whose tree the text decides — the answers to each definition and noreturn lookup it made, the
// whole-program facts its rules asked for. (Which calls are spawns — wrappers,
// macros — is decided afresh on every lint; the key names the spawn.) A
// keystroke inside one function then walks only the spawns that depend on it.
//
// Positions are kept up to date through edits, the way tree-sitter moves its
// nodes: an edit that reaches into none of an entry's functions shifts it; an
// edit on a preprocessor line (which may change what every function means),
// or several edits at once, drops the file's entries.
import type { ThreadFact } from './program';
import type { HandlerFact } from './handlers';
import type { TreeEdit } from './parse';
import type { Finding, Position, Range } from './types';

/** A function an entry depends on, by where it is. */
export interface Anchor {
  file: string;
  startIndex: number;
  endIndex: number;
}

export interface Lookup {
  kind: 'definition' | 'noreturn' | 'static' | 'alias' | 'variable';
  name: string;
  /** The unit the walk looked from (definitions depend on it). */
  from?: string;
  /** definition: the unit key and text of what was found, and whether it sits in an ERROR (null: nothing); noreturn, static, variable: the answer; alias: the function named (null: none). */
  found: { unit: string; text: string; inError: boolean; anchor: number } | null | boolean | string;
}

/** A fact a rule asked for; `from` is the file whose program it was asked about. */
export type FactCall =
  | { kind: 'threads'; from?: string; value: ThreadFact | null }
  | { kind: 'threadsIn'; path: string; at?: number; value: ThreadFact | null }
  | { kind: 'hasMain'; value: boolean }
  | { kind: 'execsChildren'; from?: string; value: boolean }
  | { kind: 'handlers'; from?: string; value: HandlerFact[] }
  /** A rule read a file's whole text: the findings depend on all of it, so they are not kept. */
  | { kind: 'text'; path: string };

export interface MemoEntry {
  /** The spawn's file. */
  file: string;
  /** The spawn: kind, name, offset in its function, the function's text (and clone's child's). */
  key: string;
  /** [0] the spawning function, [1] clone's child function, then functions the walk went into. */
  anchors: Anchor[];
  lookups: Lookup[];
  facts: FactCall[];
  findings: Finding[];
  /** Calls the child makes before exec (for fd-leak's file rule). */
  childCalls: { file: string; index: number }[];
  fdUse: { spawnAt: number; fnStart: number; used: string[] };
  /** The spawning function is a spawn wrapper of this name. */
  wrapper?: string;
}

function before(p: Position, q: { row: number; column: number }): boolean {
  return p.line < q.row || (p.line === q.row && p.character < q.column);
}

/** A point after an edit (undefined: it was inside the replaced text). */
function movePoint(p: Position, e: TreeEdit): Position | undefined {
  if (before(p, e.startPosition)) return p;
  if (before(p, e.oldEndPosition)) return undefined;
  return p.line === e.oldEndPosition.row
    ? { line: e.newEndPosition.row, character: e.newEndPosition.column + p.character - e.oldEndPosition.column }
    : { line: p.line + e.newEndPosition.row - e.oldEndPosition.row, character: p.character };
}

function moveRange(r: Range, e: TreeEdit): Range | undefined {
  const start = movePoint(r.start, e);
  const end = start && movePoint(r.end, e);
  return end ? { start: start!, end } : undefined;
}

function moveIndex(i: number, e: TreeEdit): number | undefined {
  if (i < e.startIndex) return i;
  if (i < e.oldEndIndex) return undefined;
  return i + e.newEndIndex - e.oldEndIndex;
}

class Moved extends Error {}

/** The entry after an edit of `file` that touches none of its anchors (undefined: the edit reaches into it). */
function moveEntry(m: MemoEntry, file: string, e: TreeEdit): MemoEntry | undefined {
  const idx = (i: number) => {
    const n = moveIndex(i, e);
    if (n === undefined) throw new Moved();
    return n;
  };
  const range = (r: Range) => {
    const n = moveRange(r, e);
    if (!n) throw new Moved();
    return n;
  };
  const inFile = <T extends { file: string }>(x: T, f: (x: T) => T) => (x.file === file ? f(x) : x);
  // Messages quote where a fact is ("pthread_create at a.c:130"): a fact that moves takes its entry with it.
  const still = <T>(x: T, moved: (x: T) => boolean) => {
    if (moved(x)) throw new Moved();
    return x;
  };
  const at = (line: number) => ({ line, character: 0 });
  const thread = (t: ThreadFact | null) => still(t, (x) => !!x && x.file === file && range({ start: at(x.line), end: at(x.line) }).start.line !== x.line);
  const sameRange = (a: Range, b: Range) => a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
  try {
    for (const a of m.anchors) if (a.file === file && e.startIndex <= a.endIndex && e.oldEndIndex >= a.startIndex) return undefined;
    return {
      ...m,
      anchors: m.anchors.map((a) => inFile(a, (x) => ({ ...x, startIndex: idx(x.startIndex), endIndex: idx(x.endIndex) }))),
      findings: m.findings.map((f) => ({
        ...inFile(f, (x) => ({ ...x, range: range(x.range) })),
        related: f.related.map((r) => inFile(r, (x) => ({ ...x, range: range(x.range) }))),
        fixes: f.fixes.map((x) => ({ ...x, edits: x.edits.map((t) => inFile(t, (y) => ({ ...y, range: range(y.range) }))) })),
      })),
      childCalls: m.childCalls.map((c) => inFile(c, (x) => ({ ...x, index: idx(x.index) }))),
      fdUse: m.file === file ? { ...m.fdUse, spawnAt: idx(m.fdUse.spawnAt), fnStart: idx(m.fdUse.fnStart) } : m.fdUse,
      facts: m.facts.map((c): FactCall => {
        switch (c.kind) {
          case 'threads': return { ...c, value: thread(c.value) };
          case 'threadsIn': return { ...c, at: c.path === file && c.at !== undefined ? idx(c.at) : c.at, value: thread(c.value) };
          case 'handlers': return { ...c, value: c.value.map((h) => still(h, (x) => x.file === file && !sameRange(range(x.range), x.range))) };
          default: return c;
        }
      }),
    };
  } catch (err) {
    if (err instanceof Moved) return undefined;
    throw err;
  }
}

/** Whether an entry reads anything of `file` other than through its own spawn's file. */
function reads(m: MemoEntry, file: string): boolean {
  if (m.anchors.some((a) => a.file === file) || m.childCalls.some((c) => c.file === file)) return true;
  return m.facts.some((c) =>
    (c.kind === 'threads' || c.kind === 'threadsIn') ? c.value?.file === file || (c.kind === 'threadsIn' && c.path === file)
      : c.kind === 'handlers' ? c.value.some((h) => h.file === file) : false);
}

const DIRECTIVE_LINE = /^[ \t]*#/;

/** Whether any line the span [start, end) touches is a preprocessor line. */
function touchesDirective(text: string, start: number, end: number): boolean {
  let i = text.lastIndexOf('\n', start - 1) + 1;
  while (i <= end && i <= text.length) {
    const nl = text.indexOf('\n', i);
    const line = text.slice(i, nl < 0 ? text.length : nl);
    if (DIRECTIVE_LINE.test(line)) return true;
    if (nl < 0) break;
    i = nl + 1;
  }
  return false;
}

export class SpawnMemo {
  private byFile = new Map<string, MemoEntry[]>();

  entries(file: string): readonly MemoEntry[] {
    return this.byFile.get(file) ?? [];
  }

  add(m: MemoEntry): void {
    const list = this.byFile.get(m.file) ?? [];
    list.push(m);
    this.byFile.set(m.file, list);
  }

  /** Forgets one entry (its inputs changed). */
  remove(m: MemoEntry): void {
    const list = this.byFile.get(m.file);
    if (list) this.byFile.set(m.file, list.filter((x) => x !== m));
  }

  /** The file's text was replaced: its entries go, and every entry that read it. */
  replaced(file: string): void {
    this.byFile.delete(file);
    this.othersRead(file);
  }

  private othersRead(file: string): void {
    for (const [f, list] of this.byFile) if (f !== file) this.byFile.set(f, list.filter((m) => !reads(m, file)));
  }

  /**
   * The file was edited. A single edit on no preprocessor line moves the
   * entries it does not reach into; anything else drops the entries that
   * read the file. (What an entry read is checked again before reuse: the
   * texts of its functions, its lookups, its facts.)
   */
  edited(file: string, edits: TreeEdit[], oldText: string, newText: string): void {
    const one = edits.length === 1 ? edits[0] : undefined;
    const e = one && !touchesDirective(oldText, one.startIndex, one.oldEndIndex) && !touchesDirective(newText, one.startIndex, one.newEndIndex) ? one : undefined;
    for (const [f, list] of this.byFile) {
      const kept = list.map((m) => (f !== file && !reads(m, file) ? m : e ? moveEntry(m, file, e) : undefined));
      this.byFile.set(f, kept.filter((m): m is MemoEntry => !!m));
    }
  }
}
