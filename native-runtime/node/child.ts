// The object spawn() returns: a ChildProcess where it matters (pid, stdio
// streams, 'spawn' / 'exit' / 'close' / 'error', kill, ref/unref), with
// child_process's event order.  The differences come from the spawn being
// asynchronous: `pid` is set when 'spawn' is emitted, every spawn failure is
// an 'error' event (child_process throws some, e.g. ENOTDIR, from spawn()),
// and a kill() before 'spawn' is held and sent the moment the child has
// exec'ed -- so it is never lost, and never lands between fork and exec.
import { EventEmitter } from 'events';
import type { Readable, Writable } from 'stream';
import type { Addon, ExitStatus, NativeChild, NativeError } from './addon';
import { abortError, errnoException, signalName, signalNumber, spawnError } from './errors';
import type { Normalized } from './options';
import { pipeStream, type PipeStream } from './pipe-stream';

// For tests: behave as on a kernel without pidfds (the waiting-thread fallback).
const noPidfd = process.env.SAFESPAWN_NO_PIDFD === '1';

export class SafeChildProcess extends EventEmitter {
  pid: number | undefined = undefined;
  stdin: Writable | null = null;
  stdout: Readable | null = null;
  stderr: Readable | null = null;
  readonly stdio: Array<PipeStream | null> = [];
  exitCode: number | null = null;
  signalCode: NodeJS.Signals | null = null;
  killed = false;
  readonly connected = false;
  readonly spawnfile: string;
  readonly spawnargs: string[];

  private native: NativeChild | null = null;
  private pendingKills: number[] = [];
  private spawning = true;
  private exited = false;
  private refed = true;
  private closesNeeded = 1;
  private closesGot = 0;

  constructor(private readonly n: Normalized) {
    super();
    this.spawnfile = n.file;
    this.spawnargs = n.argv;
  }

  /** Start it (spawn() calls this once). */
  _start(addon: Addon): void {
    try {
      addon.spawnChild(this.n.file, this.n.argv, this.n.env, this.n.cwd, this.n.detached, this.n.stdio, (err, c, ends) =>
        err ? this.onSpawnFailed(err) : this.onSpawned(c!, ends),
      );
    } catch (e) {
      // The parent's side failed before queueing (ENOMEM, EMFILE copying a
      // low descriptor): child_process reports that as an 'error' event too,
      // with no stdio streams.  (EMFILE making the socket pairs comes as the
      // spawn's error, step 'socketpair'.)
      const ne = e as NativeError;
      if (typeof ne.errno !== 'number') throw e;
      this.spawning = false;
      process.nextTick(() => this.failed(spawnError({ ...ne, kind: 'spawn' }, this.n.file, this.n.args, false)));
      return;
    }
    const codes = this.n.stdio;
    for (let i = 0; i < codes.length; i++) {
      if (codes[i] !== addon.PIPE) {
        this.stdio.push(null);
        continue;
      }
      // its descriptor comes with the spawn's completion
      const s = pipeStream(addon, i > 0, i === 0 || i > 2);
      this.stdio.push(s);
      if (i > 0) {
        this.closesNeeded++;
        s.on('close', () => this.maybeClose());
      }
    }
    this.stdin = this.stdio[0] ?? null;
    this.stdout = this.stdio[1] ?? null;
    this.stderr = this.stdio[2] ?? null;
    if (this.n.timeout > 0) {
      let t: NodeJS.Timeout | null = setTimeout(() => {
        t = null;
        try {
          this.kill(this.n.killSignal);
        } catch (e) {
          this.emit('error', e);
        }
      }, this.n.timeout);
      this.once('exit', () => t && clearTimeout(t));
    }
  }

  /** An AbortSignal's abort: child_process kills and emits an AbortError. */
  _abortOn(signal: AbortSignal): void {
    const onAbort = () => {
      try {
        if (this.kill(this.n.killSignal)) this.emit('error', abortError(signal.reason));
      } catch (e) {
        this.emit('error', e);
      }
    };
    if (signal.aborted) process.nextTick(onAbort);
    else {
      signal.addEventListener('abort', onAbort, { once: true });
      this.once('exit', () => signal.removeEventListener('abort', onAbort));
    }
  }

  private onSpawned(c: NativeChild, ends: number[]): void {
    this.spawning = false;
    this.native = c;
    this.pid = c.pid;
    this.stdio.forEach((s, i) => s?.begin(ends[i]));
    if (noPidfd) c.release();
    const st = c.wait((err, s) => this.onExit(err, s), false);
    process.nextTick(() => this.emit('spawn'));
    if (st) {
      // It has exited (and been reaped) already: 'exit' right after 'spawn'.
      this.pendingKills.length = 0;
      this.exited = true; // kill() now returns false, as after a reap
      this.native = null;
      process.nextTick(() => this.onExit(null, st));
      return;
    }
    if (!this.refed) c.unref();
    // Held kills go now: the child has exec'ed, its handlers are the defaults.
    for (const sig of this.pendingKills.splice(0)) this.sendKill(sig);
  }

  private onSpawnFailed(e: NativeError): void {
    this.spawning = false;
    this.failed(spawnError(e, this.n.file, this.n.args, false, this.n.cwd));
  }

  private failed(err: Error & { errno?: number }): void {
    // child_process: exitCode is the negative errno, 'error', then 'close'
    // once the stdio streams (which read EOF: the child's ends are closed) are.
    this.exited = true;
    this.exitCode = err.errno ?? -1;
    this.stdin?.destroy();
    for (const s of this.stdio) s?.begin(-1);
    this.emit('error', err);
    process.nextTick(() => this.flushStdio());
    this.maybeClose();
  }

  private onExit(err: NativeError | null, st: ExitStatus | null): void {
    this.exited = true;
    this.native = null;
    if (err) {
      // ECHILD: someone else reaped it (waitpid(-1), SIGCHLD ignored): no status to report
      this.emit('error', errnoException(err.errno, 'waitpid'));
    } else if (st!.signal !== null) this.signalCode = signalName(st!.signal);
    else this.exitCode = st!.code;
    this.stdin?.destroy();
    this.emit('exit', this.exitCode, this.signalCode);
    process.nextTick(() => this.flushStdio());
    this.maybeClose();
  }

  // child_process's flushStdio: streams nobody reads are drained, so 'close' comes.
  private flushStdio(): void {
    for (let i = 1; i < this.stdio.length; i++) {
      const s = this.stdio[i];
      if (!s || !s.readable || (s as unknown as { _readableState: { readableListening: boolean } })._readableState.readableListening) continue;
      s.resume();
    }
  }

  private maybeClose(): void {
    if (++this.closesGot === this.closesNeeded) this.emit('close', this.exitCode, this.signalCode);
  }

  private sendKill(sig: number): boolean {
    try {
      this.native!.kill(sig);
      this.killed = true;
      return true;
    } catch (e) {
      const ne = e as NativeError;
      if (ne.errno === 3 /* ESRCH: exited, not yet reaped */) return false;
      const err = errnoException(ne.errno, 'kill');
      if (ne.errno === 22 /* EINVAL */ || ne.errno === 38 /* ENOSYS */) throw err;
      this.emit('error', err); // EPERM
      return false;
    }
  }

  /** As ChildProcess.kill; before 'spawn' the signal is held until the child has exec'ed. */
  kill(sig: NodeJS.Signals | number = 'SIGTERM'): boolean {
    const n = signalNumber(sig);
    if (this.exited) return false;
    if (this.spawning) {
      this.pendingKills.push(n);
      this.killed = true;
      return true;
    }
    return this.native ? this.sendKill(n) : false;
  }

  ref(): void {
    this.refed = true;
    this.native?.ref();
  }

  unref(): void {
    this.refed = false;
    this.native?.unref();
  }

  disconnect(): void {
    throw Object.assign(new Error('safespawn children have no IPC channel'), { code: 'ERR_IPC_DISCONNECTED' });
  }

  send(): boolean {
    throw Object.assign(new Error('safespawn children have no IPC channel'), { code: 'ERR_IPC_CHANNEL_CLOSED' });
  }
}
