// Starts the Race Lab helper process and speaks its line-delimited JSON
// protocol.  No vscode here: the panel and the page test share it.  The
// helper is started with safespawn where its binding loads (no fork of the
// extension host's memory), with child_process where it does not.
import * as path from 'path';
import { spawnPreferSafe, spawnedBy, type SpawnedProcess } from '../../native-runtime/node/spawn-or-fallback';
import type { HelperMessage, HelperRequest } from './protocol';

export const helperScript = path.join(__dirname, 'helper', 'main.js');

export class HelperClient {
  private proc: SpawnedProcess | undefined;
  private buf = '';
  private exited = false;

  constructor(
    private readonly onMessage: (m: HelperMessage) => void,
    private readonly script = helperScript,
  ) {}

  /** Under safespawn, set once the helper has started ('spawn'). */
  get pid(): number | undefined {
    return this.proc?.pid;
  }

  /** What started the helper (undefined before the first request). */
  get spawnedBy(): 'safespawn' | 'child_process' | undefined {
    return this.proc && spawnedBy(this.proc);
  }

  private start(): SpawnedProcess {
    // process.execPath is Electron inside VS Code: ELECTRON_RUN_AS_NODE makes
    // it a plain Node.  Its own process group (detached), so dispose() can
    // take down whatever is left of it in one kill.
    const p = spawnPreferSafe(process.execPath, [this.script], {
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    p.stdout!.setEncoding('utf8');
    p.stdout!.on('data', (chunk: string) => {
      this.buf += chunk;
      let nl: number;
      while ((nl = this.buf.indexOf('\n')) >= 0) {
        const line = this.buf.slice(0, nl);
        this.buf = this.buf.slice(nl + 1);
        if (!line.trim()) continue;
        try {
          this.onMessage(JSON.parse(line) as HelperMessage);
        } catch {
          this.onMessage({ type: 'error', message: `helper printed a line that is not JSON: ${line.slice(0, 200)}` });
        }
      }
    });
    let stderr = '';
    p.stderr!.setEncoding('utf8');
    p.stderr!.on('data', (s: string) => (stderr = (stderr + s).slice(-4000)));
    p.on('exit', (code: number | null, signal: NodeJS.Signals | null) => {
      if (this.proc === p) this.proc = undefined;
      if (!this.exited)
        this.onMessage({ type: 'error', message: `Race Lab helper ended (${signal ?? `exit ${code}`})${stderr ? `: ${stderr.trim()}` : ''}` });
    });
    p.stdin!.on('error', () => {}); // it died; the exit handler says so
    p.on('error', (e: Error) => {
      if (this.proc === p) this.proc = undefined;
      if (!this.exited) this.onMessage({ type: 'error', message: `the Race Lab helper did not start: ${e.message}` });
    });
    return p;
  }

  send(req: HelperRequest): void {
    if (!this.proc) this.proc = this.start();
    this.proc.stdin!.write(JSON.stringify(req) + '\n');
  }

  /** Kill the helper's whole process group (its runs clean up their own children). */
  dispose(): void {
    this.exited = true;
    const p = this.proc;
    this.proc = undefined;
    if (!p) return;
    p.stdin!.end(); // the helper cancels and exits when stdin closes
    const t = setTimeout(() => {
      // Its own group (detached). Under safespawn pid is known from 'spawn' on: by now.
      if (!p.pid) return p.kill('SIGKILL');
      try {
        process.kill(-p.pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }, 2000);
    t.unref();
    p.once('exit', () => clearTimeout(t));
  }
}
