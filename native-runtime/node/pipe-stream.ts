// A child's stdin / stdout / stderr (or extra pipe): a Node stream over our
// end of its socket pair, read and written by the binding on libuv's loop.
// Made instead of a net.Socket because it costs a tenth as much to create;
// stdin is a Writable and stdout/stderr Readables (a Duplex builds the state
// of both sides: creating the three cost twice as much), extra pipes Duplexes.
// The stream exists from spawn() on; its descriptor arrives with the
// spawn's completion (the helper thread makes the pair), so writes and
// end() before then wait, and reading starts only then -- no 'data' before
// 'spawn'.
import { Duplex, Readable, Writable, type DuplexOptions } from 'stream';
import type { Addon, NativePipe } from './addon';
import { errnoException } from './errors';

const registered = new WeakSet<Addon>();
const EPIPE = 32;

type Cb = (err?: Error | null) => void;

type StreamClass = new (options: DuplexOptions) => Duplex;

// One class body over each of the three bases (its _read is never called on
// a Writable, nor _write on a Readable).
function pipeEnd(Base: StreamClass) {
  return class PipeStream extends Base {
    private nativePipe: NativePipe | null = null;
    private begun = false;
    private wantRead = false;
    private unrefed = false;
    private writeCb: Cb | null = null;
    /** a write or end() from before the descriptor came */
    private held: { chunk?: Buffer; cb: Cb; final?: boolean } | null = null;

    constructor(
      readonly addon: Addon,
      options: DuplexOptions,
    ) {
      super(options);
    }

    /** Our descriptor: -1 before the spawn completed and once closed. */
    get fd(): number {
      return this.nativePipe ? this.nativePipe.fd : -1;
    }

    private get native(): NativePipe | null {
      return this.nativePipe;
    }

    /** The spawn is done: fd is our end, or -1 (the spawn failed: EOF, EPIPE). */
    begin(fd: number): void {
      if (this.begun) return;
      this.begun = true;
      if (fd >= 0 && this.destroyed) {
        this.addon.close(fd);
        return;
      }
      if (fd >= 0) {
        // Owned by the native object from here: a worker's teardown closes it.
        // (Its poll handle is made only when reading or a write waits.)
        if (!registered.has(this.addon)) {
          this.addon.setPipeCallbacks(onread, onwrite);
          registered.add(this.addon);
        }
        this.nativePipe = new this.addon.Pipe(fd);
        this.nativePipe.owner = this;
        if (this.unrefed) this.nativePipe.unref();
      }
      const h = this.held;
      this.held = null;
      if (h?.final) this._final(h.cb);
      else if (h) this.writeNow(h.chunk!, h.cb);
      if (fd < 0 && this.readable) this.push(null);
      else if (this.wantRead) this.startReading();
    }

    ref(): this {
      this.unrefed = false;
      this.nativePipe?.ref();
      return this;
    }

    unref(): this {
      this.unrefed = true;
      this.nativePipe?.unref();
      return this;
    }

    private startReading(): void {
      const r = this.native ? this.native.readStart() : 0;
      if (r) this.destroy(errnoException(r, 'read'));
    }

    _read(): void {
      this.wantRead = true;
      if (this.begun) this.startReading();
    }

    /** From the binding: a chunk, null at EOF, or an errno. */
    _onread(r: Buffer | null | number): void {
      if (typeof r === 'number') {
        this.destroy(errnoException(r, 'read'));
      } else if (r === null) {
        this.push(null);
      } else if (!this.push(r)) {
        this.wantRead = false;
        this.nativePipe?.readStop();
      }
    }

    _write(chunk: Buffer, _enc: BufferEncoding, cb: Cb): void {
      if (!this.begun) this.held = { chunk, cb };
      else this.writeNow(chunk, cb);
    }

    private writeNow(chunk: Buffer, cb: Cb): void {
      const r = this.native ? this.native.write(chunk) : -EPIPE;
      if (r === 0) cb();
      else if (r === 1) this.writeCb = cb;
      else cb(errnoException(-r, 'write'));
    }

    _onwrite(err: number): void {
      const cb = this.writeCb;
      this.writeCb = null;
      cb?.(err ? errnoException(err, 'write') : null);
    }

    _final(cb: Cb): void {
      if (!this.begun) {
        this.held = { cb, final: true };
        return;
      }
      // The child reads EOF.  A peer that is gone already is not an error here.
      this.native?.shutdown();
      cb();
    }

    _destroy(err: Error | null, cb: Cb): void {
      this.nativePipe?.close();
      this.nativePipe = null;
      const w = this.writeCb ?? this.held?.cb;
      this.writeCb = null;
      this.held = null;
      w?.(err ?? errnoException(EPIPE, 'write'));
      cb(err);
    }
  };
}

function onread(this: NativePipe, r: Buffer | null | number): void {
  (this.owner as PipeStream)._onread(r);
}

function onwrite(this: NativePipe, err: number): void {
  (this.owner as PipeStream)._onwrite(err);
}

const PipeReadable = pipeEnd(Readable as unknown as StreamClass);
const PipeWritable = pipeEnd(Writable as unknown as StreamClass);
const PipeDuplex = pipeEnd(Duplex);
export type PipeStream = InstanceType<typeof PipeDuplex>;

/** The stream for one 'pipe' entry: read from the child, written to it, or both. */
export function pipeStream(addon: Addon, readable: boolean, writable: boolean): PipeStream {
  if (readable && writable) return new PipeDuplex(addon, { allowHalfOpen: false });
  return readable ? new PipeReadable(addon, {}) : new PipeWritable(addon, {});
}
