// The editor's side of "forklint: Add safespawn to this project": the folder
// dialog, the question before replacing a changed copy, and where the build
// lines go (the forklint output, which can be copied from). The logic is in
// add-safespawn.ts.
import * as vscode from 'vscode';
import { COMMANDS } from './contract';
import { addSafespawn, shippedSafespawnIn, type AddSafespawnUi } from './add-safespawn';

/** The workspace folder of the active editor's file, or else the first one. */
function workspaceDir(): string | undefined {
  const active = vscode.window.activeTextEditor?.document.uri;
  const folder = (active && vscode.workspace.getWorkspaceFolder(active)) ?? vscode.workspace.workspaceFolders?.[0];
  return folder?.uri.scheme === 'file' ? folder.uri.fsPath : undefined;
}

export function registerAddSafespawn(context: vscode.ExtensionContext, output: vscode.OutputChannel): vscode.Disposable {
  const ui: AddSafespawnUi = {
    async pickFolder(defaultDir) {
      const picked = await vscode.window.showOpenDialog({
        canSelectFolders: true,
        canSelectFiles: false,
        canSelectMany: false,
        openLabel: 'Add safespawn here',
        title: 'forklint: the folder to copy safespawn.h and safespawn.c into',
        ...(defaultDir ? { defaultUri: vscode.Uri.file(defaultDir) } : {}),
      });
      return picked?.[0]?.fsPath;
    },
    async confirmReplace(files) {
      const replace = 'Replace';
      const answer = await vscode.window.showWarningMessage(
        `${files.join(' and ')} already exist${files.length === 1 ? 's' : ''} with other content.`,
        { modal: true, detail: 'It may be a copy someone changed on purpose. Replace it with the safespawn that ships with forklint?' },
        replace,
      );
      return answer === replace;
    },
    done(summary, howToBuild) {
      output.appendLine(summary);
      output.append(howToBuild);
      output.show(true);
      void vscode.window.showInformationMessage(`${summary} How to build it in (make, CMake, meson) is in the forklint output.`);
    },
    failed(message) {
      void vscode.window.showErrorMessage(message);
    },
  };
  return vscode.commands.registerCommand(COMMANDS.addSafespawn, () => addSafespawn(ui, { workspaceDir: workspaceDir(), from: shippedSafespawnIn(context.extensionPath) }));
}
