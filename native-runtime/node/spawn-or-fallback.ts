// For the extension's own spawns (compilers, the Race Lab helper): safespawn
// where the native binding loads, child_process.spawn where it does not (or
// for what safespawn does not do: uid/gid, an IPC channel).  Same call, same
// shape of result -- with one difference to code against: under safespawn
// `pid` is undefined until the 'spawn' event.
//   FORKLINT_NO_SAFESPAWN=1 forces child_process.
import * as cp from 'child_process';
import type { EventEmitter } from 'events';
import type { Readable, Writable } from 'stream';
import * as safe from './index';
import type { SpawnOptions } from './options';

/** What both return: the ChildProcess members the callers use. */
export interface SpawnedProcess extends EventEmitter {
  readonly pid?: number | undefined;
  readonly stdin: Writable | null;
  readonly stdout: Readable | null;
  readonly stderr: Readable | null;
  /** stdin, stdout, stderr and the further descriptors asked for ('pipe': a stream) */
  readonly stdio: readonly (Readable | Writable | null | undefined)[];
  readonly exitCode: number | null;
  readonly signalCode: NodeJS.Signals | null;
  readonly killed: boolean;
  kill(signal?: NodeJS.Signals | number): boolean;
  ref(): void;
  unref(): void;
}

/** child_process.spawn's options: safespawn takes all but uid/gid and 'ipc'. */
export type SpawnPreferSafeOptions = cp.SpawnOptions;

function safeCanDo(opts: SpawnPreferSafeOptions): boolean {
  if (opts.uid !== undefined || opts.gid !== undefined) return false;
  const stdio = opts.stdio;
  return !(Array.isArray(stdio) && stdio.some((s) => s === 'ipc'));
}

/** Whether spawnPreferSafe uses safespawn here. */
export function usingSafespawn(): boolean {
  return process.env.FORKLINT_NO_SAFESPAWN !== '1' && safe.isAvailable();
}

/** Which of the two made this process. */
export function spawnedBy(c: SpawnedProcess): 'safespawn' | 'child_process' {
  return c instanceof safe.SafeChildProcess ? 'safespawn' : 'child_process';
}

export function spawnPreferSafe(file: string, args: readonly string[] = [], opts: SpawnPreferSafeOptions = {}): SpawnedProcess {
  if (usingSafespawn() && safeCanDo(opts)) return safe.spawn(file, args, opts as SpawnOptions);
  return cp.spawn(file, args, opts);
}
