// Offset-based text helpers for building the rewrite: the engine's TextEdits
// are line/character, but splicing and whole-line deletion are simpler in offsets.
import type { SyntaxNode } from '../parse';
import type { Position, TextEdit } from '../types';

export interface Splice {
  start: number;
  end: number;
  text: string;
}

export class Doc {
  private lineStarts: number[] = [0];
  constructor(readonly file: string, readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.lineStarts.push(i + 1);
  }

  position(offset: number): Position {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - this.lineStarts[lo] };
  }

  edit(s: Splice): TextEdit {
    return { file: this.file, range: { start: this.position(s.start), end: this.position(s.end) }, newText: s.text };
  }

  lineStart(offset: number): number {
    return this.text.lastIndexOf('\n', offset - 1) + 1;
  }

  /** The whitespace that begins the line holding `offset`. */
  indentAt(offset: number): string {
    const ls = this.lineStart(offset);
    return /^[ \t]*/.exec(this.text.slice(ls))![0];
  }

  /** Only whitespace between the line's start and `offset`. */
  startsLine(offset: number): boolean {
    return this.text.slice(this.lineStart(offset), offset).trim() === '';
  }

  /**
   * Deleting [start, end): whole lines when the range is alone on its lines
   * (no blank, indented line is left behind), else just the range.
   */
  /** A deletion of whole top-level lines that also takes one of the blank lines around them, so no double blank is left. */
  deletionWithBlank(start: number, end: number): Splice {
    const d = this.deletion(start, end);
    const whole = d.start === this.lineStart(start) && d.end > end && this.text[d.end - 1] === '\n';
    if (!whole) return d;
    const before = this.text.slice(this.lineStart(Math.max(0, d.start - 1)), d.start).trim() === '' && d.start > 0;
    const m = /^[ \t]*\n/.exec(this.text.slice(d.end));
    if (before && m) d.end += m[0].length;
    return d;
  }

  deletion(start: number, end: number): Splice {
    const ls = this.lineStart(start);
    let nl = this.text.indexOf('\n', end);
    if (nl < 0) nl = this.text.length;
    // A comment after the range on its last line goes with it (a fixture's annotation, a note on the removed code).
    const after = this.text.slice(end, nl).trim();
    if (this.text.slice(ls, start).trim() === '' && (after === '' || /^(\/\*((?!\*\/).)*\*\/|\/\/.*)$/.test(after))) {
      return { start: ls, end: Math.min(this.text.length, nl + 1), text: '' };
    }
    return { start, end, text: '' };
  }
}

/** `text` with the splices (non-overlapping, offsets relative to `base`) applied. */
export function spliceText(text: string, base: number, splices: Splice[]): string {
  let out = text;
  for (const s of [...splices].sort((a, b) => b.start - a.start || b.end - a.end)) {
    out = out.slice(0, s.start - base) + s.text + out.slice(s.end - base);
  }
  return out;
}

/** The indentation step the function uses (its first statement's indent beyond its own), or four spaces. */
export function indentStep(doc: Doc, fnDef: SyntaxNode): string {
  const body = fnDef.childForFieldName('body');
  const first = body?.namedChildren.find((c) => c.type !== 'comment');
  if (first) {
    const outer = doc.indentAt(fnDef.startIndex);
    const inner = doc.indentAt(first.startIndex);
    if (inner.startsWith(outer) && inner.length > outer.length) return inner.slice(outer.length);
  }
  return '    ';
}

/** Removes one indentation step from every line but the first. */
export function dedent(text: string, step: string): string {
  return text.split('\n').map((l, i) => (i > 0 && l.startsWith(step) ? l.slice(step.length) : l)).join('\n');
}

/** Text of `node` with some identifiers replaced (clone's `arg` by the argument passed to clone). */
export function render(node: SyntaxNode, subst: ReadonlyMap<string, string>, used?: Set<string>): string {
  const ids = identifiers(node);
  for (const id of ids) used?.add(id.text);
  const hits = ids.filter((id) => subst.has(id.text));
  if (!hits.length) return node.text;
  let out = '';
  let at = node.startIndex;
  const text = node.text;
  for (const id of hits) {
    out += text.slice(at - node.startIndex, id.startIndex - node.startIndex) + subst.get(id.text)!;
    at = id.endIndex;
  }
  return out + text.slice(at - node.startIndex);
}

/** Every identifier node below `node` (itself included), in source order. */
export function identifiers(node: SyntaxNode): SyntaxNode[] {
  if (node.type === 'identifier') return [node];
  return node.descendantsOfType('identifier');
}
