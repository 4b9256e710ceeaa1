// Signal handlers the program installs: signal()/sigset()/std::signal(),
// sigaction() with sa_handler/sa_sigaction set, through function-pointer
// variables, and pthread_atfork child handlers.
import { args, callName, normText, unwrap } from './ast';
import { callsNamed, valuesAssigned, wordNodes } from './locate';
import type { SyntaxNode } from './parse';
import type { Range } from './types';
import type { Unit } from './unit';

export interface HandlerInstall {
  unit: Unit;
  /** The installing call. */
  node: SyntaxNode;
  /** The installing function's name (signal, sigaction, pthread_atfork). */
  via: string;
  /** The handler's function name. */
  handler: string;
  /** The signal, as written (undefined for atfork). */
  signal?: string;
  atfork: boolean;
}

/** A handler install as a whole-program fact: where, not the tree (rules read it across files). */
export interface HandlerFact {
  file: string;
  /** The installing call. */
  range: Range;
  via: string;
  handler: string;
  signal?: string;
  atfork: boolean;
}

export const HANDLER_TOKENS = /\b(signal|sigaction|sigset|bsd_signal|sysv_signal|pthread_atfork)\s*\(/;
const BY_ARG = new Map([['signal', 1], ['std::signal', 1], ['sigset', 1], ['bsd_signal', 1], ['sysv_signal', 1]]);
const NOT_A_HANDLER = /^(SIG_IGN|SIG_DFL|SIG_ERR|SIG_HOLD|NULL|nullptr|0)$/;

/** A handler install as written, with every name that could be its handler (a function, or one a pointer is given). */
export interface HandlerCandidate {
  node: SyntaxNode;
  via: string;
  signal?: string;
  atfork: boolean;
  names: string[];
}

const INSTALLERS = new Set([...BY_ARG.keys(), 'sigaction', 'pthread_atfork']);

/** Handler installs in one unit, before knowing which names are functions of the program. */
export function handlerCandidates(unit: Unit): HandlerCandidate[] {
  const out: HandlerCandidate[] = [];
  const resolve = (n: SyntaxNode | undefined): string[] => {
    if (!n) return [];
    let v = unwrap(n);
    if (v.type === 'pointer_expression' && v.child(0)?.text === '&') v = unwrap(v.childForFieldName('argument')!);
    const text = normText(v);
    if (NOT_A_HANDLER.test(text)) return [];
    // A function-pointer variable: the functions assigned to it anywhere in the file.
    return [text, ...valuesAssigned(unit, text).map(pointee).filter((x): x is string => !!x)];
  };
  for (const call of callsNamed(unit, INSTALLERS)) {
    const name = callName(call)!;
    const a = args(call);
    const argIndex = BY_ARG.get(name);
    if (argIndex !== undefined) {
      out.push({ node: call, via: name, signal: a[0]?.text, atfork: false, names: resolve(a[argIndex]) });
    } else if (name === 'sigaction' && a.length >= 2) {
      // The struct's handler fields, set anywhere in the installing function (or the file, for a static struct).
      const root = unit.tree.rootNode;
      const scope = call.closest('function_definition') ?? root;
      const struct = structName(a[1]);
      const values = sigactionHandlers(unit, scope, struct).concat(scope === root ? [] : sigactionHandlers(unit, root, struct));
      out.push({ node: call, via: name, signal: a[0]?.text, atfork: false, names: values.flatMap((x) => resolve(x)) });
    } else if (name === 'pthread_atfork') {
      out.push({ node: call, via: name, atfork: true, names: resolve(a[2]) });
    }
  }
  return out;
}

/** Handler installs in one unit; `isFunction` says whether a name is a function defined in the program. */
export function findHandlerInstalls(unit: Unit, isFunction: (name: string) => boolean): HandlerInstall[] {
  const out: HandlerInstall[] = [];
  for (const c of handlerCandidates(unit)) {
    for (const h of c.names) if (isFunction(h)) out.push({ unit, node: c.node, via: c.via, handler: h, signal: c.signal, atfork: c.atfork });
  }
  return dedupe(out);
}

/** The function a pointer is given: `h`, `&h`, `(sighandler_t)h`. */
function pointee(value: SyntaxNode): string | undefined {
  const v = unwrap(value);
  const name = v.type === 'pointer_expression' ? unwrap(v.childForFieldName('argument')!).text : v.text;
  return /^[A-Za-z_]\w*$/.test(name) && !NOT_A_HANDLER.test(name) ? name : undefined;
}

function structName(arg: SyntaxNode | undefined): string | undefined {
  if (!arg) return undefined;
  let v = unwrap(arg);
  if (v.type === 'pointer_expression' && v.child(0)?.text === '&') v = unwrap(v.childForFieldName('argument')!);
  return v.type === 'identifier' ? v.text : undefined;
}

/** Values given to sa_handler / sa_sigaction of `struct` (or of any struct when unknown) in `scope`. */
function sigactionHandlers(unit: Unit, scope: SyntaxNode, struct: string | undefined): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const field of wordNodes(unit, ['sa_handler', 'sa_sigaction'], scope)) {
    const up = field.parent;
    if (up?.type === 'field_expression' && up.childForFieldName('field')?.startIndex === field.startIndex) {
      const a = up.parent;
      if (a?.type !== 'assignment_expression' || a.childForFieldName('left')?.startIndex !== up.startIndex) continue;
      if (struct && unwrap(up.childForFieldName('argument')!).text !== struct) continue;
      out.push(a.childForFieldName('right')!);
    } else {
      // `{ .sa_handler = h }`, or GNU's `{ sa_handler: h }`.
      const pair = up?.type === 'field_designator' ? up.parent : up;
      const v = pair?.type === 'initializer_pair' ? pair.childForFieldName('value') : null;
      if (v && v.startIndex > field.startIndex) out.push(v);
    }
  }
  return out;
}

function dedupe(xs: HandlerInstall[]): HandlerInstall[] {
  const seen = new Set<string>();
  return xs.filter((x) => {
    const k = `${x.node.startIndex}:${x.handler}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
