// A small C/C++ source scanner for the Race Lab: where the spawn calls are and
// which function holds each one.  No native parser: this module is loaded in
// the extension host (CodeLens) and in the helper process, where a native
// tree-sitter built for Node would not load under Electron.

/** Comments, string and character literals and preprocessor lines blanked to spaces (newlines kept). */
export function maskSource(text: string): string {
  const out = text.split('');
  const n = text.length;
  let i = 0;
  let lineStart = true;
  const blank = (from: number, to: number) => {
    for (let k = from; k < to && k < n; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  while (i < n) {
    const c = text[i];
    if (c === '\n') {
      lineStart = true;
      i++;
      continue;
    }
    if (lineStart && (c === ' ' || c === '\t')) {
      i++;
      continue;
    }
    if (lineStart && c === '#') {
      // a directive runs to the end of the line, continuations included
      let j = i;
      while (j < n && text[j] !== '\n') {
        if (text[j] === '\\' && text[j + 1] === '\n') j += 2;
        else if (text[j] === '/' && text[j + 1] === '*') {
          const e = text.indexOf('*/', j + 2);
          j = e < 0 ? n : e + 2;
        } else j++;
      }
      blank(i, j);
      i = j;
      continue;
    }
    lineStart = false;
    if (c === '/' && text[i + 1] === '/') {
      let j = i;
      while (j < n && text[j] !== '\n') j += text[j] === '\\' && text[j + 1] === '\n' ? 2 : 1;
      blank(i, j);
      i = j;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const e = text.indexOf('*/', i + 2);
      const j = e < 0 ? n : e + 2;
      blank(i, j);
      i = j;
      continue;
    }
    if (c === 'R' && text[i + 1] === '"') {
      // C++ raw string R"delim( ... )delim"
      const open = text.indexOf('(', i + 2);
      if (open > 0 && open - i < 20) {
        const delim = text.slice(i + 2, open);
        const close = text.indexOf(`)${delim}"`, open);
        const j = close < 0 ? n : close + delim.length + 2;
        blank(i, j);
        i = j;
        continue;
      }
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < n && text[j] !== c && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      blank(i, j + 1);
      i = j + 1;
      continue;
    }
    i++;
  }
  return out.join('');
}

export interface FunctionInfo {
  /** the name as written at the definition (may be qualified: a::b) */
  name: string;
  /** the name to call it by from file scope (with enclosing namespaces) */
  callName: string;
  /** true inside a class/struct body: a method, which needs an object */
  member: boolean;
  /** declaration text before the name (return type and specifiers) */
  returnType: string;
  /** parameters as written, one string each ("" list: none) */
  params: string[];
  /** 0-based offsets: start of the header, the body's '{' and its '}' */
  start: number;
  bodyStart: number;
  end: number;
  /** 1-based lines */
  line: number;
  endLine: number;
}

// a declaration's header longer than this is not a function's (bounds the regexes below)
const MAX_HEADER = 2000;
const CONTROL = new Set(['if', 'while', 'for', 'switch', 'return', 'sizeof', 'catch', 'do', 'else']);

/** 1-based line of an offset, by binary search over the line starts. */
function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

/** Index of the '(' that matches the ')' at `close`, in masked text. */
function matchOpen(m: string, close: number): number {
  let depth = 0;
  for (let i = close; i >= 0; i--) {
    if (m[i] === ')') depth++;
    else if (m[i] === '(' && --depth === 0) return i;
  }
  return -1;
}

function splitTopLevel(s: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if ('([{<'.includes(ch)) depth++;
    else if (')]}>'.includes(ch)) depth--;
    if (ch === sep && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts;
}

/**
 * Every function definition in the file, with its name, parameters and
 * extent.  Namespaces and extern "C" blocks are looked into; functions in
 * class bodies are marked as members.
 */
export function findFunctions(text: string): FunctionInfo[] {
  const m = maskSource(text);
  const lineAt = lineIndex(text);
  const out: FunctionInfo[] = [];
  type Block = { kind: 'ns' | 'class' | 'fn' | 'other'; ns?: string };
  const stack: Block[] = [];
  let stmtStart = 0; // where the current declaration at this level began
  for (let i = 0; i < m.length; i++) {
    const c = m[i];
    if (c === ';') {
      if (!stack.some((b) => b.kind === 'fn' || b.kind === 'other')) stmtStart = i + 1;
      continue;
    }
    if (c === '}') {
      const b = stack.pop();
      if (b?.kind === 'fn') {
        const f = out[out.length - 1];
        if (f && f.end < 0) {
          f.end = i;
          f.endLine = lineAt(i);
        }
      }
      if (!stack.some((x) => x.kind === 'fn' || x.kind === 'other')) stmtStart = i + 1;
      continue;
    }
    if (c !== '{') continue;
    if (stack.some((b) => b.kind === 'fn' || b.kind === 'other')) {
      stack.push({ kind: 'other' });
      continue;
    }
    const h = m.slice(Math.max(stmtStart, i - MAX_HEADER), i).trim();
    const ns = /^(?:inline\s+)?namespace\b\s*([\w:]*)\s*$/.exec(h);
    if (ns || /^extern\s*"C(\+\+)?"\s*$/.test(text.slice(stmtStart, i).trim())) {
      stack.push({ kind: 'ns', ns: ns?.[1] || undefined });
      stmtStart = i + 1;
      continue;
    }
    if (/\b(class|struct|union)\b[^=()]*$/.test(h) && !/\)\s*$/.test(h)) {
      stack.push({ kind: 'class' });
      stmtStart = i + 1;
      continue;
    }
    const fn = functionHeader(text, m, stmtStart, i);
    if (fn) {
      const nsPath = stack.filter((b) => b.kind === 'ns' && b.ns).map((b) => b.ns);
      const member = stack.some((b) => b.kind === 'class') || fn.name.includes('::');
      out.push({
        ...fn,
        callName: [...nsPath, fn.name].join('::'),
        member,
        bodyStart: i,
        end: -1,
        line: lineAt(fn.start),
        endLine: -1,
      });
      stack.push({ kind: 'fn' });
    } else stack.push({ kind: 'other' });
  }
  return out.filter((f) => f.end >= 0);
}

const QUALIFIER_RE = /(\bconst|\bnoexcept(\s*\([^()]*\))?|\boverride|\bfinal|\bvolatile|&&?|\bthrow\s*\(\s*\)|__attribute__\s*\(\([^()]*(\([^()]*\)[^()]*)*\)\)|->\s*[\w:<>*&\s]+)$/;
const NAME_RE = /((?:[A-Za-z_]\w*\s*::\s*)*~?[A-Za-z_]\w*)$/;

function functionHeader(
  text: string,
  m: string,
  stmtStart: number,
  brace: number,
): Pick<FunctionInfo, 'name' | 'returnType' | 'params' | 'start'> | undefined {
  const from = Math.max(stmtStart, brace - MAX_HEADER);
  // trailing qualifiers after the parameter list; a C++ constructor's
  // initialiser list (": a(b)") is not supported
  let head = m.slice(from, brace).trimEnd();
  for (;;) {
    const tail = head.slice(-200);
    const q = QUALIFIER_RE.exec(tail);
    const cut = q ? head.length - tail.length + q.index : -1;
    if (!q || cut <= 0 || !head.slice(0, cut).trim()) break;
    head = head.slice(0, cut).trimEnd();
  }
  if (!head.endsWith(')')) return undefined;
  if (/[^=!<>]=(?!=)/.test(head.replace(/\([^()]*\)/g, '')) && !/\boperator\b/.test(head)) return undefined;
  const close = head.length - 1;
  const open = matchOpen(head, close);
  if (open <= 0) return undefined;
  const before = head.slice(0, open).trimEnd();
  const nm = NAME_RE.exec(before.slice(-300));
  if (!nm) return undefined;
  const nameAt = before.length - Math.min(300, before.length) + nm.index;
  const name = nm[1].replace(/\s+/g, '');
  if (CONTROL.has(name)) return undefined;
  const returnType = before.slice(0, nameAt).trim();
  // a K&R definition or a macro invocation has no type before the name
  if (!returnType && !name.includes('::')) return undefined;
  const lead = head.length - head.trimStart().length;
  const start = from + lead;
  const paramsText = text.slice(from + open + 1, from + close);
  const masked = m.slice(from + open + 1, from + close);
  const params = masked.trim() === '' ? [] : splitTopLevel(masked, ',').map((p, k, all) => {
    // take the original text of each parameter (masking blanked comments)
    const offset = all.slice(0, k).reduce((a, x) => a + x.length + 1, 0);
    return paramsText.slice(offset, offset + p.length).replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ' ').replace(/\s+/g, ' ').trim();
  });
  return { name, returnType: returnType.replace(/\s+/g, ' '), params, start };
}

/** The innermost function whose definition spans the 1-based line. */
export function functionAt(text: string, line: number, fns = findFunctions(text)): FunctionInfo | undefined {
  return fns.filter((f) => f.line <= line && line <= f.endLine).sort((a, b) => b.line - a.line)[0];
}

export interface SpawnSite {
  /** fork, vfork, clone, posix_spawn, ss_spawn, ... */
  call: string;
  /** 1-based line, 0-based column of the call's name */
  line: number;
  column: number;
  offset: number;
  /** the function it is in */
  fn: FunctionInfo;
}

export const SPAWN_CALLS = ['fork', 'vfork', 'clone', 'clone3', 'posix_spawn', 'posix_spawnp', 'ss_spawn', 'ss_spawnp', 'ss_spawn_async'];
const SPAWN_RE = new RegExp(`(?<![\\w.>:])(?:::)?(${SPAWN_CALLS.join('|')})\\s*\\(`, 'g');

/** Calls of the spawn primitives inside function bodies (declarations and comments are skipped). */
export function findSpawnSites(text: string): SpawnSite[] {
  const m = maskSource(text);
  const fns = findFunctions(text);
  const sites: SpawnSite[] = [];
  const lineAt = lineIndex(text);
  for (const hit of m.matchAll(SPAWN_RE)) {
    const offset = hit.index! + hit[0].indexOf(hit[1]);
    const fn = fns.find((f) => f.bodyStart < offset && offset < f.end);
    if (!fn) continue;
    const line = lineAt(offset);
    sites.push({ call: hit[1], line, column: offset - (text.lastIndexOf('\n', offset - 1) + 1), offset, fn });
  }
  return sites;
}
