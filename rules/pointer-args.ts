// Function-pointer parameters bound to the function a call passes: dropbear's
// atomicio(vwrite, fd, buf, n) calls `(f) (fd, …)`, and f is write(2) there
// (`#define vwrite (ssize_t (*)(int, void *, size_t))write`).  Used where a
// callee is followed: the child walker and mayStartPrograms.
import { args, parameterNames, unwrap } from './ast';
import type { SyntaxNode } from './parse';
import type { Unit } from './unit';

/** Parameter -> the function it holds in this call (null: something else, unknown). */
export type PointerBinds = ReadonlyMap<string, string | null>;

export interface BindingLookups {
  /** The knowledge base or the program knows a function of this name. */
  knows(name: string, from: Unit): boolean;
  /** The function an object-like macro of this name stands for. */
  alias(name: string, from: Unit): string | undefined;
}

/**
 * The parameters `def` (of `unit`) declares as function pointers (`ssize_t
 * (*f)(int, void *, size_t)`; a typedef'd one is not seen) and calls
 * through (`(f)(…)`, `(*f)(…)`, `f(…)`), found in its text.
 */
function calledParams(unit: Unit, def: SyntaxNode, params: readonly string[]): ReadonlySet<string> {
  const memo = (unit.calledParams ??= new Map());
  let out = memo.get(def.startIndex);
  if (!out) {
    out = new Set<string>();
    const text = params.length ? def.text : '';
    const open = text.indexOf('{');
    if (open > 0 && text.lastIndexOf('(*', open) >= 0) {
      const head = text.slice(0, open);
      const body = text.slice(open);
      for (const p of params) {
        if (new RegExp(`\\(\\s*\\*\\s*${p}\\s*\\)`).test(head) && new RegExp(`(^|[^\\w.>])\\(?\\s*\\*?\\s*${p}\\s*\\)?\\s*\\(`).test(body)) out.add(p);
      }
    }
    memo.set(def.startIndex, out);
  }
  return out;
}

/** What `call` passes for the parameters its callee `d` calls through (`outer`: the caller's own bindings). */
export function pointerArgs(d: { unit: Unit; def: SyntaxNode }, call: SyntaxNode, from: Unit, outer: PointerBinds | undefined, look: BindingLookups, params = parameterNames(d.def)): Map<string, string | null> {
  const out = new Map<string, string | null>();
  const called = calledParams(d.unit, d.def, params);
  if (!called.size) return out;
  const given = args(call);
  params.forEach((p, i) => {
    if (!called.has(p) || !given[i]) return;
    let a = unwrap(given[i]);
    if (a.type === 'pointer_expression' && a.childForFieldName('operator')?.text === '&') a = unwrap(a.childForFieldName('argument')!);
    if (a.type !== 'identifier') return void out.set(p, null);
    const name = outer?.has(a.text) ? outer.get(a.text)! : a.text;
    out.set(p, name === null ? null : look.knows(name, from) ? name : look.alias(name, from) ?? null);
  });
  return out;
}

/** For a call in a frame with bindings: the bound function (null: an unknown pointer); undefined when it calls no bound parameter. */
export function boundCallee(call: SyntaxNode, binds: PointerBinds | undefined): string | null | undefined {
  if (!binds?.size) return undefined;
  const fn = call.childForFieldName('function');
  const id = fn && unwrap(fn);
  return id?.type === 'identifier' && binds.has(id.text) ? binds.get(id.text)! : undefined;
}

/** Bindings as part of a memo key. */
export function bindsKey(binds: PointerBinds | undefined): string {
  return binds?.size ? [...binds].map(([p, f]) => `|${p}=${f}`).join('') : '';
}
