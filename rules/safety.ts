// Which calls a child may make, from the knowledge base.
import type { CallEvent } from './child';
import type { FunctionInfo } from './kb';

/** Calls that other, more specific rules own (one finding per problem). */
export function ownedByOtherRule(e: CallEvent): boolean {
  const nr = e.info?.noreturn?.kind;
  return nr === 'process-exit-via-exit' || nr === 'nonlocal-jump' || e.name === 'throw';
}

/** Async-signal-safe, or a plain syscall wrapper real spawn code calls in its children. */
export function safeInForkChild(info: FunctionInfo): boolean {
  return info.asyncSignalSafe || info.vforkAllowed || !!info.exec || info.noreturn?.kind === 'process-exit' || info.noreturn?.kind === 'abort';
}

/** In a vfork child the set*id wrappers are not safe even where they are async-signal-safe. */
export function safeInVforkChild(info: FunctionInfo): boolean {
  return !info.setid && safeInForkChild(info);
}
