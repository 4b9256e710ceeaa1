// Runs a program under racelab-jail (helper/c/jail.c): resource limits, a
// deadline, its own process group, and every process it leaves killed.
// Also builds the jail and the snippets' exec target with the system cc.
// Both are started with safespawn where its binding loads, child_process
// where it does not.
import * as fs from 'fs';
import * as path from 'path';
import { labPath, nativeRoot, tinyPath } from '../../../native-runtime';
import { spawnPreferSafe, spawnedBy } from '../../../native-runtime/node/spawn-or-fallback';

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
  /** the lab runner, copied here with its tiny beside it (the extension's folder may be closed to runUid) */
  lab: string;
  /** the uid programs run as (see runUid()); undefined: this process's own */
  runUid?: number;
}

/**
 * The uids the Race Lab runs programs as when it is root: RUN_UID_BASE plus
 * the helper's pid. Root is exempt from RLIMIT_NPROC, so under root a fork
 * bomb would not be stopped by the jail's process limit; under such a uid it
 * is. Nothing else uses them (systemd leaves 1879048192-2147483647
 * unallocated, and pids stay below 2^22), so the limit counts this helper's
 * run alone, the run cannot signal anyone else's processes, and the jail can
 * kill all of it with one kill(-1) as that uid.
 */
export const RUN_UID_BASE = 2000000000;

/**
 * The uid for this helper's programs when it is root in the initial user
 * namespace, the one case the kernel exempts from the limit (root inside a
 * user namespace is another uid to the kernel, and a plain user is limited
 * anyway); undefined otherwise.
 */
export function runUid(uid = process.getuid?.(), uidMap = readUidMap(), pid = process.pid): number | undefined {
  if (uid !== 0) return undefined;
  return /^\s*0\s+0\s+4294967295\s*$/.test(uidMap) ? RUN_UID_BASE + pid : undefined;
}

function readUidMap(): string {
  try {
    return fs.readFileSync('/proc/self/uid_map', 'utf8');
  } catch {
    return '0 0 4294967295'; // no /proc/self/uid_map: no user namespaces, so the initial one
  }
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
  /** run the program as this uid (root only: the process limit holds only for another uid) */
  uid?: number;
}

export interface JailResult {
  /** nproc: the run reached its process limit and was stopped (with `uid` only: a fork bomb) */
  reason: 'exited' | 'timeout' | 'cancelled' | 'nproc' | 'lost';
  exitCode?: number;
  signal?: number;
  /** processes the jail had to kill when the program was done */
  killed: number;
  /** the process limit given to the jail */
  nproc: number;
  /** the run's uid was at the process limit when the program ended or was stopped (known with `uid` only) */
  nprocReached: boolean;
  /** what started the jail */
  spawnedBy: 'safespawn' | 'child_process';
  stdout: string;
  stderr: string;
}

/** The uid's current process count plus headroom: RLIMIT_NPROC counts every process of the uid. */
function nprocLimit(uid = process.getuid?.() ?? 0): number {
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
  const nproc = nprocLimit(o.uid);
  const args = ['--timeout-ms', String(Math.max(1, Math.round(o.timeoutMs))), '--nproc', String(nproc)];
  if (o.uid !== undefined) args.push('--uid', String(o.uid));
  if (o.asBytes) args.push('--as', String(Math.round(o.asBytes)));
  args.push('--cpu', String(o.cpuSeconds ?? Math.ceil(o.timeoutMs / 1000) + 10));
  const p = spawnPreferSafe(jail, [...args, '--', ...argv], {
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
      if (p.pid) process.kill(-p.pid, 'SIGKILL');
      else p.kill('SIGKILL'); // not started yet (safespawn): held until it has
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
    let finished = false;
    const finish = () => {
      if (finished || !exited || streams > 0) return;
      finished = true;
      clearTimeout(overdue);
      if (hardKill) clearTimeout(hardKill);
      o.signal?.removeEventListener('abort', onAbort);
      if (buf.trim() && o.onLine) o.onLine(buf);
      let r: { reason?: string; exit_code?: number; signal?: number; killed?: number; nproc_reached?: boolean } = {};
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
        nproc,
        nprocReached: r.nproc_reached === true,
        spawnedBy: spawnedBy(p),
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
    const p = spawnPreferSafe('cc', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    p.stderr!.on('data', (d: Buffer) => (err += d));
    p.stdout!.on('data', (d: Buffer) => (err += d));
    p.on('error', reject);
    p.on('close', (code: number | null) => (code === 0 ? resolve() : reject(new Error(`cc ${args.join(' ')}: ${err}`))));
  });
}

/** Compile the jail and the exec target into tmp (a fraction of a second). */
export async function buildTools(tmp: string, uid = runUid()): Promise<Tools> {
  const jail = path.join(tmp, 'racelab-jail');
  const targetDir = path.join(tmp, 'bin');
  fs.mkdirSync(targetDir, { recursive: true });
  // Another uid runs what is in here: it may pass through, not list or write (runs write in their own folder).
  if (uid !== undefined) fs.chmodSync(tmp, 0o711);
  const labDir = path.join(tmp, 'lab');
  fs.mkdirSync(labDir, { mode: 0o755 });
  let lab = path.join(labDir, path.basename(labPath));
  try {
    fs.copyFileSync(labPath, lab);
    fs.copyFileSync(tinyPath, path.join(labDir, path.basename(tinyPath))); // the lab runs the tiny beside it
  } catch {
    lab = labPath; // not built: snippets still run, and a lab run says what is missing
  }
  const target = path.join(targetDir, 'racelab-pause');
  await Promise.all([
    ccSync(['-std=gnu11', '-O2', '-Wall', '-I', nativeRoot, path.join(cDir, 'jail.c'), '-o', jail], tmp),
    // static, like the lab's tiny: an exec as cheap as it gets
    ccSync(['-std=gnu11', '-O2', '-static', path.join(cDir, 'target.c'), '-o', target], tmp).catch(() =>
      ccSync(['-std=gnu11', '-O2', path.join(cDir, 'target.c'), '-o', target], tmp),
    ),
  ]);
  fs.copyFileSync(target, path.join(targetDir, 'racelab-exit'));
  fs.chmodSync(path.join(targetDir, 'racelab-exit'), 0o755);
  return { tmp, jail, targetDir, lab, runUid: uid };
}
