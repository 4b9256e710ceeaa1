// Signal handlers the program installs: signal()/sigset()/std::signal(),
// sigaction() with sa_handler/sa_sigaction set, through function-pointer
// variables, and pthread_atfork child handlers.
import { args, callName, declaredIdentifier, normText, unwrap } from './ast';
import type { SyntaxNode } from './parse';
import { callsOf, type Unit } from './unit';

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

export const HANDLER_TOKENS = /\b(signal|sigaction|sigset|bsd_signal|sysv_signal|pthread_atfork)\s*\(/;
const BY_ARG = new Map([['signal', 1], ['std::signal', 1], ['sigset', 1], ['bsd_signal', 1], ['sysv_signal', 1]]);
const NOT_A_HANDLER = /^(SIG_IGN|SIG_DFL|SIG_ERR|SIG_HOLD|NULL|nullptr|0)$/;

/** Handler installs in one unit; `isFunction` says whether a name is a function defined in the program. */
export function findHandlerInstalls(unit: Unit, isFunction: (name: string) => boolean): HandlerInstall[] {
  const out: HandlerInstall[] = [];
  const root = unit.tree.rootNode;
  // Function-pointer variables and the functions assigned to them, file-wide.
  const pointers = new Map<string, string[]>();
  const note = (variable: string, value: SyntaxNode) => {
    const v = unwrap(value);
    const name = v.type === 'pointer_expression' ? unwrap(v.childForFieldName('argument')!).text : v.text;
    if (/^[A-Za-z_]\w*$/.test(name) && !NOT_A_HANDLER.test(name)) pointers.set(variable, [...(pointers.get(variable) ?? []), name]);
  };
  for (const d of root.descendantsOfType('init_declarator')) {
    const value = d.childForFieldName('value');
    const id = declaredIdentifier(d);
    if (value && id) note(id, value);
  }
  for (const a of root.descendantsOfType('assignment_expression')) {
    const left = a.childForFieldName('left');
    if (left && a.childForFieldName('operator')?.text === '=') note(normText(left), a.childForFieldName('right')!);
  }
  const resolve = (n: SyntaxNode | undefined): string[] => {
    if (!n) return [];
    let v = unwrap(n);
    if (v.type === 'pointer_expression' && v.child(0)?.text === '&') v = unwrap(v.childForFieldName('argument')!);
    const text = normText(v);
    if (NOT_A_HANDLER.test(text)) return [];
    if (isFunction(text)) return [text];
    return (pointers.get(text) ?? []).filter(isFunction);
  };
  for (const call of callsOf(unit)) {
    const name = callName(call);
    if (!name) continue;
    const a = args(call);
    const argIndex = BY_ARG.get(name);
    if (argIndex !== undefined) {
      for (const h of resolve(a[argIndex])) out.push({ unit, node: call, via: name, handler: h, signal: a[0]?.text, atfork: false });
    } else if (name === 'sigaction' && a.length >= 2) {
      // The struct's handler fields, set anywhere in the installing function (or the file, for a static struct).
      const scope = call.closest('function_definition') ?? root;
      const struct = structName(a[1]);
      for (const h of sigactionHandlers(scope, struct).concat(scope === root ? [] : sigactionHandlers(root, struct)).flatMap((x) => resolve(x))) {
        out.push({ unit, node: call, via: name, handler: h, signal: a[0]?.text, atfork: false });
      }
    } else if (name === 'pthread_atfork') {
      for (const h of resolve(a[2])) out.push({ unit, node: call, via: name, handler: h, atfork: true });
    }
  }
  return dedupe(out);
}

function structName(arg: SyntaxNode | undefined): string | undefined {
  if (!arg) return undefined;
  let v = unwrap(arg);
  if (v.type === 'pointer_expression' && v.child(0)?.text === '&') v = unwrap(v.childForFieldName('argument')!);
  return v.type === 'identifier' ? v.text : undefined;
}

/** Values given to sa_handler / sa_sigaction of `struct` (or of any struct when unknown) in `scope`. */
function sigactionHandlers(scope: SyntaxNode, struct: string | undefined): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const a of scope.descendantsOfType('assignment_expression')) {
    const left = a.childForFieldName('left');
    if (left?.type !== 'field_expression') continue;
    const field = left.childForFieldName('field')?.text;
    if (field !== 'sa_handler' && field !== 'sa_sigaction') continue;
    const base = unwrap(left.childForFieldName('argument')!).text;
    if (struct && base !== struct) continue;
    out.push(a.childForFieldName('right')!);
  }
  for (const p of scope.descendantsOfType('initializer_pair')) {
    const d = p.childForFieldName('designator')?.text ?? p.namedChild(0)?.text ?? '';
    if (/^\.?(sa_handler|sa_sigaction)$/.test(d.replace(/\s+/g, ''))) {
      const v = p.childForFieldName('value');
      if (v) out.push(v);
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
