// A program: the files linted together, their whole-program facts, lazy
// parsing, and the lookups the child walker needs.
import { args, baseName, callName, functionName, isStaticDecl, parenthesizedCallee } from './ast';
import { type BindingLookups, type PointerBinds, bindsKey, boundCallee, pointerArgs } from './pointer-args';
import { ChildWalker, Region, RegionKind, Resolver, Spawn } from './child';
import { Cfg, buildCfg } from './cfg';
import * as kb from './kb';
import { Lang, SyntaxNode, Tree, TreeEdit, conditionalVariants, languageOf, noForkLines, noForkOnly, parse, repairMacros } from './parse';
import { stripComments } from './comments';
import { mentionsNoFork } from './preproc';
import libcData from './data/libc-data-objects.json';
import { HANDLER_TOKENS, HandlerFact, findHandlerInstalls, handlerCandidates } from './handlers';
import { insideError, rangeOf } from './ast';
import { declaresAtFileScope, definitionIn, occurrences } from './locate';
import { NOT_A_NAME, NameIndex } from './name-index';
import { WrapperInfo, findSpawns } from './spawn';
import { type Anchor, type Lookup, type MemoEntry, SpawnMemo } from './spawn-memo';
import { WordIndex, matchesFrom } from './word-index';
import type { EngineConfig, SourceFile } from './types';
import type { Unit } from './unit';

export interface FileEntry {
  path: string;
  text: string;
  lang: Lang;
  /** Could contain a spawn site (token pre-scan). */
  mayHaveSpawn: boolean;
  /** Could install a signal or atfork handler (token pre-scan). */
  mayHaveHandler: boolean;
  /** Could run another program (exec, posix_spawn). */
  mayExec: boolean;
  /** The previous text's tree, already edited: the next parse reuses it. */
  oldTree?: Tree;
  /** Where its words stand, for a file edited in place (the editor's): the token scans read it instead of the text. */
  words?: WordIndex;
  /** What is derived from this text alone, computed when first asked (a new text starts afresh). */
  memo: FileMemo;
}

interface FileMemo {
  /** The text with comments blanked. */
  code?: string;
  thread?: ThreadFact | null;
  main?: boolean;
  execs?: boolean;
  spawnMacros?: [string, RegionKind][];
  handlers?: HandlerRecord[];
  /** Up to four preprocessor configurations of the text. */
  configs?: string[];
  /** The .c files it #includes, as written. */
  cIncludes?: string[];
  /** The files it #includes with quotes, as written. */
  localIncludes?: string[];
}

/** A handler install in a file, kept without its tree: the candidates are checked against the program when asked. */
interface HandlerRecord extends Omit<HandlerFact, 'handler'> {
  names: string[];
  /** Candidates the file itself defines as functions. */
  local: Set<string>;
}

export interface ThreadFact {
  file: string;
  line: number;
  what: string;
}

const SPAWN_TOKENS = /\b(v?fork|_Fork|__fork|clone|__clone\w*|SYS_fork|SYS_vfork|SYS_clone|__NR_fork|__NR_vfork|__NR_clone)\b/;
// The words each token scan's matches begin with, for scans from a WordIndex
// (word-index.test.ts checks them against the patterns).
export const SPAWN_WORDS = ['fork', 'vfork', '_Fork', '__fork', 'clone', 'SYS_fork', 'SYS_vfork', 'SYS_clone', '__NR_fork', '__NR_vfork', '__NR_clone'];
export const SPAWN_PREFIXES = ['__clone'];
export const HANDLER_WORDS = ['signal', 'sigaction', 'sigset', 'bsd_signal', 'sysv_signal', 'pthread_atfork'];
export const EXEC_WORDS = ['execl', 'execlp', 'execle', 'execlpe', 'execv', 'execvp', 'execve', 'execvpe', 'fexecve', 'execveat', 'posix_spawn', 'posix_spawnp', 'ss_spawn', 'ss_spawnp', 'ss_spawn_ex', 'ss_spawn_async'];
/** Every THREAD_CALL match holds one of these words. */
export const THREAD_WORDS = ['pthread_create', 'thrd_create', 'g_thread_new', 'g_thread_try_new', 'uv_thread_create', 'std', 'boost', 'pragma'];
export const SPAWN_TOKENS_ALL = new RegExp(SPAWN_TOKENS.source, 'g');
export const HANDLER_TOKENS_ALL = new RegExp(HANDLER_TOKENS.source, 'g');
export const THREAD_CALL = /\b(pthread_create|thrd_create|g_thread_new|g_thread_try_new|uv_thread_create|std::thread|std::jthread|std::async|boost::thread)\b|^[ \t]*#[ \t]*pragma[ \t]+omp\b/m;
// `main(int argc, char **argv)` `#endif` `{`: directive lines may stand between the parameters and the body (dropbear's scp.c).
export const MAIN_DEF = /\bmain\s*\([^;{)]*\)\s*(?:#[^\n]*\n\s*)*\{/g;
const THREAD_CALLS = new RegExp(THREAD_CALL.source, 'gm');
const CREATES_BY_CALL = /^(pthread_create|thrd_create|g_thread_new|g_thread_try_new|uv_thread_create)$/;

/**
 * The first THREAD_CALL match in `code` (comments stripped) that creates a
 * thread: a function named for it must be called -- not declared, defined
 * or aliased (`extern int pthread_create (…);`, glibc's own
 * `weak_alias (__pthread_create, pthread_create)`).
 */
function firstThreadCall(code: string): RegExpMatchArray | undefined {
  for (const m of code.matchAll(THREAD_CALLS)) {
    const name = m[1];
    if (!name || !CREATES_BY_CALL.test(name)) return m;
    const at = m.index ?? 0;
    if (!/^\s*\(/.test(code.slice(at + name.length, at + name.length + 40))) continue;
    // `int pthread_create (` / `GThread *g_thread_new (`: a type and the name, nothing else, before it.
    const before = code.slice(code.lastIndexOf('\n', at - 1) + 1, at);
    if (/(^|[;{}])\s*(?:[A-Za-z_]\w*[\s*]+)+$/.test(before) && !/\b(return|else|do|case)\s*$/.test(before)) continue;
    return m;
  }
  return undefined;
}
/** Cheap substrings every THREAD_CALL match contains. */
// Every THREAD_CALL alternative holds one of these: a scan for them alone is cheaper than THREAD_CALL's.
const MAY_THREAD = /thread|thrd_create|std::async|pragma/;
const mayThread = (text: string) => MAY_THREAD.test(text);
const RAW_SYSCALL = /^_*(INLINE|INTERNAL)_SYSCALL\w*$|^__syscall(_cp)?\d*$|^__SYSCALL_CONCAT\w*$/;
// safespawn's ss_spawn* (what forklint's rewrite puts in) run programs too.
const EXEC_CALL = /\b(exec[lv]p?e?|execvpe|fexecve|execveat|posix_spawnp?|ss_spawn(?:p|_ex|_async)?)\s*\(/;
export const EXEC_CALLS = new RegExp(EXEC_CALL.source, 'g');

/** Whether offset `i` is inside a comment, judged from its surroundings (a string holding comment marks can fool it). */
function inComment(text: string, i: number): boolean {
  if (text.lastIndexOf('/*', i) > text.lastIndexOf('*/', i)) return true;
  const line = text.lastIndexOf('\n', i) + 1;
  const slashes = text.indexOf('//', line);
  return slashes >= 0 && slashes < i;
}

/** text.matchAll(re) for a token scan: from the file's word index when it has one (see SPAWN_WORDS). */
function scan(f: Pick<FileEntry, 'text' | 'words'>, re: RegExp, words: readonly string[], prefixes?: readonly string[]): Iterable<RegExpMatchArray> {
  return f.words ? matchesFrom(f.words, f.text, re, words, prefixes) : f.text.matchAll(re);
}

function any(matches: Iterable<RegExpMatchArray>, test: (m: RegExpMatchArray) => boolean = () => true): boolean {
  for (const m of matches) if (test(m)) return true;
  return false;
}


interface Parsed {
  units: Unit[];
  /** The parse of the file's own text, kept for incremental reparsing. */
  base: Tree;
  /** Characters of text behind the units (what the cache is bounded by). */
  bytes: number;
}

/** Receives each file's regions (or memoised findings) as they are walked. */
export type Visit = (path: string, regions: (Region | MemoEntry)[], wholeFile: boolean) => void;

// Parsed files kept, by the size of their text: a tree costs about twice its
// text, so 48 MB of source keeps every file a large program's spawn code
// touches (all of glibc's 440) parsed once, while huge trees stay bounded.
const CACHE_BYTES = 48 * 1024 * 1024;
const INCLUDE_LOCAL = /^[ \t]*#[ \t]*include[ \t]*"([^"\n]+)"/gm;
// Data objects the C library's headers declare, which no linted file does.
const LIBC_DATA = new Set(libcData.objects.map((o) => o.name));
const INCLUDE_C = /^[ \t]*#[ \t]*include[ \t]*[<"]([^>"\n]+\.c)[>"]/gm;
/**
 * Names of calls that start (or may start) another program: fork, exec,
 * spawn, popen or clone as a word of the name (`execvp`, `do_exec`,
 * `g_spawn_sync`, `xfork`, `RunExec`), not inside one (`regexec`,
 * `vim_regexec` match regular expressions).
 */
// The C library's and BSD's typedef names (`size_t`, `u_int`): casts to them parse as calls.
const SYSTEM_TYPE = /^(u_(char|short|int|long|quad_t)|\w+_t)$/;
const STARTS_PROGRAMS = /(^|_)(v?fork|f?exec|spawn|popen|clone)|^[a-z]*fork|^system$|^daemon$|[a-z0-9](Exec|Spawn|Fork|Popen)|^(Exec|Spawn|Fork|Popen|Clone)/;

export class ProgramBase implements Resolver {
  readonly files = new Map<string, FileEntry>();
  readonly maxDepth: number;
  private parsed = new Map<string, Parsed>();
  private parsedBytes = 0;
  private cfgs = new Map<string, Cfg>();
  private wrappers = new Map<string, RegionKind>();
  /** Where each wrapper is defined (absent: handed in by addWrappers). */
  private wrapperFiles = new Map<string, string>();
  private spawnMacroCache?: Map<string, RegionKind>;
  private names = new NameIndex();
  private macros = new Map<string, { unit: Unit; def: SyntaxNode } | null>();
  /** Whole-program facts, by the file whose program is meant ('' for every file). */
  private threadFact = new Map<string, ThreadFact | null>();
  private mainFact?: boolean;
  private mainFolders = new Map<string, boolean>();
  /** The files by their name without folder (for includes given by path). */
  private baseNames?: Map<string, FileEntry[]>;
  /** The files by their folder. */
  private folders?: Map<string, FileEntry[]>;
  private handlerFact = new Map<string, HandlerFact[]>();
  private execFact = new Map<string, boolean>();
  /** The files each whole-program fact can come from, in the files' order: one pass over the files, however many programs ask. */
  private factFiles?: { threads: FileEntry[]; handlers: FileEntry[]; execs: FileEntry[] };
  /** mayStartPrograms by definition (`unit.key@start`). */
  private startsPrograms = new Map<string, boolean>();
  /** Object-like macros naming a function, by `name|file` (null: not one). */
  private aliases = new Map<string, string | null>();
  /** Names typedef'd where a file sees them, by `name|file`. */
  private typedefs = new Map<string, boolean>();
  /** Variables (or object-like macros) a file sees at file scope, by `name|file`. */
  private fileScopeNames = new Map<string, boolean>();
  /** Each file with the files it includes (withIncludes). */
  private includeClosures = new Map<string, FileEntry[]>();
  /** What the program has parsed: the files (their own text), preprocessor variants, macros parsed as functions. */
  readonly parseStats = { files: new Set<string>(), variants: 0, macros: 0 };
  /** Spawn sites the walker failed on, drained by the linter. */
  readonly internalErrors: { path: string; message: string }[] = [];

  constructor(readonly config: EngineConfig = {}) {
    this.maxDepth = config.maxCallDepth ?? 8;
  }

  /** `editable`: the file is open in an editor, so edits will come: its word index is built now, not on the first keystroke. */
  addFile(file: SourceFile, editable = false): void {
    this.setText(file, editable ? new WordIndex(file.text) : undefined);
    this.spawnMemo.replaced(file.path);
  }

  private setText(file: SourceFile, words?: WordIndex): void {
    const lang = languageOf(file.path, file.languageId) ?? 'c';
    const t = { text: file.text, words };
    const mayHaveSpawn = words ? words.hasAny(SPAWN_WORDS, SPAWN_PREFIXES) : SPAWN_TOKENS.test(file.text);
    const mayHaveHandler = any(scan(t, HANDLER_TOKENS_ALL, HANDLER_WORDS));
    const mayExec = any(scan(t, EXEC_CALLS, EXEC_WORDS));
    this.files.set(file.path, { path: file.path, text: file.text, lang, mayHaveSpawn, mayHaveHandler, mayExec, words, memo: {} });
    this.names.setFile(file.path, file.text);
    this.invalidate(file.path);
  }

  /**
   * A new text for a file, with the edits that made it from the old one
   * (as an editor reports them): the old tree is edited and the next parse
   * reuses it, so a keystroke in a big file reparses only what changed.
   */
  editFile(file: SourceFile, edits: TreeEdit[]): void {
    // Edits since the last parse pile onto the tree already waiting for it.
    const prev = this.parsed.get(file.path)?.base ?? this.files.get(file.path)?.oldTree;
    const old = this.files.get(file.path);
    const oldText = old?.text;
    this.setText(file, editedWords(old, file.text, edits));
    if (!prev || oldText === undefined || languageOf(file.path, file.languageId) !== this.files.get(file.path)!.lang) {
      this.spawnMemo.replaced(file.path);
      return;
    }
    for (const e of edits) prev.edit(e);
    this.spawnMemo.edited(file.path, edits, oldText, file.text);
    this.files.get(file.path)!.oldTree = prev;
  }

  removeFile(path: string): void {
    if (!this.files.delete(path)) return;
    this.names.removeFile(path);
    this.invalidate(path);
    this.spawnMemo.replaced(path);
  }

  /**
   * A file changed: what was derived from it goes. Whole-program facts are
   * recombined from each file's own share (kept in its memo), so a keystroke
   * costs what the changed file costs, not the workspace.
   */
  private invalidate(path: string): void {
    this.dropParsed(path);
    this.threadFact.clear();
    this.mainFact = undefined;
    this.mainFolders.clear();
    this.baseNames = undefined;
    this.folders = undefined;
    this.handlerFact.clear();
    this.execFact.clear();
    this.factFiles = undefined;
    this.startsPrograms.clear();
    this.aliases.clear();
    this.typedefs.clear();
    this.fileScopeNames.clear();
    this.includeClosures.clear();
    this.spawnMacroCache = undefined;
    this.childCallsBy.delete(path);
    for (const calls of this.childCallsBy.values()) for (const k of calls) if (k.startsWith(path + ':')) calls.delete(k);
    this.childFdUse.delete(path);
    for (const name of [...this.wrappers.keys()]) {
      const from = this.wrapperFiles.get(name);
      if (from === undefined || from === path) {
        this.wrappers.delete(name);
        this.wrapperFiles.delete(name);
      }
    }
    // A miss may now be found (the file may define the macro now).
    for (const [name, m] of [...this.macros]) if (!m || m.unit.file === path) this.macros.delete(name);
  }

  private dropParsed(path: string): void {
    const p = this.parsed.get(path);
    if (!p) return;
    this.parsed.delete(path);
    this.parsedBytes -= p.bytes;
    for (const k of [...this.cfgs.keys()]) if (k.startsWith(path + '#')) this.cfgs.delete(k);
  }

  private code(f: FileEntry): string {
    return (f.memo.code ??= stripComments(f.text));
  }

  // ---- whole-program facts ----

  /**
   * Whether a file's facts belong to the program `from` is part of. A folder
   * with a file that defines main() holds a program (or several) of its own:
   * its threads, handlers and execs count for code in that folder only (a
   * test program's threads are not the tool's beside it: libtomcrypt/tests/
   * is not dropbear, emacs's src/ is not lib-src/'s emacsclient), and two
   * files that each define main() are two programs. A folder without main()
   * is a library, part of every program.
   */
  private sameProgram(f: FileEntry, from: string | undefined): boolean {
    if (from === undefined || f.path === from) return true;
    const dir = dirName(f.path);
    if (dir !== dirName(from)) return !this.folderHasMain(dir);
    // Two files that each define main() are two programs, even side by side (dropbear's scp.c and cli-main.c).
    const g = this.files.get(from);
    return !(g && this.definesMain(f) && this.definesMain(g));
  }

  private folderHasMain(dir: string): boolean {
    let v = this.mainFolders.get(dir);
    if (v === undefined) {
      v = (this.byFolder().get(dir) ?? []).some((g) => this.definesMain(g));
      this.mainFolders.set(dir, v);
    }
    return v;
  }

  /** The file defines main(), itself or in a .c file it includes (glibc's tests get theirs from `#include <support/test-driver.c>`). */
  private definesMain(f: FileEntry): boolean {
    // Only the file's own part is kept in its memo: the included file may change.
    const own = (g: FileEntry) => (g.memo.main ??= (g.words ? g.words.hasAny(['main']) : g.text.includes('main')) && any(scan(g, MAIN_DEF, ['main']), (m) => !inComment(g.text, m.index ?? 0)));
    return own(f) || this.includedSources(f).some(own);
  }

  private byFolder(): Map<string, FileEntry[]> {
    return (this.folders ??= groupBy(this.files.values(), (g) => dirName(g.path)));
  }

  private byBaseName(): Map<string, FileEntry[]> {
    return (this.baseNames ??= groupBy(this.files.values(), (g) => baseNameOf(g.path)));
  }

  /** The linted .c files `f` includes: by path from its folder, else any linted file ending in the included path. */
  private includedSources(f: FileEntry): FileEntry[] {
    const out: FileEntry[] = [];
    f.memo.cIncludes ??= f.text.includes('.c"') || f.text.includes('.c>') ? [...f.text.matchAll(INCLUDE_C)].map((m) => m[1]) : [];
    for (const inc of f.memo.cIncludes) {
      const found = this.resolveInclude(f.path, inc);
      if (found && found !== f) out.push(found);
    }
    return out;
  }

  /** The linted file `#include "inc"` in `from` names: by path from its folder, else any linted file ending in the included path. */
  private resolveInclude(from: string, inc: string): FileEntry | undefined {
    const tail = '/' + inc.replace(/^(\.\.?\/)+/, '');
    return this.files.get(normalizePath(dirName(from) + inc)) ?? this.byBaseName().get(baseNameOf(inc))?.find((g) => g.path.endsWith(tail));
  }

  /** Where the program (of the file `from`, or any) creates a thread, if it does (the first place found). */
  threads(from?: string): ThreadFact | undefined {
    const key = from ?? '';
    let t = this.threadFact.get(key);
    if (t === undefined) {
      t = null;
      for (const f of this.factSources().threads) {
        if (this.sameProgram(f, from)) {
          t = this.threadsOf(f)!;
          break;
        }
      }
      this.threadFact.set(key, t);
    }
    return t ?? undefined;
  }

  private factSources(): NonNullable<ProgramBase['factFiles']> {
    if (!this.factFiles) {
      const all = [...this.files.values()];
      this.factFiles = {
        threads: all.filter((f) => this.threadsOf(f)),
        handlers: all.filter((f) => f.mayHaveHandler),
        execs: all.filter((f) => f.mayExec && (f.memo.execs ??= any(scan(f, EXEC_CALLS, EXEC_WORDS), (m) => !inComment(f.text, m.index ?? 0)))),
      };
    }
    return this.factFiles;
  }

  private threadsOf(f: FileEntry): ThreadFact | undefined {
    if (f.memo.thread === undefined) {
      f.memo.thread = null;
      if ((f.words ? f.words.hasAny(THREAD_WORDS) : mayThread(f.text)) && THREAD_CALL.test(f.text)) {
        const code = this.code(f);
        const m = firstThreadCall(code);
        if (m) f.memo.thread = { file: f.path, line: code.slice(0, m.index).split('\n').length - 1, what: m[1] ?? '#pragma omp' };
      }
    }
    return f.memo.thread ?? undefined;
  }

  /**
   * Where this file creates a thread, if it does — in a configuration that
   * also compiles the code at `at` (a fork in the `#else` arm of
   * `#ifndef NO_PTHREADS` does not run in a threaded build).
   */
  threadsIn(path: string, at?: number): ThreadFact | undefined {
    const f = this.files.get(path);
    const t = f && this.threadsOf(f);
    if (!t) return undefined;
    if (at !== undefined) {
      f.memo.configs ??= conditionalVariants(f.text, 4).map(stripComments);
      if (f.memo.configs.some((v) => v[at] !== ' ' && !firstThreadCall(v))) return undefined;
    }
    return t;
  }

  /** Every signal and atfork handler the program (of the file `from`, or any) installs. */
  handlers(from?: string): HandlerFact[] {
    const key = from ?? '';
    let list = this.handlerFact.get(key);
    if (!list) {
      const defined = (name: string) => this.names.definers(name).length > 0 || this.names.macroDefiners(name).length > 0;
      list = [];
      for (const f of this.factSources().handlers) {
        if (!this.sameProgram(f, from)) continue;
        for (const r of this.handlerRecords(f)) {
          const { names, local, ...fact } = r;
          for (const handler of names) if (local.has(handler) || defined(handler)) list.push({ ...fact, handler });
        }
      }
      this.handlerFact.set(key, list);
    }
    return list;
  }

  private handlerRecords(f: FileEntry): HandlerRecord[] {
    if (!f.memo.handlers) {
      const seen = new Set<number>();
      f.memo.handlers = [];
      for (const u of this.units(f.path)) {
        for (const c of handlerCandidates(u)) {
          if (seen.has(c.node.startIndex)) continue;
          seen.add(c.node.startIndex);
          const local = new Set(c.names.filter((n) => definitionIn(u, n)));
          f.memo.handlers.push({ file: f.path, range: rangeOf(c.node), via: c.via, signal: c.signal, atfork: c.atfork, names: c.names, local });
        }
      }
    }
    return f.memo.handlers;
  }

  /** The program (of the file `from`, or any) runs other programs: an exec or posix_spawn call anywhere in it. */
  execsChildren(from?: string): boolean {
    const key = from ?? '';
    let v = this.execFact.get(key);
    if (v === undefined) {
      v = this.factSources().execs.some((f) => this.sameProgram(f, from));
      this.execFact.set(key, v);
    }
    return v;
  }

  /**
   * Whether a call of `name` from `from` may start a program: it is a
   * spawn, exec or shell call, or on some path through the program's own
   * code (followed to maxDepth) it reaches one, a call through a pointer, or
   * a function neither the program defines nor the knowledge base knows.
   * Given the call, a function-pointer parameter the callee calls is the
   * function the call passes (dropbear's `atomicio(vwrite, fd, buf, n)`).
   */
  mayStartPrograms(name: string, from: Unit, call?: SyntaxNode): boolean {
    if (call && this.isCast(call, from)) return false;
    return this.startsFrom(name, from, 0, new Set(), call ? { call } : undefined).starts;
  }

  /** `assumed`: the answer took a function still being looked at as not starting any (so it is not kept). */
  private startsFrom(name: string, from: Unit, depth: number, open: Set<string>, site?: { call: SyntaxNode; binds?: PointerBinds }): { starts: boolean; assumed: boolean } {
    if (STARTS_PROGRAMS.test(name)) return { starts: true, assumed: false };
    if (this.kb(name)) return { starts: false, assumed: false };
    const d = this.definition(name, from);
    if (!d || depth >= this.maxDepth) return { starts: true, assumed: false };
    const binds = site ? pointerArgs(d, site.call, from, site.binds, this.bindings) : undefined;
    const key = `${d.unit.key}@${d.def.startIndex}${bindsKey(binds)}`;
    const known = this.startsPrograms.get(key);
    if (known !== undefined) return { starts: known, assumed: false };
    if (open.has(key)) return { starts: false, assumed: true }; // recursion: its other calls decide
    open.add(key);
    let starts = false;
    let assumed = false;
    for (const c of d.def.descendantsOfType('call_expression')) {
      const through = boundCallee(c, binds);
      if (through === undefined && this.isCast(c, d.unit)) continue;
      if (noForkOnly(d.unit, c)) continue; // message()'s `#ifdef WINDOWSNT` GetConsoleTitleA
      // A pointer parameter calls what the caller passed; unknown (null) or any other pointer may start anything.
      const n = through !== undefined ? through : callName(c);
      if (n && NOT_A_NAME.has(n)) continue; // `if (x)` in an ERROR, `sizeof (x)`: not a call
      const r = n ? this.startsFrom(n, d.unit, depth + 1, open, { call: c, binds }) : { starts: true, assumed: false };
      assumed ||= r.assumed;
      if ((starts = r.starts)) break;
    }
    open.delete(key);
    if (starts || !assumed) this.startsPrograms.set(key, starts);
    return { starts, assumed: assumed && !starts };
  }

  /** `(u_int) (x)`, `(Char)(n)`: a cast to a typedef'd type (in the file or a header it includes), which tree-sitter parses as a call. */
  isCast(call: SyntaxNode, from: Unit): boolean {
    const name = parenthesizedCallee(call);
    if (!name || this.kb(name)) return false;
    if (SYSTEM_TYPE.test(name)) return true;
    const key = `${name}|${from.file}`;
    let v = this.typedefs.get(key);
    if (v === undefined) {
      const re = new RegExp(`(\\btypedef\\b[^;{}]*\\b|\\}\\s*)${name}\\s*;`);
      v = this.withIncludes(from.file).some((f) => f.text.includes(name) && f.text.includes('typedef') && re.test(f.text));
      this.typedefs.set(key, v);
    }
    return v;
  }

  /**
   * A variable or object-like macro `name` that code in `from`'s file can
   * see: declared at file scope there or in a header it includes, or a C
   * library data object. Where none is, code using `name` cannot compile:
   * it sits in an arm no build takes (dropbear's `ut->…` in construct_utmpx,
   * where only `utx` exists).
   */
  seesVariable(name: string, from: Unit): boolean {
    if (LIBC_DATA.has(name)) return true;
    const key = `${name}|${from.file}`;
    let v = this.fileScopeNames.get(key);
    if (v === undefined) {
      const macro = new RegExp(`^[ \\t]*#[ \\t]*define[ \\t]+${name}\\b`, 'm');
      v = this.withIncludes(from.file).some((f) => f.text.includes(name) && (macro.test(f.text) || this.units(f.path).some((u) => declaresAtFileScope(u, name))));
      this.fileScopeNames.set(key, v);
    }
    return v;
  }

  /** The file and the files it includes with quotes, three levels deep (resolved from its folder, else by name). */
  private withIncludes(path: string): FileEntry[] {
    let out = this.includeClosures.get(path);
    if (!out) {
      out = [];
      const seen = new Set<string>();
      const visit = (p: string, depth: number) => {
        const f = this.files.get(p);
        if (!f || seen.has(p)) return;
        seen.add(p);
        out!.push(f);
        if (depth >= 3) return;
        f.memo.localIncludes ??= f.text.includes('#') ? [...f.text.matchAll(INCLUDE_LOCAL)].map((m) => m[1]) : [];
        for (const inc of f.memo.localIncludes) {
          const g = this.resolveInclude(p, inc);
          if (g) visit(g.path, depth + 1);
        }
      };
      visit(path, 0);
      this.includeClosures.set(path, out);
    }
    return out;
  }

  readonly bindings: BindingLookups = {
    knows: (name, from) => !!(this.kb(name) || this.definition(name, from)),
    alias: (name, from) => this.functionAlias(name, from),
  };

  /** The function an object-like macro names (`#define vwrite (ssize_t (*)(int, void *, size_t))write`), defined in `from`'s file or a header it includes. */
  functionAlias(name: string, from: Unit): string | undefined {
    const key = `${name}|${from.file}`;
    let v = this.aliases.get(key);
    if (v === undefined) {
      v = null;
      const re = new RegExp(`^[ \\t]*#[ \\t]*define[ \\t]+${name}[ \\t]+(.*)$`, 'm');
      for (const f of this.withIncludes(from.file)) {
        const m = f.text.includes(name) ? re.exec(f.text) : null;
        const target = m && castFunctionName(m[1]);
        if (target && (this.kb(target) || this.definition(target, from))) {
          v = target;
          break;
        }
      }
      this.aliases.set(key, v);
    }
    return v ?? undefined;
  }

  hasMain(): boolean {
    if (this.mainFact === undefined) {
      this.mainFact = [...this.files.values()].some((f) => this.definesMain(f));
    }
    return this.mainFact;
  }

  // ---- parsing ----

  units(path: string): Unit[] {
    return this.parse(path).units;
  }

  private parse(path: string): Parsed {
    const hit = this.parsed.get(path);
    if (hit) {
      // LRU: re-insert at the end.
      this.parsed.delete(path);
      this.parsed.set(path, hit);
      return hit;
    }
    const f = this.files.get(path)!;
    const tree = parse(f.text, f.lang, f.oldTree);
    this.parseStats.files.add(path);
    f.oldTree = undefined;
    let units: Unit[] = [{ key: `${path}#0`, file: path, lang: f.lang, text: f.text, tree, variant: 0, defs: new Map(), words: f.words }];
    if (tree.rootNode.hasError && (f.mayHaveSpawn || f.mayHaveHandler) && errorsTouchSpawnCode(tree, f)) {
      // Resolve conditionals and repair macros; analyse each variant that parses better.
      const texts = conditionalVariants(f.text);
      // A candidate that is the text itself would parse to the same errors.
      const candidates = (texts.length ? texts : [f.text]).map((t) => repairMacros(t, new Set())).filter((t) => t !== f.text);
      this.parseStats.variants += candidates.length;
      const variants = candidates.map((t, i): Unit => ({ key: `${path}#${i + 1}`, file: path, lang: f.lang, text: t, tree: parse(t, f.lang), variant: i + 1, defs: new Map() }));
      const errorCount = (u: Unit) => u.tree.rootNode.descendantsOfType('ERROR').length + (u.tree.rootNode.hasError ? 1 : 0);
      if (variants.length) {
        const base = errorCount(units[0]);
        const better = variants.filter((v) => errorCount(v) < base);
        if (better.length) units = better;
      }
    }
    const p = { units, base: tree, bytes: units.reduce((n, u) => n + u.text.length, 0) };
    this.parsed.set(path, p);
    this.parsedBytes += p.bytes;
    while (this.parsedBytes > CACHE_BYTES && this.parsed.size > 1) this.dropParsed(this.parsed.keys().next().value as string);
    return p;
  }

  // ---- Resolver ----

  kb(name: string) {
    // glibc's and musl's raw-syscall macros and functions (INLINE_SYSCALL_CALL, __syscall3) are the raw syscall.
    return kb.lookup(RAW_SYSCALL.test(name) ? 'syscall' : name);
  }

  cfg(unit: Unit, def: SyntaxNode): Cfg {
    const k = `${unit.key}@${def.startIndex}`;
    let c = this.cfgs.get(k);
    if (!c) {
      c = buildCfg(def);
      this.cfgs.set(k, c);
    }
    return c;
  }

  isMain(def: SyntaxNode): boolean {
    return functionName(def) === 'main';
  }

  definition(name: string, from: Unit): { unit: Unit; def: SyntaxNode } | undefined {
    const own = definitionIn(from, name);
    if (own) return { unit: from, def: own };
    // A function-like macro of the file itself is what its calls expand to (emacsclient.c's
    // `#define egetenv(VAR) getenv (VAR)`, not emacs's egetenv in src/lisp.h).
    if (this.names.macroDefiners(name).includes(from.file)) {
      const key = `${from.file}|${name}`;
      let m = this.macros.get(key);
      if (m === undefined) this.macros.set(key, (m = this.findMacro(name, from, [from.file]) ?? null));
      if (m) return m;
    }
    for (const path of nearestFirst(this.names.definers(name), from.file)) {
      if (path === from.file) continue;
      const p = this.parse(path);
      for (const u of p.units) {
        const d = definitionIn(u, name);
        // A static function of another source file is that file's own (one in a header is its includers').
        if (d && !(isStaticDecl(d) && !HEADER.test(path))) return { unit: u, def: d };
      }
    }
    return this.macro(name, from);
  }

  staticHere(name: string, unit: Unit): boolean {
    const memo = (unit.topStatics ??= new Map());
    let v = memo.get(name);
    if (v === undefined) memo.set(name, (v = topLevelStatic(unit, name)));
    return v;
  }

  /** A function-like macro defined in the program, parsed as a function so the walker can follow it. */
  private macro(name: string, from: Unit): { unit: Unit; def: SyntaxNode } | undefined {
    let found = this.macros.get(name);
    if (found === undefined) {
      found = this.findMacro(name, from) ?? null;
      this.macros.set(name, found);
    }
    return found ?? undefined;
  }

  private findMacro(name: string, from: Unit, only?: string[]): { unit: Unit; def: SyntaxNode } | undefined {
    const re = new RegExp(`^[ \\t]*#[ \\t]*define[ \\t]+${name.replace(/[^\w]/g, '')}\\(`, 'gm');
    const paths = only ?? nearestFirst(this.names.macroDefiners(name), from.file);
    for (const path of paths) {
      const f = this.files.get(path)!;
      // The first definition a build with fork() compiles (not emacsclient.c's `#ifdef WINDOWSNT` one).
      const noFork = mentionsNoFork(f.text, f.words) ? noForkLines(f.text) : null;
      const m = [...f.text.matchAll(re)].find((x) => !noFork || !noFork[lineAt(f.text, x.index ?? 0)]);
      if (!m) continue;
      // Token pasting builds names no parse of the body can see: such a macro is defined here but opaque.
      const text = macroAsFunction(f.text, m.index + m[0].length - name.length - 1, name, f.lang);
      if (!text) continue;
      const tree = parse(text, f.lang);
      this.parseStats.macros++;
      const def = tree.rootNode.descendantsOfType('function_definition')[0];
      if (!def) continue;
      const unit: Unit = { key: `${path}#macro:${name}`, file: path, lang: f.lang, text, tree, variant: 0, defs: new Map([[name, def]]) };
      return { unit, def };
    }
    return undefined;
  }

  declaredNoreturn(name: string): boolean {
    return this.names.isNoreturn(name);
  }

  // ---- spawn wrappers ----

  private spawnMacros(): Map<string, RegionKind> {
    if (!this.spawnMacroCache) {
      this.spawnMacroCache = new Map();
      const re = /^[ \t]*#[ \t]*define[ \t]+(\w+)\(([^)]*)\)((?:.*\\\n)*.*)$/gm;
      for (const f of this.files.values()) {
        if (!f.mayHaveSpawn || !f.text.includes('define')) continue;
        if (!f.memo.spawnMacros) {
          f.memo.spawnMacros = [];
          for (const m of f.text.matchAll(re)) {
            const body = m[3];
            if (/\bvfork\s*\(/.test(body)) f.memo.spawnMacros.push([m[1], 'vfork']);
            else if (/\bfork\s*\(/.test(body)) f.memo.spawnMacros.push([m[1], 'fork']);
          }
          // postfix's `#define FORK vfork`: FORK() is a vfork.
          for (const m of f.text.matchAll(/^[ \t]*#[ \t]*define[ \t]+(\w+)[ \t]+(v?fork)[ \t]*(?:\/[*/].*)?$/gm)) f.memo.spawnMacros.push([m[1], m[2] as RegionKind]);
        }
        for (const [name, kind] of f.memo.spawnMacros) this.spawnMacroCache.set(name, kind);
      }
    }
    return this.spawnMacroCache;
  }

  /** Spawn wrappers found so far: functions whose fork child returns the pid to the caller. */
  knownWrappers(): WrapperInfo[] {
    return [...this.wrappers].map(([name, kind]) => ({ name, kind }));
  }

  /** Wrappers found elsewhere (another worker's share of the files). */
  addWrappers(list: WrapperInfo[]): void {
    for (const w of list) this.wrappers.set(w.name, w.kind);
  }

  /**
   * Walks the spawn sites of the given files, calling `visit` with each
   * file's regions. `state` records how many wrappers were known when a file
   * was walked: a wrapper found later (wrappers may wrap wrappers) makes its
   * call sites spawn sites, and `catchUp` walks just those.
   */
  walkAll(paths: string[], visit: Visit, state = new Map<string, number>(), catchUp = true): void {
    for (const p of paths) {
      if (state.has(p) || !this.relevant(p)) continue;
      state.set(p, this.wrappers.size);
      visit(p, this.regions(p), true);
    }
    if (catchUp) this.catchUp(paths, visit, state);
  }

  catchUp(paths: string[], visit: Visit, state: Map<string, number>): void {
    for (let changed = true; changed; ) {
      changed = false;
      const names = [...this.wrappers.keys()];
      for (const p of paths) {
        const known = state.get(p);
        const fresh = names.slice(known ?? 0);
        if (!fresh.length) continue;
        const text = this.files.get(p)?.text ?? '';
        const mentioned = fresh.filter((w) => text.includes(w));
        if (!mentioned.length) {
          if (known !== undefined) state.set(p, names.length);
          continue;
        }
        state.set(p, names.length);
        visit(p, this.regions(p, new Set(mentioned)), known === undefined);
        changed = true;
      }
    }
  }

  private noteWrapper(name: string, path: string): void {
    this.wrappers.set(name, 'fork');
    this.wrapperFiles.set(name, path);
  }

  /** Wrappers defined in these files, and in files they make relevant. */
  discoverWrappers(paths?: string[]): WrapperInfo[] {
    const before = new Set(this.wrappers.keys());
    this.walkAll(paths ?? [...this.files.keys()], () => undefined);
    return this.knownWrappers().filter((w) => !before.has(w.name));
  }

  private spawnContext() {
    return { wrappers: this.wrappers, spawnMacros: this.spawnMacros(), definition: (n: string, u: Unit) => this.definition(n, u) };
  }

  /** Is this file worth analysing: it may spawn, or calls a spawn wrapper. */
  relevant(path: string): boolean {
    const f = this.files.get(path);
    if (!f) return false;
    if (f.mayHaveSpawn || f.mayHaveHandler || f.mayExec) return true;
    for (const w of this.wrappers.keys()) if (f.text.includes(w)) return true;
    for (const m of this.spawnMacros().keys()) if (f.text.includes(m)) return true;
    return false;
  }

  /** Calls children make before exec (`file:offset`), by the file of the spawn: their own redirections. */
  private readonly childCallsBy = new Map<string, Set<string>>();
  /** Per file: the descriptors each child dup2s or closes, and where its spawn is. */
  readonly childFdUse = new Map<string, { spawnAt: number; fnStart: number; used: Set<string> }[]>();

  /** Whether some child seen so far makes this call (`file:offset`) before its exec. */
  isChildCall(site: string): boolean {
    for (const calls of this.childCallsBy.values()) if (calls.has(site)) return true;
    return false;
  }

  private noteChildDescriptors(path: string, r: Region): Pick<MemoEntry, 'childCalls' | 'fdUse'> {
    const used = new Set<string>();
    const childCalls: MemoEntry['childCalls'] = [];
    for (const e of r.events) {
      if (e.type !== 'call' || e.exec !== null) continue;
      childCalls.push({ file: e.unit.file, index: e.node.startIndex });
      // Descriptors the child works with: dup2/close anywhere, and any argument of its own calls (child_dup2(fdin[0], 0)).
      if (!e.chain.length || e.name === 'dup2' || e.name === 'dup3' || e.name === 'close') for (const a of args(e.node)) used.add(baseName(a));
    }
    // Helpers the child calls with them (child_dup2(fdin[0], 0)).
    for (const c of r.followed) for (const a of args(c)) used.add(baseName(a));
    const notes = { childCalls, fdUse: { spawnAt: r.spawn.node.startIndex, fnStart: r.spawn.fnDef.startIndex, used: [...used] } };
    this.applyChildNotes(path, notes);
    return notes;
  }

  private applyChildNotes(path: string, notes: Pick<MemoEntry, 'childCalls' | 'fdUse'>): void {
    let calls = this.childCallsBy.get(path);
    if (!calls) this.childCallsBy.set(path, (calls = new Set()));
    for (const c of notes.childCalls) calls.add(`${c.file}:${c.index}`);
    const list = this.childFdUse.get(path) ?? [];
    list.push({ spawnAt: notes.fdUse.spawnAt, fnStart: notes.fdUse.fnStart, used: new Set(notes.fdUse.used) });
    this.childFdUse.set(path, list);
  }

  // ---- reusing a spawn's findings (spawn-memo.ts) ----

  protected readonly spawnMemo = new SpawnMemo();
  /** Whether regions() may hand out memoised findings (a lint without the rewrite asks for it). */
  protected reuseFindings = false;
  /** What each region freshly walked while reuse is on was computed from, to memoise its findings with. */
  protected readonly walkLogs = new WeakMap<Region, Omit<MemoEntry, 'facts' | 'findings'>>();

  private static memoKey(s: Spawn): string | undefined {
    if (s.via || s.kind === 'handler' || s.kind === 'atfork-child') return undefined;
    // A function with a parse error is not kept: error recovery can parse the same text differently
    // in another context. Whether it sits inside an ERROR counts too (calls there are not held against the child).
    if (s.fnDef.hasError || s.childFn?.def.hasError) return undefined;
    const fn = (d: SyntaxNode) => `${insideError(d)}|${d.text}`;
    return `${s.kind}|${s.name}|${s.node.startIndex - s.fnDef.startIndex}|${fn(s.fnDef)}|${s.childFn ? fn(s.childFn.def) : ''}`;
  }

  /** A memoised entry for this spawn whose inputs are all unchanged (others found stale are forgotten). */
  private reusable(path: string, s: Spawn, key: string): MemoEntry | undefined {
    for (const m of this.spawnMemo.entries(path)) {
      if (m.key !== key || m.anchors[0].startIndex !== s.fnDef.startIndex) continue;
      if (s.childFn && m.anchors[1]?.startIndex !== s.childFn.def.startIndex) continue;
      if (this.inputsUnchanged(m, s)) return m;
      this.spawnMemo.remove(m);
    }
    return undefined;
  }

  private inputsUnchanged(m: MemoEntry, s: Spawn): boolean {
    for (const l of m.lookups) {
      if (l.kind === 'noreturn') {
        if (this.declaredNoreturn(l.name) !== l.found) return false;
        continue;
      }
      const from = l.from === s.unit.key ? s.unit : this.unitByKey(l.from!);
      if (!from) return false;
      if (l.kind === 'static') {
        if (this.staticHere(l.name, from) !== l.found) return false;
        continue;
      }
      if (l.kind === 'alias') {
        if ((this.functionAlias(l.name, from) ?? null) !== l.found) return false;
        continue;
      }
      if (l.kind === 'variable') {
        if (this.seesVariable(l.name, from) !== l.found) return false;
        continue;
      }
      const d = this.definition(l.name, from);
      const was = l.found as Exclude<Lookup['found'], boolean | string>;
      if (!d || !was) {
        if (d || was) return false;
        continue;
      }
      if (d.unit.key !== was.unit || d.def.startIndex !== m.anchors[was.anchor].startIndex || d.def.hasError || d.def.text !== was.text || insideError(d.def) !== was.inError) return false;
    }
    return this.factsUnchanged(m);
  }

  /** Overridden by the linter, which knows what its rules asked. */
  protected factsUnchanged(_m: MemoEntry): boolean {
    return false;
  }

  private unitByKey(key: string): Unit | undefined {
    const file = key.slice(0, key.indexOf('#'));
    const macro = /#macro:(.*)$/.exec(key);
    if (macro) return [this.macros.get(`${file}|${macro[1]}`), this.macros.get(macro[1])].find((m) => m?.unit.key === key)?.unit;
    return this.files.has(file) ? this.units(file).find((u) => u.key === key) : undefined;
  }

  private recordingDefinition(name: string, from: Unit, note: (k: string, l: () => Lookup) => void, anchors: Anchor[]) {
    const d = this.definition(name, from);
    note(`d|${name}|${from.key}`, () => {
      if (!d) return { kind: 'definition', name, from: from.key, found: null };
      anchors.push({ file: d.unit.file, startIndex: d.def.startIndex, endIndex: d.def.endIndex });
      return { kind: 'definition', name, from: from.key, found: { unit: d.unit.key, text: d.def.text, inError: insideError(d.def), anchor: anchors.length - 1 } };
    });
    return d;
  }

  /** The walker's view of the program, noting every lookup it makes (the region's inputs). */
  private recording(lookups: Lookup[], anchors: Anchor[]): Resolver {
    const seen = new Map<string, Lookup>();
    const note = (k: string, l: () => Lookup) => {
      if (!seen.has(k)) {
        const x = l();
        seen.set(k, x);
        lookups.push(x);
      }
    };
    return {
      maxDepth: this.maxDepth,
      kb: (name) => this.kb(name),
      cfg: (unit, def) => this.cfg(unit, def),
      isMain: (def) => this.isMain(def),
      declaredNoreturn: (name) => {
        const v = this.declaredNoreturn(name);
        note(`n|${name}`, () => ({ kind: 'noreturn', name, found: v }));
        return v;
      },
      isCast: (call, unit) => this.isCast(call, unit),
      seesVariable: (name, unit) => {
        const v = this.seesVariable(name, unit);
        note(`v|${name}|${unit.key}`, () => ({ kind: 'variable', name, from: unit.key, found: v }));
        return v;
      },
      bindings: {
        knows: (name, from) => !!(this.kb(name) || this.recordingDefinition(name, from, note, anchors)),
        alias: (name, from) => {
          const v = this.functionAlias(name, from);
          note(`a|${name}|${from.key}`, () => ({ kind: 'alias', name, from: from.key, found: v ?? null }));
          return v;
        },
      },
      staticHere: (name, unit) => {
        const v = this.staticHere(name, unit);
        note(`s|${name}|${unit.key}`, () => ({ kind: 'static', name, from: unit.key, found: v }));
        return v;
      },
      definition: (name, from) => this.recordingDefinition(name, from, note, anchors),
    };
  }

  /**
   * Child regions of the spawn sites in the file (optionally only calls of
   * the named wrappers); with reuse on, spawns whose memoised findings are
   * still good come back as those entries instead.
   */
  regions(path: string, only?: ReadonlySet<string>): (Region | MemoEntry)[] {
    const out: (Region | MemoEntry)[] = [];
    if (!only) {
      // A fresh walk of the whole file: what its children do is noted afresh.
      this.childCallsBy.delete(path);
      this.childFdUse.delete(path);
    }
    const ctx = this.spawnContext();
    const used = new Set<MemoEntry>();
    for (const u of this.units(path)) {
      for (const s of findSpawns(u, ctx)) {
        if (only && !only.has(s.name)) continue;
        const key = this.reuseFindings ? ProgramBase.memoKey(s) : undefined;
        const hit = key && this.reusable(path, s, key);
        if (hit) {
          used.add(hit);
          out.push(hit);
          this.applyChildNotes(path, hit);
          if (hit.wrapper) this.noteWrapper(hit.wrapper, path);
          continue;
        }
        const lookups: Lookup[] = [];
        const anchors: Anchor[] = [{ file: path, startIndex: s.fnDef.startIndex, endIndex: s.fnDef.endIndex }];
        if (s.childFn) anchors.push({ file: s.childFn.unit.file, startIndex: s.childFn.def.startIndex, endIndex: s.childFn.def.endIndex });
        let r: Region;
        try {
          r = new ChildWalker(key ? this.recording(lookups, anchors) : this, s).run();
        } catch (e) {
          // An engine bug must not take the front ends down: the spawn is reported as not analysed.
          this.internalErrors.push({ path, message: e instanceof Error ? e.message : String(e) });
          continue;
        }
        out.push(r);
        const notes = this.noteChildDescriptors(path, r);
        const name = r.isWrapper && r.kind === 'fork' ? functionName(s.fnDef) : undefined;
        const wrapper = name && name !== 'main' ? name : undefined;
        if (wrapper) this.noteWrapper(wrapper, path);
        if (key) {
          const log: Omit<MemoEntry, 'facts' | 'findings'> = { file: path, key, anchors, lookups, ...notes };
          if (wrapper) log.wrapper = wrapper;
          this.walkLogs.set(r, log);
        }
      }
    }
    // Entries no spawn of the file matched any more are stale (their regions are walked again below, or gone).
    if (!only && this.reuseFindings) for (const m of this.spawnMemo.entries(path)) if (!used.has(m)) this.spawnMemo.remove(m);
    if (!only) {
      const installs = this.files.get(path)?.mayHaveHandler ? this.units(path).flatMap((u) => findHandlerInstalls(u, (name) => !!this.definition(name, u))) : [];
      for (const h of installs) {
        const def = this.definition(h.handler, h.unit);
        if (!def) continue;
        const spawn = { unit: h.unit, node: h.node, name: h.via, kind: h.atfork ? 'atfork-child' as const : 'handler' as const, fnDef: h.node.closest('function_definition') ?? def.def, childFn: def };
        try {
          out.push(new ChildWalker(this, spawn).run());
        } catch (e) {
          this.internalErrors.push({ path, message: e instanceof Error ? e.message : String(e) });
        }
      }
    }
    return out;
  }
}

/**
 * Only parse errors in (or around) code that spawns or installs handlers are
 * worth re-parsing variants for: a spawn or handler token inside an ERROR, or
 * in a function with an ERROR in it (a MISSING token alone does not count).
 * Found from the tokens, not by walking the whole tree.
 */
function errorsTouchSpawnCode(tree: Tree, f: FileEntry): boolean {
  const root = tree.rootNode;
  for (const [re, words, prefixes] of [[SPAWN_TOKENS_ALL, SPAWN_WORDS, SPAWN_PREFIXES], [HANDLER_TOKENS_ALL, HANDLER_WORDS, []]] as const) {
    for (const m of scan(f, re, words, prefixes)) {
      const at = m.index ?? 0;
      // One walk up (as insideError's) that also finds the enclosing function.
      let fn: SyntaxNode | undefined;
      for (let p: SyntaxNode | null = root.descendantForIndex(at, at + m[1].length); p; p = p.parent) {
        if (p.type === 'ERROR' || p.isMissing) return true;
        if (!fn && p.type === 'function_definition') fn = p;
      }
      if (fn?.hasError && fn.descendantsOfType('ERROR').length) return true;
    }
  }
  return false;
}

const HEADER = /\.(h|hh|hpp|hxx|h\+\+|ipp)$/i;

/** The edited file's word index: the old one moved through a lone edit, else built afresh. */
function editedWords(old: FileEntry | undefined, text: string, edits: TreeEdit[]): WordIndex {
  if (old?.words && edits.length === 1) {
    try {
      old.words.edit(text, edits[0]);
      return old.words;
    } catch {
      // the edit does not describe this text: build it afresh
    }
  }
  return new WordIndex(text);
}

/** `a/b/../c` -> `a/c`, `a/./b` -> `a/b`. */
function normalizePath(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '..' && out.length && out[out.length - 1] !== '..' && out[out.length - 1] !== '') out.pop();
    else if (part !== '.') out.push(part);
  }
  return out.join('/');
}

/**
 * `name` is defined (or declared) `static` at the file's top level: from the
 * text (`static T name(` or glibc's `static T\nname (` at a line start), the
 * tree only to confirm.  Under a conditional a static function is a
 * stand-in for systems without the library's (emacs's `#if !HAVE_SETLOCALE`).
 */
function topLevelStatic(unit: Unit, name: string): boolean {
  const text = unit.text;
  for (const at of unit.words ? unit.words.positionsOfAny([name]) : occurrences(text, name)) {
    if (!/^\s*\(/.test(text.slice(at + name.length, at + name.length + 20))) continue;
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    const head = text.slice(lineStart, at);
    const prevStart = text.lastIndexOf('\n', lineStart - 2) + 1;
    const looksStatic = /^static\b[^;{}()=]*$/.test(head) || (head === '' && /^static\b[^;{}()=]*$/.test(text.slice(prevStart, lineStart - 1)));
    if (!looksStatic) continue;
    let n: SyntaxNode | null = unit.tree.rootNode.descendantForIndex(at, at + name.length);
    while (n && n.type !== 'function_definition' && n.type !== 'declaration' && n.parent) n = n.parent;
    if (n && n.parent?.type === 'translation_unit' && isStaticDecl(n)) return true;
  }
  return false;
}

function groupBy<T>(items: Iterable<T>, key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of items) {
    const k = key(x);
    const list = out.get(k);
    if (list) list.push(x);
    else out.set(k, [x]);
  }
  return out;
}

function baseNameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function dirName(path: string): string {
  return path.slice(0, path.lastIndexOf('/') + 1);
}

/**
 * Definitions closest to the caller first (the same file, then the longest
 * shared directory): in trees with per-platform variants of one function
 * (glibc's sysdeps/), the caller's own platform directory is the likely one.
 */
// Files for systems without fork (vim's os_amiga.c, os_win32.c; emacs's w32.c, msdos.c, dosfns.c).
const NON_UNIX_FILE = /(^|[_\-])(amiga|win16|win32|win64|w32|mswin|msdos|dos|vms|os2|beos|haiku|riscos)|^(w32|dos)[a-z]*\.[ch]$/i;

/**
 * Definers to try in turn: one in the file itself, then by the longest
 * folder shared with it; a file for a system without fork only after
 * every other (a Unix child calls os_unix.c's mch_exit, not os_amiga.c's).
 */
function nearestFirst(paths: string[], from: string): string[] {
  const shared = (p: string) => {
    if (p === from) return Infinity;
    let i = 0;
    while (i < p.length && i < from.length && p[i] === from[i]) i++;
    return p.lastIndexOf('/', i);
  };
  const foreign = (p: string) => (p !== from && NON_UNIX_FILE.test(baseNameOf(p)) ? 1 : 0);
  return [...paths].sort((a, b) => foreign(a) - foreign(b) || shared(b) - shared(a));
}

/**
 * A function-like macro's body as a function definition, at the same
 * positions as in the file: the `#define NAME(params)` head becomes
 * `void NAME(){` (it always fits), everything else is blanked.
 */
function macroAsFunction(text: string, nameAt: number, name: string, lang: Lang): string | undefined {
  const lineStart = text.lastIndexOf('\n', nameAt) + 1;
  const close = text.indexOf(')', nameAt);
  if (close < 0) return undefined;
  let end = close;
  for (;;) {
    const nl = text.indexOf('\n', end);
    if (nl < 0) { end = text.length; break; }
    if (text[nl - 1] === '\\' || (text[nl - 1] === '\r' && text[nl - 2] === '\\')) { end = nl + 1; continue; }
    end = nl;
    break;
  }
  if (text.slice(close, end).includes('##')) return lang === 'cpp' ? 'void ' + name + '(){}' : `void ${name}(void){}`;
  const head = `void ${name}(){`;
  const headSpan = close + 1 - lineStart;
  if (head.length > headSpan) return undefined;
  // Everything before the body blanked (newlines kept), the head over `#define NAME(`, the body without its line continuations.
  const blank = (t: string) => t.replace(/[^\n]/g, ' ');
  return blank(text.slice(0, lineStart)) + head + blank(text.slice(lineStart + head.length, close + 1)) + text.slice(close + 1, end).replace(/\\/g, ' ') + ';}';
}

/** `write`, `(ssize_t (*)(int, void *, size_t))write`, `(write)`: the function's name, else undefined. */
function castFunctionName(body: string): string | undefined {
  let t = body.replace(/\/\*.*?\*\/|\/\/.*$/g, '').trim();
  for (;;) {
    const inner = /^\((.*)\)$/.exec(t);
    if (inner && balancedParens(inner[1])) t = inner[1].trim();
    else if (t.startsWith('(')) {
      // a cast: skip to its matching parenthesis
      let depth = 0;
      let i = 0;
      for (; i < t.length; i++) if (t[i] === '(') depth++; else if (t[i] === ')' && --depth === 0) break;
      if (i >= t.length - 1) return undefined;
      t = t.slice(i + 1).trim();
    } else break;
  }
  return /^[A-Za-z_]\w*$/.test(t) ? t : undefined;
}

function balancedParens(t: string): boolean {
  let depth = 0;
  for (const c of t) if (c === '(') depth++; else if (c === ')' && --depth < 0) return false;
  return depth === 0;
}

/** The 0-based line of offset `at`. */
function lineAt(text: string, at: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
