// For the rewrite's tests: applying the engine's rewrite to a program, and
// compiling and running programs to compare what they do (stdout, stderr,
// exit status, files written). Used only by the tests.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { applyEdits, lintSources, type Finding, type Fix } from '../index';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const NATIVE = path.join(ROOT, 'native-runtime');
export const REWRITE_FIXTURES = path.join(ROOT, 'test-fixtures', 'rewrite');

/** Applies rewrite fixes until none is left (one spawn site per pass, as `forklint --fix` does); returns the text and how many were applied. */
export function rewriteAll(file: string, text: string, kind: Fix['kind'] = 'rewrite'): { text: string; applied: number; findings: Finding[] } {
  let applied = 0;
  for (let pass = 0; pass < 10; pass++) {
    const findings = lintSources([{ path: file, text }]);
    const fix = findings.flatMap((f) => f.fixes).find((x) => x.kind === kind && (kind === 'rewrite' || !x.preferred));
    if (!fix) return { text, applied, findings };
    text = applyEdits(text, fix.edits);
    applied++;
  }
  throw new Error(`${file}: still offering rewrites after 10 passes`);
}

export interface RunResult {
  status: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  files: Record<string, string>;
}

/** Runs limited to `n` at a time (the machine is shared: 2). */
export class Pool {
  private active = 0;
  private queue: (() => void)[] = [];
  constructor(private readonly n: number) {}
  run<T>(job: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        this.active++;
        job().then(resolve, reject).finally(() => {
          this.active--;
          this.queue.shift()?.();
        });
      };
      if (this.active < this.n) start();
      else this.queue.push(start);
    });
  }
}

export function exec(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number } = {}): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, timeout: opts.timeout ?? 60000, maxBuffer: 4 << 20, encoding: 'utf8' }, (err, stdout, stderr) => {
      const e = err as (NodeJS.ErrnoException & { code?: number | string; signal?: string }) | null;
      resolve({ code: e ? (typeof e.code === 'number' ? e.code : null) : 0, signal: e?.signal ?? null, stdout, stderr: stderr + (e && typeof e.code !== 'number' && !e.signal ? String(e) : '') });
    });
    child.stdin?.end();
  });
}

/** cc for .c, c++ for .cpp, -Wall -Werror; with safespawn's object and header when given. */
export function compile(src: string, out: string, safespawnObj?: string): Promise<{ ok: boolean; output: string; command: string }> {
  const cpp = src.endsWith('.cpp');
  const args = [cpp ? '-std=gnu++17' : '-std=gnu11', '-Wall', '-Werror'];
  if (safespawnObj) args.push(`-I${NATIVE}`);
  args.push(src, '-o', out);
  if (safespawnObj) args.push(safespawnObj);
  args.push('-pthread');
  const cmd = cpp ? 'c++' : 'cc';
  return exec(cmd, args).then((r) => ({ ok: r.code === 0, output: r.stdout + r.stderr, command: [cmd, ...args].join(' ') }));
}

/** safespawn.c compiled once, with the same warnings as the programs. */
export async function buildSafespawn(dir: string): Promise<string> {
  const obj = path.join(dir, 'safespawn.o');
  const r = await exec('cc', ['-std=gnu11', '-Wall', '-Werror', '-c', path.join(NATIVE, 'safespawn.c'), '-o', obj]);
  if (r.code !== 0) throw new Error(`safespawn.c does not compile: ${r.stderr}`);
  return obj;
}

/** Runs a program in a fresh directory (its cwd) and reports what it did, files it left included. */
export async function runIn(binary: string, args: string[], scratch: string): Promise<RunResult> {
  const cwd = fs.mkdtempSync(path.join(scratch, 'run-'));
  const env = { PATH: '/usr/local/bin:/usr/bin:/bin', LC_ALL: 'C', HOME: cwd };
  const r = await exec(binary, args, { cwd, env, timeout: 20000 });
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      const rel = path.relative(cwd, full);
      if (e.isDirectory()) walk(full);
      else {
        const st = fs.statSync(full);
        files[rel] = `${(st.mode & 0o777).toString(8)} ${fs.readFileSync(full, 'utf8')}`;
      }
    }
  };
  walk(cwd);
  return { status: r.code, signal: r.signal, stdout: r.stdout.split(cwd).join('<cwd>'), stderr: r.stderr.split(cwd).join('<cwd>'), files };
}

export function scratchDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** The `run:` / `fail-run: ARGS => TEXT` / `blocks: TEXT` lines of a fixture's header comment. */
export interface FixtureSpec {
  runs: string[][];
  failRuns: { args: string[]; expect: string }[];
  blocks?: string;
  vforkToFork: boolean;
}

export function readSpec(text: string): FixtureSpec {
  const head = /^\s*\/\*([\s\S]*?)\*\//.exec(text)?.[1] ?? '';
  const lines = head.split('\n').map((l) => l.replace(/^\s*\*\s?/, ''));
  const spec: FixtureSpec = { runs: [], failRuns: [], vforkToFork: false };
  // A directive may continue on the following lines until a blank one.
  for (let i = 0; i < lines.length; i++) {
    const m = /^(run|fail-run|blocks|vfork-to-fork):(.*)$/.exec(lines[i].trim());
    if (!m) continue;
    let value = m[2].trim();
    while (i + 1 < lines.length && lines[i + 1].trim() && !/^[a-z-]+:/.test(lines[i + 1].trim())) value += ' ' + lines[++i].trim();
    if (m[1] === 'run') spec.runs.push(words(value));
    else if (m[1] === 'fail-run') {
      const [a, e] = value.split('=>');
      spec.failRuns.push({ args: words(a ?? ''), expect: unquote((e ?? '').trim()) });
    } else if (m[1] === 'blocks') spec.blocks = unquote(value);
    else spec.vforkToFork = true;
  }
  return spec;
}

/** Shell-like words: spaces separate, "double quotes" group (no escapes but \n for a newline). */
function words(s: string): string[] {
  const out: string[] = [];
  for (const m of s.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)) out.push(m[1] !== undefined ? m[1].replace(/\\n/g, '\n').replace(/\\"/g, '"') : m[2]);
  return out;
}

function unquote(s: string): string {
  return /^".*"$/.test(s) ? s.slice(1, -1) : s;
}
