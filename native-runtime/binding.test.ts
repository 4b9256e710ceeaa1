// The Node binding (npm run build:native builds it) against real processes.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as net from 'net';
import * as ss from './index';

function fdCount(): number {
  return fs.readdirSync('/proc/self/fd').length;
}

function readAll(fd: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = new net.Socket({ fd, readable: true, writable: false });
    let out = '';
    sock.setEncoding('utf8');
    sock.on('data', (d: string) => (out += d));
    sock.on('end', () => resolve(out));
    sock.on('error', reject);
  });
}

function spawnError(fn: () => unknown): ss.SpawnError {
  try {
    fn();
  } catch (e) {
    return e as ss.SpawnError;
  }
  assert.fail('did not throw');
}

describe('safespawn Node binding', function () {
  this.timeout(60000);

  it('is built, with the clone backend on Linux', function () {
    assert.ok(fs.existsSync(path.join(ss.releaseDir, 'safespawn.node')), 'run npm run build:native');
    assert.strictEqual(ss.backend(), 'clone(CLONE_VM|CLONE_VFORK)');
    assert.strictEqual(ss.reportsStep(), true);
  });

  it('spawnSync + wait: exit code through the pidfd', async function () {
    const c = ss.spawnSync(ss.tinyPath, ['tiny', 'exit', '3']);
    assert.ok(c.pid > 0);
    assert.ok(c.pidfd >= 0);
    assert.deepStrictEqual(await c.wait(), { code: 3, signal: null });
    assert.strictEqual(c.pidfd, -1);
  });

  it('exec failure throws errno and the step, not 127', function () {
    const e = spawnError(() => ss.spawnSync('/nonexistent/prog', ['x']));
    assert.strictEqual(e.code, 'ENOENT');
    assert.strictEqual(e.errno, os.constants.errno.ENOENT);
    assert.strictEqual(e.step, -1);
    assert.strictEqual(e.kind, 'exec');
    assert.match(e.message, /spawn \/nonexistent\/prog: exec: ENOENT/);
  });

  it('a failing action throws its index and kind', function () {
    const e = spawnError(() =>
      ss.spawnSync(ss.tinyPath, ['tiny'], { actions: [{ op: 'dup2', fd: 2, newfd: 1 }, { op: 'chdir', path: '/nonexistent/dir' }] }),
    );
    assert.strictEqual(e.code, 'ENOENT');
    assert.strictEqual(e.step, 1);
    assert.strictEqual(e.kind, 'chdir');
    const d = spawnError(() => ss.spawnSync(ss.tinyPath, ['tiny'], { actions: [{ op: 'dup2', fd: 987, newfd: 5 }] }));
    assert.strictEqual(d.code, 'EBADF');
    assert.strictEqual(d.step, 0);
    assert.strictEqual(d.kind, 'dup2');
  });

  it('rejects malformed arguments with a TypeError', function () {
    assert.throws(() => ss.spawnSync(ss.tinyPath, 'tiny' as unknown as string[]), TypeError);
    assert.throws(() => ss.spawnSync(ss.tinyPath, ['tiny'], { actions: [{ op: 'fork' } as unknown as ss.Action] }), /unknown action op 'fork'/);
  });

  it('env, PATH search and a pipe for stdout', async function () {
    const [r, w] = ss.pipe();
    // searched in this process's PATH, as posix_spawnp does
    const saved = process.env.PATH;
    process.env.PATH = `/nonexistent:${ss.releaseDir}`;
    let c: ss.Child;
    try {
      c = ss.spawnSync('tiny', ['tiny', 'env'], {
        search: true,
        env: { FOO: 'bar', PATH: '/child/path' },
        actions: [{ op: 'dup2', fd: w, newfd: 1 }],
      });
    } finally {
      process.env.PATH = saved;
      ss.closeFd(w);
    }
    const out = await readAll(r);
    assert.deepStrictEqual(await c.wait(), { code: 0, signal: null });
    assert.strictEqual(out, 'FOO=bar\nPATH=/child/path\n');
  });

  it('kill through the pidfd; wait does not block the event loop', async function () {
    const c = ss.spawnSync(ss.tinyPath, ['tiny', 'pause']);
    const exited = c.wait();
    let timerRan = false;
    await new Promise<void>((resolve) => setTimeout(() => ((timerRan = true), resolve()), 20));
    assert.ok(timerRan);
    c.kill('SIGTERM');
    assert.deepStrictEqual(await exited, { code: null, signal: os.constants.signals.SIGTERM });
    assert.throws(() => c.kill('SIGTERM'), /ESRCH/);
  });

  it('spawn (helper thread): completions for every request, errors with their step', async function () {
    await (await ss.spawn(ss.tinyPath, ['tiny'])).wait(); // the helper's eventfd stays open from here on
    const before = fdCount();
    const ok = Array.from({ length: 100 }, (_, i) => ss.spawn(ss.tinyPath, ['tiny', 'exit', String(i % 50)]));
    const bad = ss.spawn(ss.tinyPath, ['tiny'], { actions: [{ op: 'open', fd: 0, path: '/nonexistent/in' }] }).then(
      () => assert.fail('spawned'),
      (e: ss.SpawnError) => e,
    );
    const children = await Promise.all(ok);
    const statuses = await Promise.all(children.map((c) => c.wait()));
    assert.deepStrictEqual(statuses.map((s) => s.code), Array.from({ length: 100 }, (_, i) => i % 50));
    const e = await bad;
    assert.deepStrictEqual([e.code, e.step, e.kind], ['ENOENT', 0, 'open']);
    assert.strictEqual(fdCount(), before);
  });

  it('no descriptor leak over 500 spawns', function () {
    const before = fdCount();
    for (let i = 0; i < 500; i++) ss.spawnSync(ss.tinyPath, ['tiny']).waitSync();
    for (let i = 0; i < 50; i++) spawnError(() => ss.spawnSync('/nonexistent', ['x']));
    assert.strictEqual(fdCount(), before);
  });

  it('runLab streams one event per outcome, then the summary', async function () {
    const events: ss.LabEvent[] = [];
    const r = await ss.runLab({ scenario: 'kill-before-exec', strategy: 'safespawn', iterations: 300 }, (e) => events.push(e));
    assert.deepStrictEqual(r.exit, { code: 0, signal: null }, r.stderr);
    assert.strictEqual(events[0].event, 'start');
    assert.strictEqual(events.filter((e) => e.event === 'outcome').length, 300);
    assert.ok(events.filter((e) => e.event === 'outcome').every((e) => e.outcome === 'killed'));
    assert.strictEqual(r.summary?.lost, 0);
    assert.strictEqual(r.summary?.killed, 300);
  });

  it('runLab: the exec-failure scenario per strategy', async function () {
    const fork = await ss.runLab({ scenario: 'exec-failure', strategy: 'fork' });
    assert.strictEqual(fork.summary?.with_errno, 0);
    const safe = await ss.runLab({ scenario: 'exec-failure', strategy: 'safespawn' });
    assert.strictEqual(safe.summary?.with_step, 4);
  });

  it('runLab: spawn-cost with strategies taking turns, one summary each', async function () {
    const r = await ss.runLab({ scenario: 'spawn-cost', strategy: ['posix_spawn', 'safespawn', 'safespawn-async'], iterations: 30, summaryOnly: true });
    assert.deepStrictEqual(r.summaries.map((s) => s.strategy), ['posix_spawn', 'safespawn', 'safespawn-async']);
    assert.ok(r.summaries.every((s) => s.errors === 0 && s.iterations === 30));
  });

  it('runLab: an abort kills the lab process', async function () {
    const ac = new AbortController();
    const p = ss.runLab({ scenario: 'malloc-after-fork', strategy: 'fork', call: 'setenv', iterations: 100000, signal: ac.signal });
    setTimeout(() => ac.abort(), 200);
    const r = await p;
    assert.strictEqual(r.exit.signal, os.constants.signals.SIGKILL);
  });
});
