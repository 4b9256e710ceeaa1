// Errors shaped like Node's own (ErrnoException: negative errno, code,
// syscall), and signal names and numbers as child_process takes them.
import * as os from 'os';
import * as util from 'util';
import type { NativeError } from './addon';

/** What a failed spawn carries beyond child_process's error: the step that failed. */
export interface SpawnError extends Error {
  code: string;
  /** negative, as Node's errors have it */
  errno: number;
  syscall: string;
  path: string;
  spawnargs: string[];
  /** the child's step that failed: 'exec', 'chdir', 'dup2', 'open', 'setsid', ... ('spawn': the parent's side) */
  step: string;
  /** for dup2 / open: the child descriptor it was setting up */
  fd?: number;
}

function errname(errno: number): string {
  try {
    return util.getSystemErrorName(-Math.abs(errno));
  } catch {
    return `Unknown system error ${errno}`;
  }
}

/** Node's ErrnoException: `${syscall} ${code}`; e is a positive errno. */
export function errnoException(e: number, syscall: string, detail?: string): NodeJS.ErrnoException {
  const code = errname(e);
  const err = new Error(`${syscall} ${code}${detail ? ` ${detail}` : ''}`) as NodeJS.ErrnoException;
  err.errno = -e;
  err.code = code;
  err.syscall = syscall;
  return err;
}

/**
 * A spawn failure from the binding, as child_process would report it, plus
 * the step: `spawn ${file} ENOENT`, syscall `spawn ${file}`, path, spawnargs.
 */
export function spawnError(n: NativeError, file: string, args: string[], sync: boolean, cwd?: string): SpawnError {
  const step = n.kind === 'none' || n.kind === undefined ? 'spawn' : n.kind;
  let what: string = step;
  if (step === 'chdir' && cwd !== undefined) what = `chdir ${cwd}`;
  else if ((step === 'dup2' || step === 'open') && n.fd !== undefined) what = `${step} onto fd ${n.fd}`;
  const syscall = `${sync ? 'spawnSync' : 'spawn'} ${file}`;
  const err = errnoException(n.errno, syscall, `(${what})`) as SpawnError;
  err.path = file;
  err.spawnargs = args;
  err.step = step;
  if (n.fd !== undefined) err.fd = n.fd;
  return err;
}

/** An errno error from the binding, re-made with Node's conventions. */
export function fromNative(n: NativeError, syscall: string): NodeJS.ErrnoException {
  return typeof n.errno === 'number' ? errnoException(n.errno, syscall) : n;
}

const names = new Map<number, NodeJS.Signals>();
for (const [name, num] of Object.entries(os.constants.signals)) if (!names.has(num)) names.set(num, name as NodeJS.Signals);

export function signalName(n: number | null): NodeJS.Signals | null {
  return n === null ? null : (names.get(n) ?? null);
}

/** child_process's convertToValidSignal: a name or a number it knows, else ERR_UNKNOWN_SIGNAL. */
export function signalNumber(sig: NodeJS.Signals | number): number {
  if (typeof sig === 'number' && names.has(sig)) return sig;
  if (typeof sig === 'string') {
    const n = (os.constants.signals as Record<string, number>)[sig.toUpperCase()];
    if (n !== undefined) return n;
  }
  const err = new TypeError(`Unknown signal: ${String(sig)}`) as NodeJS.ErrnoException;
  err.code = 'ERR_UNKNOWN_SIGNAL';
  throw err;
}

export function argTypeError(name: string, expected: string, actual: unknown): TypeError {
  const err = new TypeError(`The "${name}" argument must be ${expected}. Received ${util.inspect(actual, { depth: 0 })}`) as TypeError & { code: string };
  err.code = 'ERR_INVALID_ARG_TYPE';
  return err;
}

export function argValueError(name: string, value: unknown, reason: string): TypeError {
  const err = new TypeError(`The argument '${name}' ${reason}. Received ${util.inspect(value, { depth: 0 })}`) as TypeError & { code: string };
  err.code = 'ERR_INVALID_ARG_VALUE';
  return err;
}

export function abortError(reason: unknown): Error {
  const err = new Error('The operation was aborted', { cause: reason }) as Error & { code: string };
  err.name = 'AbortError';
  err.code = 'ABORT_ERR';
  return err;
}
