// code-server (VS Code 1.100 served to a browser, from npm) for the
// end-to-end suite: installed once into a cache folder outside the
// repository, the packaged extension installed into fresh folders, the server
// started on a free loopback port in its own process group, and stopped with
// everything it started. Every process of a run carries an environment
// marker, so "nothing is left behind" is checked, not assumed.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../client/build-vsix';

export const INSTALL_SCRIPT = path.join(ROOT, 'e2e', 'install-code-server.sh');
/** The marker every process of a run inherits: `FORKLINT_E2E_RUN=<id>`. */
export const MARKER_VAR = 'FORKLINT_E2E_RUN';

/** ${FORKLINT_E2E_CACHE} or ${XDG_CACHE_HOME:-~/.cache}/forklint-e2e/code-server. */
export function cacheDir(): string {
  if (process.env.FORKLINT_E2E_CACHE) return path.resolve(process.env.FORKLINT_E2E_CACHE);
  return path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'forklint-e2e', 'code-server');
}

const binIn = (dir: string) => path.join(dir, 'node_modules', '.bin', 'code-server');

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `cond` until it returns a truthy value; fails after `ms` saying what it waited for. */
export async function waitFor<T>(what: string, cond: () => T | Promise<T>, ms = 60000, every = 100): Promise<NonNullable<T>> {
  const end = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await cond();
      if (v) return v as NonNullable<T>;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
    await sleep(every);
  }
}

function tail(file: string, n = 40): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-n).join('\n');
  } catch {
    return '';
  }
}

/** Runs a command to completion, its output into `log`; rejects on a non-zero exit. */
function run(cmd: string, args: string[], log: string, env: NodeJS.ProcessEnv = process.env, timeoutMs = 20 * 60000): Promise<void> {
  return new Promise((resolve, reject) => {
    const fd = fs.openSync(log, 'a');
    // Its own group, so a timeout takes down npm and the builds it started.
    const p = spawn(cmd, args, { stdio: ['ignore', fd, fd], env, detached: true });
    fs.closeSync(fd);
    const timer = setTimeout(() => killGroup(p.pid, 'SIGKILL'), timeoutMs);
    p.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    p.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${path.basename(cmd)} ${args.join(' ')} failed (${signal ?? `exit ${code}`}); ${log}:\n${tail(log)}`));
    });
  });
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/**
 * The code-server binary, installed first if the cache has none. The install
 * goes to a sibling folder renamed into place when complete, so an
 * interrupted install is never mistaken for a finished one.
 */
export async function ensureCodeServer(log: string): Promise<{ bin: string; installMs?: number }> {
  const dir = cacheDir();
  if (fs.existsSync(binIn(dir))) return { bin: binIn(dir) };
  const t0 = Date.now();
  const partial = `${dir}.partial-${process.pid}`;
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  try {
    await run('sh', [INSTALL_SCRIPT, partial], log);
    if (!fs.existsSync(binIn(dir))) fs.renameSync(partial, dir);
  } finally {
    fs.rmSync(partial, { recursive: true, force: true });
  }
  return { bin: binIn(dir), installMs: Date.now() - t0 };
}

/** A port nobody listens on now (code-server is told to bind it right after). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Pids of live processes whose environment holds the marker (zombies have none). */
export function markedProcesses(runId: string): { pid: number; cmd: string }[] {
  const needle = `${MARKER_VAR}=${runId}\0`;
  const out: { pid: number; cmd: string }[] = [];
  for (const ent of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(ent)) continue;
    try {
      if (!fs.readFileSync(`/proc/${ent}/environ`, 'latin1').includes(needle)) continue;
      const cmd = fs.readFileSync(`/proc/${ent}/cmdline`, 'latin1').split('\0').join(' ').trim();
      out.push({ pid: Number(ent), cmd });
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return out;
}

export interface CodeServerOptions {
  bin: string;
  /** Holds the user-data, extensions and config folders and the log. */
  runDir: string;
  runId: string;
  /** User settings written before the start (settings.json). */
  settings: Record<string, unknown>;
}

export class CodeServer {
  readonly userData: string;
  readonly extensions: string;
  readonly log: string;
  private readonly config: string;
  private readonly env: NodeJS.ProcessEnv;
  private pid: number | undefined;
  private unhook: () => void = () => undefined;
  port = 0;

  constructor(private readonly o: CodeServerOptions) {
    this.userData = path.join(o.runDir, 'user-data');
    this.extensions = path.join(o.runDir, 'extensions');
    this.config = path.join(o.runDir, 'code-server.yaml');
    this.log = path.join(o.runDir, 'code-server.log');
    fs.mkdirSync(path.join(this.userData, 'User'), { recursive: true });
    fs.mkdirSync(this.extensions, { recursive: true });
    fs.writeFileSync(this.settingsFile, JSON.stringify(o.settings, null, 2));
    this.env = { ...process.env, [MARKER_VAR]: o.runId };
    // A clean machine's root has none of these; keep code-server from reading a developer's.
    delete this.env.VSCODE_IPC_HOOK_CLI;
  }

  get settingsFile(): string {
    return path.join(this.userData, 'User', 'settings.json');
  }

  private args(): string[] {
    // --config keeps code-server from writing ~/.config/code-server/config.yaml.
    return ['--config', this.config, '--user-data-dir', this.userData, '--extensions-dir', this.extensions];
  }

  /** Installs a .vsix as a user would (an extension folder copied in is ignored). */
  async installExtension(vsix: string): Promise<void> {
    await run(this.o.bin, [...this.args(), '--install-extension', vsix], this.log, this.env, 120000);
    if (!/successfully installed/.test(tail(this.log))) throw new Error(`the extension was not installed:\n${tail(this.log)}`);
  }

  /** Starts the server and waits until it answers; retries on a port taken meanwhile. */
  async start(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      this.port = await freePort();
      const fd = fs.openSync(this.log, 'a');
      const p = spawn(
        this.o.bin,
        [...this.args(), '--auth', 'none', '--bind-addr', `127.0.0.1:${this.port}`, '--disable-telemetry', '--disable-update-check'],
        { stdio: ['ignore', fd, fd], env: this.env, detached: true },
      );
      fs.closeSync(fd);
      this.pid = p.pid;
      // Should the test process end without stop() (a crash, process.exit), the group goes with it.
      const onExit = () => killGroup(p.pid, 'SIGKILL');
      process.once('exit', onExit);
      this.unhook = () => process.removeListener('exit', onExit);
      let exited: string | undefined;
      p.on('exit', (code, signal) => (exited = signal ?? `exit ${code}`));
      try {
        await waitFor(`code-server on port ${this.port}`, async () => {
          if (exited) throw new Error(`code-server ended (${exited})`);
          const r = await fetch(`http://127.0.0.1:${this.port}/healthz`).catch(() => undefined);
          return r?.ok;
        }, 120000, 200).catch((e) => {
          if (exited) throw new Error(`code-server ended (${exited}):\n${tail(this.log)}`);
          throw e;
        });
        return;
      } catch (e) {
        await this.stop();
        if (attempt < 2 && /EADDRINUSE/.test(tail(this.log))) continue;
        throw e;
      }
    }
  }

  url(folder: string): string {
    return `http://127.0.0.1:${this.port}/?folder=${encodeURIComponent(folder)}`;
  }

  /**
   * Stops code-server's process group, then anything else of this run still
   * alive (the Race Lab helper runs in a group of its own). Returns what had
   * to be killed by force.
   */
  async stop(): Promise<{ pid: number; cmd: string }[]> {
    killGroup(this.pid, 'SIGTERM');
    this.pid = undefined;
    this.unhook();
    const gone = () => markedProcesses(this.o.runId).length === 0;
    await waitFor('the run\'s processes to end', gone, 15000, 100).catch(() => undefined);
    const left = markedProcesses(this.o.runId);
    for (const p of left) {
      killGroup(p.pid, 'SIGKILL');
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    if (left.length) await waitFor('the run\'s processes to die', gone, 10000, 100).catch(() => undefined);
    return left;
  }

  /** Every extension host log of the run (one per window opened). */
  exthostLogs(): string[] {
    const root = path.join(this.userData, 'logs');
    if (!fs.existsSync(root)) return [];
    const out: string[] = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const full = path.join(d, e.name);
        if (e.isDirectory()) walk(full);
        else if (e.name === 'remoteexthost.log' || /-forklint\.log$/.test(e.name)) out.push(full);
      }
    };
    walk(root);
    return out.sort();
  }
}
