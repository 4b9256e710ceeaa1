// How a called name, as spelled in C/C++ source or inside glibc's own source,
// maps to the name of a knowledge-base entry.

/** Tidies the spelling only: whitespace, a leading `::`, C++ inline namespaces, operator and pragma forms. */
export function tidySpelling(raw: string): string {
  let s = raw.trim().replace(/\s+/g, ' ');
  const omp = /^#?\s*pragma omp (\w+)/.exec(s);
  // Every combined construct that starts with `parallel` (parallel for, parallel sections…) creates the team.
  if (omp) return `#pragma omp ${omp[1]}`;
  s = s.replace(/\s*::\s*/g, '::');
  if (s.startsWith('::')) s = s.slice(2);
  // libc++ (std::__1) and libstdc++ (std::__cxx11, std::_V2) inline namespaces are invisible to users.
  s = s.replace(/^std::(?:__1|__cxx11|_V2)::/, 'std::');
  const op = /^(?:(std)::)?operator ?(new|delete) ?(\[ ?\])?$/.exec(s);
  if (op) s = `operator ${op[2]}${op[3] ? '[]' : ''}`;
  return s;
}

/** The ways glibc's source spells a public function: `__close_nocancel`, `__libc_sigaction`, `__open64_nocancel`. */
export function internalAliasCandidates(name: string): string[] {
  const out = [name];
  let n = name;
  const prefixed = /^(?:__libc_|__)([A-Za-z].*)$/.exec(n);
  if (prefixed) out.push((n = prefixed[1]));
  if (n.length > '_nocancel'.length && n.endsWith('_nocancel')) out.push((n = n.slice(0, -'_nocancel'.length)));
  // The LFS `64` twins (open64, fcntl64, stat64). `f64` names are _Float64 functions (strtof64), not twins.
  if (n.length > 2 && n.endsWith('64') && !n.endsWith('f64')) out.push(n.slice(0, -2));
  return out;
}

export interface NameTable {
  /** Has any entry at all (curated files or libc-names.json). */
  has(name: string): boolean;
  /** Has an entry in a curated file (not only in libc-names.json). */
  curated(name: string): boolean;
  /** An explicit alias declared by an entry (`std::exit` → `exit`, `new` → `operator new`). */
  alias(name: string): string | undefined;
}

export function canonicalise(raw: string, t: NameTable): string {
  const s = tidySpelling(raw);
  const aliased = t.alias(s);
  if (aliased) return aliased;
  if (t.curated(s)) return s;
  let c = s;
  if (s.startsWith('std::')) {
    if (t.has(s)) return s;
    c = s.slice('std::'.length);
    const a = t.alias(c);
    if (a) return a;
  }
  const cands = internalAliasCandidates(c);
  if (t.curated(cands[0])) return cands[0];
  // The most reduced spelling the KB knows wins: `open64` is exported by glibc but is open().
  for (let i = cands.length - 1; i >= 0; i--) if (t.has(cands[i])) return cands[i];
  return s;
}
