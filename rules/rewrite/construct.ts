// The parent's side of the rewrite: the statement that spawns, the pid
// variable, which branch of the if/switch after it is the child's and which
// the parent's error branch — read by evaluating each test with the pid known
// to be 0 (child), -1 (failed spawn) and a pid (parent), so `if (!pid)`,
// `if ((pid = fork()) < 0) … else if (pid == 0)` and `switch` are one case.
import { args, callName, declaredIdentifier, normText, parameterNames, unwrap } from '../ast';
import type { Region } from '../child';
import { Env, evalValue, truth } from '../eval';
import type { SyntaxNode } from '../parse';
import type { Unit } from '../unit';
import { Blocked } from './steps';

export interface IfChain {
  stmt: SyntaxNode;
  arms: { cond: SyntaxNode; body: SyntaxNode; ifNode: SyntaxNode }[];
  elseBody?: SyntaxNode;
}

/** A branch of the dispatch: an arm of an if chain (arms.length = the else), or a case of a switch. */
export type Branch =
  | { kind: 'if'; chain: IfChain; arm: number }
  | { kind: 'case'; sw: SyntaxNode; caseNode: SyntaxNode };

export interface Construct {
  unit: Unit;
  fnDef: SyntaxNode;
  /** `pid = fork();`, `pid_t pid = fork();`, or the spawn inside an if/switch condition. */
  form: 'stmt' | 'decl' | 'embedded';
  spawnStmt: SyntaxNode;
  /** The spawn as an expression (with its assignment), replaced by the pid variable in an embedded condition. */
  valueExpr: SyntaxNode;
  pidVar?: string;
  /** The pid variable is a plain local (not a field or array element). */
  pidIsLocal: boolean;
  /** decl form: the declared type. */
  pidType?: string;
  child?: Branch;
  error?: Branch;
  childStmts: SyntaxNode[];
  clone?: { def: SyntaxNode; subst: Map<string, string> };
}

const PARENT_PID = 2147483000;
/** The calls that spawn by themselves (anything else that spawns is a wrapper function or macro around one). */
const DIRECT_SPAWNS = new Set(['fork', 'vfork', '_Fork', '__fork', '__libc_fork', '__vfork', 'clone', '__clone', '__clone2', 'syscall']);

/** The names called to spawn: one, or the two arms of `c ? fork() : vfork()`. */
function spawnCalls(n: SyntaxNode): string[] {
  const u = unwrap(n);
  if (u.type === 'conditional_expression') return [u.childForFieldName('consequence'), u.childForFieldName('alternative')].flatMap((b) => (b ? spawnCalls(b) : []));
  return u.type === 'call_expression' ? [callName(u) ?? '?'] : ['?'];
}
const blocked = (blocker: string): Blocked => ({ blocker });

export function findConstruct(region: Region): Construct | Blocked {
  const s = region.spawn;
  const wrapper = spawnCalls(s.node).find((n) => !DIRECT_SPAWNS.has(n));
  if (s.via || wrapper) return blocked(`the fork is made inside ${wrapper ?? s.name}(), a spawn wrapper, so the child's code is split between it and this caller`);
  if (region.isWrapper) return blocked("this function returns the child's pid to its callers, which run the child's code");
  if (!region.execs.length) return blocked('the child never execs (safespawn starts programs; a worker child is not one)');
  if (s.unit.variant !== 0) return blocked('this file only parses with its preprocessor conditionals resolved, so forklint does not rewrite it');
  if (s.fnDef.hasError) return blocked('the spawning function does not parse cleanly');
  if (s.fnDef.descendantsOfType(['preproc_if', 'preproc_ifdef', 'preproc_else', 'preproc_elif', 'preproc_def', 'preproc_function_def', 'preproc_call']).length) {
    return blocked('the spawning function has preprocessor directives inside it');
  }
  if (s.kind === 'clone' || s.kind === 'clone-vm') {
    if (!s.childFn || s.childFn.unit !== s.unit) return blocked("the clone() child function is not in this file");
  }

  // The spawn expression, its assignment, and the statement holding them.
  let top = climb(s.node);
  let pidVar: string | undefined;
  let form: Construct['form'];
  let spawnStmt: SyntaxNode;
  let pidType: string | undefined;
  const p = top.parent!;
  if (p.type === 'assignment_expression' && p.childForFieldName('right')?.startIndex === top.startIndex && p.childForFieldName('operator')?.text === '=') {
    pidVar = normText(unwrap(p.childForFieldName('left')!));
    top = climb(p);
  }
  const q = top.parent!;
  if (!pidVar && q.type === 'init_declarator' && q.childForFieldName('value')?.startIndex === top.startIndex) {
    const decl = q.parent!;
    if (decl.type !== 'declaration' || decl.childrenForFieldName('declarator').length !== 1) return blocked('the spawn initialises one of several variables declared together');
    pidVar = declaredIdentifier(q);
    if (!pidVar || q.childForFieldName('declarator')?.type !== 'identifier') return blocked('the pid variable has an unusual declarator');
    const type = decl.childForFieldName('type')!;
    pidType = type.type === 'placeholder_type_specifier' || type.text === 'auto' ? 'pid_t' : type.text;
    form = 'decl';
    spawnStmt = decl;
  } else if (q.type === 'expression_statement') {
    if (!pidVar) return blocked("the spawn's result is not kept, so the child runs the code after it too");
    form = 'stmt';
    spawnStmt = q;
  } else {
    // Inside a condition: only comparisons and `!` between the spawn and the if/switch.
    let n = top;
    while (n.parent && (n.parent.type === 'parenthesized_expression' || n.parent.type === 'condition_clause' ||
      (n.parent.type === 'binary_expression' && /^(==|!=|<|<=|>|>=)$/.test(n.parent.childForFieldName('operator')?.text ?? '')) ||
      (n.parent.type === 'unary_expression' && n.parent.childForFieldName('operator')?.text === '!'))) n = n.parent;
    const st = n.parent;
    if (st && (st.type === 'while_statement' || st.type === 'do_statement' || st.type === 'for_statement')) return blocked('the spawn is retried in a loop');
    if (!st || (st.type !== 'if_statement' && st.type !== 'switch_statement') || st.childForFieldName('condition')?.startIndex !== n.startIndex) {
      return blocked('the spawn is part of a larger expression');
    }
    if (st.type === 'switch_statement' && !pidVar) return blocked('the switch tests the spawn without keeping the pid in a variable');
    form = 'embedded';
    spawnStmt = st;
  }
  const holder = spawnStmt.parent?.type;
  if (holder !== 'compound_statement' && holder !== 'case_statement') return blocked('the spawn is the body of an if, else or loop without braces');

  const pidIsLocal = !!pidVar && /^[A-Za-z_]\w*$/.test(pidVar);
  const c: Construct = { unit: s.unit, fnDef: s.fnDef, form, spawnStmt, valueExpr: top, pidIsLocal, childStmts: [], ...(pidVar ? { pidVar } : {}), ...(pidType ? { pidType } : {}) };
  const envs = {
    child: { spawn: s.node, pidVar, value: { k: 'num', v: 0 } } as Env,
    error: { spawn: s.node, pidVar, value: { k: 'num', v: -1 } } as Env,
    parent: { spawn: s.node, pidVar, value: { k: 'num', v: PARENT_PID } } as Env,
  };

  if (s.childFn) {
    const r = cloneChild(c, s.node, s.childFn.def);
    if (r) return r;
  }

  // The if/switch statements right after the spawn that test the pid.
  const stmts: SyntaxNode[] = form === 'embedded' ? [spawnStmt] : [];
  for (let x = spawnStmt.nextNamedSibling; x; x = x.nextNamedSibling) if (x.type !== 'comment') stmts.push(x);
  let stop: SyntaxNode | undefined;
  for (const st of stmts) {
    const d = st.type === 'if_statement' ? dispatchIf(st, envs, !s.childFn) : st.type === 'switch_statement' ? dispatchSwitch(st, envs, !s.childFn) : undefined;
    if (!d) {
      stop = st;
      break;
    }
    if ('blocker' in d) return d;
    if (d.child) {
      if (c.child) break;
      c.child = d.child;
    }
    if (d.error && !c.error) c.error = d.error;
    if ((c.child || s.childFn) && c.error) break;
  }
  if (s.childFn) return c;
  if (!c.child) {
    if (stop && stop === stmts[0] && form !== 'embedded') return blocked(`both processes run '${clip(stop.text.replace(/\s+/g, ' '))}' after the spawn, before the pid is tested`);
    return blocked("the child's code is not a branch of its own in an if or switch on the pid right after the spawn");
  }
  c.childStmts = branchStatements(c.child);

  // The walker's view must agree: before its exec the child runs nothing outside its branch.
  const [lo, hi] = branchRange(c.child);
  for (const e of region.events) {
    if (e.chain.length || e.exec || e.inError) continue;
    if (e.node.startIndex < lo || e.node.endIndex > hi) return blocked('the child runs code outside its branch before it execs');
  }
  return c;
}

/** Parentheses and casts around a node (not the parentheses of an if or switch condition). */
function climb(n: SyntaxNode): SyntaxNode {
  while (n.parent && (n.parent.type === 'parenthesized_expression' || n.parent.type === 'cast_expression')) {
    const gp = n.parent.parent?.type;
    if (n.parent.type === 'parenthesized_expression' && (gp === 'if_statement' || gp === 'switch_statement' || gp === 'while_statement' || gp === 'do_statement')) break;
    n = n.parent;
  }
  return n;
}

function chainOf(st: SyntaxNode): IfChain {
  const chain: IfChain = { stmt: st, arms: [] };
  let cur: SyntaxNode | null = st;
  while (cur && cur.type === 'if_statement') {
    chain.arms.push({ cond: cur.childForFieldName('condition')!, body: cur.childForFieldName('consequence')!, ifNode: cur });
    const alt: SyntaxNode | null = cur.childForFieldName('alternative');
    const inner: SyntaxNode | null = alt ? (alt.type === 'else_clause' ? alt.namedChildren.find((x) => x.type !== 'comment') ?? null : alt) : null;
    if (inner && inner.type === 'if_statement') cur = inner;
    else {
      if (inner) chain.elseBody = inner;
      cur = null;
    }
  }
  return chain;
}

type Envs = { child: Env; error: Env; parent: Env };
type Dispatch = { child?: Branch; error?: Branch } | Blocked;

/** Which arm each process takes; undefined when the chain does not test only the pid. */
function dispatchIf(st: SyntaxNode, envs: Envs, withChild: boolean): Dispatch | undefined {
  const chain = chainOf(st);
  const pick = (env: Env): number | undefined => {
    for (let i = 0; i < chain.arms.length; i++) {
      const t = truth(evalValue(chain.arms[i].cond, env));
      if (t === undefined) return undefined;
      if (t) return i;
    }
    return chain.arms.length;
  };
  const ci = pick(envs.child);
  const ei = pick(envs.error);
  const pi = pick(envs.parent);
  if (ci === undefined || ei === undefined || pi === undefined) return undefined;
  // Removing an arm must not remove anything the parent evaluates.
  const sp = envs.child.spawn!;
  for (const a of chain.arms) if (a.cond.descendantsOfType('call_expression').some((x) => x.startIndex < sp.startIndex || x.endIndex > sp.endIndex)) return undefined;
  const exists = (i: number) => i < chain.arms.length || !!chain.elseBody;
  const out: { child?: Branch; error?: Branch } = {};
  if (withChild && exists(ci)) {
    if (ci === ei || ci === pi) return blocked("the child's branch is also taken by the parent");
    out.child = { kind: 'if', chain, arm: ci };
  }
  if (ei !== pi && exists(ei) && (!withChild || ei !== ci)) out.error = { kind: 'if', chain, arm: ei };
  return out;
}

function dispatchSwitch(st: SyntaxNode, envs: Envs, withChild: boolean): Dispatch | undefined {
  const cond = st.childForFieldName('condition')!;
  const body = st.childForFieldName('body');
  if (!body) return undefined;
  const cases = body.namedChildren.filter((x) => x.type === 'case_statement');
  const valueOf = (cs: SyntaxNode): number | 'default' | undefined => {
    const v = cs.childForFieldName('value');
    if (!v) return 'default';
    const r = evalValue(v, { value: { k: 'unk' } });
    return r.k === 'num' ? r.v : undefined;
  };
  const values = cases.map(valueOf);
  if (values.some((v) => v === undefined)) return undefined;
  const target = (env: Env): number | undefined => {
    const r = evalValue(cond, env);
    if (r.k !== 'num') return undefined;
    const i = values.indexOf(r.v);
    return i >= 0 ? i : values.indexOf('default') >= 0 ? values.indexOf('default') : -1;
  };
  const ci = target(envs.child);
  const ei = target(envs.error);
  const pi = target(envs.parent);
  if (ci === undefined || ei === undefined || pi === undefined) return undefined;
  if (values.some((v) => typeof v === 'number' && v > 0)) return blocked('the switch has a case for a particular pid');
  const out: { child?: Branch; error?: Branch } = {};
  if (withChild) {
    if (ci < 0) return undefined;
    if (values[ci] === 'default') return blocked("the child runs the switch's default: branch, which the parent also runs");
    // Falling into `case 0:` from the case above would run the child's code in the parent.
    if (ci > 0 && !endsInJump(cases[ci - 1])) return blocked('the case before the child\'s "case 0:" falls through into it');
    out.child = { kind: 'case', sw: st, caseNode: cases[ci] };
  }
  if (ei >= 0 && ei !== pi && (!withChild || ei !== ci)) out.error = { kind: 'case', sw: st, caseNode: cases[ei] };
  return out;
}

/** The statements of a case, after its label. */
export function caseStatements(cs: SyntaxNode): SyntaxNode[] {
  const v = cs.childForFieldName('value');
  return cs.namedChildren.filter((x) => x !== v && (!v || x.startIndex !== v.startIndex) && x.type !== 'comment');
}

function endsInJump(cs: SyntaxNode): boolean {
  const st = caseStatements(cs);
  const last = st[st.length - 1];
  if (!last) return false;
  if (/^(break|return|continue|goto)_statement$/.test(last.type)) return true;
  const e = last.type === 'expression_statement' ? last.namedChild(0) : null;
  return !!e && e.type === 'call_expression' && /^(_exit|_Exit|exit|abort)$/.test(e.childForFieldName('function')?.text ?? '');
}

export function branchStatements(b: Branch): SyntaxNode[] {
  if (b.kind === 'case') return caseStatements(b.caseNode);
  return [b.arm < b.chain.arms.length ? b.chain.arms[b.arm].body : b.chain.elseBody!];
}

export function branchRange(b: Branch): [number, number] {
  if (b.kind === 'case') return [b.caseNode.startIndex, b.caseNode.endIndex];
  const body = branchStatements(b)[0];
  return [body.startIndex, body.endIndex];
}

/** clone(fn, stack, SIGCHLD [| CLONE_VM | CLONE_VFORK], arg): the child is fn(arg). */
function cloneChild(c: Construct, call: SyntaxNode, def: SyntaxNode): Blocked | undefined {
  const a = args(call);
  if (a.length < 3 || a.length > 4) return blocked('clone() is called with the ptid/tls/ctid arguments, which safespawn has no equivalent for');
  const flags = normText(a[2]).replace(/[()]/g, '').split('|');
  const bad = flags.filter((f) => !/^(SIGCHLD|CLONE_VM|CLONE_VFORK)$/.test(f));
  if (bad.length) return blocked(`clone() with ${bad.join(' | ')} has no safespawn equivalent`);
  if (!flags.includes('SIGCHLD')) return blocked('the clone() child does not report its exit with SIGCHLD, so the parent waits for it differently');
  const params = parameterNames(def);
  if (params.length > 1) return blocked('the clone() child function takes more than one parameter');
  const subst = new Map<string, string>();
  const arg = a[3] ? a[3].text : 'NULL';
  if (params[0]) subst.set(params[0], `(${arg})`);
  const body = def.childForFieldName('body')!;
  const stmts = body.namedChildren.filter((x) => x.type !== 'comment');
  // `struct job *j = arg;`: j is the argument, with its type.
  let i = 0;
  for (; i < stmts.length; i++) {
    const d = stmts[i];
    if (d.type !== 'declaration' || d.childrenForFieldName('declarator').length !== 1) break;
    const init = d.childrenForFieldName('declarator')[0];
    if (init.type !== 'init_declarator') break;
    const v = unwrap(init.childForFieldName('value')!);
    if (v.type !== 'identifier' || v.text !== params[0]) break;
    const name = declaredIdentifier(init);
    const declarator = init.childForFieldName('declarator')!;
    if (!name) break;
    const stars = (declarator.text.match(/\*/g) ?? []).length;
    const type = d.text.slice(0, declarator.startIndex - d.startIndex).trim();
    const want = `${type} ${'*'.repeat(stars)}`;
    // No cast where the argument already has the type (`&job` for a `struct job *`, `argv + 1` for a `char **`).
    const has = a[3] ? typeOf(c.fnDef, a[3]) : undefined;
    subst.set(name, has !== undefined && has === squash(want) ? (/^\w+$/.test(arg) ? arg : `(${arg})`) : `((${want})(${arg}))`);
  }
  c.childStmts = stmts.slice(i);
  c.clone = { def, subst };
  return undefined;
}

const squash = (t: string) => t.replace(/\s+/g, '');

/** The type of a simple argument expression (`x`, `&x`, `p + 1`) from its declaration in the function, or undefined. */
function typeOf(fnDef: SyntaxNode, e: SyntaxNode): string | undefined {
  const u = unwrap(e);
  if (u.type === 'identifier') return declaredType(fnDef, u.text);
  if (u.type === 'pointer_expression' && u.child(0)?.text === '&') {
    const x = unwrap(u.childForFieldName('argument')!);
    const t = x.type === 'identifier' ? declaredType(fnDef, x.text) : undefined;
    return t === undefined ? undefined : t + '*';
  }
  if (u.type === 'binary_expression' && /^[+-]$/.test(u.childForFieldName('operator')!.text) && unwrap(u.childForFieldName('left')!).type === 'identifier') {
    const t = declaredType(fnDef, unwrap(u.childForFieldName('left')!).text);
    return t?.endsWith('*') ? t : undefined;
  }
  return undefined;
}

function declaredType(fnDef: SyntaxNode, name: string): string | undefined {
  for (const d of [...fnDef.descendantsOfType('parameter_declaration'), ...fnDef.descendantsOfType('declaration')]) {
    const decls = d.type === 'parameter_declaration' ? [d.childForFieldName('declarator')] : d.childrenForFieldName('declarator');
    for (const x of decls) {
      if (!x || declaredIdentifier(x) !== name) continue;
      let stars = 0;
      for (let n: SyntaxNode | null = x.type === 'init_declarator' ? x.childForFieldName('declarator') : x; n && n.type !== 'identifier'; n = n.childForFieldName('declarator')) {
        if (n.type === 'pointer_declarator') stars++;
        else if (n.type === 'array_declarator' && d.type === 'parameter_declaration') stars++;
        else return undefined;
      }
      return squash(d.text.slice(0, (d.childForFieldName('type') ?? d).endIndex - d.startIndex).replace(/^\s*(static|register|auto)\s+/, '')) + '*'.repeat(stars);
    }
  }
  return undefined;
}

function clip(s: string): string {
  return s.length > 50 ? s.slice(0, 47) + '...' : s;
}
