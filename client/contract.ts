// What the extension's code and its manifest (package.json `contributes`,
// `activationEvents`, `main`) must agree on; kept free of the vscode module so
// the tests can check the agreement outside the editor.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const COMMANDS = {
  restartServer: 'forklint.restartServer',
  showOutput: 'forklint.showOutput',
  explainRule: 'forklint.explainRule',
  /** Registered by the Race Lab (client/racelab/index.ts). */
  openRaceLab: 'forklint.openRaceLab',
  /** client/add-safespawn-command.ts */
  addSafespawn: 'forklint.addSafespawn',
} as const;

export const LANGUAGES = ['c', 'cpp'] as const;

export const DOCUMENT_SELECTOR = LANGUAGES.flatMap((language) => [
  { scheme: 'file', language },
  { scheme: 'untitled', language },
]);

/** The server beside the client: the packaged bundle (out/bundle/), or the compiled tree (out/client/ → out/server/). */
export function serverModule(dir: string): string {
  const bundled = path.join(dir, 'server.js');
  return fs.existsSync(bundled) ? bundled : path.join(dir, '..', 'server', 'main.js');
}
