// The server's end of the wire (IPC for VS Code, stdio for other editors),
// with a reader that sees each message as it arrives, before the connection
// queues it. That is how bursts of edits coalesce without a fixed delay: a
// change is analysed at once unless another change to the same document is
// already waiting behind it. It also answers what the JSON-RPC library only
// logs: a body that is not JSON gets a Parse error, a message that is neither
// request, notification nor response gets Invalid Request.
import {
  AbstractMessageWriter,
  DataCallback,
  Disposable,
  IPCMessageReader,
  IPCMessageWriter,
  Message,
  MessageReader,
  MessageWriter,
  StreamMessageReader,
} from 'vscode-languageserver/node';

export class PendingChanges {
  private readonly counts = new Map<string, number>();
  arrived(uri: string): void {
    this.counts.set(uri, (this.counts.get(uri) ?? 0) + 1);
  }
  handled(uri: string): void {
    const n = (this.counts.get(uri) ?? 0) - 1;
    if (n > 0) this.counts.set(uri, n);
    else this.counts.delete(uri);
  }
  /** Changes to this document received but not yet handled. */
  waiting(uri: string): number {
    return this.counts.get(uri) ?? 0;
  }
}

function changedUri(m: Message): string | undefined {
  const n = m as { method?: unknown; params?: { textDocument?: { uri?: unknown } } };
  if (n.method !== 'textDocument/didChange') return undefined;
  const uri = n.params?.textDocument?.uri;
  return typeof uri === 'string' ? uri : undefined;
}

function isValid(m: unknown): boolean {
  if (typeof m !== 'object' || m === null || Array.isArray(m)) return false;
  const o = m as Record<string, unknown>;
  if (typeof o.method === 'string') return true;
  // A response: an id and a result or an error.
  return ('id' in o) && ('result' in o || 'error' in o);
}

class ObservingReader implements MessageReader {
  constructor(private readonly inner: MessageReader, private readonly pending: PendingChanges, private readonly writer: () => MessageWriter | undefined) {
    inner.onError((e) => {
      // A body that failed to decode: the stream is still in step (the reader
      // consumed the body by its Content-Length), so answer and carry on.
      if (e instanceof SyntaxError || /JSON|Unexpected token/i.test(e.message)) this.reply(null, -32700, `Parse error: ${e.message}`);
    });
  }
  get onError() {
    return this.inner.onError;
  }
  get onClose() {
    return this.inner.onClose;
  }
  get onPartialMessage() {
    return this.inner.onPartialMessage;
  }
  listen(callback: DataCallback): Disposable {
    return this.inner.listen((m) => {
      if (!isValid(m)) {
        const id = (m as { id?: unknown })?.id;
        this.reply(typeof id === 'number' || typeof id === 'string' ? id : null, -32600, 'Invalid Request: a JSON-RPC message needs a method (request, notification) or a result or error (response)');
        return;
      }
      const uri = changedUri(m);
      if (uri !== undefined) this.pending.arrived(uri);
      callback(m);
    });
  }
  dispose(): void {
    this.inner.dispose();
  }
  private reply(id: number | string | null, code: number, message: string): void {
    const w = this.writer();
    if (!w) return;
    // A response with a null id is how JSON-RPC 2.0 answers a message whose id could not be read.
    const response = { jsonrpc: '2.0', id, error: { code, message } } as unknown as Message;
    w.write(response).catch(() => undefined);
  }
}

/**
 * Writes each message to the stream the moment it is sent. The library's
 * stream writer defers every write to a later turn of the event loop (behind
 * a semaphore and setImmediate), so whatever ran first -- a big tree being
 * freed, a collection -- delayed the diagnostics by up to 9 ms.
 */
class ImmediateStreamWriter extends AbstractMessageWriter implements MessageWriter {
  private errors = 0;
  constructor(private readonly out: NodeJS.WritableStream) {
    super();
    out.on('error', (e: Error) => this.fireError(e));
    out.on('close', () => this.fireClose());
  }
  write(msg: Message): Promise<void> {
    try {
      const body = Buffer.from(JSON.stringify(msg), 'utf8');
      this.out.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
      this.errors = 0;
      return Promise.resolve();
    } catch (e) {
      this.fireError(e, msg, ++this.errors);
      return Promise.reject(e);
    }
  }
  end(): void {}
}

export interface Transport {
  reader: MessageReader;
  writer: MessageWriter;
  pending: PendingChanges;
  stdio: boolean;
}

/** `--node-ipc` (VS Code) or `--stdio` (the default: Neovim, tests). */
export function transportFromArgs(argv: readonly string[]): Transport {
  const pending = new PendingChanges();
  const ipc = argv.includes('--node-ipc');
  const writer: MessageWriter = ipc ? new IPCMessageWriter(process) : new ImmediateStreamWriter(process.stdout);
  const inner: MessageReader = ipc ? new IPCMessageReader(process) : new StreamMessageReader(process.stdin);
  return { reader: new ObservingReader(inner, pending, () => writer), writer, pending, stdio: !ipc };
}
