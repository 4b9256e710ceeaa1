// Race Lab registration: the "forklint: Open Race Lab" command, and a code
// lens plus a code action on each spawn call in C/C++ that aim the panel at
// the function holding it.  The panel itself is in panel.ts.
import * as vscode from 'vscode';
import { findSpawnSites, functionAt } from './csource';
import { RaceLabPanel } from './panel';
import type { SnippetTarget } from './protocol';

export const OPEN_COMMAND = 'forklint.openRaceLab';
export const RUN_SITE_COMMAND = 'forklint.runInRaceLab';
const SELECTOR: vscode.DocumentSelector = [
  { language: 'c', scheme: 'file' },
  { language: 'cpp', scheme: 'file' },
  { language: 'c', scheme: 'untitled' },
  { language: 'cpp', scheme: 'untitled' },
];

function targetFor(doc: vscode.TextDocument, line: number): SnippetTarget | undefined {
  const fn = functionAt(doc.getText(), line);
  if (!fn) return undefined;
  return {
    file: doc.uri.scheme === 'file' ? doc.uri.fsPath : doc.uri.toString(),
    uri: doc.uri.toString(),
    line,
    function: fn.callName,
    language: doc.languageId === 'cpp' ? 'cpp' : 'c',
  };
}

class SpawnLenses implements vscode.CodeLensProvider {
  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    return findSpawnSites(doc.getText()).map((s) => {
      const range = new vscode.Range(s.line - 1, s.column, s.line - 1, s.column + s.call.length);
      return new vscode.CodeLens(range, {
        title: 'Run in Race Lab',
        tooltip: `Compile ${s.fn.callName}() into a harness and watch its ${s.call}() under load`,
        command: RUN_SITE_COMMAND,
        arguments: [doc.uri.toString(), s.line],
      });
    });
  }
}

class SpawnActions implements vscode.CodeActionProvider {
  provideCodeActions(doc: vscode.TextDocument, range: vscode.Range): vscode.CodeAction[] {
    const site = findSpawnSites(doc.getText()).find((s) => s.line - 1 >= range.start.line && s.line - 1 <= range.end.line);
    if (!site) return [];
    const a = new vscode.CodeAction(`Run ${site.fn.callName}() in Race Lab`, vscode.CodeActionKind.Empty);
    a.command = { title: a.title, command: RUN_SITE_COMMAND, arguments: [doc.uri.toString(), site.line] };
    return [a];
  }
}

export function registerRaceLab(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(OPEN_COMMAND, () => RaceLabPanel.show(context)),
    // (uri, 1-based line) from a lens or action; none: the cursor in the active editor
    vscode.commands.registerCommand(RUN_SITE_COMMAND, async (uri?: string, line?: number) => {
      let doc: vscode.TextDocument | undefined;
      if (uri) doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
      else doc = vscode.window.activeTextEditor?.document;
      if (!doc) return RaceLabPanel.show(context);
      const at = line ?? (vscode.window.activeTextEditor?.selection.active.line ?? 0) + 1;
      const target = targetFor(doc, at);
      if (!target) void vscode.window.showWarningMessage(`Race Lab: no function contains line ${at}.`);
      RaceLabPanel.show(context, target);
    }),
    vscode.languages.registerCodeLensProvider(SELECTOR, new SpawnLenses()),
    vscode.languages.registerCodeActionsProvider(SELECTOR, new SpawnActions(), {
      providedCodeActionKinds: [vscode.CodeActionKind.Empty],
    }),
  );
}
