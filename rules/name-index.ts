// Which files define which functions and macros, and which functions are
// declared noreturn: found by one regular-expression pass per file, so a
// lookup from a child region parses only the files that can answer it.
// Kept per file, so a changed file (an editor keystroke) updates only its part.
import { codeOnly } from './comments';

// `name(params)` followed by `{` (after qualifiers): a definition; a call never is.
const BODY_OPEN = /\)\s*(?:const\s*|noexcept\s*|override\s*)*\{/g;
// Projects name their attribute macros for it so: ATTRIB_NORETURN (dropbear), ATTRIBUTE_NORETURN, G_GNUC_NORETURN (GLib), Py_NO_RETURN.
const NORETURN_MARK = /\b(?:noreturn|__noreturn__|_Noreturn|__dead|__dead2|[A-Z][A-Za-z_]*_NO_RETURN|NO_RETURN|[A-Z_]*NORETURN[A-Z0-9_]*)\b/g;
const CALLISH = /\b([A-Za-z_]\w*)\s*\(/g;
// Every NORETURN_MARK alternative holds one of these: a scan for them alone is cheaper than NORETURN_MARK's.
const MAY_MARK_NORETURN = /noreturn|NORETURN|Noreturn|__dead|NO_RETURN/;
/** Words that a `(` follows but that name no function (keywords, attributes). */
export const NOT_A_NAME = new Set(['if', 'while', 'for', 'switch', 'return', 'sizeof', 'catch', '__attribute__', 'defined', 'alignof', '_Alignof', 'decltype', 'noexcept', 'noreturn', '__noreturn__']);

/** [A-Za-z0-9_] */
function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

interface Names {
  defs: Set<string>;
  macros: Set<string>;
  noreturn: Set<string>;
}

/**
 * Definitions, found from their end: every `)` followed by `{` (a call never
 * is), walked back to its `(` and the name before it — far fewer places to
 * look at than every identifier followed by `(`.
 */
function definitions(text: string): Set<string> {
  const defs = new Set<string>();
  for (const m of text.matchAll(BODY_OPEN)) {
    let i = m.index ?? 0;
    let depth = 0;
    const stop = Math.max(0, i - 4000);
    for (; i >= stop; i--) {
      const c = text[i];
      if (c === ')') depth++;
      else if (c === '(' && --depth === 0) break;
    }
    if (depth !== 0) continue;
    let j = i - 1;
    while (j >= 0 && (text[j] === ' ' || text[j] === '\t' || text[j] === '\n' || text[j] === '\r')) j--;
    let k = j;
    while (k >= 0 && isWordChar(text.charCodeAt(k))) k--;
    const name = text.slice(k + 1, j + 1);
    if (/^[A-Za-z_]\w*$/.test(name) && !NOT_A_NAME.has(name)) defs.add(name);
  }
  return defs;
}

const blank = (c: string) => c === ' ' || c === '\t';

/**
 * The names of `^[ \t]*#[ \t]*define[ \t]+NAME(`: found from each
 * `define`, looked at around it (a regular expression anchored at every
 * line start costs several times as much).
 */
export function functionLikeMacros(text: string): Set<string> {
  const out = new Set<string>();
  for (let i = text.indexOf('define'); i >= 0; i = text.indexOf('define', i + 6)) {
    let j = i - 1;
    while (j >= 0 && blank(text[j])) j--;
    if (j < 0 || text[j] !== '#') continue;
    j--;
    while (j >= 0 && blank(text[j])) j--;
    if (j >= 0 && text[j] !== '\n' && text[j] !== '\r') continue;
    let k = i + 6;
    if (!blank(text[k])) continue;
    while (blank(text[k])) k++;
    const start = k;
    const c = text.charCodeAt(k);
    if (!isWordChar(c) || (c >= 48 && c <= 57)) continue;
    while (k < text.length && isWordChar(text.charCodeAt(k))) k++;
    if (text[k] === '(') out.add(text.slice(start, k));
  }
  return out;
}

function extract(text: string): Names {
  const defs = definitions(text);
  const macros = functionLikeMacros(text);
  const noreturn = new Set<string>();
  if (!MAY_MARK_NORETURN.test(text)) return { defs, macros, noreturn };
  // Declarations only: a comment (`/* void assert_perror (int errnum);`) or a macro's definition
  // (`# define assert_perror(errnum) …`) beside a marked declaration declares nothing.
  text = codeOnly(text);
  for (const m of text.matchAll(NORETURN_MARK)) {
    // The declaration around the marker: back to the previous ';', '}' or '{', on to the next ';' or '{'.
    const at = m.index ?? 0;
    let start = at;
    while (start > 0 && !';}{'.includes(text[start - 1]) && at - start < 400) start--;
    let end = at;
    while (end < text.length && !';{'.includes(text[end]) && end - at < 400) end++;
    for (const c of text.slice(start, end).matchAll(CALLISH)) if (!NOT_A_NAME.has(c[1]) && !/^[A-Z_]+$/.test(c[1])) noreturn.add(c[1]);
  }
  return { defs, macros, noreturn };
}

export class NameIndex {
  private texts = new Map<string, string>();
  private perFile = new Map<string, Names>();
  private byName?: { defs: Map<string, Set<string>>; macros: Map<string, Set<string>>; noreturn: Map<string, Set<string>> };

  setFile(path: string, text: string): void {
    this.removeFile(path);
    this.texts.set(path, text);
    if (this.byName) this.contribute(path);
  }

  removeFile(path: string): void {
    const old = this.perFile.get(path);
    if (old && this.byName) {
      for (const n of old.defs) this.byName.defs.get(n)?.delete(path);
      for (const n of old.macros) this.byName.macros.get(n)?.delete(path);
      for (const n of old.noreturn) this.byName.noreturn.get(n)?.delete(path);
    }
    this.perFile.delete(path);
    this.texts.delete(path);
  }

  /** Files that look like they define the function `name`. */
  definers(name: string): string[] {
    return [...(this.index().defs.get(name) ?? [])];
  }

  /** Files that define the function-like macro `name`. */
  macroDefiners(name: string): string[] {
    return [...(this.index().macros.get(name) ?? [])];
  }

  isNoreturn(name: string): boolean {
    return (this.index().noreturn.get(name)?.size ?? 0) > 0;
  }

  private index() {
    if (!this.byName) {
      this.byName = { defs: new Map(), macros: new Map(), noreturn: new Map() };
      for (const path of this.texts.keys()) this.contribute(path);
    }
    return this.byName;
  }

  private contribute(path: string): void {
    const names = extract(this.texts.get(path) ?? '');
    this.perFile.set(path, names);
    const add = (m: Map<string, Set<string>>, n: string) => {
      let s = m.get(n);
      if (!s) m.set(n, (s = new Set()));
      s.add(path);
    };
    for (const n of names.defs) add(this.byName!.defs, n);
    for (const n of names.macros) add(this.byName!.macros, n);
    for (const n of names.noreturn) add(this.byName!.noreturn, n);
  }
}
