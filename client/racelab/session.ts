// The extension side of the page protocol: checks trust, fills in the
// snippet's source, relays run/cancel to the helper and its messages back.
// No vscode here: panel.ts supplies the host, the page test supplies its own.
import { HelperClient } from './client';
import type { HelperMessage, HostToPage, PageToHost, SnippetSource, SnippetTarget } from './protocol';

export interface SessionHost {
  post(msg: HostToPage): void;
  trusted(): boolean;
  /** the current text of the target's file */
  snippetSource(target: SnippetTarget): Promise<SnippetSource>;
  reveal(file: string, line: number): void;
}

export const UNTRUSTED_MESSAGE =
  'Race Lab compiles and runs code on this machine, so it needs a trusted workspace. ' +
  'Trust this workspace (command "Workspaces: Manage Workspace Trust") to run scenarios.';

let runCounter = 0;

export class LabSession {
  private helper: HelperClient | undefined;
  private running: string | undefined;
  private target: SnippetTarget | undefined;

  constructor(
    private readonly host: SessionHost,
    private readonly helperScript?: string,
  ) {}

  get busy(): boolean {
    return this.running !== undefined;
  }

  setTarget(t: SnippetTarget | undefined): void {
    this.target = t;
    this.host.post({ type: 'target', target: t });
  }

  private fromHelper(m: HelperMessage): void {
    if (m.type === 'done' || m.type === 'compile-error' || (m.type === 'error' && (!m.run || m.run === this.running))) {
      this.running = undefined;
      this.host.post(m);
      this.host.post({ type: 'busy', busy: false });
      return;
    }
    this.host.post(m);
  }

  async handle(msg: PageToHost): Promise<void> {
    switch (msg.type) {
      case 'ready':
        this.host.post({ type: 'trust', trusted: this.host.trusted() });
        this.host.post({ type: 'target', target: this.target });
        this.host.post({ type: 'busy', busy: this.busy, run: this.running });
        return;
      case 'reveal':
        this.host.reveal(msg.file, msg.line);
        return;
      case 'cancel':
        this.helper?.send({ type: 'cancel' });
        return;
      case 'run': {
        if (!this.host.trusted()) {
          this.host.post({ type: 'trust', trusted: false });
          this.host.post({ type: 'error', message: UNTRUSTED_MESSAGE });
          return;
        }
        if (this.running) {
          this.host.post({ type: 'error', message: 'A run is in progress: cancel it first.' });
          return;
        }
        const id = `run-${++runCounter}`;
        let snippet: SnippetSource | undefined;
        if (msg.scenario === 'snippet') {
          if (!this.target) {
            this.host.post({ type: 'error', message: 'No snippet: use "Run in Race Lab" above a spawn call first.' });
            return;
          }
          try {
            snippet = await this.host.snippetSource(this.target);
          } catch (e) {
            this.host.post({ type: 'error', message: `cannot read ${this.target.file}: ${(e as Error).message}` });
            return;
          }
        }
        this.running = id;
        this.host.post({ type: 'busy', busy: true, run: id });
        this.helper ??= new HelperClient((m) => this.fromHelper(m), this.helperScript);
        this.helper.send({ type: 'run', id, scenario: msg.scenario, strategies: msg.strategies, params: msg.params, snippet });
        return;
      }
    }
  }

  dispose(): void {
    this.helper?.dispose();
    this.helper = undefined;
    this.running = undefined;
  }
}
