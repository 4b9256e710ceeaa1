// The VS Code extension: starts the forklint language server over IPC and
// adds the editor's side of things (settings, commands, a status bar item).
// All analysis is the server's; this file only wires.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type MessageSignature, type ServerOptions } from 'vscode-languageclient/node';
import { StatusNotification } from '../server/protocol';
import { COMMANDS, DOCUMENT_SELECTOR, serverModule } from './contract';
import { RULE_SCHEME, RuleDocs } from './explain';
import { registerAddSafespawn } from './add-safespawn-command';
import { registerRaceLab } from './racelab/index';
import { StatusBar } from './status';

/**
 * A request the renderer sent just before the window closed fails when the
 * client stops under it (vscode-languageclient throws a plain "Starting
 * server failed", logged and rethrown as a failed provider); while the
 * client is not running there is nobody to tell, so it answers with nothing.
 */
class ForklintClient extends LanguageClient {
  override handleFailedRequest<T>(type: MessageSignature, token: vscode.CancellationToken | undefined, error: unknown, defaultValue: T, showNotification?: boolean): T {
    return this.isRunning() ? super.handleFailedRequest(type, token, error, defaultValue, showNotification) : defaultValue;
  }
}

let client: LanguageClient | undefined;
// Not one of the subscriptions: VS Code disposes those as soon as it calls
// deactivate(), while the client still logs to its channel as it stops (a
// request failing then threw "Channel has been closed"). Disposed after the stop.
let outputChannel: vscode.OutputChannel | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = (outputChannel = vscode.window.createOutputChannel('forklint'));
  const status = new StatusBar(COMMANDS.showOutput);
  const docs = new RuleDocs(() => client);
  context.subscriptions.push(
    status,
    vscode.workspace.registerTextDocumentContentProvider(RULE_SCHEME, docs),
    vscode.commands.registerCommand(COMMANDS.showOutput, () => output.show(true)),
    vscode.commands.registerCommand(COMMANDS.explainRule, (id?: string) => docs.explain(id)),
    registerAddSafespawn(context, output),
    vscode.commands.registerCommand(COMMANDS.restartServer, async () => {
      if (!client) return;
      try {
        await client.restart();
      } catch (e) {
        status.failed((e as Error).message);
        output.appendLine(`restart failed: ${(e as Error).stack ?? e}`);
      }
    }),
  );
  try {
    registerRaceLab(context);
  } catch (e) {
    // The linter does not depend on the Race Lab.
    output.appendLine(`the Race Lab could not be registered: ${(e as Error).stack ?? e}`);
  }

  const module = serverModule(__dirname);
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: output,
    // Pull diagnostics right after each change; the server answers at once.
    diagnosticPullOptions: { onChange: true, onSave: false },
  };
  client = new ForklintClient('forklint', 'forklint', serverOptions, clientOptions);
  context.subscriptions.push(
    client.onDidChangeState((e) => status.setClientState(e.newState)),
    client.onNotification(StatusNotification.type, (p) => status.setServerState(p)),
  );
  try {
    await client.start();
  } catch (e) {
    status.failed((e as Error).message);
    output.appendLine(`the forklint server did not start: ${(e as Error).stack ?? e}`);
    void vscode.window.showErrorMessage(`forklint: the language server did not start (${(e as Error).message}). See the forklint output.`);
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
  outputChannel?.dispose();
  outputChannel = undefined;
}
