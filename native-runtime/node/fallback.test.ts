// spawnPreferSafe: safespawn where the binding loads, child_process where it
// does not or for what safespawn does not do; the same shape either way.
import * as assert from 'assert';
import * as cp from 'child_process';
import { tinyPath } from '../index';
import { SafeChildProcess } from './index';
import { spawnPreferSafe, SpawnedProcess, spawnedBy, usingSafespawn } from './spawn-or-fallback';

function run(c: SpawnedProcess): Promise<{ out: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    let out = '';
    c.stdout!.on('data', (d: Buffer) => (out += d));
    c.on('error', reject);
    c.on('close', (code: number | null) => resolve({ out, code }));
  });
}

describe('native-runtime/node: spawnPreferSafe', function () {
  this.timeout(30000);

  it('uses safespawn when the binding loads', async function () {
    assert.strictEqual(usingSafespawn(), true);
    const c = spawnPreferSafe(tinyPath, ['env'], { env: { A: 'b' } });
    assert.ok(c instanceof SafeChildProcess);
    assert.strictEqual(spawnedBy(c), 'safespawn');
    assert.deepStrictEqual(await run(c), { out: 'A=b\n', code: 0 });
  });

  it('child_process for uid/gid and IPC, which safespawn does not do', async function () {
    const c = spawnPreferSafe(process.execPath, ['-e', 'process.send("hi"); process.disconnect(); console.log("sent")'], { stdio: ['pipe', 'pipe', 'pipe', 'ipc'] });
    assert.ok(c instanceof cp.ChildProcess);
    assert.strictEqual(spawnedBy(c), 'child_process');
    const msg = new Promise((r) => c.once('message', r));
    assert.deepStrictEqual(await run(c), { out: 'sent\n', code: 0 });
    assert.strictEqual(await msg, 'hi');
  });

  it('FORKLINT_NO_SAFESPAWN=1: child_process, same results', function () {
    const script = `const { spawnPreferSafe } = require(${JSON.stringify(require.resolve('./spawn-or-fallback'))});
      const c = spawnPreferSafe(${JSON.stringify(tinyPath)}, ['exit', '6']);
      c.on('exit', (code) => console.log(c.constructor.name, code));`;
    for (const [env, want] of [['1', 'ChildProcess 6\n'], ['0', 'SafeChildProcess 6\n']]) {
      const r = cp.spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, FORKLINT_NO_SAFESPAWN: env } });
      assert.strictEqual(r.stdout, want, r.stderr);
    }
  });
});
