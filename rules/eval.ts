// Three-valued evaluation of conditions, given what is known of the pid.
//
// In the child the spawn call returns 0; in the parent it returns a nonzero
// value of unknown sign (a pid, or -1 on failure). Everything else is unknown.
import { normText, unwrap } from './ast';
import type { SyntaxNode } from './parse';

export type Value = { k: 'num'; v: number } | { k: 'nz' } | { k: 'unk' };

export const UNKNOWN: Value = { k: 'unk' };
export const ZERO: Value = { k: 'num', v: 0 };
export const NONZERO: Value = { k: 'nz' };

export interface Env {
  /** The spawn call (or the call of a spawn wrapper) whose value is known. */
  spawn?: SyntaxNode;
  /** Normalised text of the variable the spawn's value was stored in. */
  pidVar?: string;
  value: Value;
  /** What a call is known to return (an exec that returns has failed: -1). */
  callValue?: (call: SyntaxNode) => Value | undefined;
  /** Variables with a known value: a callee's parameters the call gave a constant (and the callee never assigns). */
  known?: ReadonlyMap<string, Value>;
}

const num = (v: number): Value => ({ k: 'num', v });
const bool = (b: boolean): Value => num(b ? 1 : 0);

/** true, false, or undefined when unknown. */
export function truth(v: Value): boolean | undefined {
  if (v.k === 'num') return v.v !== 0;
  if (v.k === 'nz') return true;
  return undefined;
}

function sameNode(a: SyntaxNode, b: SyntaxNode): boolean {
  return a.startIndex === b.startIndex && a.endIndex === b.endIndex && a.type === b.type;
}

export function evalValue(node: SyntaxNode, env: Env): Value {
  const n = unwrap(node);
  if (env.spawn && sameNode(n, env.spawn)) return env.value;
  switch (n.type) {
    case 'number_literal': {
      const t = n.text.replace(/[uUlL]+$/, '');
      const v = /^0x/i.test(t) ? Number.parseInt(t, 16) : Number(t);
      return Number.isFinite(v) ? num(v) : UNKNOWN;
    }
    case 'true':
      return num(1);
    case 'false':
    case 'null':
    case 'nullptr':
      return num(0);
    case 'identifier': {
      if (n.text === 'NULL') return num(0);
      const k = env.known?.get(n.text);
      if (k) return k;
    }
    // falls through
    case 'field_expression':
    case 'pointer_expression':
    case 'subscript_expression':
      return env.pidVar !== undefined && normText(n) === env.pidVar ? env.value : UNKNOWN;
    case 'assignment_expression': {
      const op = n.childForFieldName('operator')?.text;
      return op === '=' ? evalValue(n.childForFieldName('right')!, env) : UNKNOWN;
    }
    case 'comma_expression':
      return evalValue(n.childForFieldName('right')!, env);
    case 'conditional_expression': {
      const c = truth(evalValue(n.childForFieldName('condition')!, env));
      if (c === undefined) return UNKNOWN;
      const branch = n.childForFieldName(c ? 'consequence' : 'alternative');
      return branch ? evalValue(branch, env) : UNKNOWN;
    }
    case 'unary_expression': {
      const op = n.childForFieldName('operator')?.text;
      const a = evalValue(n.childForFieldName('argument')!, env);
      if (op === '!') {
        const t = truth(a);
        return t === undefined ? UNKNOWN : bool(!t);
      }
      if (op === '-' && a.k === 'num') return num(-a.v);
      if (op === '+') return a;
      return UNKNOWN;
    }
    case 'binary_expression':
      return evalBinary(n, env);
    case 'call_expression':
      return env.callValue?.(n) ?? UNKNOWN;
    default:
      return UNKNOWN;
  }
}

function evalBinary(n: SyntaxNode, env: Env): Value {
  const op = n.childForFieldName('operator')?.text;
  const l = evalValue(n.childForFieldName('left')!, env);
  if (op === '&&' || op === '||') {
    const lt = truth(l);
    if (op === '&&' && lt === false) return bool(false);
    if (op === '||' && lt === true) return bool(true);
    const rt = truth(evalValue(n.childForFieldName('right')!, env));
    if (lt !== undefined && rt !== undefined) return bool(op === '&&' ? lt && rt : lt || rt);
    if (op === '&&' && rt === false) return bool(false);
    if (op === '||' && rt === true) return bool(true);
    return UNKNOWN;
  }
  const r = evalValue(n.childForFieldName('right')!, env);
  if (l.k === 'num' && r.k === 'num') {
    switch (op) {
      case '==': return bool(l.v === r.v);
      case '!=': return bool(l.v !== r.v);
      case '<': return bool(l.v < r.v);
      case '<=': return bool(l.v <= r.v);
      case '>': return bool(l.v > r.v);
      case '>=': return bool(l.v >= r.v);
      case '+': return num(l.v + r.v);
      case '-': return num(l.v - r.v);
      default: return UNKNOWN;
    }
  }
  // A nonzero value compared with zero is decided; anything else about it is not.
  const nzVsZero = (a: Value, b: Value) => a.k === 'nz' && b.k === 'num' && b.v === 0;
  if (nzVsZero(l, r) || nzVsZero(r, l)) {
    if (op === '==') return bool(false);
    if (op === '!=') return bool(true);
  }
  return UNKNOWN;
}

/** Does the expression's value carry the spawn's result (`return pid;`, `return fork();`)? */
export function carriesSpawnValue(node: SyntaxNode, env: Env): boolean {
  const n = unwrap(node);
  if (env.spawn && sameNode(n, env.spawn)) return true;
  if (env.pidVar !== undefined && normText(n) === env.pidVar) return true;
  if (n.type === 'assignment_expression') return carriesSpawnValue(n.childForFieldName('right')!, env);
  return false;
}
