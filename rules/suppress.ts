// Suppression comments: `// forklint-ignore-next-line RULE-ID` and a trailing
// `// forklint-ignore RULE-ID` (ids comma-separated; none = every rule).
import type { Finding } from './types';

const DIRECTIVE = /(?:\/\/|\/\*)\s*forklint-ignore(-next-line)?\b([^\n*]*)/g;

interface Suppression {
  /** undefined = every rule. */
  ids?: Set<string>;
}

function parseIds(rest: string): Set<string> | undefined {
  // Anything after `--` is a reason, as in ESLint.
  const cut = rest.indexOf('--');
  const list = (cut >= 0 ? rest.slice(0, cut) : rest).split(/[\s,]+/).filter((s) => /^[a-z][\w-]*$/i.test(s));
  return list.length ? new Set(list) : undefined;
}

/** Suppressions by the 0-based line they apply to. */
export function suppressions(text: string): Map<number, Suppression[]> {
  const out = new Map<number, Suppression[]>();
  if (!text.includes('forklint-ignore')) return out;
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    for (const m of line.matchAll(DIRECTIVE)) {
      const target = m[1] ? i + 1 : i;
      const list = out.get(target) ?? [];
      list.push({ ids: parseIds(m[2]) });
      out.set(target, list);
    }
  });
  return out;
}

export function isSuppressed(f: Finding, byLine: Map<number, Suppression[]>): boolean {
  const list = byLine.get(f.range.start.line);
  return !!list && list.some((s) => !s.ids || s.ids.has(f.ruleId));
}
