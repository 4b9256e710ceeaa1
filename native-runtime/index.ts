// Typed wrapper over the safespawn addon (build it with `npm run build:native`),
// and the Race Lab runner launcher.
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

/** native-runtime/ in the source tree, from out/native-runtime/ or native-runtime/. */
export const nativeRoot = path.resolve(__dirname, fs.existsSync(path.join(__dirname, 'binding.gyp')) ? '.' : '../../native-runtime');
export const releaseDir = path.join(nativeRoot, 'build', 'Release');
export const labPath = path.join(releaseDir, 'safespawn-lab');
export const tinyPath = path.join(releaseDir, 'tiny');
/** Exits 0 with no C library start-up: the benchmarks' measure of the spawn alone. */
export const exit0Path = path.join(releaseDir, 'exit0');

/** One step the child takes before its exec, in order (as in safespawn.h). */
export type Action =
  | { op: 'dup2'; fd: number; newfd: number }
  | { op: 'close'; fd: number }
  | { op: 'open'; fd: number; path: string; flags?: number; mode?: number }
  | { op: 'chdir'; path: string }
  | { op: 'fchdir'; fd: number }
  | { op: 'setpgid'; pgid: number }
  | { op: 'setsid' }
  | { op: 'umask'; mask: number }
  | { op: 'sigdefault'; signal: number }
  | { op: 'sigmask'; signals: number[] }
  | { op: 'closefrom'; fd: number }
  | { op: 'setuid'; uid: number }
  | { op: 'setgid'; gid: number }
  | { op: 'setgroups'; groups: number[] };

export interface SpawnOptions {
  /** The child's environment; default: this process's. */
  env?: NodeJS.ProcessEnv | string[];
  /** Search PATH for `file` (ss_spawnp). */
  search?: boolean;
  actions?: Action[];
}

export interface ExitStatus {
  code: number | null;
  signal: number | null;
}

/** What a failed spawn throws: errno and which step failed. */
export interface SpawnError extends Error {
  code: string;
  errno: number;
  /** index into actions, -1 the exec, -2 before the child ran, -3 unknown */
  step: number;
  kind: string;
}

interface NativeChild {
  readonly pid: number;
  readonly pidfd: number;
  kill(sig: number): void;
  killGroup(sig: number): void;
  /** The status if the child had exited already (cb is then never called). */
  wait(cb: (err: Error | null, st: ExitStatus | null) => void, killGroup: boolean): ExitStatus | undefined;
  waitSync(): ExitStatus;
  release(): void;
}

interface Addon {
  spawn(file: string, argv: string[], opts: object): NativeChild;
  spawnAsync(file: string, argv: string[], opts: object, cb: (err: Error | null, c: NativeChild | null) => void): void;
  pipe(): [number, number];
  close(fd: number): void;
  backend: string;
  reportsStep: boolean;
}

let addon: Addon | undefined;

function load(): Addon {
  if (!addon) {
    const file = path.join(releaseDir, 'safespawn.node');
    if (!fs.existsSync(file)) throw new Error(`safespawn addon not built (${file}): run npm run build:native`);
    addon = require(file) as Addon;
  }
  return addon;
}

function signalNumber(sig: number | NodeJS.Signals): number {
  if (typeof sig === 'number') return sig;
  const n = os.constants.signals[sig];
  if (n === undefined) throw new TypeError(`unknown signal ${sig}`);
  return n;
}

export class Child {
  constructor(private readonly native: NativeChild) {}
  get pid(): number {
    return this.native.pid;
  }
  /** -1 where the kernel has no pidfds */
  get pidfd(): number {
    return this.native.pidfd;
  }
  /** Through the pidfd: never a recycled pid. */
  kill(sig: number | NodeJS.Signals = 'SIGTERM'): void {
    this.native.kill(signalNumber(sig));
  }
  /** Signal the process group the child leads (spawned with a setpgid 0 action), while it is unreaped. */
  killGroup(sig: number | NodeJS.Signals = 'SIGTERM'): void {
    this.native.killGroup(signalNumber(sig));
  }
  /**
   * Resolves when the child exits: libuv polls the pidfd (where there is
   * none, a thread waits without reaping and wakes the loop), nothing blocks.
   * killGroup: kill what is left of the child's process group before reaping it.
   */
  wait(opts: { killGroup?: boolean } = {}): Promise<ExitStatus> {
    return new Promise((resolve, reject) => {
      const st = this.native.wait((err, s) => (err ? reject(err) : resolve(s!)), !!opts.killGroup);
      if (st) resolve(st);
    });
  }
  waitSync(): ExitStatus {
    return this.native.waitSync();
  }
  /** Close the pidfd without reaping. */
  release(): void {
    this.native.release();
  }
}

function nativeOptions(opts: SpawnOptions): object {
  let env: string[] | undefined;
  const e = opts.env ?? process.env;
  env = Array.isArray(e) ? e : Object.entries(e).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${v}`);
  return { env, search: !!opts.search, actions: opts.actions ?? [] };
}

/** Spawn on this thread; returns once the child has exec'ed (or throws SpawnError). */
export function spawnSync(file: string, argv: string[], opts: SpawnOptions = {}): Child {
  return new Child(load().spawn(file, argv, nativeOptions(opts)));
}

/** Spawn on a helper thread: this thread is not blocked at all. */
export function spawn(file: string, argv: string[], opts: SpawnOptions = {}): Promise<Child> {
  const native = nativeOptions(opts);
  return new Promise((resolve, reject) =>
    load().spawnAsync(file, argv, native, (err, c) => (err ? reject(err) : resolve(new Child(c!)))),
  );
}

/** A close-on-exec pipe: [read, write]. */
export function pipe(): [number, number] {
  return load().pipe();
}

export function closeFd(fd: number): void {
  load().close(fd);
}

export function backend(): string {
  return load().backend;
}

export function reportsStep(): boolean {
  return load().reportsStep;
}

// ---------------------------------------------------------------- Race Lab

export type LabScenario = 'kill-before-exec' | 'spawn-cost' | 'malloc-after-fork' | 'exec-failure';
export type LabStrategy = 'fork' | 'vfork' | 'posix_spawn' | 'safespawn' | 'safespawn-async';

export interface LabOptions {
  scenario: LabScenario;
  /** spawn-cost takes several: they take turns, spawn by spawn, in one process */
  strategy: LabStrategy | LabStrategy[];
  iterations?: number;
  /** kill-before-exec: the spawning thread kills (parent) or another thread signals the group */
  killer?: 'parent' | 'group';
  /** kill-before-exec, killer parent: microseconds between the spawn returning and the kill */
  killDelayUs?: number;
  /** spawn-cost: memory the lab process touches first */
  memMib?: number;
  /** malloc-after-fork: hammering threads and what the child calls */
  threads?: number;
  call?: 'malloc' | 'setenv' | 'stdio';
  timeoutMs?: number;
  /** only the start and summary events */
  summaryOnly?: boolean;
  signal?: AbortSignal;
}

export interface LabEvent {
  event: 'start' | 'outcome' | 'summary' | 'error';
  [key: string]: unknown;
}

export interface LabResult {
  /** the last summary event (spawn-cost prints one per strategy: see summaries) */
  summary: LabEvent | undefined;
  summaries: LabEvent[];
  exit: ExitStatus;
  stderr: string;
}

export function labArgs(o: LabOptions): string[] {
  const strategy = Array.isArray(o.strategy) ? o.strategy.join(',') : o.strategy;
  const a = ['safespawn-lab', '--scenario', o.scenario, '--strategy', strategy];
  if (o.iterations !== undefined) a.push('--iterations', String(o.iterations));
  if (o.killer) a.push('--killer', o.killer);
  if (o.killDelayUs) a.push('--kill-delay-us', String(o.killDelayUs));
  if (o.memMib !== undefined) a.push('--mem-mib', String(o.memMib));
  if (o.threads !== undefined) a.push('--threads', String(o.threads));
  if (o.call) a.push('--call', o.call);
  if (o.timeoutMs !== undefined) a.push('--timeout-ms', String(o.timeoutMs));
  if (o.summaryOnly) a.push('--summary-only');
  return a;
}

function readLines(fd: number, onLine: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const sock = new net.Socket({ fd, readable: true, writable: false });
    let buf = '';
    sock.setEncoding('utf8');
    sock.on('data', (chunk: string) => {
      buf += chunk;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        onLine(buf.slice(0, nl));
        buf = buf.slice(nl + 1);
      }
    });
    sock.on('end', () => {
      if (buf) onLine(buf);
      resolve();
    });
    sock.on('error', reject);
  });
}

/**
 * Run one scenario in the lab process (spawned with safespawn), streaming
 * each JSON event to onEvent as it is printed.  A lab that dies (some
 * scenarios corrupt the parent on purpose) resolves with its exit status.
 */
export async function runLab(o: LabOptions, onEvent: (e: LabEvent) => void = () => {}): Promise<LabResult> {
  const [outR, outW] = pipe();
  const [errR, errW] = pipe();
  let child: Child;
  try {
    child = spawnSync(labPath, labArgs(o), {
      actions: [
        { op: 'setpgid', pgid: 0 }, // its own group: whatever it leaves behind dies with it
        { op: 'open', fd: 0, path: '/dev/null' },
        { op: 'dup2', fd: outW, newfd: 1 },
        { op: 'dup2', fd: errW, newfd: 2 },
        { op: 'closefrom', fd: 3 },
      ],
    });
  } finally {
    closeFd(outW);
    closeFd(errW);
  }
  const onAbort = () => {
    try {
      child.killGroup('SIGKILL');
    } catch {
      // already reaped
    }
  };
  if (o.signal?.aborted) onAbort();
  o.signal?.addEventListener('abort', onAbort, { once: true });
  // A hung child of the lab (the scenarios make them) would hold the pipes
  // open: the group goes when the lab does, so the reads below end.
  const exit = child.wait({ killGroup: true });
  const summaries: LabEvent[] = [];
  let stderr = '';
  try {
    await Promise.all([
      readLines(outR, (line) => {
        if (!line.trim()) return;
        let e: LabEvent;
        try {
          e = JSON.parse(line) as LabEvent;
        } catch {
          e = { event: 'error', message: `not JSON: ${line}` };
        }
        if (e.event === 'summary') summaries.push(e);
        onEvent(e);
      }),
      readLines(errR, (line) => {
        stderr += line + '\n';
      }),
    ]);
    return { summary: summaries[summaries.length - 1], summaries, exit: await exit, stderr };
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
  }
}
