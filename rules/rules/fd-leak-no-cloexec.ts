// fd-leak-no-cloexec: in a program that runs other programs, a descriptor
// opened without close-on-exec leaks into every child it execs.
import { args, baseName, callName, declaredIdentifier, functionName, insideError, isStaticDecl, normText, rangeOf, unwrap } from '../ast';
import { type SyntaxNode, noForkOnly } from '../parse';
import type { FileScope, Rule } from '../rule';
import { sentence } from '../rule';
import type { Fix, TextEdit } from '../types';
import { callsNamed } from '../locate';
import type { Unit } from '../unit';

interface Opener {
  /** Index of the argument that must carry the flag, or undefined when the call itself must change. */
  flagArg?: number;
  flag: string;
  /** How to write it with close-on-exec. */
  fix: (call: SyntaxNode, a: SyntaxNode[]) => string | undefined;
  needsGnu?: boolean;
}

const withFlag = (i: number, flag: string) => (call: SyntaxNode, a: SyntaxNode[]) => a[i] ? replaceArg(call, a, i, `${a[i].text} | ${flag}`) : undefined;

const RUNS_PROGRAMS = new Set(['execl', 'execlp', 'execle', 'execv', 'execvp', 'execve', 'execvpe', 'fexecve', 'execveat', 'posix_spawn', 'posix_spawnp', 'system', 'popen', 'ss_spawn', 'ss_spawnp', 'ss_spawn_ex', 'ss_spawn_async']);

const OPENERS = new Map<string, Opener>([
  ['pipe', { flag: 'O_CLOEXEC', needsGnu: true, fix: (_c, a) => a[0] && `pipe2(${a[0].text}, O_CLOEXEC)` }],
  ['open', { flagArg: 1, flag: 'O_CLOEXEC', fix: withFlag(1, 'O_CLOEXEC') }],
  ['open64', { flagArg: 1, flag: 'O_CLOEXEC', fix: withFlag(1, 'O_CLOEXEC') }],
  ['openat', { flagArg: 2, flag: 'O_CLOEXEC', fix: withFlag(2, 'O_CLOEXEC') }],
  ['creat', { flag: 'O_CLOEXEC', fix: (_c, a) => a.length === 2 ? `open(${a[0].text}, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, ${a[1].text})` : undefined }],
  ['socket', { flagArg: 1, flag: 'SOCK_CLOEXEC', fix: withFlag(1, 'SOCK_CLOEXEC') }],
  ['socketpair', { flagArg: 1, flag: 'SOCK_CLOEXEC', fix: withFlag(1, 'SOCK_CLOEXEC') }],
  ['accept', { flag: 'SOCK_CLOEXEC', needsGnu: true, fix: (_c, a) => a.length === 3 ? `accept4(${a.map((x) => x.text).join(', ')}, SOCK_CLOEXEC)` : undefined }],
  ['dup', { flag: 'F_DUPFD_CLOEXEC', fix: (_c, a) => a[0] && `fcntl(${a[0].text}, F_DUPFD_CLOEXEC, 0)` }],
  ['fopen', { flagArg: 1, flag: '"e"', fix: (c, a) => a[1]?.type === 'string_literal' ? replaceArg(c, a, 1, a[1].text.replace(/"$/, 'e"')) : undefined }],
  ['epoll_create', { flag: 'EPOLL_CLOEXEC', fix: () => 'epoll_create1(EPOLL_CLOEXEC)' }],
  ['inotify_init', { flag: 'IN_CLOEXEC', fix: () => 'inotify_init1(IN_CLOEXEC)' }],
  ['eventfd', { flagArg: 1, flag: 'EFD_CLOEXEC', fix: withFlag(1, 'EFD_CLOEXEC') }],
  ['memfd_create', { flagArg: 1, flag: 'MFD_CLOEXEC', fix: withFlag(1, 'MFD_CLOEXEC') }],
  ['mkstemp', { flag: 'O_CLOEXEC', needsGnu: true, fix: (_c, a) => a[0] && `mkostemp(${a[0].text}, O_CLOEXEC)` }],
]);
const OPENER_NAMES: ReadonlySet<string> = new Set(OPENERS.keys());

function replaceArg(call: SyntaxNode, a: SyntaxNode[], i: number, text: string): string {
  const start = a[i].startIndex - call.startIndex;
  const end = a[i].endIndex - call.startIndex;
  return call.text.slice(0, start) + text + call.text.slice(end);
}

export const rule: Rule = {
  doc: {
    id: 'fd-leak-no-cloexec',
    defaultSeverity: 'warning',
    summary: 'in a program that execs children, a descriptor opened without close-on-exec',
    explanation: `Every descriptor without the close-on-exec flag is inherited by every program the process execs: a helper started later keeps the parent's listening socket, its lock file or the write end of a pipe — so the port stays busy after the parent exits, the lock is never released, and the reader of the pipe never sees end-of-file. In a threaded program a descriptor is exposed even if the parent marks it with \`fcntl(FD_CLOEXEC)\` right after opening: another thread may fork and exec in between. Open it with the flag instead (\`O_CLOEXEC\`, \`SOCK_CLOEXEC\`, \`pipe2\`, \`accept4\`, \`F_DUPFD_CLOEXEC\`, \`fopen(…, "re")\`); the descriptors a child should get are then passed on purpose with \`dup2\`, which clears the flag on the copy.

forklint checks the files that spawn or run programs (fork, exec, posix_spawn, system, popen, and safespawn's ss_spawn), where the descriptors and the children meet. It does not flag a descriptor opened by the child itself for redirection, one marked close-on-exec right after in the same function, one that (in a program without threads) the function closes before any call that may start a program — the program's own functions and macros called in between are followed to see that they start none —, nor one made for a child: a pipe or file whose descriptor the child spawned next in the same function redirects, closes or passes on, or that is handed to a spawn call there (posix_spawn's or safespawn's file actions). In a file that creates threads, those are flagged too: another thread's child may inherit them before they are closed.`,
    badExample: `#include <fcntl.h>
#include <unistd.h>

int main(void) {
    int log = open("/tmp/app.log", O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (fork() == 0) {
        execlp("date", "date", (char *)0);
        _exit(127);
    }
    close(log);
    return 0;
}`,
    goodExample: `#include <fcntl.h>
#include <unistd.h>

int main(void) {
    int log = open("/tmp/app.log", O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fork() == 0) {
        execlp("date", "date", (char *)0);
        _exit(127);
    }
    close(log);
    return 0;
}`,
    fixable: true,
  },
  checkFile(file: FileScope, ctx) {
    if (!ctx.execsChildren()) return;
    // Only the files that spawn or run programs: where the descriptors and the children meet.
    const spawns = file.childFdUse.length > 0 || file.units.some((u) => callsNamed(u, RUNS_PROGRAMS).length > 0);
    if (!spawns) return;
    const threaded = ctx.assumeThreaded || !!ctx.threadsIn(file.path);
    const seen = new Set<number>();
    for (const unit of file.units) {
      for (const call of callsNamed(unit, OPENER_NAMES)) {
        if (seen.has(call.startIndex)) continue;
        const name = callName(call);
        const op = name ? OPENERS.get(name) : undefined;
        if (!op || file.isChildCall(`${file.path}:${call.startIndex}`) || insideError(call)) continue;
        // `#ifdef MSDOS pipe(fds); #else pipe2(fds, O_CLOEXEC);`: that arm is no fork build's.
        if (noForkOnly(unit, call)) continue;
        const a = args(call);
        const fn = call.closest('function_definition');
        if (op.flagArg !== undefined) {
          const flags = a[op.flagArg];
          if (!flags || flags.text.includes(op.flag.replace(/"/g, '')) || (op.flag === '"e"' && (flags.type !== 'string_literal' || /e/.test(flags.text.replace(/^"|"$/g, ''))))) continue;
          if (fn && flagAddedBefore(fn, call, flags, op.flag)) continue;
        }
        const target = assignedTo(call);
        if (fn && target && marksCloexecLater(fn, call, target)) continue;
        // Opened, used and closed with no spawn in between: no child of this thread can get it.
        const mayStart = (n: string, c: SyntaxNode) => ctx.mayStartPrograms(n, unit, c);
        const ends = name === 'pipe' || name === 'socketpair' ? 2 : 1;
        if (!threaded && fn && target && closedBeforeAnySpawn(fn, call, target, ends, mayStart)) continue;
        // A static opener (emacsclient's open_config) whose every caller closes what it returns first.
        if (!threaded && fn && returnedToClosers(unit, fn, call, target, ends, mayStart)) continue;
        // Made for a child: its ends are redirected or closed by a child spawned after it in this function,
        // or it is handed to a spawn call here (posix_spawn_file_actions, a platform spawn API).
        // In a file that creates threads another thread's child may inherit even those.
        if (!threaded && fn && target && file.childFdUse.some((c) => c.fnStart === fn.startIndex && c.spawnAt > call.startIndex && c.used.has(target))) continue;
        if (fn && target && handedToSpawn(fn, call, target)) continue;
        if (fillsStandardFd(call)) continue;
        seen.add(call.startIndex);
        const fix = fixFor(unit, call, op, a);
        ctx.report({
          unit, node: call,
          message: sentence(`${name}() opens a descriptor without close-on-exec, and this program execs children: every program it starts inherits the descriptor (${op.flag}${threaded ? '; with threads, marking it later with fcntl races with another thread\'s fork' : ''})`),
          fixes: fix ? [fix] : [],
        });
      }
    }
  },
};

function fixFor(unit: Unit, call: SyntaxNode, op: Opener, a: SyntaxNode[]): Fix | undefined {
  const text = op.fix(call, a);
  if (!text) return undefined;
  const edits: TextEdit[] = [{ file: unit.file, range: rangeOf(call), newText: text }];
  if (op.needsGnu && !/^\s*#\s*define\s+_GNU_SOURCE\b/m.test(unit.text)) {
    edits.push({ file: unit.file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '#define _GNU_SOURCE\n' });
  }
  return { title: `Open with close-on-exec (${text.slice(0, text.indexOf('(') + 1)}…)`, kind: 'safe', preferred: true, edits };
}

// 0, 1, 2 and their names (procmail's STDOUT is 1 too).
const STD_FD = /^(0|1|2|STD(IN|OUT|ERR)(_FILENO)?)$/;

/** `v` in `for (…; v < 3; …)` (or `v <= 2`) around `at`: a loop over the standard descriptors. */
function standardFdLoopVar(v: SyntaxNode, at: SyntaxNode): boolean {
  if (v.type !== 'identifier') return false;
  for (let p = at.parent; p && p.type !== 'function_definition'; p = p.parent) {
    if (p.type !== 'for_statement') continue;
    const c = unwrap(p.childForFieldName('condition') ?? p);
    if (c.type !== 'binary_expression' || normText(unwrap(c.childForFieldName('left')!)) !== v.text) continue;
    const op = c.childForFieldName('operator')?.text;
    const bound = Number(c.childForFieldName('right')?.text);
    if ((op === '<' && bound <= 3) || (op === '<=' && bound <= 2)) return true;
  }
  return false;
}

/**
 * The descriptor is opened to be 0, 1 or 2, which exist to be inherited:
 * its value is compared with one (postfix's `(close(fd), open("/dev/null",
 * O_RDWR, 0)) != fd` over fd 0..2, procmail's `STDOUT != dup(p)`), or it is
 * dropped right after `close()` of one (rsync's `close(i); open("/dev/null",
 * O_RDWR);` for i 1..2): the lowest free descriptor is the one just closed.
 */
function fillsStandardFd(call: SyntaxNode): boolean {
  const standard = (n: SyntaxNode | null | undefined) => !!n && (STD_FD.test(normText(unwrap(n))) || standardFdLoopVar(unwrap(n), call));
  const closesStandard = (n: SyntaxNode | null | undefined) => {
    const c = n && unwrap(n);
    return !!c && c.type === 'call_expression' && callName(c) === 'close' && standard(args(c)[0]);
  };
  // Up through parentheses and the right side of commas: where the value goes.
  let n = call;
  let p = n.parent;
  let before: SyntaxNode | null = null; // the comma's left side, done just before
  while (p && (p.type === 'parenthesized_expression' || (p.type === 'comma_expression' && p.childForFieldName('right')?.startIndex === n.startIndex))) {
    if (p.type === 'comma_expression') before = p.childForFieldName('left');
    n = p;
    p = p.parent;
  }
  if (!p) return false;
  if (p.type === 'binary_expression' && ['==', '!='].includes(p.childForFieldName('operator')?.text ?? '')) {
    const other = p.childForFieldName('left')?.startIndex === n.startIndex ? p.childForFieldName('right') : p.childForFieldName('left');
    return standard(other);
  }
  if (p.type === 'expression_statement') {
    const prev = p.previousNamedSibling;
    return closesStandard(before) || (prev?.type === 'expression_statement' && closesStandard(prev.namedChild(0)));
  }
  return false;
}

/** The flags are a variable given the flag earlier in the function: `oflags |= O_CLOEXEC;` (emacs_openat). */
function flagAddedBefore(fn: SyntaxNode, call: SyntaxNode, flags: SyntaxNode, flag: string): boolean {
  const v = unwrap(flags);
  if (v.type !== 'identifier' || flag.startsWith('"')) return false;
  const before = fn.text.slice(0, call.startIndex - fn.startIndex);
  return new RegExp(`\\b${v.text}\\s*\\|?=[^;=][^;]*\\b${flag}\\b`).test(before);
}

/** The variable the call's result (or, for pipe, its array) goes to. */
function assignedTo(call: SyntaxNode): string | undefined {
  const name = callName(call);
  if (name === 'pipe' || name === 'socketpair') return baseName(args(call)[name === 'pipe' ? 0 : 3] ?? call);
  let n: SyntaxNode = call;
  for (let p = n.parent; p; n = p, p = p.parent) {
    if (p.type === 'parenthesized_expression' || p.type === 'cast_expression') continue;
    if (p.type === 'assignment_expression') return normText(unwrap(p.childForFieldName('left')!));
    if (p.type === 'init_declarator') return declaredIdentifier(p.childForFieldName('declarator'));
    if (p.type === 'binary_expression') continue; // (fd = open(...)) < 0
    return undefined;
  }
  return undefined;
}

/** `fcntl(fd, F_SETFD, FD_CLOEXEC)` (or `ioctl(fd, FIOCLEX)`) on the same variable later in the function. */
function marksCloexecLater(fn: SyntaxNode, call: SyntaxNode, target: string): boolean {
  const after = fn.text.slice(call.endIndex - fn.startIndex);
  const id = target.replace(/[^\w]/g, '');
  // FD_CLOEXEC is 1, and older code says so (`fcntl(fd, F_SETFD, 1)`).
  return new RegExp(`\\bfcntl\\s*\\(\\s*${id}\\b[^;]*F_SETFD[^;]*FD_CLOEXEC|\\bfcntl\\s*\\(\\s*${id}\\s*,\\s*F_SETFD\\s*,\\s*1\\s*\\)|\\bioctl\\s*\\(\\s*${id}\\b[^;]*FIOCLEX`).test(after);
}


const CLOSER = /^(close|fclose|\w+_close|close_\w+)$/;

// Statements sit in a block, or in an arm of a conditional in one (`#ifdef HAVE_LIBGEN_H` around a
// function's whole body): the open and its close in the same arm are in the same block.
const BLOCK = new Set(['compound_statement', 'preproc_if', 'preproc_ifdef', 'preproc_else', 'preproc_elif', 'preproc_elifdef']);

/** The variable `id` is copied to another in the function (`other = id;`, `f(x = id)`). */
function copiedIn(fn: SyntaxNode, id: string): boolean {
  return new RegExp(`[^=!<>]=\\s*${id}\\s*[;,)]`).test(fn.text);
}

/**
 * The descriptor stays in the function (never returned or copied) and is
 * closed `ends` times in the block that opened it, with no call that may
 * start a program before the last close: on every path, no child can get it.
 */
function closedBeforeAnySpawn(fn: SyntaxNode, call: SyntaxNode, target: string, ends: number, mayStart: (name: string, call: SyntaxNode) => boolean): boolean {
  const id = target.replace(/[^\w]/g, '');
  if (!id || new RegExp(`\\breturn\\s*\\(?\\s*${id}\\b`).test(fn.text) || copiedIn(fn, id)) return false;
  let stmt: SyntaxNode | null = call;
  while (stmt && stmt.parent && !BLOCK.has(stmt.parent.type)) stmt = stmt.parent;
  const block = stmt?.parent;
  if (!block) return false;
  let closes = 0;
  // A return on the way leaves it open (`if (write(fd, ...) < 0) return -1;`) — unless it is
  // the failed open's own way out (`if (fd < 0) return;`).
  const mentions = new RegExp(`\\b${id}\\b`);
  const failedOpen = (r: SyntaxNode) => {
    const check = r.parent?.type === 'if_statement' ? r.parent : r.parent?.parent?.type === 'if_statement' ? r.parent.parent : undefined;
    const c = check?.childForFieldName('condition');
    if (!c) return false;
    // `if ((fp = fopen(...)) == NULL) return ...;`, or `if (fd < 0) return ...;` after it.
    if (c.startIndex <= call.startIndex && call.endIndex <= c.endIndex) return true;
    return mentions.test(c.text) && !/[(,]/.test(c.text.replace(/^\(|\)$/g, ''));
  };
  // ...or one that closes it first (`(void)fclose(fp); return NULL;`).
  const closing = new RegExp(`\\b(close|fclose|\\w+_close|close_\\w+)\\s*\\(\\s*(\\(\\s*\\w+\\s*\\)\\s*)?${id}\\b`);
  const closedFirst = (r: SyntaxNode) => !!r.parent && closing.test(r.parent.text.slice(0, r.startIndex - r.parent.startIndex));
  const returns = fn.descendantsOfType('return_statement').filter((r) => r.startIndex > call.endIndex && !failedOpen(r) && !closedFirst(r)).map((r) => r.startIndex);
  for (const c of fn.descendantsOfType('call_expression')) {
    if (c.startIndex <= call.endIndex) continue;
    if (returns.some((r) => r < c.startIndex)) return false;
    const n = callName(c);
    if (n && CLOSER.test(n) && args(c).some((a) => baseName(a) === target)) {
      let st: SyntaxNode = c;
      while (st.parent && !BLOCK.has(st.parent.type)) st = st.parent;
      // `if (fp) { fprintf(fp, …); fclose(fp); }`, `if ((fp = fopen(…)) != NULL) { …; fclose(fp); }`:
      // closed wherever the open succeeded.
      const guard = st.parent?.parent;
      if (guard?.type === 'if_statement' && guard.parent?.id === block.id && guard.childForFieldName('consequence')?.id === st.parent!.id && opened(guard.childForFieldName('condition'), id, call)) st = guard;
      if (st.parent && enclosesWithoutLoop(st.parent, block) && ++closes >= ends) return true;
      continue;
    }
    // A call through a pointer, to an unknown function, or one that starts programs (itself or
    // through the program's own code) may spawn a child that gets it.
    if (!n || mayStart(n, c)) return false;
  }
  return false;
}

const LOOP = new Set(['for_statement', 'while_statement', 'do_statement', 'for_range_loop']);

/**
 * `outer` is `block` or a block around it with no loop between: a close
 * there, after the open, runs on every way on from the open (`else {
 * config = open_config(…); }` then `fclose(config);`); past a loop it would
 * close only the last of the loop's opens.
 */
function enclosesWithoutLoop(outer: SyntaxNode, block: SyntaxNode): boolean {
  for (let b: SyntaxNode | null = block; b; b = b.parent) {
    if (b.id === outer.id) return true;
    if (LOOP.has(b.type) || b.type === 'function_definition') return false;
  }
  return false;
}

/**
 * `fn` is a static function that returns what `call` opened (`return
 * fopen(…)`, or the variable `target` holding it, copied nowhere), calls
 * nothing that may start a program after the open, and every call of it in
 * the file closes the result before any spawn (closedBeforeAnySpawn, with
 * that call as the open).
 */
function returnedToClosers(unit: Unit, fn: SyntaxNode, call: SyntaxNode, target: string | undefined, ends: number, mayStart: (name: string, call: SyntaxNode) => boolean): boolean {
  const name = functionName(fn);
  if (!name || !isStaticDecl(fn)) return false;
  let up: SyntaxNode = call;
  while (up.parent && (up.parent.type === 'parenthesized_expression' || up.parent.type === 'cast_expression')) up = up.parent;
  const direct = up.parent?.type === 'return_statement';
  const id = target?.replace(/[^\w]/g, '');
  if (!direct && !(id && new RegExp(`\\breturn\\s*\\(?\\s*${id}\\s*\\)?\\s*;`).test(fn.text) && !copiedIn(fn, id))) return false;
  for (const c of fn.descendantsOfType('call_expression')) {
    if (c.startIndex <= call.endIndex) continue;
    const n = callName(c);
    if (!n || mayStart(n, c)) return false;
  }
  const callers = callsNamed(unit, new Set([name])).filter((c) => c.startIndex < fn.startIndex || c.startIndex >= fn.endIndex);
  return callers.length > 0 && callers.every((c) => {
    const cf = c.closest('function_definition');
    const t = assignedTo(c);
    return !!cf && !!t && closedBeforeAnySpawn(cf, c, t, ends, mayStart);
  });
}

/**
 * `(fp)`, `(fd >= 0)`, `(fp != NULL)`: the test that the open of `id`
 * succeeded -- or, with the open `call` inside it, `((fp = fopen(…)) != 0)`.
 */
function opened(cond: SyntaxNode | null, id: string, call: SyntaxNode): boolean {
  if (!cond) return false;
  // `login_shell && (wfd = open(…)) >= 0`: what comes before the open decides whether it runs at all, so
  // the branch runs wherever it succeeded. (A test after it, `fd >= 0 && fchdir(fd) < 0`, narrows the branch.)
  const c = unwrap(cond);
  if (c.type === 'binary_expression' && c.childForFieldName('operator')?.text === '&&') {
    const right = c.childForFieldName('right');
    return !!right && right.startIndex <= call.startIndex && call.endIndex <= right.endIndex && opened(right, id, call);
  }
  let t = normText(unwrap(cond)).replace(/\s+/g, '');
  if (cond.startIndex <= call.startIndex && call.endIndex <= cond.endIndex) {
    const open = normText(unwrap(call)).replace(/\s+/g, '');
    t = t.replace(`(${id}=${open})`, id).replace(`${id}=${open}`, id);
  }
  return t === id || new RegExp(`^(${id}(!=(NULL|0|-1|nullptr)|>=0|>-1)|(NULL|nullptr|-1)!=${id}|0<=${id})$`).test(t);
}

/** The descriptor is an argument of a later spawn-like call in the function (`posix_spawn_file_actions_adddup2(&fa, fd, 1)`, safespawn's `ss_actions_add_dup2`). */
function handedToSpawn(fn: SyntaxNode, call: SyntaxNode, target: string): boolean {
  return fn.descendantsOfType('call_expression').some((c) => c.startIndex > call.endIndex && /spawn|^ss_actions_add_/i.test(callName(c) ?? '') && args(c).some((x) => baseName(x) === target));
}
