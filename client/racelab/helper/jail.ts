// Runs a program under racelab-jail (helper/c/jail.c): resource limits, a
// deadline, its own process group, and every process it leaves killed.
// Also builds the jail and the snippets' exec target with the system cc.
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** helper/c/ in the source tree (from out/client/racelab/helper or client/racelab/helper). */
export const cDir = path.resolve(
  __dirname,
  fs.existsSync(path.join(__dirname, 'c', 'jail.c')) ? 'c' : '../../../../client/racelab/helper/c',
);

export interface Tools {
  /** this helper's temporary directory (removed when it exits) */
  tmp: string;
  jail: string;
  /** holds racelab-pause and racelab-exit, the programs snippets exec */
  targetDir: string;
}

export interface JailOptions {
  cwd: string;
  timeoutMs: number;
  /** RLIMIT_AS in bytes */
  asBytes?: number;
  cpuSeconds?: number;
  env?: NodeJS.ProcessEnv;
  onLine?: (line: string) => void;
  signal?: AbortSignal;
}

export interface JailResult {
  reason: 'exited' | 'timeout' | 'cancelled' | 'lost';
  exitCode?: number;
  signal?: number;
  /** processes the jail had to kill when the program was done */
  killed: number;
  stdout: string;
  stderr: string;
}

/** The user's current process count plus headroom: RLIMIT_NPROC counts every process of the uid. */
function nprocLimit(): number {
  const uid = process.getuid?.() ?? 0;
  let n = 0;
  for (const e of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const m = /^Uid:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${e}/status`, 'utf8'));
      if (m && Number(m[1]) === uid) n++;
    } catch {
      // gone
    }
  }
  return n + 512;
}

export function runJailed(jail: string, argv: string[], o: JailOptions): Promise<JailResult> {
  const args = ['--timeout-ms', String(Math.max(1, Math.round(o.timeoutMs))), '--nproc', String(nprocLimit())];
  if (o.asBytes) args.push('--as', String(Math.round(o.asBytes)));
  args.push('--cpu', String(o.cpuSeconds ?? Math.ceil(o.timeoutMs / 1000) + 10));
  const p = spawn(jail, [...args, '--', ...argv], {
    cwd: o.cwd,
    env: o.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    detached: true, // its own process group: a last-resort kill takes it all
  });
  let stdout = '';
  let stderr = '';
  let report = '';
  let buf = '';
  p.stdout!.setEncoding('utf8');
  p.stdout!.on('data', (chunk: string) => {
    if (!o.onLine) {
      stdout += chunk;
      return;
    }
    buf += chunk;
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (line.trim()) o.onLine(line);
    }
  });
  p.stderr!.setEncoding('utf8');
  p.stderr!.on('data', (s: string) => (stderr = (stderr + s).slice(-64000)));
  const fd3 = p.stdio[3] as NodeJS.ReadableStream;
  fd3.setEncoding('utf8');
  fd3.on('data', (s: string) => (report += s));

  let hardKill: NodeJS.Timeout | undefined;
  const killGroup = () => {
    try {
      process.kill(-p.pid!, 'SIGKILL');
    } catch {
      // gone
    }
  };
  const onAbort = () => {
    try {
      p.kill('SIGTERM'); // the jail kills and reaps everything, then reports
    } catch {
      // gone
    }
    hardKill ??= setTimeout(killGroup, 3000);
  };
  if (o.signal?.aborted) onAbort();
  o.signal?.addEventListener('abort', onAbort, { once: true });
  // the jail enforces the deadline; this is for a jail that cannot
  const overdue = setTimeout(killGroup, o.timeoutMs + 10000);

  return new Promise((resolve) => {
    let exited = false;
    let streams = 3;
    const finish = () => {
      if (!exited || streams > 0) return;
      clearTimeout(overdue);
      if (hardKill) clearTimeout(hardKill);
      o.signal?.removeEventListener('abort', onAbort);
      if (buf.trim() && o.onLine) o.onLine(buf);
      let r: { reason?: string; exit_code?: number; signal?: number; killed?: number } = {};
      try {
        r = JSON.parse(report.trim().split('\n').pop() || '{}');
      } catch {
        r = {};
      }
      resolve({
        reason: (r.reason as JailResult['reason']) ?? 'lost',
        exitCode: r.exit_code,
        signal: r.signal,
        killed: r.killed ?? 0,
        stdout,
        stderr,
      });
    };
    for (const s of [p.stdout!, p.stderr!, fd3])
      s.on('close', () => {
        streams--;
        finish();
      });
    p.on('exit', () => {
      exited = true;
      finish();
    });
    p.on('error', (e) => {
      stderr += String(e);
      exited = true;
      streams = 0;
      finish();
    });
  });
}

function ccSync(args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn('cc', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d) => (err += d));
    p.stdout.on('data', (d) => (err += d));
    p.on('error', reject);
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`cc ${args.join(' ')}: ${err}`))));
  });
}

/** Compile the jail and the exec target into tmp (a fraction of a second). */
export async function buildTools(tmp: string): Promise<Tools> {
  const jail = path.join(tmp, 'racelab-jail');
  const targetDir = path.join(tmp, 'bin');
  fs.mkdirSync(targetDir, { recursive: true });
  const target = path.join(targetDir, 'racelab-pause');
  await Promise.all([
    ccSync(['-std=gnu11', '-O2', '-Wall', path.join(cDir, 'jail.c'), '-o', jail], tmp),
    // static, like the lab's tiny: an exec as cheap as it gets
    ccSync(['-std=gnu11', '-O2', '-static', path.join(cDir, 'target.c'), '-o', target], tmp).catch(() =>
      ccSync(['-std=gnu11', '-O2', path.join(cDir, 'target.c'), '-o', target], tmp),
    ),
  ]);
  fs.copyFileSync(target, path.join(targetDir, 'racelab-exit'));
  fs.chmodSync(path.join(targetDir, 'racelab-exit'), 0o755);
  return { tmp, jail, targetDir };
}
