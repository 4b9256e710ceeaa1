// Many spawns: no descriptor leak, no zombie, every 'exit' once; worker
// threads spawning at the same time; the kill-before-exec race from Node;
// the pidfd-less fallback; living beside child_process.
import * as assert from 'assert';
import * as cp from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { exit0Path, tinyPath } from '../index';
import * as ss from './index';

function fdCount(): number {
  return fs.readdirSync('/proc/self/fd').length;
}

/** Our children that are zombies now (exited, not reaped). */
function zombies(pids: Set<number>): number[] {
  const z: number[] = [];
  for (const pid of pids) {
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // gone: reaped
    }
    const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (state === 'Z' && Number(ppid) === process.pid) z.push(pid);
  }
  return z;
}

interface Tally {
  spawned: number;
  failed: number;
  exits: number;
  closes: number;
  badExit: string[];
  pids: Set<number>;
}

/** n spawns, `width` at a time: most exit with i % 100, every 10th pipes its output, every 50th fails. */
function burst(n: number, width: number): Promise<Tally> {
  const t: Tally = { spawned: 0, failed: 0, exits: 0, closes: 0, badExit: [], pids: new Set() };
  let started = 0;
  return new Promise((resolve) => {
    const one = () => {
      if (started === n) return;
      const i = started++;
      const missing = i % 50 === 49;
      const piped = i % 10 === 0;
      const c = ss.spawn(missing ? '/nonexistent/prog' : tinyPath, piped ? ['env'] : ['exit', String(i % 100)], {
        stdio: piped ? 'pipe' : 'ignore',
        env: piped ? { I: String(i) } : undefined,
      });
      let exits = 0;
      let out = '';
      c.stdout?.on('data', (d: Buffer) => (out += d));
      c.on('spawn', () => {
        t.spawned++;
        t.pids.add(c.pid!);
      });
      c.on('error', () => t.failed++);
      c.on('exit', (code) => {
        t.exits++;
        if (++exits > 1) t.badExit.push(`${i}: exit twice`);
        const want = piped ? 0 : i % 100;
        if (code !== want) t.badExit.push(`${i}: exit ${code}, want ${want}`);
      });
      c.on('close', () => {
        t.closes++;
        if (piped && out !== `I=${i}\n`) t.badExit.push(`${i}: output ${JSON.stringify(out)}`);
        if (t.closes === n) resolve(t);
        else one();
      });
    };
    for (let k = 0; k < width; k++) one();
  });
}

describe('native-runtime/node: many spawns, threads, races', function () {
  this.timeout(120000);

  it('10,000 spawns, 32 at a time: no descriptor leak, no zombie, every exit once', async function () {
    await burst(50, 8); // the helper thread and its eventfd exist from here on
    const before = fdCount();
    const t0 = Date.now();
    const t = await burst(10000, 32);
    const ms = Date.now() - t0;
    await new Promise((r) => setImmediate(r));
    console.log(`      10,000 spawns in ${ms} ms (${((ms * 1000) / 10000).toFixed(0)} µs each), ${t.failed} failed on purpose`);
    assert.deepStrictEqual(t.badExit, []);
    assert.strictEqual(t.failed, 200);
    assert.strictEqual(t.spawned, 9800);
    assert.strictEqual(t.exits, 9800);
    assert.strictEqual(t.closes, 10000);
    assert.strictEqual(t.pids.size, 9800);
    assert.deepStrictEqual(zombies(t.pids), []);
    assert.strictEqual(fdCount(), before);
  });

  it('a child that exits before its spawn completes: spawn, exit, close once each, in order', async function () {
    // exit0 has usually exited by the time the completion is handled: it is
    // reaped then (kill() in 'spawn' is false); otherwise through its pidfd.
    let early = 0;
    const bad: string[] = [];
    for (let i = 0; i < 300; i++) {
      const events: string[] = [];
      await new Promise<void>((resolve) => {
        const c = ss.spawn(exit0Path, [], { stdio: i % 2 ? 'pipe' : 'ignore' });
        c.on('spawn', () => {
          events.push('spawn');
          if (!c.kill('SIGKILL')) early++;
        });
        c.on('exit', (code, sig) => events.push(`exit ${code ?? sig}`));
        c.on('error', (e) => events.push(`error ${e.message}`));
        c.on('close', () => {
          events.push('close');
          resolve();
        });
      });
      const want = ['spawn', events[1] === 'exit SIGKILL' ? 'exit SIGKILL' : 'exit 0', 'close'];
      if (events.join() !== want.join()) bad.push(`spawn ${i}: ${events.join(', ')}`);
    }
    assert.deepStrictEqual(bad, []);
    assert.ok(early > 0, 'no child had exited by its completion: the early reap went untested');
  });

  it('worker threads spawning at once with the main thread; a worker ending with children still running', async function () {
    await burst(10, 4); // this thread's helper exists before counting
    const before = fdCount();
    const script = `
      const { parentPort, workerData } = require('worker_threads');
      const ss = require(${JSON.stringify(require.resolve('./index'))});
      if (workerData.leave) {
        // children left running when the worker is terminated: its teardown must not abort the process
        for (let i = 0; i < 5; i++) ss.spawn(${JSON.stringify(tinyPath)}, ['pause'], { stdio: 'pipe' }).on('spawn', function () { parentPort.postMessage({ pid: this.pid }); });
      } else {
        let done = 0, bad = 0;
        for (let i = 0; i < workerData.n; i++)
          ss.spawn(${JSON.stringify(tinyPath)}, ['exit', String(i % 7)], { stdio: 'ignore' }).on('exit', (code) => {
            if (code !== i % 7) bad++;
            if (++done === workerData.n) parentPort.postMessage({ done, bad });
          });
      }`;
    const run = (workerData: object) => new Worker(script, { eval: true, workerData });
    const results = [1, 2, 3, 4].map(
      () =>
        new Promise<{ done: number; bad: number }>((resolve, reject) => {
          const w = run({ n: 300 });
          w.once('message', (m) => w.terminate().then(() => resolve(m)));
          w.once('error', reject);
        }),
    );
    const main = burst(300, 16);
    const leaver = run({ leave: true });
    const leftPids: number[] = [];
    await new Promise<void>((resolve) =>
      leaver.on('message', (m: { pid: number }) => {
        leftPids.push(m.pid);
        if (leftPids.length === 5) resolve();
      }),
    );
    await leaver.terminate();
    for (const pid of leftPids) process.kill(pid, 'SIGKILL');
    const all = await Promise.all(results);
    const m = await main;
    assert.deepStrictEqual(all, [1, 2, 3, 4].map(() => ({ done: 300, bad: 0 })));
    assert.deepStrictEqual(m.badExit, []);
    assert.strictEqual(m.closes, 300);
    assert.strictEqual(fdCount(), before);
  });

  it('kill-before-exec race: 3,000 kills at every moment around the spawn, none lost', async function () {
    // A SIGTERM handler here, as in the C lab: a handler inherited into the
    // child before its exec would swallow the kill.
    const onTerm = () => {};
    process.on('SIGTERM', onTerm);
    const moments: Array<[string, (c: ss.SafeChildProcess, kill: () => void) => void]> = [
      ['at once', (_c, kill) => kill()],
      ['next tick', (_c, kill) => process.nextTick(kill)],
      ['microtask', (_c, kill) => void Promise.resolve().then(kill)],
      ['setImmediate', (_c, kill) => setImmediate(kill)],
      ['on spawn', (c, kill) => c.on('spawn', kill)],
      ['after 0-1 ms', (_c, kill) => setTimeout(kill, Math.random() < 0.5 ? 0 : 1)],
    ];
    const per: Record<string, { killed: number; lost: number; other: string[] }> = {};
    try {
      for (const [name, when] of moments) {
        const r = (per[name] = { killed: 0, lost: 0, other: [] as string[] });
        await new Promise<void>((resolve) => {
          let done = 0;
          for (let i = 0; i < 500; i++) {
            const c = ss.spawn(tinyPath, ['pause'], { stdio: 'ignore' });
            // a signal that was lost leaves the child pausing: SIGKILL after 5 s tells
            const guard = setTimeout(() => c.kill('SIGKILL'), 5000);
            c.on('exit', (code, sig) => {
              clearTimeout(guard);
              if (sig === 'SIGTERM') r.killed++;
              else if (sig === 'SIGKILL') r.lost++;
              else r.other.push(`${code} ${sig}`);
              if (++done === 500) resolve();
            });
            when(c, () => c.kill('SIGTERM'));
          }
        });
      }
    } finally {
      process.removeListener('SIGTERM', onTerm);
    }
    console.log(`      ${Object.entries(per).map(([k, v]) => `${k}: ${v.killed} killed, ${v.lost} lost`).join('; ')}`);
    for (const [name, r] of Object.entries(per)) assert.deepStrictEqual(r, { killed: 500, lost: 0, other: [] }, name);
  });

  it('the child_process children alongside: neither reaps the other', async function () {
    const ours = burst(200, 16);
    const theirs = Promise.all(
      Array.from({ length: 100 }, (_, i) => new Promise<number | null>((resolve) => cp.spawn(tinyPath, ['exit', String(i % 9)]).on('exit', resolve))),
    );
    const [t, codes] = await Promise.all([ours, theirs]);
    assert.deepStrictEqual(t.badExit, []);
    assert.deepStrictEqual(codes, Array.from({ length: 100 }, (_, i) => i % 9));
  });

  function node(script: string, env: NodeJS.ProcessEnv = {}): { out: string; ms: number; status: number | null } {
    const t0 = Date.now();
    const r = cp.spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 30000 });
    assert.strictEqual(r.stderr, '');
    return { out: r.stdout, ms: Date.now() - t0, status: r.status };
  }
  const mod = JSON.stringify(require.resolve('./index'));
  const tiny = JSON.stringify(tinyPath);

  it('no pidfd (SAFESPAWN_NO_PIDFD=1): a waiting thread per child, exits and kills still right', function () {
    const r = node(
      `const ss = require(${mod});
       let n = 0, bad = [];
       for (let i = 0; i < 200; i++) {
         const c = ss.spawn(${tiny}, i % 2 ? ['exit', String(i % 50)] : ['pause'], { stdio: 'ignore' });
         if (i % 2 === 0) c.on('spawn', () => c.kill('SIGINT'));
         c.on('exit', (code, sig) => {
           if (i % 2 ? code !== i % 50 : sig !== 'SIGINT') bad.push(i + ':' + code + ':' + sig);
           if (++n === 200) console.log(JSON.stringify({ n, bad }));
         });
       }`,
      { SAFESPAWN_NO_PIDFD: '1' },
    );
    assert.deepStrictEqual(JSON.parse(r.out), { n: 200, bad: [] });
    // and spawnSync, which then polls with WNOHANG
    const s = node(`const ss = require(${mod}); const r = ss.spawnSync('/bin/sh', ['-c', 'echo x; exit 9']); console.log(r.status, String(r.stdout).trim())`, { SAFESPAWN_NO_PIDFD: '1' });
    assert.strictEqual(s.out, '9 x\n');
  });

  it('unref(): the process does not wait for the child; ref() (the default) does', function () {
    const un = node(`const ss = require(${mod}); const c = ss.spawn('sleep', ['3'], { stdio: 'ignore' }); c.unref(); c.on('spawn', () => console.log(c.pid));`);
    assert.ok(un.ms < 2500, `${un.ms} ms`);
    process.kill(Number(un.out), 'SIGKILL');
    const waits = node(`const ss = require(${mod}); ss.spawn('sleep', ['0.5'], { stdio: 'ignore' }).on('exit', (c) => console.log('exit', c));`);
    assert.strictEqual(waits.out, 'exit 0\n');
  });

  it('require("forklint/safespawn") is this module (package exports)', function () {
    const pkgRoot = path.resolve(__dirname, '../../..');
    const resolved = require.resolve('forklint/safespawn', { paths: [pkgRoot] });
    assert.strictEqual(resolved, require.resolve('./index'));
  });
});
