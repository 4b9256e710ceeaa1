// A program: the files linted together, their whole-program facts, lazy
// parsing, and the lookups the child walker needs.
import { args, baseName, functionName } from './ast';
import { ChildWalker, Region, RegionKind, Resolver } from './child';
import { Cfg, buildCfg } from './cfg';
import * as kb from './kb';
import { Lang, SyntaxNode, Tree, TreeEdit, conditionalVariants, languageOf, parse, repairMacros } from './parse';
import { HANDLER_TOKENS, HandlerInstall, findHandlerInstalls } from './handlers';
import { NameIndex } from './name-index';
import { WrapperInfo, findSpawns } from './spawn';
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
}

export interface ThreadFact {
  file: string;
  line: number;
  what: string;
}

const SPAWN_TOKENS = /\b(v?fork|_Fork|__fork|clone|__clone\w*|SYS_fork|SYS_vfork|SYS_clone|__NR_fork|__NR_vfork|__NR_clone)\b/;
const THREAD_CALL = /\b(pthread_create|thrd_create|g_thread_new|g_thread_try_new|uv_thread_create|std::thread|std::jthread|std::async|boost::thread)\b|^[ \t]*#[ \t]*pragma[ \t]+omp\b/m;
const MAIN_DEF = /\bmain\s*\([^;{)]*\)\s*\{/;
const RAW_SYSCALL = /^_*(INLINE|INTERNAL)_SYSCALL\w*$|^__syscall(_cp)?\d*$|^__SYSCALL_CONCAT\w*$/;
const EXEC_CALL = /\b(exec[lv]p?e?|execvpe|fexecve|execveat|posix_spawnp?)\s*\(/;
const COMMENTS = /\/\*[\s\S]*?\*\/|\/\/[^\n]*/g;

export function stripComments(text: string): string {
  return text.replace(COMMENTS, (c) => c.replace(/[^\n]/g, ' '));
}

interface Parsed {
  units: Unit[];
  /** The parse of the file's own text, kept for incremental reparsing. */
  base: Tree;
}

// Parsed files kept: enough for a program's helpers, bounded so huge trees stay flat.
const CACHE_LIMIT = 160;

export class ProgramBase implements Resolver {
  readonly files = new Map<string, FileEntry>();
  readonly maxDepth: number;
  private parsed = new Map<string, Parsed>();
  private cfgs = new Map<string, Cfg>();
  private wrappers = new Map<string, RegionKind>();
  private spawnMacroCache?: Map<string, RegionKind>;
  private names = new NameIndex();
  private macros = new Map<string, { unit: Unit; def: SyntaxNode } | null>();
  private threadFact?: ThreadFact | null;
  private mainFact?: boolean;
  private handlerFact?: HandlerInstall[];
  private execFact?: boolean;
  /** Spawn sites the walker failed on, drained by the linter. */
  readonly internalErrors: { path: string; message: string }[] = [];

  constructor(readonly config: EngineConfig = {}) {
    this.maxDepth = config.maxCallDepth ?? 8;
  }

  addFile(file: SourceFile): void {
    const lang = languageOf(file.path, file.languageId) ?? 'c';
    this.files.set(file.path, { path: file.path, text: file.text, lang, mayHaveSpawn: SPAWN_TOKENS.test(file.text), mayHaveHandler: HANDLER_TOKENS.test(file.text), mayExec: EXEC_CALL.test(file.text) });
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
    this.addFile(file);
    if (!prev || languageOf(file.path, file.languageId) !== this.files.get(file.path)!.lang) return;
    for (const e of edits) prev.edit(e);
    this.files.get(file.path)!.oldTree = prev;
  }

  removeFile(path: string): void {
    if (!this.files.delete(path)) return;
    this.names.removeFile(path);
    this.invalidate(path);
  }

  /** Whole-program facts and caches depend on every file; a change to one drops them. */
  private invalidate(path: string): void {
    for (const k of [...this.parsed.keys()]) if (k === path || k.startsWith(path + '#')) this.parsed.delete(k);
    this.threadFact = undefined;
    this.mainFact = undefined;
    this.handlerFact = undefined;
    this.execFact = undefined;
    this.childCalls.clear();
    this.childFdUse.clear();
    this.spawnMacroCache = undefined;
    this.wrappers.clear();
    this.macros.clear();
    this.cfgs.clear();
  }

  // ---- whole-program facts ----

  /** Where the program creates a thread, if it does (the first place found). */
  threads(): ThreadFact | undefined {
    if (this.threadFact === undefined) {
      this.threadFact = null;
      for (const f of this.files.keys()) {
        const t = this.threadsIn(f);
        if (t) {
          this.threadFact = t;
          break;
        }
      }
    }
    return this.threadFact ?? undefined;
  }

  /**
   * Where this file creates a thread, if it does — in a configuration that
   * also compiles the code at `at` (a fork in the `#else` arm of
   * `#ifndef NO_PTHREADS` does not run in a threaded build).
   */
  threadsIn(path: string, at?: number): ThreadFact | undefined {
    const f = this.files.get(path);
    if (!f || !THREAD_CALL.test(f.text)) return undefined;
    if (at !== undefined) {
      const withoutThreads = conditionalVariants(f.text, 4).some((v) => v[at] !== ' ' && !THREAD_CALL.test(stripComments(v)));
      if (withoutThreads) return undefined;
    }
    const code = stripComments(f.text);
    const m = THREAD_CALL.exec(code);
    return m ? { file: f.path, line: code.slice(0, m.index).split('\n').length - 1, what: m[1] ?? '#pragma omp' } : undefined;
  }

  /** Every signal and atfork handler the program installs. */
  handlers(): HandlerInstall[] {
    if (!this.handlerFact) {
      this.handlerFact = [];
      for (const f of this.files.values()) if (f.mayHaveHandler) this.handlerFact.push(...this.handlersIn(f.path));
    }
    return this.handlerFact;
  }

  private handlersIn(path: string): HandlerInstall[] {
    return this.units(path).flatMap((u) => findHandlerInstalls(u, (name) => !!this.definition(name, u)));
  }

  /** The program runs other programs (an exec or posix_spawn call anywhere). */
  execsChildren(): boolean {
    if (this.execFact === undefined) this.execFact = [...this.files.values()].some((f) => f.mayExec && EXEC_CALL.test(stripComments(f.text)));
    return this.execFact;
  }

  hasMain(): boolean {
    if (this.mainFact === undefined) {
      this.mainFact = [...this.files.values()].some((f) => MAIN_DEF.test(f.text) && MAIN_DEF.test(stripComments(f.text)));
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
    f.oldTree = undefined;
    let units: Unit[] = [{ key: `${path}#0`, file: path, lang: f.lang, text: f.text, tree, variant: 0, defs: new Map() }];
    if (tree.rootNode.hasError && (f.mayHaveSpawn || f.mayHaveHandler) && errorsTouchSpawnCode(tree)) {
      // Resolve conditionals and repair macros; analyse each variant that parses better.
      const texts = conditionalVariants(f.text);
      const candidates = (texts.length ? texts : [f.text]).map((t) => repairMacros(t, new Set()));
      const variants = candidates.map((t, i): Unit => ({ key: `${path}#${i + 1}`, file: path, lang: f.lang, text: t, tree: parse(t, f.lang), variant: i + 1, defs: new Map() }));
      const errorCount = (u: Unit) => u.tree.rootNode.descendantsOfType('ERROR').length + (u.tree.rootNode.hasError ? 1 : 0);
      const base = errorCount(units[0]);
      const better = variants.filter((v) => errorCount(v) < base);
      if (better.length) units = better;
    }
    for (const u of units) {
      for (const d of u.tree.rootNode.descendantsOfType('function_definition')) {
        const name = functionName(d);
        if (name && !u.defs.has(name)) u.defs.set(name, d);
      }
    }
    const p = { units, base: tree };
    this.parsed.set(path, p);
    if (this.parsed.size > CACHE_LIMIT) {
      const oldest = this.parsed.keys().next().value as string;
      this.parsed.delete(oldest);
      for (const k of [...this.cfgs.keys()]) if (k.startsWith(oldest + '#')) this.cfgs.delete(k);
    }
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
    const own = from.defs.get(name);
    if (own) return { unit: from, def: own };
    for (const path of nearestFirst(this.names.definers(name), from.file)) {
      if (path === from.file) continue;
      const p = this.parse(path);
      for (const u of p.units) {
        const d = u.defs.get(name);
        if (d) return { unit: u, def: d };
      }
    }
    return this.macro(name, from);
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

  private findMacro(name: string, from: Unit): { unit: Unit; def: SyntaxNode } | undefined {
    const re = new RegExp(`^[ \\t]*#[ \\t]*define[ \\t]+${name.replace(/[^\w]/g, '')}\\(`, 'm');
    const paths = nearestFirst(this.names.macroDefiners(name), from.file);
    for (const path of paths) {
      const f = this.files.get(path)!;
      const m = re.exec(f.text);
      if (!m) continue;
      // Token pasting builds names no parse of the body can see: such a macro is defined here but opaque.
      const text = macroAsFunction(f.text, m.index + m[0].length - name.length - 1, name, f.lang);
      if (!text) continue;
      const tree = parse(text, f.lang);
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
        for (const m of f.text.matchAll(re)) {
          const body = m[3];
          if (/\bvfork\s*\(/.test(body)) this.spawnMacroCache.set(m[1], 'vfork');
          else if (/\bfork\s*\(/.test(body)) this.spawnMacroCache.set(m[1], 'fork');
        }
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
  walkAll(paths: string[], visit: (path: string, regions: Region[], wholeFile: boolean) => void, state = new Map<string, number>(), catchUp = true): void {
    for (const p of paths) {
      if (state.has(p) || !this.relevant(p)) continue;
      state.set(p, this.wrappers.size);
      visit(p, this.regions(p), true);
    }
    if (catchUp) this.catchUp(paths, visit, state);
  }

  catchUp(paths: string[], visit: (path: string, regions: Region[], wholeFile: boolean) => void, state: Map<string, number>): void {
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

  /** Calls children make before exec (`file:offset`), program-wide: their own redirections. */
  readonly childCalls = new Set<string>();
  /** Per file: the descriptors each child dup2s or closes, and where its spawn is. */
  readonly childFdUse = new Map<string, { spawnAt: number; fnStart: number; used: Set<string> }[]>();

  private noteChildDescriptors(path: string, r: Region): void {
    const used = new Set<string>();
    for (const e of r.events) {
      if (e.type !== 'call' || e.exec !== null) continue;
      this.childCalls.add(`${e.unit.file}:${e.node.startIndex}`);
      // Descriptors the child works with: dup2/close anywhere, and any argument of its own calls (child_dup2(fdin[0], 0)).
      if (!e.chain.length || e.name === 'dup2' || e.name === 'dup3' || e.name === 'close') for (const a of args(e.node)) used.add(baseName(a));
    }
    // Helpers the child calls with them (child_dup2(fdin[0], 0)).
    for (const c of r.followed) for (const a of args(c)) used.add(baseName(a));
    const list = this.childFdUse.get(path) ?? [];
    list.push({ spawnAt: r.spawn.node.startIndex, fnStart: r.spawn.fnDef.startIndex, used });
    this.childFdUse.set(path, list);
  }

  /** Child regions of the spawn sites in the file (optionally only calls of the named wrappers). */
  regions(path: string, only?: ReadonlySet<string>): Region[] {
    const out: Region[] = [];
    const ctx = this.spawnContext();
    for (const u of this.units(path)) {
      for (const s of findSpawns(u, ctx)) {
        if (only && !only.has(s.name)) continue;
        let r: Region;
        try {
          r = new ChildWalker(this, s).run();
        } catch (e) {
          // An engine bug must not take the front ends down: the spawn is reported as not analysed.
          this.internalErrors.push({ path, message: e instanceof Error ? e.message : String(e) });
          continue;
        }
        out.push(r);
        this.noteChildDescriptors(path, r);
        const name = r.isWrapper && r.kind === 'fork' ? functionName(s.fnDef) : undefined;
        if (name && name !== 'main') this.wrappers.set(name, 'fork');
      }
    }
    if (!only) {
      for (const h of this.handlers().filter((x) => x.unit.file === path)) {
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

/** Only parse errors in (or around) code that spawns or installs handlers are worth re-parsing variants for. */
function errorsTouchSpawnCode(tree: Tree): boolean {
  for (const e of tree.rootNode.descendantsOfType('ERROR')) {
    const scope = e.closest('function_definition') ?? e;
    const text = scope.text;
    if (SPAWN_TOKENS.test(text) || HANDLER_TOKENS.test(text)) return true;
  }
  return false;
}

/**
 * Definitions closest to the caller first (the same file, then the longest
 * shared directory): in trees with per-platform variants of one function
 * (glibc's sysdeps/), the caller's own platform directory is the likely one.
 */
function nearestFirst(paths: string[], from: string): string[] {
  const shared = (p: string) => {
    if (p === from) return Infinity;
    let i = 0;
    while (i < p.length && i < from.length && p[i] === from[i]) i++;
    return p.lastIndexOf('/', i);
  };
  return [...paths].sort((a, b) => shared(b) - shared(a));
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
  const chars: string[] = text.split('').map((c) => (c === '\n' ? '\n' : ' '));
  for (let i = 0; i < head.length; i++) chars[lineStart + i] = head[i];
  for (let i = close + 1; i < end; i++) chars[i] = text[i] === '\\' ? ' ' : text[i] === '\n' ? '\n' : text[i];
  return chars.slice(0, end).join('') + ';}';
}

