// "forklint: Explain Rule…": pick a rule (or be given its id) and read its
// page as a Markdown preview of a read-only virtual document. The pages come
// from the server, which has the rules' metadata.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { RuleDocsRequest, type RuleDocInfo } from '../server/protocol';

export const RULE_SCHEME = 'forklint-rule';

export function ruleUri(id: string): vscode.Uri {
  return vscode.Uri.from({ scheme: RULE_SCHEME, path: `/${id}.md` });
}

export function idOfRuleUri(uri: vscode.Uri): string {
  return uri.path.replace(/^\//, '').replace(/\.md$/, '');
}

export class RuleDocs implements vscode.TextDocumentContentProvider {
  private docs: RuleDocInfo[] | undefined;

  constructor(private readonly client: () => LanguageClient | undefined) {}

  async list(): Promise<RuleDocInfo[]> {
    if (!this.docs) {
      const c = this.client();
      if (!c?.isRunning()) throw new Error('the forklint server is not running (forklint: Restart Server)');
      this.docs = await c.sendRequest(RuleDocsRequest.type);
    }
    return this.docs;
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const id = idOfRuleUri(uri);
    const d = (await this.list()).find((r) => r.id === id);
    return d ? d.markdown : `# ${id}\n\nforklint has no rule with this id.\n`;
  }

  /** The command: a rule id from the caller, or a quick pick. */
  async explain(id?: string): Promise<void> {
    let docs: RuleDocInfo[];
    try {
      docs = await this.list();
    } catch (e) {
      void vscode.window.showErrorMessage(`forklint: cannot list the rules: ${(e as Error).message}`);
      return;
    }
    if (typeof id !== 'string') {
      const pick = await vscode.window.showQuickPick(
        docs.map((d) => ({ label: d.id, description: d.defaultSeverity, detail: d.summary })),
        { title: 'forklint: explain a rule', placeHolder: 'rule id', matchOnDetail: true },
      );
      if (!pick) return;
      id = pick.label;
    }
    await vscode.commands.executeCommand('markdown.showPreview', ruleUri(id));
  }
}
