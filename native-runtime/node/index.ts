// safespawn for Node: child_process.spawn / spawnSync that create the child
// with safespawn (clone(CLONE_VM|CLONE_VFORK): no page-table copy, so the cost
// does not grow with the heap), spawn() doing it on a helper thread so the
// event loop is never blocked for the child's creation or exec.  Exits are
// seen through the child's pidfd polled by libuv: no SIGCHLD handler.
//   const { spawn, spawnSync, spawnPromise } = require('forklint/safespawn');
import type { Readable } from 'stream';
import { tryLoad, load, whyUnavailable } from './addon';
import { SafeChildProcess } from './child';
import { errnoException, signalName, spawnError, SpawnError } from './errors';
import { normalize, SpawnOptions, SpawnSyncOptions } from './options';

export { SafeChildProcess } from './child';
export type { SpawnError } from './errors';
export type { SpawnOptions, SpawnSyncOptions, StdioOptions, StdioEntry } from './options';

/** Whether the native binding is built and loads here (else spawn() throws; see spawn-or-fallback). */
export function isAvailable(): boolean {
  return tryLoad() !== null;
}

/** Why isAvailable() is false. */
export function unavailableReason(): string | undefined {
  return whyUnavailable()?.message;
}

/**
 * child_process.spawn's signature and options (cwd, env, stdio, detached,
 * argv0, shell, timeout, killSignal, signal).  Returns at once; 'spawn'
 * (and `pid`) follow when the helper thread has exec'ed the child, or
 * 'error' with the errno and the `step` that failed.
 */
export function spawn(file: string, args?: readonly string[] | SpawnOptions, options?: SpawnOptions): SafeChildProcess {
  const addon = load();
  const n = normalize(file, args, options, addon.PIPE, addon.IGNORE);
  const child = new SafeChildProcess(n);
  child._start(addon);
  const o = (Array.isArray(args) ? options : (args ?? options)) as SpawnOptions | undefined;
  if (o?.signal) child._abortOn(o.signal);
  return child;
}

export interface SpawnSyncResult<T = Buffer> {
  status: number | null;
  signal: NodeJS.Signals | null;
  output: Array<T | null> | null;
  pid: number;
  stdout: T | null;
  stderr: T | null;
  error?: SpawnError | NodeJS.ErrnoException;
}

function decode(b: Buffer | null, encoding: SpawnSyncOptions['encoding']): Buffer | string | null {
  return b && encoding && encoding !== 'buffer' ? b.toString(encoding) : b;
}

/**
 * child_process.spawnSync: runs the child to its end on this thread (that is
 * what it is for), with stdin fed `input` and closed, stdout/stderr
 * collected; timeout, killSignal, maxBuffer (default 1 MiB), encoding.
 */
export function spawnSync(file: string, args?: readonly string[] | SpawnSyncOptions, options?: SpawnSyncOptions): SpawnSyncResult<Buffer | string> {
  const addon = load();
  const o = ((Array.isArray(args) ? options : (args ?? options)) ?? {}) as SpawnSyncOptions;
  const n = normalize(file, args, options, addon.PIPE, addon.IGNORE);
  let input: Buffer | undefined;
  if (o.input !== undefined && o.input !== null) {
    if (typeof o.input === 'string') input = Buffer.from(o.input, o.encoding && o.encoding !== 'buffer' ? o.encoding : 'utf8');
    else if (ArrayBuffer.isView(o.input)) input = Buffer.from(o.input.buffer, o.input.byteOffset, o.input.byteLength);
    else throw errnoException(22, 'spawnSync input');
  }
  const maxBuffer = o.maxBuffer ?? 1024 * 1024;
  const fail = (e: number) => Object.assign(errnoException(e, `spawnSync ${n.file}`), { path: n.file, spawnargs: n.args });
  let r;
  try {
    r = addon.spawnChildSync(n.file, n.argv, n.env, n.cwd, n.detached, n.stdio, input, n.timeout, maxBuffer, n.killSignal);
  } catch (e) {
    // the parent's side (EMFILE making the pipes): child_process returns it as .error
    return { error: fail((e as { errno: number }).errno), status: null, signal: null, output: null, pid: 0, stdout: null, stderr: null };
  }
  if (r.error) {
    return { error: spawnError(r.error, n.file, n.args, true, n.cwd), status: null, signal: null, output: null, pid: 0, stdout: null, stderr: null };
  }
  const output = r.output!.map((b) => decode(b, o.encoding));
  const error = r.timedOut ? fail(110 /* ETIMEDOUT */) : r.overflow ? fail(105 /* ENOBUFS */) : r.writeError ? fail(r.writeError) : undefined;
  return {
    ...(error ? { error } : {}), // first, where child_process puts it
    status: r.status ?? null,
    signal: signalName(r.signal ?? null),
    output,
    pid: r.pid,
    stdout: output[1] ?? null,
    stderr: output[2] ?? null,
  };
}

export interface SpawnPromiseResult<T = Buffer> {
  pid: number;
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: T | null;
  stderr: T | null;
}

/**
 * The promise form: spawnSync's result, without blocking.  stdin gets
 * `input` (or nothing) and is closed; rejects with the spawn's error.
 */
export function spawnPromise(
  file: string,
  args?: readonly string[],
  options: SpawnOptions & { input?: string | Uint8Array; encoding?: BufferEncoding | 'buffer' } = {},
): Promise<SpawnPromiseResult<Buffer | string>> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args ?? [], options);
    const chunks: Buffer[][] = [[], []];
    const collect = (s: Readable | null, i: number) => s?.on('data', (d: Buffer) => chunks[i].push(d));
    collect(child.stdout, 0);
    collect(child.stderr, 1);
    if (child.stdin) {
      child.stdin.on('error', () => {}); // EPIPE: the child did not read it all
      child.stdin.end(options.input ?? undefined);
    }
    let failed: Error | undefined;
    child.on('error', (e: Error) => (failed ??= e));
    child.on('close', (status: number | null, signal: NodeJS.Signals | null) => {
      if (failed) return reject(failed);
      const out = (i: number, s: Readable | null) => (s ? decode(Buffer.concat(chunks[i]), options.encoding) : null);
      resolve({ pid: child.pid!, status, signal, stdout: out(0, child.stdout), stderr: out(1, child.stderr) });
    });
  });
}
