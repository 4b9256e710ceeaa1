// The status bar item: whether the server runs, is busy, or has a problem to show.
import * as vscode from 'vscode';
import { State } from 'vscode-languageclient/node';
import type { StatusParams } from '../server/protocol';

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('forklint.status', vscode.StatusBarAlignment.Right, 100);
  private client: State = State.Starting;
  private server: StatusParams = { state: 'ready' };

  constructor(showOutputCommand: string) {
    this.item.name = 'forklint';
    this.item.command = showOutputCommand;
    this.render();
    this.item.show();
  }

  setClientState(s: State): void {
    this.client = s;
    this.render();
  }

  setServerState(p: StatusParams): void {
    this.server = p;
    this.render();
  }

  /** The server could not be started or stopped for good. */
  failed(message: string): void {
    this.client = State.Stopped;
    this.server = { state: 'error', message };
    this.render();
  }

  private render(): void {
    const [icon, text, tooltip] = this.view();
    this.item.text = `${icon} forklint`;
    this.item.tooltip = `forklint: ${text}${tooltip ? `\n${tooltip}` : ''}\nClick to show the output.`;
    this.item.backgroundColor = icon === '$(error)' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  }

  private view(): [string, string, string | undefined] {
    if (this.client === State.Starting) return ['$(sync~spin)', 'starting', undefined];
    if (this.client === State.Stopped) return ['$(error)', 'the server is not running', this.server.message];
    switch (this.server.state) {
      case 'indexing': return ['$(sync~spin)', 'indexing the workspace', this.server.message];
      case 'analysing': return ['$(sync~spin)', 'analysing', this.server.message];
      case 'error': return ['$(error)', 'a problem needs attention', this.server.message];
      default: return ['$(check)', 'running', undefined];
    }
  }

  dispose(): void {
    this.item.dispose();
  }
}
