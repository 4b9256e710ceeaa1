// A control-flow graph of one function body, at statement granularity.
//
// Child regions are found by walking this graph from the spawn call with the
// pid's value known (0 in the child), so `if (!pid)`, `switch`, early returns,
// retry loops and gotos all fall out of one mechanism instead of a list of
// syntactic shapes.
import type { SyntaxNode } from './parse';

export type CfgKind =
  | 'entry'
  | 'exit' // reached by falling off the end of the function
  | 'stmt' // a simple statement or declaration; `ast` is evaluated
  | 'return' // return_statement; `ast` is evaluated, then the function is left
  | 'throw'
  | 'branch' // `ast` is a condition; succ = [true, false]
  | 'switch' // `ast` is the discriminant; `cases` map values to successors
  | 'nondet'; // one of `succ` is taken (preprocessor arms, loops over ranges, catch clauses)

export interface SwitchCase {
  value: number | 'default' | 'unknown';
  to: number;
}

export interface CfgNode {
  id: number;
  kind: CfgKind;
  ast?: SyntaxNode;
  succ: number[];
  cases?: SwitchCase[];
  /** Inside an ERROR node: walked, but findings are not reported on it. */
  inError?: boolean;
  /** A nondet that is a preprocessor conditional: its #if / #ifdef / #elif (succ[0] its arm, succ[1] the rest). */
  preproc?: SyntaxNode;
}

export interface Cfg {
  def: SyntaxNode;
  nodes: CfgNode[];
  entry: number;
  exit: number;
}

interface Ctx {
  breakTo?: number;
  continueTo?: number;
  labels: Map<string, number>;
  inError: boolean;
}

export function buildCfg(def: SyntaxNode): Cfg {
  const nodes: CfgNode[] = [];
  const add = (kind: CfgKind, ast?: SyntaxNode, inError = false): CfgNode => {
    const n: CfgNode = { id: nodes.length, kind, ast, succ: [] };
    if (inError) n.inError = true;
    nodes.push(n);
    return n;
  };
  const entry = add('entry');
  const exit = add('exit');
  const labels = new Map<string, number>();
  const body = def.childForFieldName('body');
  // Labels are created first so that gotos may jump forward.
  if (body) {
    for (const l of body.descendantsOfType('labeled_statement')) {
      const name = l.childForFieldName('label')?.text;
      if (name && !labels.has(name)) labels.set(name, add('nondet').id);
    }
  }

  const seq = (stmts: SyntaxNode[], next: number, ctx: Ctx): number => {
    let n = next;
    for (let i = stmts.length - 1; i >= 0; i--) n = build(stmts[i], n, ctx);
    return n;
  };

  const stmtChildren = (node: SyntaxNode): SyntaxNode[] =>
    node.namedChildren.filter((c) => c.type !== 'comment');

  const build = (s: SyntaxNode, next: number, ctx: Ctx): number => {
    switch (s.type) {
      case 'compound_statement':
      case 'translation_unit':
        return seq(stmtChildren(s), next, ctx);
      case 'comment':
      case 'preproc_def':
      case 'preproc_function_def':
      case 'preproc_include':
      case 'preproc_call':
      case 'empty_statement':
      case ';':
        return next;
      case 'attributed_statement':
        return seq(stmtChildren(s).filter((c) => c.type !== 'attribute_declaration'), next, ctx);
      case 'if_statement': {
        const cond = s.childForFieldName('condition')!;
        const cons = s.childForFieldName('consequence');
        const altClause = s.childForFieldName('alternative');
        const alt = altClause ? (altClause.type === 'else_clause' ? altClause.namedChildren.find((c) => c.type !== 'comment') : altClause) : undefined;
        const b = add('branch', cond, ctx.inError);
        b.succ = [cons ? build(cons, next, ctx) : next, alt ? build(alt, next, ctx) : next];
        return b.id;
      }
      case 'while_statement': {
        const b = add('branch', s.childForFieldName('condition')!, ctx.inError);
        const body = s.childForFieldName('body');
        b.succ = [body ? build(body, b.id, { ...ctx, breakTo: next, continueTo: b.id }) : b.id, next];
        return b.id;
      }
      case 'do_statement': {
        const b = add('branch', s.childForFieldName('condition')!, ctx.inError);
        const body = s.childForFieldName('body');
        const start = body ? build(body, b.id, { ...ctx, breakTo: next, continueTo: b.id }) : b.id;
        b.succ = [start, next];
        return start;
      }
      case 'for_statement': {
        const cond = s.childForFieldName('condition');
        const update = s.childForFieldName('update');
        const init = s.childForFieldName('initializer');
        const head = add(cond ? 'branch' : 'nondet', cond ?? undefined, ctx.inError);
        let loopBack = head.id;
        if (update) {
          const u = add('stmt', update, ctx.inError);
          u.succ = [head.id];
          loopBack = u.id;
        }
        const body = s.childForFieldName('body');
        const bodyStart = body ? build(body, loopBack, { ...ctx, breakTo: next, continueTo: loopBack }) : loopBack;
        // `for (;;)` without a condition never falls out except by break.
        head.succ = cond ? [bodyStart, next] : [bodyStart];
        if (init) {
          const i = add('stmt', init, ctx.inError);
          i.succ = [head.id];
          return i.id;
        }
        return head.id;
      }
      case 'for_range_loop': {
        const r = add('stmt', s.childForFieldName('right') ?? s, ctx.inError);
        const head = add('nondet', undefined, ctx.inError);
        const body = s.childForFieldName('body');
        head.succ = [body ? build(body, head.id, { ...ctx, breakTo: next, continueTo: head.id }) : head.id, next];
        r.succ = [head.id];
        return r.id;
      }
      case 'switch_statement': {
        const sw = add('switch', s.childForFieldName('condition')!, ctx.inError);
        const body = s.childForFieldName('body');
        const inner: Ctx = { ...ctx, breakTo: next };
        const items = body ? stmtChildren(body) : [];
        const cases: SwitchCase[] = [];
        let n = next;
        for (let i = items.length - 1; i >= 0; i--) {
          const item = items[i];
          if (item.type === 'case_statement') {
            const valueNode = item.childForFieldName('value');
            const stmts = stmtChildren(item).filter((c) => c !== valueNode);
            n = seq(stmts, n, inner);
            cases.unshift({ value: valueNode ? caseValue(valueNode) : 'default', to: n });
          } else {
            n = build(item, n, inner);
          }
        }
        if (!cases.some((c) => c.value === 'default')) cases.push({ value: 'default', to: next });
        sw.cases = cases;
        sw.succ = [...new Set(cases.map((c) => c.to))];
        return sw.id;
      }
      case 'case_statement':
        // Outside a switch (half-written code): its statements run in order.
        return seq(stmtChildren(s).filter((c) => c !== s.childForFieldName('value')), next, ctx);
      case 'break_statement':
        return ctx.breakTo ?? next;
      case 'continue_statement':
        return ctx.continueTo ?? next;
      case 'goto_statement': {
        const l = ctx.labels.get(s.childForFieldName('label')?.text ?? '');
        return l ?? next;
      }
      case 'labeled_statement': {
        const name = s.childForFieldName('label')?.text ?? '';
        const l = ctx.labels.get(name);
        const inner = stmtChildren(s).filter((c) => c.type !== 'statement_identifier');
        const start = seq(inner, next, ctx);
        if (l === undefined) return start;
        nodes[l].succ = [start];
        return l;
      }
      case 'return_statement':
      case 'co_return_statement': {
        const r = add('return', s, ctx.inError);
        r.succ = [exit.id];
        return r.id;
      }
      case 'throw_statement': {
        const t = add('throw', s, ctx.inError);
        t.succ = [exit.id];
        return t.id;
      }
      case 'try_statement': {
        const body = s.childForFieldName('body');
        const alts = [body ? build(body, next, ctx) : next];
        for (const c of s.namedChildren) if (c.type === 'catch_clause') {
          const cb = c.childForFieldName('body');
          alts.push(cb ? build(cb, next, ctx) : next);
        }
        const n = add('nondet', undefined, ctx.inError);
        n.succ = alts;
        return n.id;
      }
      case 'preproc_if':
      case 'preproc_ifdef':
      case 'preproc_else':
      case 'preproc_elif':
      case 'preproc_elifdef': {
        // Each arm is one configuration; any may be the one compiled.
        const alt = s.childForFieldName('alternative');
        const arm = stmtChildren(s).filter((c) => c !== alt && c !== s.childForFieldName('condition') && c !== s.childForFieldName('name'));
        const armStart = seq(arm, next, ctx);
        if (s.type === 'preproc_else') return armStart;
        const n = add('nondet', undefined, ctx.inError);
        n.preproc = s;
        n.succ = [armStart, alt ? build(alt, next, ctx) : next];
        return n.id;
      }
      case 'ERROR': {
        // Half-written code: walk what the parser recognised, but never report on it.
        return seq(stmtChildren(s), next, { ...ctx, inError: true });
      }
      case 'function_definition':
      case 'declaration_list':
      case 'namespace_definition':
      case 'linkage_specification':
        return next;
      default: {
        const st = add('stmt', s, ctx.inError);
        st.succ = [next];
        return st.id;
      }
    }
  };

  entry.succ = [body ? build(body, exit.id, { labels, inError: false }) : exit.id];
  return { def, nodes, entry: entry.id, exit: exit.id };
}

function caseValue(v: SyntaxNode): number | 'unknown' {
  const t = v.text.replace(/[()\s]/g, '');
  if (/^-?\d+$/.test(t)) return Number(t);
  if (/^-?0x[0-9a-f]+$/i.test(t)) return Number.parseInt(t, 16);
  return 'unknown';
}

// Each CFG's node extents as plain numbers (start -1: no syntax): a node's
// startIndex is a call into the binding, and this scan runs per event.
const extents = new WeakMap<Cfg, { starts: Int32Array; ends: Int32Array }>();

function extentsOf(cfg: Cfg): { starts: Int32Array; ends: Int32Array } {
  let x = extents.get(cfg);
  if (!x) {
    x = { starts: new Int32Array(cfg.nodes.length), ends: new Int32Array(cfg.nodes.length) };
    cfg.nodes.forEach((n, i) => {
      x!.starts[i] = n.ast ? n.ast.startIndex : -1;
      x!.ends[i] = n.ast ? n.ast.endIndex : -1;
    });
    extents.set(cfg, x);
  }
  return x;
}

/** The smallest CFG node whose syntax contains `inner` (the first of equals). */
export function cfgNodeContaining(cfg: Cfg, inner: SyntaxNode): CfgNode | undefined {
  const { starts, ends } = extentsOf(cfg);
  const a = inner.startIndex;
  const b = inner.endIndex;
  let best = -1;
  let bestLen = Infinity;
  for (let i = 0; i < starts.length; i++) {
    if (starts[i] < 0 || starts[i] > a || ends[i] < b) continue;
    if (ends[i] - starts[i] < bestLen) {
      best = i;
      bestLen = ends[i] - starts[i];
    }
  }
  return best < 0 ? undefined : cfg.nodes[best];
}
