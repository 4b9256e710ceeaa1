// A small LSP client for the tests and the benchmark: starts the real server
// as a child process and talks JSON-RPC to it over stdio, as an editor would.
import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  StreamMessageReader,
  StreamMessageWriter,
  createMessageConnection,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type { ClientCapabilities, Diagnostic, InitializeResult, PublishDiagnosticsParams, TextDocumentContentChangeEvent, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';

export interface Published extends PublishDiagnosticsParams {
  at: number;
}

export interface StartOptions {
  /** Workspace folder to open (indexed by the server). */
  root?: string;
  /** The `forklint` settings section the client answers workspace/configuration with. */
  settings?: Record<string, unknown>;
  /** Declare pull diagnostics support (the server then answers textDocument/diagnostic and does not push). */
  pull?: boolean;
  /** Server script; the compiled tree's by default. */
  server?: string;
  /** Extra client capabilities, merged over the defaults. */
  capabilities?: ClientCapabilities;
  /** Node options for the server process (e.g. --cpu-prof). */
  execArgv?: string[];
}

export const SERVER_MAIN = path.join(__dirname, 'main.js');

export function fileUri(p: string): string {
  return pathToFileURL(p).href;
}

/** The edits a workspace edit makes to one document. */
export function editsFor(edit: WorkspaceEdit | undefined, uri: string): TextEdit[] {
  if (!edit) return [];
  if (edit.documentChanges) {
    return edit.documentChanges.flatMap((c) => ('textDocument' in c && c.textDocument.uri === uri ? c.edits.map((e) => e as TextEdit) : []));
  }
  return edit.changes?.[uri] ?? [];
}

/** A text with LSP edits applied, as an editor applies them. */
export function applyTextEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('x', 'c', 0, text), edits);
}

export class TestClient {
  readonly conn: MessageConnection;
  readonly published: Published[] = [];
  readonly progress: unknown[] = [];
  readonly status: { state: string; message?: string }[] = [];
  readonly logs: string[] = [];
  readonly stderr: string[] = [];
  readonly messages: string[] = [];
  settings: Record<string, unknown>;
  initializeResult?: InitializeResult;
  private waiters: (() => void)[] = [];
  exitCode: number | null | undefined;

  private constructor(readonly child: ChildProcess, opts: StartOptions) {
    this.settings = opts.settings ?? {};
    this.conn = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    child.stderr!.on('data', (d) => this.stderr.push(String(d)));
    child.on('exit', (code) => {
      this.exitCode = code;
      this.wake();
    });
    this.conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.published.push({ ...p, at: performance.now() });
      this.wake();
    });
    this.conn.onNotification('$/progress', (p) => {
      this.progress.push(p);
      this.wake();
    });
    this.conn.onNotification('forklint/status', (p) => {
      this.status.push(p);
      this.wake();
    });
    this.conn.onNotification('window/logMessage', (p: { message: string }) => {
      this.logs.push(p.message);
      this.wake();
    });
    this.conn.onNotification('window/showMessage', (p: { message: string }) => this.messages.push(p.message));
    this.conn.onRequest('window/showMessageRequest', (p: { message: string }) => {
      this.messages.push(p.message);
      return null;
    });
    this.conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => this.settings));
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.onRequest('workspace/diagnostic/refresh', () => {
      this.refreshes++;
      this.wake();
      return null;
    });
    this.conn.listen();
  }

  refreshes = 0;

  static async start(opts: StartOptions = {}): Promise<TestClient> {
    const child = spawn(process.execPath, [...(opts.execArgv ?? []), opts.server ?? SERVER_MAIN, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const c = new TestClient(child, opts);
    const capabilities: ClientCapabilities = {
      textDocument: {
        publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } }, isPreferredSupport: true },
        hover: { contentFormat: ['markdown'] },
        synchronization: { didSave: false },
        ...(opts.pull ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {}),
      },
      workspace: {
        configuration: true,
        workspaceFolders: true,
        didChangeWatchedFiles: { dynamicRegistration: true },
        didChangeConfiguration: { dynamicRegistration: true },
        workspaceEdit: { documentChanges: true },
        ...(opts.pull ? { diagnostics: { refreshSupport: true } } : {}),
      },
      window: { workDoneProgress: true },
      ...opts.capabilities,
    };
    c.initializeResult = await c.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: opts.root ? fileUri(opts.root) : null,
      workspaceFolders: opts.root ? [{ uri: fileUri(opts.root), name: path.basename(opts.root) }] : null,
      capabilities,
    });
    await c.conn.sendNotification('initialized', {});
    return c;
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Resolves when `test` holds (checked on every message from the server), or rejects after `ms`. */
  async until<T>(test: () => T | undefined | false, ms = 10000, what = 'a condition'): Promise<T> {
    const deadline = performance.now() + ms;
    for (;;) {
      const v = test();
      if (v) return v;
      if (this.exitCode !== undefined) throw new Error(`the server exited (${this.exitCode}) while waiting for ${what}; stderr: ${this.stderr.join('')}`);
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 250));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** The latest diagnostics published for a document. */
  latest(uri: string): Published | undefined {
    for (let i = this.published.length - 1; i >= 0; i--) if (this.published[i].uri === uri) return this.published[i];
    return undefined;
  }

  /** Waits for diagnostics for this version of the document (any, if no version is given). */
  diagnostics(uri: string, version?: number, ms?: number): Promise<Diagnostic[]> {
    return this.until(() => {
      const p = this.latest(uri);
      return p && (version === undefined || p.version === version) ? p.diagnostics : undefined;
    }, ms, `diagnostics for ${uri}${version !== undefined ? ` v${version}` : ''}`);
  }

  open(uri: string, text: string, version = 1, languageId = uri.endsWith('.c') || uri.endsWith('.h') ? 'c' : 'cpp'): Promise<void> {
    return this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, contentChanges: TextDocumentContentChangeEvent[]): Promise<void> {
    return this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  close(uri: string): Promise<void> {
    return this.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.conn.sendRequest(method, params) as Promise<R>;
  }

  /** Writes bytes straight to the server's stdin (for malformed input). */
  raw(bytes: string | Buffer): void {
    this.child.stdin!.write(bytes);
  }

  async stop(): Promise<void> {
    if (this.exitCode === undefined) {
      try {
        await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
        await this.conn.sendNotification('exit');
      } catch {
        // already gone
      }
      await Promise.race([this.until(() => this.exitCode !== undefined, 3000).catch(() => undefined)]);
      if (this.exitCode === undefined) this.child.kill('SIGKILL');
    }
    this.conn.dispose();
  }
}
