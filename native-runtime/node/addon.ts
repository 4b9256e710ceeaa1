// Loading the safespawn addon for this module, and the shape of what it
// offers here (binding/node_spawn.cc, binding/fd_pipe.cc).
import * as fs from 'fs';
import * as path from 'path';
import { releaseDir, type ExitStatus } from '../index';

export type { ExitStatus };

export interface NativeChild {
  readonly pid: number;
  readonly pidfd: number;
  kill(sig: number): void;
  /** The status if the child had exited already (cb is then never called). */
  wait(cb: (err: NativeError | null, st: ExitStatus | null) => void, killGroup: boolean): ExitStatus | undefined;
  release(): void;
  ref(): void;
  unref(): void;
}

export interface NativePipe {
  readonly fd: number;
  readStart(): number;
  readStop(): number;
  /** 0 written, 1 queued (onwrite follows), -errno */
  write(b: Buffer): number;
  shutdown(): number;
  close(): void;
  ref(): void;
  unref(): void;
  owner?: unknown;
}

/** What the binding throws or passes: positive errno, and for a spawn the step. */
export interface NativeError extends Error {
  code: string;
  errno: number;
  step?: number;
  kind?: string;
  fd?: number;
}

export interface SyncResult {
  pid: number;
  status?: number | null;
  signal?: number | null;
  output?: Array<Buffer | null>;
  error?: NativeError;
  timedOut?: boolean;
  overflow?: boolean;
  writeError?: number;
}

export interface Addon {
  spawnChild(
    file: string,
    argv: string[],
    env: string[] | undefined,
    cwd: string | undefined,
    detached: boolean,
    stdio: number[],
    /** ends: our end of each PIPE entry's socket pair (made by the spawn), -1 elsewhere and on failure */
    cb: (err: NativeError | null, child: NativeChild | null, ends: number[]) => void,
  ): void;
  spawnChildSync(
    file: string,
    argv: string[],
    env: string[] | undefined,
    cwd: string | undefined,
    detached: boolean,
    stdio: number[],
    input: Buffer | undefined,
    timeoutMs: number,
    maxBuffer: number,
    killSignal: number,
  ): SyncResult;
  Pipe: new (fd: number) => NativePipe;
  close(fd: number): void;
  setPipeCallbacks(onread: (this: NativePipe, r: Buffer | null | number) => void, onwrite: (this: NativePipe, err: number) => void): void;
  PIPE: number;
  IGNORE: number;
}

let addon: Addon | null | undefined;
let loadError: Error | undefined;

/** The addon, or null (loadError says why) where it is not built or too old for this module. */
export function tryLoad(): Addon | null {
  if (addon !== undefined) return addon;
  try {
    const file = path.join(releaseDir, 'safespawn.node');
    if (!fs.existsSync(file)) throw new Error(`safespawn addon not built (${file}): run npm run build:native`);
    const a = require(file) as Addon;
    if (typeof a.spawnChild !== 'function' || typeof a.Pipe !== 'function') throw new Error(`${file} predates native-runtime/node: run npm run build:native`);
    addon = a;
  } catch (e) {
    loadError = e as Error;
    addon = null;
  }
  return addon;
}

export function load(): Addon {
  const a = tryLoad();
  if (!a) throw loadError!;
  return a;
}

export function whyUnavailable(): Error | undefined {
  tryLoad();
  return loadError;
}
