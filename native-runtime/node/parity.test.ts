// Behaviour parity: each program + options run through child_process and
// through native-runtime/node gives the same observable result (events in
// order, exit code / signal, output, error code); the failures carry the
// step child_process cannot name.
import * as assert from 'assert';
import * as cp from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { tinyPath } from '../index';
import * as ss from './index';

type Api = 'child_process' | 'safespawn';

interface Observed {
  /** child events in order: spawn, exit, close, error:CODE */
  events: string[];
  /** the spawn's failure: thrown by spawn() (child_process does that for some) or an 'error' event */
  failure?: string;
  exit?: [number | null, string | null];
  close?: [number | null, string | null];
  stdout: string;
  stderr: string;
  /** safespawn only */
  step?: string;
  errnoOk?: boolean;
}

interface Case {
  name: string;
  file: string;
  args?: string[];
  opts?: ss.SpawnOptions;
  /** drive the child after spawn() returned (write stdin, kill) */
  drive?: (c: cp.ChildProcess | ss.SafeChildProcess) => void;
  /** compare output by length + hash (large output) */
  hashOutput?: boolean;
  /** what safespawn must also say for a failure */
  step?: string;
  /** turn output into what both must agree on (pids, sids differ) */
  massage?: (out: string) => string;
}

function digest(s: Buffer): string {
  return `${s.length} bytes sha1 ${crypto.createHash('sha1').update(s).digest('hex')}`;
}

function observe(api: Api, c: Case): Promise<Observed> {
  return new Promise((resolve) => {
    const o: Observed = { events: [], stdout: '', stderr: '' };
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let child: cp.ChildProcess | ss.SafeChildProcess;
    try {
      child = api === 'child_process' ? cp.spawn(c.file, c.args ?? [], c.opts as cp.SpawnOptions) : ss.spawn(c.file, c.args ?? [], c.opts);
    } catch (e) {
      o.failure = (e as NodeJS.ErrnoException).code;
      return resolve(o);
    }
    child.stdout?.on('data', (d: Buffer) => out.push(d));
    child.stderr?.on('data', (d: Buffer) => err.push(d));
    child.on('spawn', () => o.events.push('spawn'));
    child.on('exit', (code, sig) => {
      o.events.push('exit');
      o.exit = [code, sig];
    });
    child.on('error', (e: NodeJS.ErrnoException & { step?: string }) => {
      o.events.push(`error:${e.code}`);
      o.failure ??= e.code;
      o.step = e.step;
      o.errnoOk = e.errno === -(os.constants.errno as Record<string, number>)[e.code!] && e.syscall === `spawn ${c.file}` && e.path === c.file;
    });
    child.on('close', (code, sig) => {
      o.events.push('close');
      o.close = [code, sig];
      const o1 = Buffer.concat(out);
      const o2 = Buffer.concat(err);
      o.stdout = c.hashOutput ? digest(o1) : o1.toString();
      o.stderr = c.hashOutput ? digest(o2) : o2.toString();
      if (c.massage) o.stdout = c.massage(o.stdout);
      resolve(o);
    });
    c.drive?.(child);
  });
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-node-'));

function file(name: string, content: string, mode: number): string {
  const p = path.join(tmp, name);
  fs.writeFileSync(p, content);
  fs.chmodSync(p, mode);
  return p;
}

/** tiny's report line, minus what differs from one child to the next */
function reportShape(out: string): string {
  const f = Object.fromEntries(out.trim().split(' ').map((kv) => kv.split('=')));
  return `cwd=${f.cwd} umask=${f.umask} ignored=${f.ignored} blocked=${f.blocked} policy=${f.policy} fds=${f.fds} leader=${f.pid === f.pgid} sessionleader=${f.pid === f.sid}`;
}

describe('native-runtime/node: parity with child_process.spawn', function () {
  this.timeout(60000);

  after(function () {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const big = 6 * 1024 * 1024;
  const cases: Case[] = [
    { name: 'stdout and stderr capture', file: '/bin/sh', args: ['-c', 'echo out; echo err >&2; echo more'] },
    { name: 'large output (24 MiB on stdout and stderr)', file: '/bin/sh', args: ['-c', `head -c ${4 * big} /dev/zero | tr '\\0' a; head -c ${big} /dev/zero | tr '\\0' b >&2`], hashOutput: true },
    {
      name: 'stdin piped through cat (3 MiB in 64 KiB writes), then end()',
      file: '/bin/cat',
      hashOutput: true,
      drive: (c) => {
        const chunk = Buffer.alloc(64 * 1024, 'x');
        for (let i = 0; i < 48; i++) c.stdin!.write(chunk);
        c.stdin!.end('end');
      },
    },
    { name: 'stdin end() at once: EOF', file: '/bin/cat', drive: (c) => c.stdin!.end() },
    { name: 'exit code 7', file: '/bin/sh', args: ['-c', 'exit 7'] },
    { name: 'exit code 255', file: tinyPath, args: ['exit', '255'] },
    { name: 'death by its own SIGTERM', file: '/bin/sh', args: ['-c', 'kill -TERM $$'] },
    { name: 'death by SIGSEGV', file: '/bin/sh', args: ['-c', 'kill -SEGV $$'] },
    { name: 'kill(SIGKILL) right after spawn()', file: tinyPath, args: ['pause'], drive: (c) => c.kill('SIGKILL') },
    { name: 'kill() on spawn: SIGTERM by default', file: tinyPath, args: ['pause'], drive: (c) => c.on('spawn', () => c.kill()) },
    { name: 'env given', file: tinyPath, args: ['env'], opts: { env: { FOO: 'bar', EMPTY: '', N: 3 as unknown as string } } },
    { name: 'env: this process environment by default', file: tinyPath, args: ['env'] },
    { name: 'cwd', file: '/bin/pwd', opts: { cwd: '/usr/lib' } },
    { name: 'cwd relative', file: '/bin/pwd', opts: { cwd: '..' } },
    { name: 'signals: ignored ones reset, mask empty, like libuv (Node ignores SIGPIPE); scheduling policy as forked', file: tinyPath, args: ['report'], massage: reportShape },
    { name: 'detached: leads a new session', file: tinyPath, args: ['report'], opts: { detached: true }, massage: reportShape },
    { name: 'not detached: in our group', file: tinyPath, args: ['report'], massage: reportShape },
    { name: 'argv0', file: '/bin/cat', args: ['/proc/self/cmdline'], opts: { argv0: 'custom-name' } },
    { name: 'shell: true', file: 'echo $((6 * 7)) "$0"', opts: { shell: true } },
    { name: 'PATH search in options.env.PATH', file: 'tiny', args: ['exit', '4'], opts: { env: { PATH: `/nonexistent:${path.dirname(tinyPath)}` } } },
    { name: 'PATH search, no PATH in env: /bin:/usr/bin', file: 'true', opts: { env: { A: '1' } } },
    { name: 'stdio ignore: /dev/null', file: 'find', args: ['/proc/self/fd/0', '/proc/self/fd/1', '-fprintf', '/dev/stderr', '%l\\n'], opts: { stdio: ['ignore', 'ignore', 'pipe'] } },
    { name: 'stdio pipe is a socket (as libuv makes it)', file: '/bin/sh', args: ['-c', 'readlink /proc/self/fd/1 | cut -d: -f1'] },
    { name: 'stdio extra pipe at fd 3', file: '/bin/sh', args: ['-c', 'readlink /proc/self/fd/3 | cut -d: -f1'], opts: { stdio: ['pipe', 'pipe', 'pipe', 'pipe'] } },
    { name: 'script without #!: run by /bin/sh, as execvp does', file: file('script', 'echo "script $1"\nexit 3\n', 0o755), args: ['a1'] },
    { name: 'a file that is not a program nor a script', file: file('garbage', '\u0001\u0002\u0000junk', 0o755) },
    { name: 'timeout: killSignal after the time', file: tinyPath, args: ['pause'], opts: { timeout: 150, killSignal: 'SIGINT' } },
    { name: 'missing program (path)', file: '/nonexistent/prog', step: 'exec' },
    { name: 'missing program (PATH search)', file: 'no-such-program-safespawn', step: 'exec' },
    { name: 'non-executable file', file: '/etc/passwd', step: 'exec' },
    { name: 'a directory', file: '/usr', step: 'exec' },
    { name: 'bad cwd', file: tinyPath, opts: { cwd: '/nonexistent/dir' }, step: 'chdir' },
    { name: 'cwd is a file (child_process throws, safespawn emits)', file: tinyPath, opts: { cwd: '/etc/passwd' }, step: 'chdir' },
  ];

  for (const c of cases) {
    it(c.name, async function () {
      const want = await observe('child_process', c);
      const got = await observe('safespawn', c);
      const strip = ({ step: _s, errnoOk: _e, ...rest }: Observed) => rest;
      if (want.failure && want.events.length === 0) {
        // child_process threw from spawn(): safespawn, being asynchronous, emits it
        assert.deepStrictEqual(got.events, [`error:${want.failure}`, 'close']);
        assert.strictEqual(got.failure, want.failure);
      } else {
        assert.deepStrictEqual(strip(got), strip(want));
      }
      if (c.step) {
        assert.ok(got.failure, 'failed');
        assert.strictEqual(got.step, c.step);
        assert.strictEqual(got.errnoOk, true, 'errno, syscall and path as child_process has them');
      }
      if (!want.failure) assert.ok(want.events[0] === 'spawn', JSON.stringify(want));
    });
  }

  it('stdio swapped through descriptors: [ignore, fd B, fd A]', async function () {
    const outs = async (api: Api) => {
      const a = path.join(tmp, `${api}-a`);
      const b = path.join(tmp, `${api}-b`);
      const fa = fs.openSync(a, 'w');
      const fb = fs.openSync(b, 'w');
      try {
        await observe(api, { name: '', file: '/bin/sh', args: ['-c', 'echo to-1; echo to-2 >&2'], opts: { stdio: ['ignore', fb, fa] } });
      } finally {
        fs.closeSync(fa);
        fs.closeSync(fb);
      }
      return [fs.readFileSync(a, 'utf8'), fs.readFileSync(b, 'utf8')];
    };
    const want = await outs('child_process');
    assert.deepStrictEqual(want, ['to-2\n', 'to-1\n']);
    assert.deepStrictEqual(await outs('safespawn'), want);
  });

  it('stdio inherit: the child writes to our descriptors', async function () {
    // a child node process whose stdout we capture inherits it to tiny
    const script = `const ss = require(${JSON.stringify(require.resolve('./index'))});
      ss.spawn(${JSON.stringify(tinyPath)}, ['env'], { stdio: 'inherit', env: { INHERITED: 'yes' } });`;
    const r = cp.spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    assert.strictEqual(r.status, 0, r.stderr);
    assert.strictEqual(r.stdout, 'INHERITED=yes\n');
  });

  it('AbortSignal: killSignal, then an AbortError, as child_process', async function () {
    for (const api of ['child_process', 'safespawn'] as Api[]) {
      const ac = new AbortController();
      const o = await observe(api, { name: '', file: tinyPath, args: ['pause'], opts: { signal: ac.signal }, drive: (c) => c.on('spawn', () => ac.abort()) });
      assert.deepStrictEqual(o.events, ['spawn', 'error:ABORT_ERR', 'exit', 'close'], api);
      assert.deepStrictEqual(o.exit, [null, 'SIGTERM'], api);
    }
  });

  it('properties: pid after spawn, exitCode, signalCode, killed, spawnfile, spawnargs', async function () {
    const c = ss.spawn(tinyPath, ['pause'], { argv0: 'zero' });
    assert.strictEqual(c.pid, undefined);
    assert.strictEqual(c.spawnfile, tinyPath);
    assert.deepStrictEqual(c.spawnargs, ['zero', 'pause']);
    await new Promise((r) => c.on('spawn', r));
    assert.ok(c.pid! > 0);
    assert.strictEqual(c.killed, false);
    assert.strictEqual(c.kill('SIGUSR1'), true);
    assert.strictEqual(c.killed, true);
    await new Promise((r) => c.on('close', r));
    assert.strictEqual(c.exitCode, null);
    assert.strictEqual(c.signalCode, 'SIGUSR1');
    assert.strictEqual(c.kill(), false, 'after the exit');
    assert.throws(() => c.kill('SIGNOPE' as NodeJS.Signals), { code: 'ERR_UNKNOWN_SIGNAL' });
  });

  it('argument errors are thrown like child_process', function () {
    for (const [args, code] of [
      [[42], 'ERR_INVALID_ARG_TYPE'],
      [[''], 'ERR_INVALID_ARG_VALUE'],
      [['x', 'notarray'], 'ERR_INVALID_ARG_TYPE'],
      [['x', [], { stdio: [{}] }], 'ERR_INVALID_ARG_VALUE'],
      [['x', [], { stdio: ['bogus'] }], 'ERR_INVALID_SYNC_FORK_INPUT'],
      [['x\0y'], 'ERR_INVALID_ARG_VALUE'],
    ] as Array<[unknown[], string]>) {
      assert.throws(() => (cp.spawn as (...a: unknown[]) => unknown)(...args), { code }, `child_process ${JSON.stringify(args)}`);
      assert.throws(() => (ss.spawn as (...a: unknown[]) => unknown)(...args), { code }, `safespawn ${JSON.stringify(args)}`);
    }
    assert.throws(() => ss.spawn(tinyPath, [], { stdio: ['pipe', 'pipe', 'pipe', 'ipc' as 'pipe'] }), /not supported/);
  });

  it('a throw in an exit listener reaches uncaughtException; spawning goes on', async function () {
    const script = `const ss = require(${JSON.stringify(require.resolve('./index'))});
      let n = 0;
      process.on('uncaughtException', (e) => { n++; ss.spawn(${JSON.stringify(tinyPath)}, ['exit', '5']).on('exit', (c) => { console.log(e.message, n, c); }); });
      ss.spawn(${JSON.stringify(tinyPath)}).on('exit', () => { throw new Error('from exit'); });`;
    const r = cp.spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    assert.strictEqual(r.stderr, '');
    assert.strictEqual(r.stdout, 'from exit 1 5\n');
  });
});

describe('native-runtime/node: spawnSync and the promise form, parity with child_process.spawnSync', function () {
  this.timeout(60000);
  const cases: Array<[string, string, string[], ss.SpawnSyncOptions]> = [
    ['output and exit code', '/bin/sh', ['-c', 'echo out; echo err >&2; exit 3'], {}],
    ['input to stdin', '/bin/cat', [], { input: 'fed through stdin' }],
    ['large input and output', '/bin/cat', [], { input: Buffer.alloc(3 << 20, 'q'), maxBuffer: 8 << 20 }],
    ['encoding', '/bin/sh', ['-c', 'printf "h\\303\\251"'], { encoding: 'utf8' }],
    ['death by signal', '/bin/sh', ['-c', 'echo before; kill -KILL $$'], {}],
    ['timeout', tinyPath, ['pause'], { timeout: 100 }],
    ['maxBuffer', '/bin/sh', ['-c', 'head -c 300000 /dev/zero'], { maxBuffer: 1000 }],
    ['input to a child that does not read: EPIPE', '/bin/true', [], { input: Buffer.alloc(4 << 20) }],
    ['missing program', '/nonexistent/prog', ['a'], {}],
    ['bad cwd', tinyPath, [], { cwd: '/nonexistent' }],
    ['env and PATH', 'tiny', ['env'], { env: { PATH: path.dirname(tinyPath), X: 'y' } }],
    ['stdio ignore', '/bin/sh', ['-c', 'echo gone'], { stdio: ['ignore', 'ignore', 'pipe'] }],
  ];
  const shape = (r: cp.SpawnSyncReturns<Buffer | string> | ss.SpawnSyncResult<Buffer | string>) => ({
    keys: Object.keys(r).join(','),
    status: r.status,
    signal: r.signal,
    output: r.output?.map((b) => (b === null ? null : b.length > 4096 ? `${b.length} long` : b.toString())) ?? null,
    pidSet: r.pid > 0,
    error: r.error ? [(r.error as NodeJS.ErrnoException).code, (r.error as NodeJS.ErrnoException).errno, (r.error as NodeJS.ErrnoException).syscall] : null,
  });
  for (const [name, file, args, opts] of cases) {
    it(name, function () {
      const want = shape(cp.spawnSync(file, args, opts as cp.SpawnSyncOptions));
      const got = shape(ss.spawnSync(file, args, opts));
      if (name === 'maxBuffer') {
        // how much is read past the limit depends on chunk sizes: only the bound is compared
        const out = ss.spawnSync(file, args, opts).stdout!;
        assert.ok(out.length > 1000 && out.length < 300000, `${out.length}`);
        got.output![1] = want.output![1];
      }
      assert.deepStrictEqual(got, want);
    });
  }

  it('the failing step is named', function () {
    const r = ss.spawnSync(tinyPath, [], { cwd: '/nonexistent' });
    assert.strictEqual((r.error as ss.SpawnError).step, 'chdir');
    assert.match(r.error!.message, /^spawnSync \S+ ENOENT \(chdir \/nonexistent\)$/);
  });

  it('spawnPromise: the same result without blocking', async function () {
    const r = await ss.spawnPromise('/bin/sh', ['-c', 'cat; echo err >&2; exit 4'], { input: 'in', encoding: 'utf8' });
    assert.deepStrictEqual([r.status, r.signal, r.stdout, r.stderr], [4, null, 'in', 'err\n']);
    assert.ok(r.pid > 0);
    await assert.rejects(ss.spawnPromise('/nonexistent/x'), { code: 'ENOENT', step: 'exec' });
    const k = await ss.spawnPromise(tinyPath, ['pause'], { timeout: 50 });
    assert.strictEqual(k.signal, 'SIGTERM');
  });
});
