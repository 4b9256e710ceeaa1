// Where each word (a maximal run of \w, as a regex \b sees it) stands in a
// text, kept in line-aligned chunks so an edit re-reads only the chunks it
// touches. The engine's token scans ("is there a fork, an exec, a main()
// here?", "every call of open") become lookups: in the editor a keystroke in
// a 10,000-line file then costs what the edited lines cost, not eight regex
// passes over 300 KB. Built for edited files only (the CLI reads each text
// once, and a regex pass is cheaper than building this).
import { ownCopy } from './own-string';
import type { TreeEdit } from './parse';

// Chunks end after a newline (a word never straddles two) once this long.
const CHUNK = 4096;
const WORD = /\w+/g;

interface Chunk {
  start: number;
  end: number;
  /** word -> offsets relative to start, ascending */
  words: Map<string, number[]>;
  /** the distinct words sorted, for prefix queries (made when first asked) */
  sorted?: string[];
  /** positionsOfAny's answers here, by query: a chunk an edit does not touch keeps them */
  answers?: Map<string, readonly number[]>;
}

const NONE: readonly number[] = [];

function chunksOf(text: string, from: number, to: number): Chunk[] {
  const out: Chunk[] = [];
  let start = from;
  while (start < to) {
    let end = Math.min(to, start + CHUNK);
    if (end < to) {
      const nl = text.indexOf('\n', end - 1);
      end = nl < 0 || nl >= to ? to : nl + 1;
    }
    const words = new Map<string, number[]>();
    // The words are cut from a copy of the chunk alone: cut from the text, a
    // chunk no edit touches would keep that version of the whole text alive.
    for (const m of ownCopy(text.slice(start, end)).matchAll(WORD)) {
      const list = words.get(m[0]);
      if (list) list.push(m.index!);
      else words.set(m[0], [m.index!]);
    }
    out.push({ start, end, words });
    start = end;
  }
  return out;
}

function lowerBound(a: readonly string[], key: string): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class WordIndex {
  private chunks: Chunk[];
  private length: number;

  constructor(text: string) {
    this.chunks = chunksOf(text, 0, text.length);
    this.length = text.length;
  }

  /**
   * The text became `text` by one edit: the chunks it touches are read again,
   * the ones after it move. (Several edits: build a new index.)
   */
  edit(text: string, e: Pick<TreeEdit, 'startIndex' | 'oldEndIndex' | 'newEndIndex'>): void {
    const delta = e.newEndIndex - e.oldEndIndex;
    if (text.length !== this.length + delta) throw new Error('WordIndex.edit: the text does not match the edit');
    const cs = this.chunks;
    // Every chunk holding a changed character or next to one (a word may grow into the edit).
    let i = 0;
    while (i < cs.length && cs[i].end < e.startIndex) i++;
    let j = i;
    while (j < cs.length && cs[j].start <= e.oldEndIndex) j++;
    const from = i < cs.length ? cs[i].start : this.length;
    const to = (j > i ? cs[j - 1].end : from) + delta;
    for (let k = j; k < cs.length; k++) {
      cs[k].start += delta;
      cs[k].end += delta;
    }
    cs.splice(i, j - i, ...chunksOf(text, from, Math.max(from, to)));
    this.length = text.length;
  }

  /** Offsets of `word` as a whole word, ascending. */
  positions(word: string): number[] {
    const out: number[] = [];
    for (const c of this.chunks) {
      const list = c.words.get(word);
      if (list) for (const r of list) out.push(c.start + r);
    }
    return out;
  }

  /** Every word and its offsets, ascending (what a check compares). */
  entries(): Map<string, number[]> {
    const out = new Map<string, number[]>();
    for (const c of this.chunks) for (const [w, list] of c.words) out.set(w, [...(out.get(w) ?? []), ...list.map((r) => c.start + r)]);
    return out;
  }

  /** Whether some word is one of `words` or starts with one of `prefixes`. */
  hasAny(words: readonly string[], prefixes: readonly string[] = []): boolean {
    for (const c of this.chunks) {
      for (const w of words) if (c.words.has(w)) return true;
      if (prefixes.length && this.prefixed(c, prefixes).length) return true;
    }
    return false;
  }

  /** Offsets of every word that is one of `words` or starts with one of `prefixes`, ascending. */
  positionsOfAny(words: readonly string[], prefixes: readonly string[] = []): number[] {
    const key = prefixes.length ? `${words.join(' ')}|${prefixes.join(' ')}` : words.join(' ');
    const out: number[] = [];
    for (const c of this.chunks) {
      const answers = (c.answers ??= new Map());
      let here = answers.get(key);
      if (!here) {
        here = this.inChunk(c, words, prefixes);
        answers.set(key, here);
      }
      for (const r of here) out.push(c.start + r);
    }
    return out;
  }

  /** The chunk's offsets (relative) of the query's words, ascending. */
  private inChunk(c: Chunk, words: readonly string[], prefixes: readonly string[]): readonly number[] {
    const lists: number[][] = [];
    for (const w of words) {
      const l = c.words.get(w);
      if (l) lists.push(l);
    }
    for (const w of this.prefixed(c, prefixes)) if (!words.includes(w)) lists.push(c.words.get(w)!);
    if (!lists.length) return NONE;
    // distinct words never share an offset
    return lists.length === 1 ? lists[0] : lists.flat().sort((a, b) => a - b);
  }

  private prefixed(c: Chunk, prefixes: readonly string[]): string[] {
    if (!prefixes.length) return [];
    const sorted = (c.sorted ??= [...c.words.keys()].sort());
    const out: string[] = [];
    for (const p of prefixes) for (let k = lowerBound(sorted, p); k < sorted.length && sorted[k].startsWith(p); k++) out.push(sorted[k]);
    return out;
  }
}

// Each scan's pattern as a sticky one (made once: scans run per keystroke). Its
// lastIndex is set before every exec, so scans in progress do not disturb each other.
const stickyOf = new WeakMap<RegExp, RegExp>();

/**
 * The matches of `re` in `text`, as text.matchAll(re) gives them, found from
 * the candidate words alone: every match of `re` must begin with one of
 * `words` (or a word starting with one of `prefixes`) as a whole word.
 */
export function* matchesFrom(index: WordIndex, text: string, re: RegExp, words: readonly string[], prefixes: readonly string[] = []): Generator<RegExpExecArray> {
  let sticky = stickyOf.get(re);
  if (!sticky) stickyOf.set(re, (sticky = new RegExp(re.source, re.flags.replace('g', '') + 'y')));
  let after = 0;
  for (const at of index.positionsOfAny(words, prefixes)) {
    if (at < after) continue;
    sticky.lastIndex = at;
    const m = sticky.exec(text);
    if (!m) continue;
    after = at + Math.max(1, m[0].length);
    yield m;
  }
}
