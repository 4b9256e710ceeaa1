// What every formatter receives: the findings to show and what happened to each file.
import type { Finding } from '../../rules/types';

export interface FileResult {
  /** As findings name it (relative to cwd, '/' separators). */
  path: string;
  status: 'linted' | 'skipped' | 'unreadable';
  /** Why it was skipped or unreadable. */
  reason?: string;
}

export interface Report {
  /** Sorted by file, line, column; already filtered by --quiet. */
  findings: Finding[];
  files: FileResult[];
  /** Working directory: SARIF URIs are relative to it. */
  cwd: string;
}

export interface Counts {
  errors: number;
  warnings: number;
  infos: number;
  /** Findings with a 'safe' fix (`--fix` applies it). */
  fixable: number;
  /** Findings whose only fixes are rewrites (`--fix --fix-kind rewrite`). */
  rewritable: number;
}

export function countFindings(findings: readonly Finding[]): Counts {
  const c: Counts = { errors: 0, warnings: 0, infos: 0, fixable: 0, rewritable: 0 };
  for (const f of findings) {
    if (f.severity === 'error') c.errors++;
    else if (f.severity === 'warning') c.warnings++;
    else c.infos++;
    if (f.fixes.some((x) => x.kind === 'safe')) c.fixable++;
    else if (f.fixes.some((x) => x.kind === 'rewrite')) c.rewritable++;
  }
  return c;
}

export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
