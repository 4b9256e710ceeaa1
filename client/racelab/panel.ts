// The Race Lab webview panel: creates it (strict CSP, local resources from
// the extension's folder only), relays page messages through a LabSession to
// the helper process, and refuses to run anything in an untrusted workspace.
import * as path from 'path';
import * as vscode from 'vscode';
import type { SnippetTarget } from './protocol';
import { LabSession } from './session';
import { makeNonce, pageHtml, pageScript, pageStyle } from './page/html';

export class RaceLabPanel {
  private static current: RaceLabPanel | undefined;
  private readonly session: LabSession;
  private readonly disposables: vscode.Disposable[] = [];

  static show(context: vscode.ExtensionContext, target?: SnippetTarget): void {
    if (RaceLabPanel.current) {
      RaceLabPanel.current.panel.reveal(vscode.ViewColumn.Beside);
    } else {
      RaceLabPanel.current = new RaceLabPanel(context);
    }
    if (target) RaceLabPanel.current.session.setTarget(target);
  }

  private constructor(context: vscode.ExtensionContext) {
    const root = context.extensionUri;
    this.panel = vscode.window.createWebviewPanel('forklint.raceLab', 'Race Lab', vscode.ViewColumn.Beside, {
      enableScripts: true,
      enableForms: false,
      retainContextWhenHidden: true,
      localResourceRoots: [root],
    });
    const webview = this.panel.webview;
    const uri = (file: string) => webview.asWebviewUri(vscode.Uri.file(file)).toString();
    webview.html = pageHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      scriptUri: uri(pageScript),
      styleUri: uri(pageStyle),
    });
    this.session = new LabSession({
      post: (m) => void webview.postMessage(m),
      trusted: () => vscode.workspace.isTrusted,
      snippetSource: async (t) => {
        const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(t.uri));
        return { file: t.file, text: doc.getText(), line: t.line, language: t.language };
      },
      reveal: (file, line) => void this.reveal(file, line),
    });
    this.disposables.push(
      webview.onDidReceiveMessage((m) => void this.session.handle(m)),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void webview.postMessage({ type: 'trust', trusted: true })),
      this.panel.onDidDispose(() => this.dispose()),
    );
  }

  private readonly panel: vscode.WebviewPanel;

  private async reveal(file: string, line: number): Promise<void> {
    const uri = path.isAbsolute(file) ? vscode.Uri.file(file) : vscode.Uri.parse(file);
    const doc = await vscode.workspace.openTextDocument(uri);
    const pos = new vscode.Position(Math.max(0, line - 1), 0);
    await vscode.window.showTextDocument(doc, {
      viewColumn: vscode.ViewColumn.One,
      selection: new vscode.Range(pos, pos),
    });
  }

  private dispose(): void {
    RaceLabPanel.current = undefined;
    this.session.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
