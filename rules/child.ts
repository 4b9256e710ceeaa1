// The child region: what a spawned child runs, found by walking the CFG from
// the spawn call with the pid known to be 0, and into called functions.
//
// The walk records neutral events (calls, writes, how each path ends, in
// which phase — before the exec or on its failure path); the rules decide
// what is a finding. Callees are summarised once per entry phase, so a helper
// called from many places costs one walk, recursion terminates and the depth
// is bounded.
import { args, callName, declaredIdentifier, insideError, isErrnoExpr, isStaticDecl, normText, parameterNames, unwrap } from './ast';
import { valuesAssigned } from './locate';
import { pidVariable } from './spawn';
import { Cfg, CfgNode, cfgNodeContaining } from './cfg';
import { Env, NONZERO, UNKNOWN, Value, ZERO, carriesSpawnValue, evalValue, truth } from './eval';
import type { FunctionInfo } from './kb';
import { type SyntaxNode, noForkOnly } from './parse';
import { type Config, armTaken, configOf, withFork } from './preproc';
import { Ownership, type Scope } from './ownership';
import { type BindingLookups, type PointerBinds, bindsKey, boundCallee, pointerArgs } from './pointer-args';
import type { Unit } from './unit';

export type RegionKind = 'fork' | 'vfork' | 'clone' | 'clone-vm'
  /** A signal handler's body (the "spawn" is the installing call). */
  | 'handler'
  /** A pthread_atfork child handler: runs in the child of every fork. */
  | 'atfork-child';

export interface CallSite {
  unit: Unit;
  node: SyntaxNode;
  name: string;
}

export interface ExecRef {
  unit: Unit;
  node: SyntaxNode;
  name: string;
  chain: CallSite[];
}

interface EventBase {
  unit: Unit;
  node: SyntaxNode;
  /** Calls from the spawning function down to the function the event is in. */
  chain: CallSite[];
  /** The exec whose failure path this is, or null before any exec. */
  exec: ExecRef | null;
  inError: boolean;
  /**
   * Before any exec (exec === null), calls and ends of the child: whether an
   * exec can still follow — for a way out of the child (exit, return), whether
   * the check it answers has an exec on its other side. A child that execs on
   * one path only (a daemon re-exec'ing itself on one platform) runs the rest
   * as the program carrying on.
   */
  reachesExec?: boolean;
}

export interface CallEvent extends EventBase {
  type: 'call';
  /** The called name as written (`std::string` for a construction, `operator new` for new). */
  name: string;
  info?: FunctionInfo;
  /** No definition, no knowledge-base entry: another library's API or a call through a pointer. */
  unknown: boolean;
}

export type WriteClass = 'shared-local' | 'global' | 'static' | 'pointer';

export interface WriteEvent extends EventBase {
  type: 'write';
  /** In code the parent also runs after the spawn (it redoes the write when it resumes). */
  shared: boolean;
  target: SyntaxNode;
  cls: WriteClass;
  /** The variable written, as text. */
  what: string;
}

export type EndHow = 'return' | 'falloff' | 'into-parent' | 'wrapper-return' | 'throw';

export interface EndEvent extends EventBase {
  type: 'end';
  how: EndHow;
  /** The function being left is main(). */
  inMain: boolean;
}

/** errno stored somewhere: the error-report protocol (`*err = errno`, `saved = errno`). */
export interface ErrnoStoreEvent extends EventBase {
  type: 'errno-store';
  /** The place written, as text. */
  what: string;
  /** Where it lives, when the parent can see it. */
  cls?: WriteClass;
}

export type ChildEvent = CallEvent | WriteEvent | EndEvent | ErrnoStoreEvent;

export interface Spawn {
  unit: Unit;
  /** The spawn call (or the conditional expression choosing fork or vfork). */
  node: SyntaxNode;
  name: string;
  kind: RegionKind;
  /** The function containing the spawn (for clone: the function passed in is the child). */
  fnDef: SyntaxNode;
  /** For clone: the child function. */
  childFn?: { unit: Unit; def: SyntaxNode };
  /** For a call of a spawn wrapper: the wrapper's own spawn. */
  via?: Spawn;
}

export interface Region {
  spawn: Spawn;
  kind: RegionKind;
  events: ChildEvent[];
  /** Every exec the child may make. */
  execs: ExecRef[];
  /** The spawning function returns the pid to its callers (a spawn wrapper). */
  isWrapper: boolean;
  /** Calls the child makes, in the spawning function, into functions defined in the program (followed, so not events). */
  followed: SyntaxNode[];
}

/** What the walker needs from the program. */
export interface Resolver {
  kb(name: string): FunctionInfo | undefined;
  /** A function (or function-like macro, parsed as a function) defined in the program. */
  definition(name: string, from: Unit): { unit: Unit; def: SyntaxNode } | undefined;
  /** A `static` function of `unit`'s own file named `name`, outside any conditional: it shadows the library's function of that name there. */
  staticHere(name: string, unit: Unit): boolean;
  cfg(unit: Unit, def: SyntaxNode): Cfg;
  /** Declared noreturn somewhere in the program (attribute, _Noreturn, [[noreturn]]). */
  declaredNoreturn(name: string): boolean;
  isMain(def: SyntaxNode): boolean;
  /** For binding a callee's function-pointer parameters to what a call passes (pointer-args.ts). */
  bindings: BindingLookups;
  /** `(EMACS_INT) (x)`: a cast to a typedef'd type, which parses as a call. */
  isCast(call: SyntaxNode, unit: Unit): boolean;
  /** A variable (or object-like macro) the unit's file sees at file scope, or a C library data object. */
  seesVariable(name: string, unit: Unit): boolean;
  maxDepth: number;
}

// C++ types whose construction allocates (std::string s = "x" runs operator new).
const ALLOCATING_STD_TYPE = /^(std::)?(basic_)?(string|wstring|u8string|u16string|u32string|vector|list|deque|map|multimap|set|multiset|unordered_map|unordered_set|unordered_multimap|unordered_multiset|ostringstream|istringstream|stringstream|ofstream|ifstream|fstream|function|shared_ptr|unique_ptr|regex|thread|jthread|future|promise)\b/;
const STREAM = /^(std::)?(cout|cerr|clog|wcout|wcerr|wclog)$/;

interface Frame {
  unit: Unit;
  cfg: Cfg;
  chain: CallSite[];
  depth: number;
  /** Only the spawning function knows the pid and what the parent reaches. */
  top?: {
    env: Env;
    parentReach: Set<number>;
    spawnStart: number;
    spawnIndex: number;
    cloneChild: boolean;
  };
  locals: LocalScope;
  /** Parameters the caller passed memory only the child can reach in (ownership.ts). */
  owned?: ReadonlySet<string>;
  /** Parameters the call gave a constant, which the callee never assigns (emacs_full_write's `interruptible` = 0). */
  constParams?: ReadonlyMap<string, Value>;
  /** Function-pointer parameters the callee calls, bound to the function the call passed (atomicio's `f` = write). */
  ptrs?: PointerBinds;
  /** The node being evaluated is one the parent also runs after the spawn. */
  inShared?: boolean;
  env?: Env;
}

type Phase = ExecRef | null;
type Exit = { kind: 'same' } | { kind: 'exec'; exec: ExecRef };

interface Summary {
  exits: Exit[];
  events: ChildEvent[];
}

/**
 * Where a local variable of a function is declared, for write classification;
 * found on the first lookup, once per function (kept with its CFG).
 */
class LocalScope {
  private decls?: Map<string, { index: number; isStatic: boolean; isArray: boolean }[]>;
  constructor(private readonly def: SyntaxNode) {}

  private find(): Map<string, { index: number; isStatic: boolean; isArray: boolean }[]> {
    this.decls = new Map();
    const def = this.def;
    const params = def.descendantsOfType('parameter_declaration');
    for (const p of params) {
      const id = declaredIdentifier(p.childForFieldName('declarator'));
      if (id) this.add(id, p.startIndex, false, false);
    }
    const body = def.childForFieldName('body');
    if (!body) return this.decls;
    for (const d of body.descendantsOfType('declaration')) {
      const isStatic = isStaticDecl(d);
      for (const decl of d.childrenForFieldName('declarator')) {
        const id = declaredIdentifier(decl);
        const isArray = innermostDeclarator(decl)?.type === 'array_declarator';
        if (id) this.add(id, decl.startIndex, isStatic, isArray);
      }
    }
    return this.decls;
  }
  private add(name: string, index: number, isStatic: boolean, isArray: boolean) {
    const list = this.decls!.get(name) ?? [];
    list.push({ index, isStatic, isArray });
    this.decls!.set(name, list);
  }
  /** The nearest declaration before `at` (an approximation of C's block scoping). */
  lookup(name: string, at: number) {
    const list = (this.decls ?? this.find()).get(name);
    if (!list) return undefined;
    let best: { index: number; isStatic: boolean; isArray: boolean } | undefined;
    for (const d of list) if (d.index <= at && (!best || d.index > best.index)) best = d;
    return best ?? list[0];
  }
}

/**
 * The value the child last gave the spawning function's variable `name` before `at`, in a block
 * that holds `at` (`li = chansess_login_alloc(…); login_login(li);`): on every way to `at`, it holds that.
 */
function assignedInChild(f: Frame, name: string, spawnIndex: number, at: number): SyntaxNode | undefined {
  const last = valuesAssigned(f.unit, name, f.cfg.def).filter((v) => v.startIndex > spawnIndex && v.endIndex <= at).pop();
  if (!last) return undefined;
  // The statement holding it must sit directly in that block: not a branch's (`if (x) p = alloc();`).
  let st: SyntaxNode = last;
  while (st.parent && st.type !== 'expression_statement' && st.type !== 'declaration') st = st.parent;
  const block = st.parent;
  return block?.type === 'compound_statement' && block.startIndex <= at && at < block.endIndex ? last : undefined;
}

const scopes = new WeakMap<Cfg, LocalScope>();
function localsOf(cfg: Cfg, def: SyntaxNode): LocalScope {
  let s = scopes.get(cfg);
  if (!s) scopes.set(cfg, (s = new LocalScope(def)));
  return s;
}

export class ChildWalker {
  private events: ChildEvent[] = [];
  private execs = new Map<string, ExecRef>();
  private summaries = new Map<string, Summary>();
  private onStack = new Set<string>();
  private isWrapper = false;
  private followed: SyntaxNode[] = [];
  /** The preprocessor arms the spawn is in. */
  private config?: Config;
  private ownership = new Ownership({
    kb: (n) => this.res.kb(n),
    definition: (n, u) => this.res.definition(n, u),
    scopeOf: (unit, def) => {
      const locals = localsOf(this.res.cfg(unit, def), def);
      const mine = (name: string) => {
        const l = locals.lookup(name, def.endIndex);
        return l && !l.isStatic ? l : undefined;
      };
      return { unit, def, childLocal: (name) => !!mine(name), childArray: (name) => !!mine(name)?.isArray };
    },
  });

  constructor(private readonly res: Resolver, private readonly spawn: Spawn) {}

  run(): Region {
    const s = this.spawn;
    if (s.childFn) {
      // clone(fn, ...): the child is fn, entered from the top; returning ends the child.
      const cfg = this.res.cfg(s.childFn.unit, s.childFn.def);
      const frame: Frame = {
        unit: s.childFn.unit, cfg, chain: [{ unit: s.unit, node: s.node, name: s.name }], depth: 1,
        locals: localsOf(cfg, s.childFn.def),
        // A signal handler is entered with its signal's number, never 0 (`if (signo) _exit(1); exit(1);`:
        // the exit() is for direct calls only).
        top: { env: s.kind === 'handler' ? { value: NONZERO, pidVar: parameterNames(s.childFn.def)[0] } : { value: UNKNOWN }, parentReach: new Set(), spawnStart: cfg.entry, spawnIndex: -1, cloneChild: true },
      };
      this.walk(frame, [{ node: cfg.entry, phase: null, entered: true }], this.events);
    } else {
      const cfg = this.res.cfg(s.unit, s.fnDef);
      const start = cfgNodeContaining(cfg, s.node);
      if (!start) return this.region();
      const env = spawnEnv(s.node);
      const parentReach = this.reach(cfg, start, { ...env, value: NONZERO });
      const frame: Frame = {
        unit: s.unit, cfg, chain: [], depth: 0, locals: localsOf(cfg, s.fnDef),
        top: { env: { ...env, value: ZERO }, parentReach, spawnStart: start.id, spawnIndex: s.node.startIndex, cloneChild: false },
      };
      this.walk(frame, this.afterSpawn(frame, start, null), this.events);
    }
    return this.region();
  }

  private region(): Region {
    const execs = [...this.execs.values()];
    this.markReachesExec(execs);
    return { spawn: this.spawn, kind: this.spawn.kind, events: this.events, execs, isWrapper: this.isWrapper, followed: this.followed };
  }

  /**
   * Marks the calls made before any exec with whether an exec can follow
   * them: judged in the child's own function (the spawning one, or clone's
   * child), from the statement holding the call (or the call into the
   * helper holding it) to a statement holding an exec (or a call leading to one).
   */
  private markReachesExec(execs: ExecRef[]): void {
    const s = this.spawn;
    const top = s.childFn ? { unit: s.childFn.unit, def: s.childFn.def, depth: 1 } : { unit: s.unit, def: s.fnDef, depth: 0 };
    const cfg = this.res.cfg(top.unit, top.def);
    const at = (node: SyntaxNode, chain: CallSite[]) => cfgNodeContaining(cfg, chain.length > top.depth ? chain[top.depth].node : node)?.id;
    const reaching = new Set<number>();
    for (const x of execs) {
      const id = at(x.node, x.chain);
      if (id !== undefined) reaching.add(id);
    }
    // Backwards over the CFG's edges: a node reaches an exec if a successor does.
    const preds = new Map<number, number[]>();
    for (const n of cfg.nodes) for (const t of n.succ) preds.set(t, [...(preds.get(t) ?? []), n.id]);
    const work = [...reaching];
    while (work.length) {
      for (const p of preds.get(work.pop()!) ?? []) {
        if (!reaching.has(p)) {
          reaching.add(p);
          work.push(p);
        }
      }
    }
    for (const e of this.events) {
      if ((e.type !== 'call' && e.type !== 'end') || e.exec !== null) continue;
      const anchor = e.chain.length > top.depth ? e.chain[top.depth].node : e.node;
      const id = at(e.node, e.chain);
      if (id === undefined || reaching.has(id)) {
        e.reachesExec = true;
        continue;
      }
      // `if (dup2(fd, 1) < 0) exit(1); execv(...)`: the exit answers a check made on the way to the exec.
      const leaves = e.type === 'end' || e.info?.noreturn !== undefined;
      const check = leaves ? enclosingCheck(anchor, top.def) : undefined;
      const checkId = check && cfgNodeContaining(cfg, check)?.id;
      e.reachesExec = checkId !== undefined && reaching.has(checkId);
    }
  }

  /** The successors of the spawn's own CFG node, in the child. */
  private afterSpawn(f: Frame, start: CfgNode, phase: Phase): WorkItem[] {
    const env = f.top!.env;
    switch (start.kind) {
      case 'branch': {
        const t = truth(evalValue(start.ast!, env));
        const succ = t === undefined ? start.succ : [start.succ[t ? 0 : 1]];
        return succ.map((n) => ({ node: n, phase, entered: false }));
      }
      case 'switch':
        return switchTargets(start, evalValue(start.ast!, env)).map((n) => ({ node: n, phase, entered: false }));
      case 'return':
        if (carriesSpawnValue(returnValue(start.ast!) ?? start.ast!, env)) {
          this.end(f, 'wrapper-return', start.ast!, phase, this.events, false);
          return [];
        }
        return start.succ.map((n) => ({ node: n, phase, entered: false }));
      default:
        return start.succ.map((n) => ({ node: n, phase, entered: false }));
    }
  }

  /** CFG nodes the parent reaches after the spawn (no events; only noreturn calls end its paths). */
  private reach(cfg: Cfg, start: CfgNode, env: Env): Set<number> {
    const seen = new Set<number>([start.id]);
    const work: number[] = [];
    const push = (ids: number[]) => { for (const id of ids) if (!seen.has(id)) { seen.add(id); work.push(id); } };
    if (start.kind === 'branch') {
      const t = truth(evalValue(start.ast!, env));
      push(t === undefined ? start.succ : [start.succ[t ? 0 : 1]]);
    } else if (start.kind === 'switch') push(switchTargets(start, evalValue(start.ast!, env)));
    else if (start.kind !== 'return') push(this.arms(start));
    while (work.length) {
      const n = cfg.nodes[work.pop()!];
      if (n.kind === 'return' || n.kind === 'throw' || n.kind === 'exit') continue;
      if (n.ast && n.kind === 'stmt' && this.endsProcess(n.ast)) continue;
      if (n.kind === 'branch') {
        const t = truth(evalValue(n.ast!, env));
        push(t === undefined ? n.succ : [n.succ[t ? 0 : 1]]);
      } else if (n.kind === 'switch') push(switchTargets(n, evalValue(n.ast!, env)));
      else push(this.arms(n));
    }
    return seen;
  }

  /** A node's successors; of a preprocessor conditional, the arm the spawn's configuration compiles (when it says). */
  private arms(n: CfgNode): number[] {
    if (!n.preproc) return n.succ;
    this.config ??= withFork(configOf(this.spawn.node));
    const arm = armTaken(n.preproc, this.config);
    return arm === undefined ? n.succ : [n.succ[arm]];
  }

  private endsProcess(stmt: SyntaxNode): boolean {
    const e = stmt.type === 'expression_statement' ? stmt.namedChild(0) : undefined;
    if (!e || e.type !== 'call_expression') return false;
    const name = callName(e);
    if (!name) return false;
    const info = this.res.kb(name);
    if (info?.noreturn && info.noreturn.kind !== 'nonlocal-jump') return true;
    return !info && this.res.declaredNoreturn(name);
  }

  private walk(f: Frame, initial: WorkItem[], sink: ChildEvent[]): Exit[] {
    const exits: Exit[] = [];
    const seen = new Set<string>();
    const work = [...initial];
    const key = (w: WorkItem) => `${w.node}|${w.phase ? w.phase.node.startIndex + ':' + w.phase.unit.key : '-'}|${w.entered ? 1 : 0}`;
    const addExit = (phase: Phase, entryPhase: Phase) => {
      if (phase === entryPhase) exits.push({ kind: 'same' });
      else if (phase) exits.push({ kind: 'exec', exec: phase });
    };
    const entryPhase = initial[0]?.phase ?? null;
    while (work.length) {
      const w = work.pop()!;
      const k = key(w);
      if (seen.has(k)) continue;
      seen.add(k);
      const n = f.cfg.nodes[w.node];
      let entered = w.entered;
      if (f.top && !f.top.cloneChild) {
        if (f.top.parentReach.has(n.id)) {
          if (entered) {
            this.end(f, 'into-parent', n.ast ?? this.spawn.node, w.phase, sink, n.inError ?? false);
            continue;
          }
        } else entered = true;
      }
      const next = (ids: number[], phase: Phase) => { for (const id of ids) work.push({ node: id, phase, entered }); };
      f.inShared = !!f.top && !f.top.cloneChild && !entered;
      switch (n.kind) {
        case 'entry':
        case 'nondet':
          next(this.arms(n), w.phase);
          break;
        case 'exit':
          if (f.top && !f.top.cloneChild) this.end(f, 'falloff', lastLine(f.cfg.def), w.phase, sink, false);
          else addExit(w.phase, entryPhase);
          break;
        case 'stmt': {
          const r = this.evalStmt(f, n, w.phase, sink);
          if (r.continues) next(n.succ, r.phase);
          break;
        }
        case 'return': {
          const value = returnValue(n.ast!);
          const r = value ? this.evalExpr(f, value, { phase: w.phase, inError: !!n.inError }, sink) : { continues: true, phase: w.phase };
          if (!r.continues) break;
          if (f.top && !f.top.cloneChild) {
            const wrapper = !!value && carriesSpawnValue(value, f.top.env) && r.phase === null;
            this.end(f, wrapper ? 'wrapper-return' : 'return', n.ast!, r.phase, sink, !!n.inError);
          } else addExit(r.phase, entryPhase);
          break;
        }
        case 'throw': {
          const r = this.evalStmt(f, n, w.phase, sink);
          if (r.continues && f.top && !f.top.cloneChild) this.end(f, 'throw', n.ast!, r.phase, sink, !!n.inError);
          break;
        }
        case 'branch': {
          const r = this.evalExpr(f, n.ast!, { phase: w.phase, inError: !!n.inError }, sink);
          if (!r.continues) break;
          const t = truth(evalValue(n.ast!, this.envOf(f)));
          next(t === undefined ? n.succ : [n.succ[t ? 0 : 1]], r.phase);
          break;
        }
        case 'switch': {
          const r = this.evalExpr(f, n.ast!, { phase: w.phase, inError: !!n.inError }, sink);
          if (!r.continues) break;
          next(f.top ? switchTargets(n, evalValue(n.ast!, f.top.env)) : n.succ, r.phase);
          break;
        }
      }
    }
    return exits;
  }

  /** What is known while evaluating in this frame: the pid (spawning function only), and that a returning exec failed. */
  private envOf(f: Frame): Env {
    const base: Env = f.top?.env ?? { value: UNKNOWN, known: f.constParams };
    if (!f.env) f.env = { ...base, callValue: (c) => (this.res.kb(callName(c) ?? '')?.exec ? { k: 'num', v: -1 } : undefined) };
    return f.env;
  }

  private end(f: Frame, how: EndHow, node: SyntaxNode, phase: Phase, sink: ChildEvent[], inError: boolean) {
    if (how === 'wrapper-return') this.isWrapper = true;
    sink.push({ type: 'end', how, node, unit: f.unit, chain: f.chain, exec: phase, inError, inMain: this.res.isMain(f.cfg.def) });
  }

  private evalStmt(f: Frame, n: CfgNode, phase: Phase, sink: ChildEvent[]) {
    return this.evalExpr(f, n.ast!, { phase, inError: !!n.inError }, sink);
  }

  /** Evaluates an expression or simple statement in order, emitting events; short-circuits on known values. */
  private evalExpr(f: Frame, node: SyntaxNode, st: { phase: Phase; inError: boolean }, sink: ChildEvent[]): { continues: boolean; phase: Phase } {
    let phase = st.phase;
    const inError = st.inError || node.type === 'ERROR';
    const env = this.envOf(f);
    const known = (e: SyntaxNode) => truth(evalValue(e, env));
    const visit = (e: SyntaxNode): boolean => {
      // `&& ! strnicmp (…)` between `#ifdef WINDOWSNT` lines inside an expression: no fork build's.
      if ((e.type === 'call_expression' || e.type === 'assignment_expression' || e.type === 'update_expression') && noForkOnly(f.unit, e)) return true;
      switch (e.type) {
        case 'call_expression': {
          for (const a of args(e)) if (!visit(a)) return false;
          const fn = e.childForFieldName('function');
          if (fn && fn.type !== 'identifier' && fn.type !== 'qualified_identifier' && !visit(fn)) return false;
          const r = this.call(f, e, phase, inError, sink);
          if (!r.continues) return false;
          phase = r.phase;
          return true;
        }
        case 'binary_expression': {
          const op = e.childForFieldName('operator')?.text;
          const left = e.childForFieldName('left')!;
          const right = e.childForFieldName('right')!;
          if (op === '<<' && STREAM.test(normText(unwrap(leftmost(left))))) {
            this.emitCall(f, e, 'std::cout', phase, inError, sink);
          }
          if (!visit(left)) return false;
          const lt = known(left);
          if ((op === '&&' && lt === false) || (op === '||' && lt === true)) return true;
          return visit(right);
        }
        case 'conditional_expression': {
          const c = e.childForFieldName('condition')!;
          if (!visit(c)) return false;
          const t = known(c);
          const cons = e.childForFieldName('consequence');
          const alt = e.childForFieldName('alternative');
          if (t === true) return cons ? visit(cons) : true;
          if (t === false) return alt ? visit(alt) : true;
          const a = cons ? visit(cons) : true;
          const b = alt ? visit(alt) : true;
          return a || b;
        }
        case 'assignment_expression': {
          const right = e.childForFieldName('right')!;
          if (!visit(right)) return false;
          const left = e.childForFieldName('left')!;
          this.write(f, e, left, right, phase, inError, sink);
          return visitChildrenOf(left);
        }
        case 'update_expression': {
          const a = e.childForFieldName('argument')!;
          this.write(f, e, a, undefined, phase, inError, sink);
          return true;
        }
        case 'new_expression':
          this.emitCall(f, e, 'operator new', phase, inError, sink);
          return visitChildren(e);
        case 'delete_expression':
          this.emitCall(f, e, 'operator delete', phase, inError, sink);
          return visitChildren(e);
        case 'declaration': {
          const type = e.childForFieldName('type');
          const typeText = type ? normText(type) : '';
          for (const d of e.childrenForFieldName('declarator')) {
            const value = d.type === 'init_declarator' ? d.childForFieldName('value') : null;
            if (value && !visit(value)) return false;
            const id = value && isErrnoExpr(value) ? declaredIdentifier(d) : undefined;
            if (id) sink.push({ type: 'errno-store', node: d, what: id, unit: f.unit, chain: f.chain, exec: phase, inError });
            if (f.unit.lang === 'cpp' && ALLOCATING_STD_TYPE.test(typeText) && typeText.startsWith('std::')) {
              this.emitCall(f, d, typeText.replace(/<.*$/, ''), phase, inError, sink);
            }
          }
          return true;
        }
        case 'sizeof_expression':
        case 'alignof_expression':
        case 'lambda_expression':
        case 'string_literal':
        case 'concatenated_string':
        case 'comment':
          return true;
        case 'throw_statement':
          // The throw is the problem; the exception object's construction is part of it.
          this.emitCall(f, e, 'throw', phase, inError, sink);
          return true;
        default:
          return visitChildren(e);
      }
    };
    const visitChildren = (e: SyntaxNode): boolean => {
      for (const c of e.namedChildren) if (!visit(c)) return false;
      return true;
    };
    // The written place itself is not evaluated as a read, but index expressions are.
    const visitChildrenOf = (left: SyntaxNode): boolean => {
      if (left.type === 'subscript_expression') {
        const idx = left.childForFieldName('index') ?? left.childForFieldName('indices');
        return idx ? visit(idx) : true;
      }
      return true;
    };
    const continues = visit(node);
    return { continues, phase };
  }

  private emitCall(f: Frame, node: SyntaxNode, name: string, phase: Phase, inError: boolean, sink: ChildEvent[], info?: FunctionInfo, unknown = false) {
    sink.push({ type: 'call', name, node, unit: f.unit, chain: f.chain, exec: phase, inError: inError || insideError(node), info: info ?? this.res.kb(name), unknown });
  }

  private call(f: Frame, call: SyntaxNode, phase: Phase, inError: boolean, sink: ChildEvent[]): { continues: boolean; phase: Phase } {
    if (f.top && f.depth === 0 && call.startIndex === this.spawn.node.startIndex && call.endIndex === this.spawn.node.endIndex) {
      return { continues: true, phase };
    }
    const bound = boundCallee(call, f.ptrs);
    if (bound === undefined && this.res.isCast(call, f.unit)) return { continues: true, phase };
    const name = bound === undefined ? callName(call) : bound ?? undefined;
    if (!name) {
      // C: a call through a function pointer. C++ member calls are not reported: the object's type is unknown here.
      const fn = call.childForFieldName('function');
      // A pointer named for exec (glibc's `args->exec`, a `spawn->execfn`) holds an exec function.
      if (fn && /(^|[.>_])exec\w*$/i.test(normText(fn))) {
        const ref: ExecRef = { unit: f.unit, node: call, name: normText(fn), chain: f.chain };
        this.execs.set(`${f.unit.key}:${call.startIndex}`, ref);
        return { continues: true, phase: ref };
      }
      if (f.unit.lang === 'c' || fn?.type !== 'field_expression') {
        this.emitCall(f, call, normText(fn ?? call), phase, inError, sink, undefined, true);
      }
      return { continues: true, phase };
    }
    // glibc's timer code calls its own static init_module(), not the kernel-module one.
    const info = this.res.kb(name);
    if (info && !this.res.staticHere(name, f.unit)) {
      this.emitCall(f, call, name, phase, inError, sink, info);
      if (info.exec || isExecSyscall(call, name)) {
        const ref: ExecRef = { unit: f.unit, node: call, name, chain: f.chain };
        this.execs.set(`${f.unit.key}:${call.startIndex}`, ref);
        return { continues: true, phase: ref };
      }
      if (info.noreturn && info.noreturn.kind !== 'thread-exit' && !info.noreturn.conditional) {
        if (info.noreturn.kind === 'nonlocal-jump' && f.top && !f.top.cloneChild) {
          sink.push({ type: 'end', how: 'return', node: call, unit: f.unit, chain: f.chain, exec: phase, inError, inMain: false });
        }
        return { continues: false, phase };
      }
      return { continues: true, phase };
    }
    const def = this.res.definition(name, f.unit);
    if (def && f.depth === 0 && phase === null) this.followed.push(call);
    if (def && f.depth < this.res.maxDepth) {
      const site: CallSite = { unit: f.unit, node: call, name };
      const given = args(call);
      const params = parameterNames(def.def);
      const owned = new Set(params.filter((_, i) => given[i] && this.ownership.owned(this.scope(f, call.startIndex), given[i])));
      const ptrs = pointerArgs(def, call, f.unit, f.ptrs, this.res.bindings, params);
      const s = this.summary(def.unit, def.def, phase, [...f.chain, site], f.depth + 1, owned, this.constantArgs(f, def, params, given), ptrs);
      if (!s) return { continues: true, phase }; // recursion: assume it returns
      // Events inside the callee carry their own chain.
      for (const e of s.events) sink.push(e);
      // Declared noreturn, it does not return, whatever its body seems to do (dropbear_exit() ends in a
      // call through a pointer, itself declared ATTRIB_NORETURN): the compiler takes that promise too.
      if (!s.exits.length || this.res.declaredNoreturn(name)) return { continues: false, phase };
      // Several ways out: keep the path with the exec if any (its failure path matters).
      const viaExec = s.exits.find((x) => x.kind === 'exec') as { kind: 'exec'; exec: ExecRef } | undefined;
      return { continues: true, phase: viaExec ? viaExec.exec : phase };
    }
    if (def) return { continues: true, phase };
    this.emitCall(f, call, name, phase, inError, sink, undefined, true);
    if (this.res.declaredNoreturn(name)) return { continues: false, phase };
    return { continues: true, phase };
  }

  private summary(unit: Unit, def: SyntaxNode, phase: Phase, chain: CallSite[], depth: number, owned: ReadonlySet<string>, consts: ReadonlyMap<string, Value>, ptrs: PointerBinds): Summary | undefined {
    const k = `${unit.key}:${def.startIndex}|${phase ? 'post' : 'pre'}|${[...owned].join(',')}|${[...consts].map(([p, v]) => `${p}=${v.k === 'num' ? v.v : '?'}`).join(',')}${bindsKey(ptrs)}`;
    const memo = this.summaries.get(k);
    if (memo) return { exits: memo.exits, events: [] }; // its events were recorded the first time
    if (this.onStack.has(k)) return undefined;
    this.onStack.add(k);
    const cfg = this.res.cfg(unit, def);
    const frame: Frame = { unit, cfg, chain, depth, locals: localsOf(cfg, def), owned, constParams: consts, ptrs };
    const events: ChildEvent[] = [];
    const exits = this.walk(frame, [{ node: cfg.entry, phase, entered: true }], events);
    this.onStack.delete(k);
    const s = { exits, events };
    this.summaries.set(k, s);
    return s;
  }

  private write(f: Frame, node: SyntaxNode, target: SyntaxNode, value: SyntaxNode | undefined, phase: Phase, inError: boolean, sink: ChildEvent[]) {
    const t = unwrap(target);
    const cls = this.classify(f, t, node.startIndex);
    if (value && isErrnoExpr(value)) {
      // The error-report protocol, not a write the parent is owed: errno into shared memory or a local to send.
      sink.push({ type: 'errno-store', node, what: normText(t), cls, unit: f.unit, chain: f.chain, exec: phase, inError: inError || insideError(node) });
      return;
    }
    if (!cls) return;
    sink.push({ type: 'write', node, target: t, cls, what: normText(t), unit: f.unit, chain: f.chain, exec: phase, inError: inError || insideError(node), shared: !!f.inShared });
  }

  /** The callee's parameters this call gives a constant (a literal, or a value known here), left out if the callee assigns them. */
  private constantArgs(f: Frame, def: { unit: Unit; def: SyntaxNode }, params: string[], given: SyntaxNode[]): ReadonlyMap<string, Value> {
    const out = new Map<string, Value>();
    const body = def.def.childForFieldName('body')?.text ?? '';
    for (let i = 0; i < params.length && i < given.length; i++) {
      const v = evalValue(given[i], this.envOf(f));
      if (v.k !== 'num') continue;
      const p = params[i];
      if (new RegExp(`(\\+\\+|--)\\s*${p}\\b|\\b${p}\\s*([-+*/%&|^]?=(?!=)|\\+\\+|--)|&\\s*${p}\\b`).test(body)) continue;
      out.set(p, v);
    }
    return out;
  }

  /** Frame f at `at`, for ownership.ts. */
  private scope(f: Frame, at: number): Scope {
    const mine = (name: string) => {
      const d = f.locals.lookup(name, at);
      return d && !d.isStatic && !(f.top && !f.top.cloneChild && d.index < f.top.spawnIndex) ? d : undefined;
    };
    return {
      unit: f.unit,
      def: f.cfg.def,
      ownedParams: f.owned,
      childLocal: (name) => !!mine(name),
      childArray: (name) => !!mine(name)?.isArray,
      assignedHere: f.top && !f.top.cloneChild ? (name) => assignedInChild(f, name, f.top!.spawnIndex, at) : undefined,
    };
  }

  /** A write through pointer `p` (`p->x`, `p[i]`, `*p`) into memory only the child can reach is not shared. */
  private throughOwned(f: Frame, p: SyntaxNode, at: number): boolean {
    let b = unwrap(p);
    // `*d++ = c`, `*(d + n) = c`: pointer arithmetic stays in the object d points into.
    while (b.type === 'update_expression' || (b.type === 'binary_expression' && /^[+-]$/.test(b.childForFieldName('operator')?.text ?? ''))) {
      b = unwrap(b.type === 'update_expression' ? b.childForFieldName('argument')! : b.childForFieldName('left')!);
    }
    if (b.type === 'field_expression') return this.ownership.insideOwned(this.scope(f, at), b); // `ut->ut_addr_v6[0]` of the child's own record
    return b.type === 'identifier' && this.ownership.ownedVariable(this.scope(f, at), b.text);
  }

  /** The pointer `t` writes through is a name declared nowhere the code can see: that code cannot compile, and runs in no build. */
  private undeclared(f: Frame, t: SyntaxNode, at: number): boolean {
    let b = unwrap(t);
    while (b.type === 'field_expression' || b.type === 'subscript_expression' || b.type === 'pointer_expression') b = unwrap(b.childForFieldName('argument') ?? b);
    return b.type === 'identifier' && !f.locals.lookup(b.text, at) && !this.res.seesVariable(b.text, f.unit);
  }

  private classify(f: Frame, t: SyntaxNode, at: number): WriteClass | undefined {
    const text = normText(t);
    if (text === 'errno') return undefined;
    if (f.top?.env.pidVar !== undefined && text === f.top.env.pidVar) return undefined;
    switch (t.type) {
      case 'identifier': {
        const d = f.locals.lookup(t.text, at);
        if (!d) return 'global';
        if (d.isStatic) return 'static';
        // Only the spawning function's frame is shared with the parent.
        if (f.top && !f.top.cloneChild && d.index < f.top.spawnIndex) return 'shared-local';
        return undefined;
      }
      case 'field_expression': {
        const op = t.child(1)?.text;
        if (op === '->') return this.throughOwned(f, t.childForFieldName('argument')!, at) || this.undeclared(f, t, at) ? undefined : 'pointer';
        return this.classify(f, unwrap(t.childForFieldName('argument')!), at);
      }
      case 'subscript_expression': {
        const base = unwrap(t.childForFieldName('argument')!);
        if (base.type === 'identifier') {
          const d = f.locals.lookup(base.text, at);
          if (d && d.isArray) return this.classify(f, base, at);
          if (!d) return 'global';
        }
        return this.throughOwned(f, base, at) || this.undeclared(f, t, at) ? undefined : 'pointer';
      }
      case 'pointer_expression':
        return this.throughOwned(f, t.childForFieldName('argument')!, at) || this.undeclared(f, t, at) ? undefined : 'pointer';
      default:
        return undefined;
    }
  }
}

/** The condition of the nearest if, loop or switch around `node` inside `def`. */
function enclosingCheck(node: SyntaxNode, def: SyntaxNode): SyntaxNode | undefined {
  for (let p = node.parent; p && p.startIndex >= def.startIndex && p.endIndex <= def.endIndex; p = p.parent) {
    if (p.type === 'if_statement' || p.type === 'while_statement' || p.type === 'switch_statement' || p.type === 'do_statement' || p.type === 'for_statement') {
      return p.childForFieldName('condition') ?? p;
    }
  }
  return undefined;
}

/** The declarator closest to the identifier: `*a[5]` is an array, `(*p)[5]` a pointer. */
function innermostDeclarator(d: SyntaxNode): SyntaxNode | undefined {
  let last: SyntaxNode | undefined;
  let cur: SyntaxNode | null = d;
  while (cur && cur.type !== 'identifier') {
    if (cur.type !== 'init_declarator' && cur.type !== 'parenthesized_declarator') last = cur;
    cur = cur.childForFieldName('declarator') ?? (cur.type === 'parenthesized_declarator' ? cur.namedChild(0) : null);
  }
  return last;
}

interface WorkItem {
  node: number;
  phase: Phase;
  /** The path has left the code the parent also runs. */
  entered: boolean;
}

function leftmost(n: SyntaxNode): SyntaxNode {
  while (n.type === 'binary_expression') n = n.childForFieldName('left')!;
  return n;
}

function returnValue(ret: SyntaxNode): SyntaxNode | undefined {
  return ret.namedChildren.find((c) => c.type !== 'comment') ?? undefined;
}

function lastLine(def: SyntaxNode): SyntaxNode {
  const body = def.childForFieldName('body');
  return body?.lastChild ?? def;
}

function isExecSyscall(call: SyntaxNode, name: string): boolean {
  if (name !== 'syscall') return false;
  const a = args(call)[0];
  return !!a && /^(SYS|__NR)_execve(at)?$/.test(a.text);
}

function switchTargets(n: CfgNode, v: Value): number[] {
  const cases = n.cases ?? [];
  if (v.k === 'num') {
    const hit = cases.find((c) => c.value === v.v);
    if (hit) return [hit.to, ...cases.filter((c) => c.value === 'unknown').map((c) => c.to)];
    return cases.filter((c) => c.value === 'default' || c.value === 'unknown').map((c) => c.to);
  }
  if (v.k === 'nz') return cases.filter((c) => c.value !== 0).map((c) => c.to);
  return n.succ;
}


function spawnEnv(spawn: SyntaxNode): Env {
  return { spawn, pidVar: pidVariable(spawn), value: UNKNOWN };
}
