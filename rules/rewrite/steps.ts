// The child's side of the rewrite: the statements a child runs between the
// spawn and the exec, translated into safespawn actions — or the reason they
// cannot be. Only what a safespawn action does exactly is accepted; anything
// else (a computation, a call into the program, a write, a loop) blocks the
// rewrite and is named in the finding's message.
//
// Values the child read (fd numbers, paths, argv) are evaluated in the parent
// instead, at the same point: the child's memory was the parent's at the
// spawn, and no accepted step writes memory, so they are the same values.
import { args, callName, declaredIdentifier, normText, unwrap } from '../ast';
import * as kb from '../kb';
import type { Lang, SyntaxNode } from '../parse';
import { identifiers, render } from './text';

export interface Blocked {
  blocker: string;
}

export type PlanItem =
  | { kind: 'action'; fn: string; args: string[]; note?: string }
  /** A declaration or statement the parent now runs (a fresh local of the child: its argv, its sigset). */
  | { kind: 'hoist'; text: string; decl?: boolean }
  | { kind: 'if'; cond: string; then: PlanItem[]; else?: PlanItem[] };

export interface ExecPlan {
  /** ss_spawnp (PATH search, like execvp) rather than ss_spawn. */
  search: boolean;
  path: string;
  /** The argv expression, or (execl and friends) its elements. */
  argv: string | string[];
  /** The envp expression, or 'NULL' for the caller's environ. */
  envp: string;
  /** The exec call as written, for comments. */
  name: string;
}

export interface ChildPlan {
  items: PlanItem[];
  exec: ExecPlan;
  /** How the old child ended when the exec failed ("exit status 127"). */
  failure: string;
  /** Identifiers the generated code still reads (for the unused-declaration cleanup). */
  used: Set<string>;
}

export interface ChildContext {
  lang: Lang;
  /** Identifiers replaced in every expression taken over (clone: the child function's argument). */
  subst: Map<string, string>;
  pidVar?: string;
}

export function isBlocked<T>(x: T | Blocked): x is Blocked {
  return typeof x === 'object' && x !== null && 'blocker' in x;
}

/** Calls whose value the parent may compute instead of the child (no side effects, same result in both). */
const PURE_CALLS = new Set(['getuid', 'geteuid', 'getgid', 'getegid', 'sysconf', 'getdtablesize']);
const PURE_MEMBERS = new Set(['data', 'c_str']);
/** What a failure path may do before it ends: report. */
const REPORT_CALLS = new Set([
  'perror', 'fprintf', 'printf', 'dprintf', 'fputs', 'puts', 'fputc', 'putc', 'putchar', 'fwrite', 'fflush', 'write',
  'strerror', 'strerror_r', 'strlen', 'snprintf', 'warn', 'warnx', 'vwarn', 'vwarnx', 'error', 'syslog', 'psignal',
]);
const END_CALLS = new Set(['_exit', '_Exit', 'exit', 'abort', 'quick_exit', 'err', 'errx', 'verr', 'verrx', 'std::exit', 'std::_Exit', 'std::abort', 'std::quick_exit']);
const STREAMS = /^(std::)?(cerr|cout|clog)$/;
const SIGSET_OPS = new Set(['sigemptyset', 'sigfillset', 'sigaddset', 'sigdelset']);
/** Steps whose failure the old child may have ignored but which can really fail: the rewrite says the spawn now fails. */
const FALLIBLE = new Set(['open', 'chdir', 'fchdir', 'setpgid', 'setuid', 'setgid', 'setgroups']);

type StepCheck = 'neg' | 'nonzero' | 'ne-arg1' | 'sig-err';
/** The safespawn action each child call becomes, and which failure tests of its result mean "it failed". */
const STEPS: Record<string, { checks: StepCheck[] }> = {
  dup2: { checks: ['neg', 'ne-arg1'] },
  close: { checks: ['neg', 'nonzero'] },
  chdir: { checks: ['neg', 'nonzero'] },
  fchdir: { checks: ['neg', 'nonzero'] },
  setpgid: { checks: ['neg', 'nonzero'] },
  setpgrp: { checks: ['neg', 'nonzero'] },
  setsid: { checks: ['neg'] },
  umask: { checks: [] },
  signal: { checks: ['sig-err'] },
  sigprocmask: { checks: ['neg', 'nonzero'] },
  pthread_sigmask: { checks: ['nonzero'] },
  closefrom: { checks: [] },
  close_range: { checks: ['neg', 'nonzero'] },
  setuid: { checks: ['neg', 'nonzero'] },
  setgid: { checks: ['neg', 'nonzero'] },
  setgroups: { checks: ['neg', 'nonzero'] },
};

interface OpenFd {
  name: string;
  call: SyntaxNode;
  /** Where the open action goes in its item list. */
  item: { kind: 'action'; fn: string; args: string[]; note?: string };
  /** The descriptor the file ends up on (the first dup2's target). */
  target?: string;
  checked: boolean;
}

const blocked = (blocker: string): Blocked => ({ blocker });

class Translator {
  readonly used = new Set<string>();
  private exec?: ExecPlan;
  private failure = "ran on into the parent's code";
  /** Fresh locals of the child, hoisted into the parent. */
  private locals = new Set<string>();
  /** The descriptor variable of an open() whose uses are being read, statement by statement. */
  private open?: OpenFd;

  constructor(private readonly ctx: ChildContext) {}

  run(stmts: SyntaxNode[]): ChildPlan | Blocked {
    const items: PlanItem[] = [];
    const flat = flatten(stmts);
    let i = 0;
    for (; i < flat.length && !this.exec; i++) {
      const r = this.step(flat[i], items, false);
      if (r) return r;
    }
    if (!this.exec) return blocked(flat.length ? 'the child never execs' : 'the child branch is empty');
    const end = this.failurePath(flat.slice(i));
    if (isBlocked(end)) return end;
    return { items: dropUnusedDecls(items, this.exec), exec: this.exec, failure: this.failure, used: this.used };
  }

  private text(n: SyntaxNode): string {
    // `(&job)->argv` (clone's argument put in for the child's pointer) reads better as `job.argv`.
    return render(n, this.ctx.subst, this.used).replace(/\(&([A-Za-z_]\w*)\)->/g, '$1.');
  }

  /** One statement before the exec; returns a blocker, or undefined when it was taken over. */
  private step(s: SyntaxNode, out: PlanItem[], nested: boolean): Blocked | undefined {
    if (this.open) {
      if (this.usesOpenFd(s)) return this.openUse(s, out);
      const r = this.finishOpen();
      if (r) return r;
    }
    switch (s.type) {
      case 'comment':
        return undefined;
      case 'expression_statement': {
        const e = s.namedChildren.find((c) => c.type !== 'comment');
        if (!e) return undefined;
        return this.expression(unwrap(e), out, nested, false);
      }
      case 'declaration':
        return this.declaration(s, out);
      case 'if_statement':
        return this.ifStatement(s, out, nested);
      case 'for_statement':
        return this.closeLoop(s, out);
      case 'return_statement': {
        const v = s.namedChildren.find((c) => c.type !== 'comment');
        const call = v ? unwrap(v) : undefined;
        if (call?.type === 'call_expression' && kb.lookup(callName(call) ?? '')?.exec) {
          return this.execCall(call, nested);
        }
        return blocked('the child returns before it execs');
      }
      case 'while_statement':
      case 'do_statement':
        return blocked('the child runs a loop before it execs');
      case 'switch_statement':
        return blocked('the child switches on a value before it execs');
      case 'goto_statement':
      case 'labeled_statement':
        return blocked('the child jumps with goto before it execs');
      default:
        return blocked(`the child runs a ${s.type.replace(/_/g, ' ')} before it execs`);
    }
  }

  /** An expression statement (or the call inside a checked `if`). */
  private expression(e: SyntaxNode, out: PlanItem[], nested: boolean, checked: boolean): Blocked | undefined {
    if (e.type === 'call_expression') return this.call(e, out, nested, checked);
    if (e.type === 'assignment_expression') {
      const left = unwrap(e.childForFieldName('left')!);
      const right = unwrap(e.childForFieldName('right')!);
      if (left.type === 'identifier' && right.type === 'call_expression' && callName(right) === 'open' && e.childForFieldName('operator')?.text === '=') {
        return this.startOpen(left.text, right, out, nested, checked);
      }
      const base = baseIdentifier(left);
      if (base && this.locals.has(base)) {
        const bad = this.pure(right) ?? this.pure(left, true);
        if (bad) return bad;
        out.push({ kind: 'hoist', text: `${this.text(e)};` });
        return undefined;
      }
      return blocked(`the child assigns '${shown(left)}' before it execs`);
    }
    if (e.type === 'update_expression') return blocked(`the child changes '${shown(e.childForFieldName('argument') ?? e)}' before it execs`);
    if (e.type === 'binary_expression' && e.childForFieldName('operator')?.text === '<<' && STREAMS.test(normText(leftmost(e)))) {
      return blocked(`the child writes to ${shown(leftmost(e))} before it execs`);
    }
    return blocked(`the child computes '${clip(shown(e))}' before it execs`);
  }

  private call(c: SyntaxNode, out: PlanItem[], nested: boolean, checked: boolean): Blocked | undefined {
    const name = callName(c);
    if (!name) return blocked(`the child calls through '${clip(shown(c.childForFieldName('function') ?? c))}', which safespawn cannot run in the child`);
    const info = kb.lookup(name);
    if (info?.exec) return this.execCall(c, nested);
    const a = args(c);
    for (const x of a) {
      const bad = this.pure(x, name === 'setpgid');
      if (bad) return bad;
    }
    if (SIGSET_OPS.has(name)) {
      const target = a[0] ? unwrap(a[0]) : undefined;
      const set = target?.type === 'pointer_expression' ? target.childForFieldName('argument') : undefined;
      if (set && set.type === 'identifier' && this.locals.has(set.text)) {
        out.push({ kind: 'hoist', text: `${this.text(c)};` });
        return undefined;
      }
      return blocked(`the child changes the signal set '${a[0] ? shown(a[0]) : '?'}' it did not declare itself`);
    }
    const action = this.action(name, a, checked);
    if (isBlocked(action)) return action;
    if (action) {
      out.push(action);
      return undefined;
    }
    if (info?.isLibc) return blocked(`the child calls ${name}() before it execs, which is not a safespawn file action`);
    return blocked(`the child calls ${name}(), code of this program, which a safespawn child cannot run`);
  }

  /** The safespawn action for a call, undefined when it is none. */
  private action(name: string, a: SyntaxNode[], checked: boolean): PlanItem | Blocked | undefined {
    const t = (n: SyntaxNode) => this.text(n);
    const note = !checked && FALLIBLE.has(name) ? `the child ignored a failed ${name}(); now the spawn fails` : undefined;
    const act = (fn: string, xs: string[]): PlanItem => (note ? { kind: 'action', fn, args: xs, note } : { kind: 'action', fn, args: xs });
    switch (name) {
      case 'open':
        return blocked('the child calls open() without keeping the descriptor, counting on the lowest free one; safespawn\'s open action names the descriptor it is for');
      case 'dup2':
        return a.length === 2 ? act('dup2', a.map(t)) : undefined;
      case 'close':
        return a.length === 1 ? act('close', a.map(t)) : undefined;
      case 'chdir':
        return a.length === 1 ? act('chdir', a.map(t)) : undefined;
      case 'fchdir':
        return a.length === 1 ? act('fchdir', a.map(t)) : undefined;
      case 'setsid':
        return a.length === 0 ? act('setsid', []) : undefined;
      case 'umask':
        return a.length === 1 ? act('umask', a.map(t)) : undefined;
      case 'setpgrp':
        return a.length === 0 ? act('setpgid', ['0']) : undefined;
      case 'setpgid': {
        if (a.length !== 2) return undefined;
        // setpgid(0, x) and setpgid(getpid(), x) act on the child itself; getpid() as the group is the child's own pid (0).
        if (!isZero(a[0]) && !isGetpid(a[0])) return blocked(`the child calls setpgid(${shown(a[0])}, …) on another process, which a safespawn action cannot do`);
        return act('setpgid', [isGetpid(a[1]) ? '0' : t(a[1])]);
      }
      case 'signal':
        if (a.length === 2 && normText(a[1]) === 'SIG_DFL') return act('sigdefault', [t(a[0])]);
        return blocked(`the child sets ${a[0] ? shown(a[0]) : 'a signal'} to ${a[1] ? shown(a[1]) : '?'}; safespawn can only reset signals to SIG_DFL`);
      case 'sigprocmask':
      case 'pthread_sigmask':
        if (a.length === 3 && normText(a[0]) === 'SIG_SETMASK' && isNullish(a[2]) && !isNullish(a[1])) return act('sigmask', [t(a[1])]);
        return blocked(`the child calls ${name}(${a[0] ? shown(a[0]) : ''}, …); safespawn can only set the whole mask (SIG_SETMASK)`);
      case 'closefrom':
        return a.length === 1 ? act('closefrom', a.map(t)) : undefined;
      case 'close_range':
        // close_range(lo, ~0U, 0): every descriptor from lo up.
        if (a.length === 3 && /^(~0U?|~0u|UINT_MAX|~\(unsigned\)0|~0UL)$/.test(normText(a[1])) && isZero(a[2])) return act('closefrom', [t(a[0])]);
        return blocked('the child calls close_range() on a bounded range or with flags, which safespawn has no action for');
      case 'setuid':
      case 'setgid':
        return a.length === 1 ? act(name, a.map(t)) : undefined;
      case 'setgroups':
        return a.length === 2 ? act('setgroups', a.map(t)) : undefined;
      case 'syscall': {
        const nr = a[0] ? normText(a[0]) : '';
        const m = /^(?:SYS|__NR)_(setuid|setgid|setsid|setgroups)$/.exec(nr);
        if (m) return this.action(m[1], a.slice(1), checked);
        return blocked(`the child makes the raw system call ${nr || 'syscall()'} before it execs, which is not a safespawn file action`);
      }
      default:
        return undefined;
    }
  }

  private declaration(d: SyntaxNode, out: PlanItem[]): Blocked | undefined {
    if (d.namedChildren.some((c) => c.type === 'storage_class_specifier')) return blocked(`the child declares '${clip(shown(d))}' with a storage class`);
    const decls = d.childrenForFieldName('declarator');
    const type = d.childForFieldName('type');
    if (this.ctx.lang === 'cpp' && type && type.type !== 'primitive_type' && type.type !== 'sized_type_specifier' && type.type !== 'type_identifier' && type.type !== 'struct_specifier') {
      return blocked(`the child constructs a ${shown(type)} before it execs`);
    }
    if (decls.length === 1 && decls[0].type === 'init_declarator') {
      const v = unwrap(decls[0].childForFieldName('value')!);
      const name = declaredIdentifier(decls[0]);
      if (name && v.type === 'call_expression' && callName(v) === 'open') return this.startOpen(name, v, out, false, false);
    }
    for (const x of decls) {
      const name = declaredIdentifier(x);
      if (!name) return blocked(`the child declares '${clip(shown(x))}'`);
      if (name === this.ctx.pidVar) return blocked(`the child declares its own '${name}', which the rewrite would confuse with the pid`);
      if (x.type === 'init_declarator') {
        const bad = this.pure(x.childForFieldName('value')!);
        if (bad) return bad;
      }
    }
    for (const x of decls) this.locals.add(declaredIdentifier(x)!);
    out.push({ kind: 'hoist', text: this.text(d), decl: true });
    return undefined;
  }

  private ifStatement(s: SyntaxNode, out: PlanItem[], nested: boolean): Blocked | undefined {
    const cond = unwrap(s.childForFieldName('condition')!);
    const cons = s.childForFieldName('consequence')!;
    const alt = s.childForFieldName('alternative');
    // A checked step: `if (dup2(fd, 1) < 0) { perror("dup2"); _exit(1); }`.
    const checked = checkedCall(cond);
    if (checked) {
      const call = checked.call;
      const name = checked.open ? 'open' : callName(call) ?? '';
      const info = kb.lookup(name);
      if (info?.exec) {
        if (alt) return blocked(`the child has an else branch after its ${name}()`);
        const r = this.execCall(call, nested);
        if (r) return r;
        const f = this.failBody(cons);
        return isBlocked(f) ? f : undefined;
      }
      if (!checked.open && !STEPS[name] && name !== 'syscall') return this.call(call, out, nested, true);
      if (!checked.open && name !== 'syscall' && !STEPS[name].checks.includes(checked.test)) {
        return blocked(`the child tests ${name}()'s result in a way forklint does not read as a failure check ('${clip(shown(cond))}')`);
      }
      if (alt) return blocked(`the child has an else branch after checking ${name}()`);
      const f = this.failBody(cons);
      if (isBlocked(f)) return f;
      const r = checked.open ? this.startOpen(checked.open, call, out, nested, f.ends) : this.call(call, out, nested, f.ends);
      return r;
    }
    // A step under a plain condition: the parent tests it instead (same memory, so the same answer).
    const bad = this.pure(cond);
    if (bad) return blocked(`the child tests '${clip(shown(cond))}' before it execs: ${bad.blocker.replace(/^the child /, 'it ')}`);
    const then: PlanItem[] = [];
    for (const x of flatten([cons])) {
      const r = this.step(x, then, true);
      if (r) return r;
    }
    const r0 = this.finishOpen();
    if (r0) return r0;
    let other: PlanItem[] | undefined;
    if (alt) {
      other = [];
      const body = alt.type === 'else_clause' ? alt.namedChildren.find((c) => c.type !== 'comment')! : alt;
      for (const x of flatten([body])) {
        const r = this.step(x, other, true);
        if (r) return r;
      }
      const r1 = this.finishOpen();
      if (r1) return r1;
    }
    out.push(other ? { kind: 'if', cond: this.text(cond), then, else: other } : { kind: 'if', cond: this.text(cond), then });
    return undefined;
  }

  /** `for (fd = 3; fd < N; fd++) close(fd);`: every descriptor from 3 up. */
  private closeLoop(s: SyntaxNode, out: PlanItem[]): Blocked | undefined {
    const notLoop = blocked('the child runs a loop before it execs');
    const init = s.childForFieldName('initializer');
    const cond = s.childForFieldName('condition');
    const upd = s.childForFieldName('update');
    const body = s.childForFieldName('body');
    if (!init || !cond || !upd || !body) return notLoop;
    let v: string | undefined;
    let from: SyntaxNode | undefined;
    if (init.type === 'declaration' && init.childrenForFieldName('declarator').length === 1) {
      const d = init.childrenForFieldName('declarator')[0];
      v = declaredIdentifier(d);
      from = d.childForFieldName('value') ?? undefined;
    } else if (init.type === 'assignment_expression') {
      const l = unwrap(init.childForFieldName('left')!);
      if (l.type === 'identifier') v = l.text;
      from = init.childForFieldName('right') ?? undefined;
    }
    if (!v || !from || this.pure(from)) return notLoop;
    const c = unwrap(cond);
    const op = c.childForFieldName('operator')?.text;
    if (c.type !== 'binary_expression' || (op !== '<' && op !== '<=') || normText(c.childForFieldName('left')!) !== v) return notLoop;
    const bound = c.childForFieldName('right')!;
    if (this.pure(bound)) return notLoop;
    const u = unwrap(upd);
    if (u.type !== 'update_expression' || normText(u.childForFieldName('argument')!) !== v || !u.text.includes('++')) return notLoop;
    const inner = flatten([body]).filter((x) => x.type !== 'comment');
    const call = inner.length === 1 && inner[0].type === 'expression_statement' ? unwrap(inner[0].namedChild(0)!) : undefined;
    if (!call || call.type !== 'call_expression' || callName(call) !== 'close' || args(call).length !== 1 || normText(unwrap(args(call)[0])) !== v) return notLoop;
    const literal = unwrap(bound).type === 'number_literal';
    out.push({
      kind: 'action', fn: 'closefrom', args: [this.text(from)],
      ...(literal ? { note: `the child closed descriptors below ${bound.text} only; this closes every one from ${from.text} up` } : {}),
    });
    return undefined;
  }

  // ---- open(): `fd = open(...)`, then its check, its move onto the descriptor it is for, and its close ----

  private startOpen(name: string, call: SyntaxNode, out: PlanItem[], nested: boolean, checked: boolean): Blocked | undefined {
    if (nested) return blocked(`the child opens a file under a condition before it execs`);
    const a = args(call);
    if (a.length < 2 || a.length > 3) return blocked('the child calls open() with an unusual argument list');
    for (const x of a) {
      const bad = this.pure(x);
      if (bad) return bad;
    }
    const item = { kind: 'action' as const, fn: 'open', args: [] as string[] };
    out.push(item);
    this.open = { name, call, item, checked };
    return undefined;
  }

  private usesOpenFd(s: SyntaxNode): boolean {
    return !!this.open && identifiers(s).some((id) => id.text === this.open!.name);
  }

  /** A statement that uses the pending open()'s descriptor. */
  private openUse(s: SyntaxNode, out: PlanItem[]): Blocked | undefined {
    const o = this.open!;
    const other = blocked(`the child uses the descriptor '${o.name}' from open() for more than moving it onto another descriptor`);
    if (s.type === 'expression_statement') {
      const c = unwrap(s.namedChild(0)!);
      if (c.type !== 'call_expression') return other;
      const name = callName(c);
      const a = args(c);
      if (name === 'dup2' && a.length === 2 && normText(a[0]) === o.name && !this.usesName(a[1], o.name)) {
        if (this.pure(a[1])) return this.pure(a[1]);
        if (!o.target) o.target = this.text(a[1]);
        else out.push({ kind: 'action', fn: 'dup2', args: [o.target, this.text(a[1])] });
        return undefined;
      }
      if (name === 'close' && a.length === 1 && normText(a[0]) === o.name && o.target) return this.finishOpen(true);
      return other;
    }
    if (s.type === 'if_statement') {
      const cond = unwrap(s.childForFieldName('condition')!);
      const cons = s.childForFieldName('consequence')!;
      if (s.childForFieldName('alternative')) return other;
      const condIds = identifiers(cond).map((i) => i.text);
      if (cond.descendantsOfType('call_expression').length || condIds.some((i) => i !== o.name && !/^[A-Z_][A-Z0-9_]*$/.test(i))) return other;
      const inner = flatten([cons]).filter((x) => x.type !== 'comment');
      // `if (fd < 0) { perror(path); _exit(1); }`
      if (!o.target && isNegTest(cond, o.name)) {
        const f = this.failBody(cons);
        if (isBlocked(f)) return f;
        o.checked = o.checked || f.ends;
        return undefined;
      }
      const calls = inner.map((x) => (x.type === 'expression_statement' ? unwrap(x.namedChild(0)!) : x));
      const isClose = (c: SyntaxNode) => c.type === 'call_expression' && callName(c) === 'close' && normText(args(c)[0] ?? c) === o.name;
      // `if (fd > 2) close(fd);` after the moves: the descriptor itself goes.
      if (o.target && calls.length === 1 && isClose(calls[0])) return this.finishOpen(true);
      // `if (fd != 1) { dup2(fd, 1); close(fd); }`
      if (!o.target && calls.length === 2 && cond.type === 'binary_expression' && cond.childForFieldName('operator')?.text === '!=' && isClose(calls[1])) {
        const d = calls[0];
        const da = d.type === 'call_expression' && callName(d) === 'dup2' ? args(d) : [];
        const other2 = [cond.childForFieldName('left')!, cond.childForFieldName('right')!].find((x) => normText(x) !== o.name);
        if (da.length === 2 && normText(da[0]) === o.name && other2 && normText(da[1]) === normText(other2)) {
          o.target = this.text(da[1]);
          return this.finishOpen(true);
        }
      }
      return other;
    }
    return other;
  }

  private usesName(n: SyntaxNode, name: string): boolean {
    return identifiers(n).some((i) => i.text === name);
  }

  /** The open()'s uses are over: it becomes one open action onto its target. */
  private finishOpen(closed = false): Blocked | undefined {
    const o = this.open;
    if (!o) return undefined;
    this.open = undefined;
    if (!o.target) return blocked(`the child keeps the descriptor '${o.name}' from open() as it is, and safespawn's open action needs to know which descriptor it is for`);
    void closed;
    const a = args(o.call);
    const flags = withoutCloexec(a[1], (n) => this.text(n));
    o.item.args = [o.target, this.text(a[0]), flags, a[2] ? this.text(a[2]) : '0'];
    if (!o.checked) o.item.note = 'the child ignored a failed open(); now the spawn fails';
    return undefined;
  }

  // ---- the exec and what follows it ----

  private execCall(c: SyntaxNode, nested: boolean): Blocked | undefined {
    const name = callName(c)!;
    if (nested) return blocked(`the child calls ${name}() under a condition; safespawn runs one program`);
    const r = this.finishOpen();
    if (r) return r;
    const info = kb.lookup(name)!.exec!;
    const a = args(c);
    if (name === 'fexecve' || name === 'execveat') return blocked(`the child execs with ${name}(), which safespawn has no equivalent for`);
    for (const x of a) {
      const bad = this.pure(x);
      if (bad) return bad;
    }
    const t = (n: SyntaxNode) => this.text(n);
    if (!info.variadic) {
      if (a.length !== (info.takesEnv ? 3 : 2)) return blocked(`the child calls ${name}() with ${a.length} arguments`);
      this.exec = { search: info.pathSearch, path: t(a[0]), argv: t(a[1]), envp: info.takesEnv ? t(a[2]) : 'NULL', name };
      return undefined;
    }
    // execl(path, arg0, ..., (char *)0[, envp]).
    const list = info.takesEnv ? a.slice(1, -1) : a.slice(1);
    const envp = info.takesEnv ? a[a.length - 1] : undefined;
    if (!list.length || !isNullish(list[list.length - 1]) || list.slice(0, -1).some(isNullish)) {
      return blocked(`the child's ${name}() argument list does not end in a null pointer where forklint expects it`);
    }
    const cast = (n: SyntaxNode) => (this.ctx.lang === 'c' && unwrap(n).type === 'string_literal' && n.type === 'string_literal' ? t(n) : `(char *)${t(n)}`);
    this.exec = { search: info.pathSearch, path: t(a[0]), argv: list.slice(0, -1).map(cast), envp: envp ? t(envp) : 'NULL', name };
    return undefined;
  }

  /** The statements after the exec run only when it failed: they must only report and end. */
  private failurePath(rest: SyntaxNode[]): { ends: boolean } | Blocked {
    return this.failList(rest);
  }

  private failBody(s: SyntaxNode): { ends: boolean } | Blocked {
    return this.failList(flatten([s]));
  }

  private failList(stmts: SyntaxNode[]): { ends: boolean } | Blocked {
    const mine = new Set<string>();
    for (const s of stmts) {
      const r = this.failStmt(s, mine);
      if (isBlocked(r)) return r;
      if (r.ends) return r;
    }
    return { ends: false };
  }

  private failStmt(s: SyntaxNode, mine: Set<string>): { ends: boolean } | Blocked {
    const onFail = (what: string) => blocked(`when a step or the exec fails the child ${what}, which the rewrite would drop`);
    switch (s.type) {
      case 'comment':
        return { ends: false };
      case 'compound_statement':
        return this.failList(flatten([s]));
      case 'return_statement':
        this.failure = 'returned';
        return { ends: true };
      case 'break_statement':
      case 'continue_statement':
      case 'goto_statement':
        return { ends: true }; // out of its branch, into the parent's code: that bug goes with the child

      case 'declaration': {
        for (const d of s.childrenForFieldName('declarator')) {
          const name = declaredIdentifier(d);
          if (name) mine.add(name);
          const v = d.type === 'init_declarator' ? d.childForFieldName('value') : null;
          if (v) {
            const r = this.failCalls(v, onFail);
            if (r) return r;
          }
        }
        return { ends: false };
      }
      case 'expression_statement': {
        const e0 = s.namedChildren.find((c) => c.type !== 'comment');
        if (!e0) return { ends: false };
        const e = unwrap(e0);
        if (e.type === 'assignment_expression' || e.type === 'update_expression') {
          const target = unwrap(e.childForFieldName('left') ?? e.childForFieldName('argument')!);
          const base = baseIdentifier(target);
          if (!base || (!mine.has(base) && base !== 'errno')) return onFail(`writes '${shown(target)}'`);
        }
        if (e.type === 'binary_expression' && STREAMS.test(normText(leftmost(e)))) return { ends: false };
        const r = this.failCalls(e, onFail);
        if (r) return r;
        if (e.type === 'call_expression' && END_CALLS.has(callName(e) ?? '')) {
          const n = callName(e)!;
          const a = args(e);
          this.failure = /abort$/.test(n) ? 'called abort()' : a[0] && /exit$/.test(n) ? `exited with status ${shown(a[0])}` : `called ${n}()`;
          return { ends: true };
        }
        return { ends: false };
      }
      case 'if_statement': {
        const cond = s.childForFieldName('condition')!;
        const r = this.failCalls(cond, onFail);
        if (r) return r;
        const a = this.failBody(s.childForFieldName('consequence')!);
        if (isBlocked(a)) return a;
        const alt = s.childForFieldName('alternative');
        if (!alt) return { ends: false };
        const b = this.failBody(alt.type === 'else_clause' ? alt.namedChildren.find((c) => c.type !== 'comment')! : alt);
        if (isBlocked(b)) return b;
        return { ends: a.ends && b.ends };
      }
      default:
        return onFail(`runs a ${s.type.replace(/_/g, ' ')}`);
    }
  }

  /** Calls in a failure path: reporting and ending only. */
  private failCalls(n: SyntaxNode, onFail: (what: string) => Blocked): Blocked | undefined {
    for (const c of [n, ...n.descendantsOfType('call_expression')]) {
      if (c.type !== 'call_expression') continue;
      const name = callName(c);
      if (!name) return onFail(`calls through '${clip(shown(c.childForFieldName('function') ?? c))}'`);
      if (REPORT_CALLS.has(name) || END_CALLS.has(name)) continue;
      const info = kb.lookup(name);
      if (info?.exec) return blocked(`the child tries ${name}() when its first exec fails; safespawn runs one program`);
      return onFail(info?.isLibc ? `calls ${name}()` : `calls ${name}(), code of this program`);
    }
    return undefined;
  }

  /** An expression the parent may evaluate in the child's stead; a blocker when it is not. */
  private pure(n: SyntaxNode, getpidOk = false): Blocked | undefined {
    for (const x of allNodes(n)) {
      switch (x.type) {
        case 'call_expression': {
          const fn = x.childForFieldName('function');
          if (this.ctx.lang === 'cpp' && fn?.type === 'field_expression' && PURE_MEMBERS.has(fn.childForFieldName('field')?.text ?? '')) continue;
          const name = callName(x);
          if (name && PURE_CALLS.has(name)) continue;
          if (name === 'getpid' && getpidOk) continue;
          if (!name) return blocked(`the child calls through '${clip(shown(fn ?? x))}' to compute a value`);
          const info = kb.lookup(name);
          if (info?.exec) return blocked(`the child nests ${name}() in another call`);
          return blocked(info?.isLibc ? `the child calls ${name}() to compute a value before it execs` : `the child calls ${name}(), code of this program, to compute a value`);
        }
        case 'assignment_expression':
        case 'update_expression':
          return blocked(`the child assigns '${clip(shown(x.childForFieldName('left') ?? x.childForFieldName('argument') ?? x))}' while computing a value`);
        case 'new_expression':
        case 'delete_expression':
        case 'lambda_expression':
        case 'throw_expression':
          return blocked(`the child computes '${clip(shown(x))}' before it execs`);
        case 'identifier':
          if (this.ctx.pidVar !== undefined && x.text === this.ctx.pidVar) return blocked(`the child reads the pid variable '${x.text}' before it execs`);
          if (x.text === 'errno') return blocked('the child reads errno before it execs');
          if (this.open && x.text === this.open.name) return blocked(`the child uses the descriptor '${x.text}' from open() for more than moving it onto another descriptor`);
          break;
      }
    }
    return undefined;
  }
}

export function translateChild(stmts: SyntaxNode[], ctx: ChildContext): ChildPlan | Blocked {
  return new Translator(ctx).run(stmts);
}

/**
 * Hoisted declarations nothing taken over reads (`int fd;` for the open()
 * that became an action, a local only the failure path used): in the
 * spawn's block they would be unused variables.
 */
function dropUnusedDecls(items: PlanItem[], exec: ExecPlan): PlanItem[] {
  const texts: string[] = [exec.path, exec.envp, ...(Array.isArray(exec.argv) ? exec.argv : [exec.argv])];
  const collect = (list: PlanItem[]) => {
    for (const it of list) {
      if (it.kind === 'action') texts.push(...it.args);
      else if (it.kind === 'hoist') texts.push(it.text);
      else {
        texts.push(it.cond);
        collect(it.then);
        collect(it.else ?? []);
      }
    }
  };
  collect(items);
  const declared = (t: string) => /^[^=;{(]*?([A-Za-z_]\w*)\s*(\[[^\]]*\])?\s*;$/.exec(t)?.[1];
  const prune = (list: PlanItem[]): PlanItem[] => list.filter((it) => {
    if (it.kind !== 'hoist') {
      if (it.kind === 'if') {
        it.then = prune(it.then);
        if (it.else) it.else = prune(it.else);
      }
      return true;
    }
    const name = declared(it.text);
    if (!name) return true;
    const re = new RegExp(`\\b${name}\\b`);
    return texts.some((t) => t !== it.text && re.test(t));
  });
  return prune(items);
}

/** Statements with nested plain blocks opened up (comments kept). */
function flatten(stmts: SyntaxNode[]): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const s of stmts) {
    if (s.type === 'compound_statement') out.push(...flatten(s.namedChildren));
    else if (s.type === 'expression_statement' && !s.namedChildren.length) continue; // `;`
    else out.push(s);
  }
  return out;
}

/** The call a failure test is about: `dup2(a, b) < 0`, `chdir(d) != 0`, `(fd = open(...)) < 0`, `execvp(...)`. */
function checkedCall(cond: SyntaxNode): { call: SyntaxNode; test: StepCheck; open?: string } | undefined {
  const asCall = (n: SyntaxNode): { call: SyntaxNode; open?: string } | undefined => {
    const u = unwrap(n);
    if (u.type === 'call_expression') return { call: u };
    if (u.type === 'assignment_expression' && u.childForFieldName('operator')?.text === '=') {
      const l = unwrap(u.childForFieldName('left')!);
      const r = unwrap(u.childForFieldName('right')!);
      if (l.type === 'identifier' && r.type === 'call_expression' && callName(r) === 'open') return { call: r, open: l.text };
    }
    return undefined;
  };
  const bare = asCall(cond);
  if (bare) return { ...bare, test: 'nonzero' };
  if (cond.type !== 'binary_expression') return undefined;
  const op = cond.childForFieldName('operator')!.text;
  const l = cond.childForFieldName('left')!;
  const r = cond.childForFieldName('right')!;
  const lc = asCall(l);
  const rc = asCall(r);
  const c = lc ?? rc;
  if (!c || (lc && rc)) return undefined;
  const other = normText(lc ? r : l);
  const flip: Record<string, string> = { '<': '>', '>': '<', '<=': '>=', '>=': '<=', '==': '==', '!=': '!=' };
  const o = lc ? op : flip[op];
  if ((o === '<' && other === '0') || (o === '==' && other === '-1') || (o === '<=' && other === '-1')) return { ...c, test: 'neg' };
  if (o === '!=' && other === '0') return { ...c, test: 'nonzero' };
  if (o === '==' && other === 'SIG_ERR') return { ...c, test: 'sig-err' };
  if (o === '!=' && !c.open && callName(c.call) === 'dup2' && args(c.call)[1] && normText(args(c.call)[1]) === other) return { ...c, test: 'ne-arg1' };
  return undefined;
}

function isNegTest(cond: SyntaxNode, name: string): boolean {
  const t = normText(cond);
  return t === `${name}<0` || t === `${name}==-1` || t === `-1==${name}` || t === `0>${name}`;
}

function isZero(n: SyntaxNode): boolean {
  return normText(unwrap(n)) === '0';
}

function isGetpid(n: SyntaxNode): boolean {
  const u = unwrap(n);
  return u.type === 'call_expression' && callName(u) === 'getpid' && args(u).length === 0;
}

function isNullish(n: SyntaxNode): boolean {
  const u = unwrap(n);
  return /^(0|NULL|nullptr|0L|\(void\*\)0)$/.test(normText(u));
}

function baseIdentifier(n: SyntaxNode): string | undefined {
  let x = unwrap(n);
  for (;;) {
    if (x.type === 'identifier') return x.text;
    if (x.type === 'subscript_expression' || (x.type === 'field_expression' && x.child(1)?.text === '.')) x = unwrap(x.childForFieldName('argument')!);
    else return undefined;
  }
}

function leftmost(n: SyntaxNode): SyntaxNode {
  while (n.type === 'binary_expression') n = n.childForFieldName('left')!;
  return unwrap(n);
}

/** open()'s flags without O_CLOEXEC: the file is for the child's program, and safespawn may open it right onto its descriptor. */
function withoutCloexec(flags: SyntaxNode, text: (n: SyntaxNode) => string): string {
  const parts: SyntaxNode[] = [];
  const walk = (n: SyntaxNode): boolean => {
    const u = n.type === 'parenthesized_expression' ? unwrap(n) : n;
    if (u.type === 'binary_expression' && u.childForFieldName('operator')?.text === '|') return walk(u.childForFieldName('left')!) && walk(u.childForFieldName('right')!);
    parts.push(u);
    return true;
  };
  walk(flags);
  if (!parts.some((p) => normText(p) === 'O_CLOEXEC')) return text(flags);
  const kept = parts.filter((p) => normText(p) !== 'O_CLOEXEC');
  return kept.length ? kept.map(text).join(' | ') : '0';
}

/** `n` and every named node below it. */
function allNodes(n: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [n];
  for (let i = 0; i < out.length; i++) out.push(...out[i].namedChildren);
  return out;
}

/** Source text for a message, on one line. */
function shown(n: SyntaxNode): string {
  return n.text.replace(/\s+/g, ' ');
}

function clip(s: string): string {
  return s.length > 60 ? s.slice(0, 57) + '...' : s;
}
