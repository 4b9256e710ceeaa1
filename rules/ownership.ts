// Memory only the child can reach: what a vfork child allocated itself, or a
// local of a frame the child pushed.  The parent holds no pointer to it, so
// the child writing there changes nothing the parent sees (the allocation
// itself is the finding: vfork-unsafe-call).  dropbear's DROPBEAR_VFORK child
// fills in the logininfo it has just m_malloc'ed; emacs's child writes
// `*value` for a local of egetenv_internal, a frame below the vfork.
import { callName, unwrap } from './ast';
import { valuesAssigned } from './locate';
import type { SyntaxNode } from './parse';
import type { Unit } from './unit';

/** Allocators whose result is new memory that nothing else points to. */
const FRESH_ALLOCATORS = new Set(['malloc', 'calloc', 'strdup', 'strndup', 'aligned_alloc', 'memalign', 'valloc', 'pvalloc']);
const MAX_DEPTH = 12; // a few allocator wrappers deep (each costs two or three steps)

/** What ownership needs of the walk at one point. */
export interface Scope {
  unit: Unit;
  def: SyntaxNode;
  /** `name` is a variable of this frame the parent does not share (a callee's local, or one declared after the spawn). */
  childLocal(name: string): boolean;
  /** `name` is such a variable and an array: its name is the address of memory only the child reaches. */
  childArray?(name: string): boolean;
  /** Parameters the caller passed child-owned memory in. */
  ownedParams?: ReadonlySet<string>;
  /** A variable the parent shares, which the child has just given this value on every way here (the spawning frame only). */
  assignedHere?(name: string): SyntaxNode | undefined;
}

export interface OwnershipResolver {
  kb(name: string): unknown;
  definition(name: string, from: Unit): { unit: Unit; def: SyntaxNode } | undefined;
  /** A scope for another function (its locals are a callee's: not shared). */
  scopeOf(unit: Unit, def: SyntaxNode): Scope;
}

function isNull(e: SyntaxNode): boolean {
  return /^(NULL|0|nullptr|\(void\s*\*\)\s*0)$/.test(unwrap(e).text);
}

export class Ownership {
  private fresh = new Map<string, boolean>();
  constructor(private readonly res: OwnershipResolver) {}

  /** `e` evaluates, in scope `s`, to memory only the child can reach. */
  owned(s: Scope, e: SyntaxNode, depth = 0): boolean {
    if (depth > MAX_DEPTH) return false;
    const x = unwrap(e);
    if (x.type === 'call_expression') {
      const n = callName(x);
      return !!n && this.returnsFresh(n, s.unit, depth + 1);
    }
    if (x.type === 'pointer_expression' && x.child(0)?.type === '&') {
      const a = unwrap(x.childForFieldName('argument')!);
      if (a.type === 'field_expression') return this.insideOwned(s, a, depth + 1); // `&li->line`, `&rec.line`
      return a.type === 'identifier' && s.childLocal(a.text);
    }
    if (x.type === 'identifier') return this.ownedVariable(s, x.text, depth);
    // `li->line`, `rec.line`: an array member decays to a pointer into the record
    // (a pointer member may point anywhere, but nothing shows it points into the parent's memory).
    if (x.type === 'field_expression') return this.insideOwned(s, x, depth + 1);
    return false;
  }

  /** The member `m` of `p->m` / `r.m` lies in memory only the child can reach: `*p` is, or `r` is a local the parent does not share. */
  insideOwned(s: Scope, m: SyntaxNode, depth = 0): boolean {
    const base = unwrap(m.childForFieldName('argument')!);
    if (m.child(1)?.text === '->') return this.owned(s, base, depth + 1);
    if (base.type === 'identifier') return s.childLocal(base.text);
    return base.type === 'field_expression' && this.insideOwned(s, base, depth + 1);
  }

  /** The pointer variable `name` holds only child-owned memory: every value it is given in its function is. */
  ownedVariable(s: Scope, name: string, depth = 0): boolean {
    const param = !!s.ownedParams?.has(name);
    if (!param && s.childArray?.(name)) return true; // `char lastlog_file[1024]; strlcpy(lastlog_file, …)`
    if (!param && !s.childLocal(name)) {
      const v = s.assignedHere?.(name);
      return !!v && this.owned(s, v, depth + 1);
    }
    const values = valuesAssigned(s.unit, name, s.def);
    if (!param && !values.length) return false;
    return values.every((v) => isNull(v) || this.owned(s, v, depth + 1));
  }

  /** Every return of the function `name` gives new memory (an allocator's result, or a variable only ever holding one). */
  returnsFresh(name: string, from: Unit, depth = 0): boolean {
    if (FRESH_ALLOCATORS.has(name)) return true;
    if (depth > MAX_DEPTH || this.res.kb(name)) return false;
    const d = this.res.definition(name, from);
    if (!d) return false;
    const key = `${d.unit.key}@${d.def.startIndex}`;
    let v = this.fresh.get(key);
    if (v === undefined) {
      this.fresh.set(key, false); // recursion: not shown fresh
      const s = this.res.scopeOf(d.unit, d.def);
      const values = d.def.descendantsOfType('return_statement').map((r) => r.namedChild(0));
      v = values.length > 0 && values.every((x) => !!x && (isNull(x) || this.owned(s, x, depth + 1)));
      this.fresh.set(key, v);
    }
    return v;
  }
}
