// Choosing which fixes --fix applies. A fix is applied whole or not at all: one
// that overlaps a fix already chosen in this pass waits for the next pass (the
// caller re-lints and tries again), as ESLint does.
import type { Finding, Fix, Position, Range, TextEdit } from '../rules/types';

export type FixKindOption = 'safe' | 'rewrite';

/** The fix --fix-kind picks for a finding: rewrite prefers a rewrite fix and falls back to a safe one. */
export function fixFor(finding: Finding, kind: FixKindOption): Fix | undefined {
  const ordered = [...finding.fixes].sort((a, b) => Number(b.preferred) - Number(a.preferred));
  if (kind === 'rewrite') {
    const rewrite = ordered.find((f) => f.kind === 'rewrite');
    if (rewrite) return rewrite;
  }
  return ordered.find((f) => f.kind === 'safe');
}

function cmp(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

function overlaps(a: Range, b: Range): boolean {
  const aEmpty = cmp(a.start, a.end) === 0;
  const bEmpty = cmp(b.start, b.end) === 0;
  // Two insertions at one point: which goes first is ambiguous.
  if (aEmpty && bEmpty) return cmp(a.start, b.start) === 0;
  if (aEmpty) return cmp(b.start, a.start) < 0 && cmp(a.start, b.end) < 0;
  if (bEmpty) return cmp(a.start, b.start) < 0 && cmp(b.start, a.end) < 0;
  return cmp(a.start, b.end) < 0 && cmp(b.start, a.end) < 0;
}

const editKey = (e: TextEdit) => `${e.file}\0${e.range.start.line}:${e.range.start.character}-${e.range.end.line}:${e.range.end.character}\0${e.newText}`;

/**
 * The fixes to apply in one pass, in finding order, skipping fixes that touch a
 * file not in `writable` or overlap an earlier chosen fix. Returns the chosen
 * fixes' edits grouped by file.
 */
export function selectFixes(findings: readonly Finding[], kind: FixKindOption, writable: (file: string) => boolean): { edits: Map<string, TextEdit[]>; applied: number } {
  const edits = new Map<string, TextEdit[]>();
  const chosenKeys = new Set<string>();
  const chosenFixes = new Set<string>();
  let applied = 0;
  for (const finding of findings) {
    const fix = fixFor(finding, kind);
    if (!fix || fix.edits.length === 0) continue;
    const fixKey = fix.edits.map(editKey).sort().join('\n');
    if (chosenFixes.has(fixKey)) { applied++; continue; } // the same fix offered by two findings
    if (!fix.edits.every((e) => writable(e.file))) continue;
    const clash = fix.edits.some((e) => !chosenKeys.has(editKey(e)) && (edits.get(e.file) ?? []).some((c) => overlaps(c.range, e.range)));
    if (clash) continue;
    for (const e of fix.edits) {
      if (chosenKeys.has(editKey(e))) continue;
      chosenKeys.add(editKey(e));
      const list = edits.get(e.file) ?? [];
      list.push(e);
      edits.set(e.file, list);
    }
    chosenFixes.add(fixKey);
    applied++;
  }
  return { edits, applied };
}
