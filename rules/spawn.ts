// Finding spawn sites in a parsed unit.
import { args, callName, declaredIdentifier, functionName, normText, unwrap } from './ast';
import type { RegionKind, Spawn } from './child';
import type { SyntaxNode } from './parse';
import { callsNamed } from './locate';
import type { Unit } from './unit';

export interface WrapperInfo {
  name: string;
  kind: RegionKind;
}

export interface SpawnContext {
  /** Spawn wrappers known in the program (functions returning a fork's pid). */
  wrappers: ReadonlyMap<string, RegionKind>;
  /** Function-like macros whose body spawns: name → kind. */
  spawnMacros: ReadonlyMap<string, RegionKind>;
  /** A function defined in the program, for clone's child function. */
  definition(name: string, from: Unit): { unit: Unit; def: SyntaxNode } | undefined;
}

const FORK_NAMES = new Map<string, RegionKind>([
  ['fork', 'fork'], ['_Fork', 'fork'], ['__fork', 'fork'], ['__libc_fork', 'fork'],
  ['vfork', 'vfork'], ['__vfork', 'vfork'],
]);
const CLONE_NAMES = new Set(['clone', '__clone', '__clone2', '__clone_internal']);

/** The kind of spawn a call makes, if it is one (not counting wrappers). */
function directKind(call: SyntaxNode, name: string, ctx: SpawnContext): RegionKind | undefined {
  const k = FORK_NAMES.get(name) ?? ctx.spawnMacros.get(name);
  if (k) return k;
  if (name === 'syscall') {
    const a = args(call);
    const nr = a[0]?.text ?? '';
    if (/^(SYS|__NR)_fork$/.test(nr)) return 'fork';
    if (/^(SYS|__NR)_vfork$/.test(nr)) return 'vfork';
    if (/^(SYS|__NR)_clone$/.test(nr)) return /\bCLONE_VM\b/.test(a.slice(1).map((x) => x.text).join(',')) ? 'vfork' : 'fork';
  }
  return undefined;
}

export function findSpawns(unit: Unit, ctx: SpawnContext): Spawn[] {
  const out: Spawn[] = [];
  const seenConditional = new Set<number>();
  const names = new Set([...FORK_NAMES.keys(), ...CLONE_NAMES, 'syscall', ...ctx.spawnMacros.keys(), ...ctx.wrappers.keys()]);
  for (const call of callsNamed(unit, names)) {
    const name = callName(call)!;
    const fnDef = call.closest('function_definition');
    if (!fnDef) continue;
    if (CLONE_NAMES.has(name)) {
      const s = cloneSpawn(unit, call, name, fnDef, ctx);
      if (s) out.push(s);
      continue;
    }
    let kind = directKind(call, name, ctx) ?? ctx.wrappers.get(name);
    if (!kind) continue;
    // `HAVE_MMU ? fork() : vfork()`: one spawn with vfork's rules.
    let node: SyntaxNode = call;
    const cond = enclosingConditional(call);
    if (cond) {
      if (seenConditional.has(cond.startIndex)) continue;
      const kinds = [cond.childForFieldName('consequence'), cond.childForFieldName('alternative')]
        .map((b) => (b ? unwrap(b) : undefined))
        .map((b) => (b && b.type === 'call_expression' ? directKind(b, callName(b) ?? '', ctx) ?? ctx.wrappers.get(callName(b) ?? '') : undefined));
      if (kinds[0] && kinds[1]) {
        seenConditional.add(cond.startIndex);
        node = cond;
        kind = kinds.includes('vfork') ? 'vfork' : kind;
      }
    }
    if (functionName(fnDef) === name) continue; // a wrapper's own definition calling itself recursively
    out.push({ unit, node, name, kind, fnDef });
  }
  return out;
}

function enclosingConditional(call: SyntaxNode): SyntaxNode | undefined {
  let n: SyntaxNode = call;
  for (let p = n.parent; p; n = p, p = p.parent) {
    if (p.type === 'parenthesized_expression' || p.type === 'cast_expression') continue;
    if (p.type === 'conditional_expression' && p.childForFieldName('condition')?.startIndex !== n.startIndex) return p;
    return undefined;
  }
  return undefined;
}

function cloneSpawn(unit: Unit, call: SyntaxNode, name: string, fnDef: SyntaxNode, ctx: SpawnContext): Spawn | undefined {
  const a = args(call);
  // clone(fn, stack, flags, arg); __clone_internal(&cl_args, fn, arg).
  const fnArg = name === '__clone_internal' ? a[1] : a[0];
  if (!fnArg) return undefined;
  let f = unwrap(fnArg);
  if (f.type === 'pointer_expression' && f.child(0)?.text === '&') f = unwrap(f.childForFieldName('argument')!);
  if (f.type !== 'identifier') return undefined;
  const def = ctx.definition(f.text, unit);
  if (!def) return undefined;
  // The flags are an argument, or (clone3-style) in a struct initialised in the same function.
  const flagsText = name === '__clone_internal' ? fnDef.text : a.slice(1).map((x) => normText(x)).join(',');
  // clone(CLONE_THREAD) starts a thread (pthread_create's own clone), not a child process.
  if (/\bCLONE_THREAD\b/.test(flagsText)) return undefined;
  const kind: RegionKind = /\bCLONE_VM\b/.test(flagsText) ? 'clone-vm' : 'clone';
  return { unit, node: call, name, kind, fnDef, childFn: def };
}

/** Which variable holds the spawn's value: `pid = fork()`, `pid_t pid = fork()`. */
export function pidVariable(spawn: SyntaxNode): string | undefined {
  let n: SyntaxNode = spawn;
  for (let p = n.parent; p; n = p, p = p.parent) {
    if (p.type === 'parenthesized_expression' || p.type === 'cast_expression') continue;
    if (p.type === 'assignment_expression' && p.childForFieldName('right')?.startIndex === n.startIndex) {
      return normText(unwrap(p.childForFieldName('left')!));
    }
    if (p.type === 'init_declarator' && p.childForFieldName('value')?.startIndex === n.startIndex) {
      return declaredIdentifier(p.childForFieldName('declarator'));
    }
    return undefined;
  }
  return undefined;
}
