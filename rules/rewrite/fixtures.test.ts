// The rewrite to safespawn, end to end on real programs (test-fixtures/rewrite/):
// each is compiled and run as it is, rewritten through the engine, compiled
// with -Wall -Werror together with native-runtime's safespawn.c, and run
// again: stdout, stderr, exit status and the files it leaves must not change.
// A run where the exec must fail shows the errno now reaching the parent's
// error branch. Fixtures named *-norewrite must get no rewrite, and their
// findings must say what blocks it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintSources } from '../index';
import { Pool, REWRITE_FIXTURES, RunResult, buildSafespawn, compile, readSpec, rewriteAll, runIn, scratchDir } from './harness';

interface Prepared {
  orig: string;
  rewritten?: string;
  text: string;
  applied: number;
  problem?: string;
}

describe('rewrite to safespawn: fixture programs', function () {
  this.timeout(120000);
  const names = fs.readdirSync(REWRITE_FIXTURES).filter((f) => /\.(c|cpp)$/.test(f)).sort();
  const rewritable = names.filter((n) => !n.includes('-norewrite'));
  const pool = new Pool(2);
  let scratch = '';
  const prepared = new Map<string, Promise<Prepared>>();

  before(() => {
    scratch = scratchDir('forklint-rewrite-');
    const obj = buildSafespawn(scratch);
    for (const name of rewritable) {
      const src = path.join(REWRITE_FIXTURES, name);
      const text = fs.readFileSync(src, 'utf8');
      const dir = fs.mkdtempSync(path.join(scratch, name.replace(/\W/g, '_') + '-'));
      const orig = path.join(dir, 'orig');
      prepared.set(name, (async (): Promise<Prepared> => {
        const o = await pool.run(() => compile(src, orig));
        if (!o.ok) return { orig, text, applied: 0, problem: `the original does not compile:\n${o.command}\n${o.output}` };
        const r = rewriteAll(src, text);
        const out = path.join(dir, path.basename(name));
        fs.writeFileSync(out, r.text);
        if (!r.applied) return { orig, text: r.text, applied: 0, problem: `no rewrite was offered: ${r.findings.map((f) => `${f.range.start.line + 1}: ${f.ruleId}: ${f.message}`).join('\n') || 'no findings'}` };
        if (r.findings.length) return { orig, text: r.text, applied: r.applied, problem: `findings left after the rewrite:\n${r.findings.map((f) => `${f.range.start.line + 1}: ${f.ruleId}: ${f.message}`).join('\n')}\n${r.text}` };
        const bin = path.join(dir, 'rewritten');
        const c = await pool.run(async () => compile(out, bin, await obj));
        if (!c.ok) return { orig, text: r.text, applied: r.applied, problem: `the rewrite does not compile:\n${c.command}\n${c.output}\n${r.text}` };
        return { orig, rewritten: bin, text: r.text, applied: r.applied };
      })());
    }
    // The compiles run in the background while the first tests wait; nothing is left unhandled.
    for (const p of prepared.values()) p.catch(() => undefined);
  });
  after(() => {
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('has at least 25 programs to rewrite, and programs where no rewrite may be offered', () => {
    assert.ok(rewritable.length >= 25, `${rewritable.length} rewritable fixtures`);
    assert.ok(names.length - rewritable.length >= 5, `${names.length - rewritable.length} -norewrite fixtures`);
  });

  for (const name of rewritable) {
    const spec = readSpec(fs.readFileSync(path.join(REWRITE_FIXTURES, name), 'utf8'));
    it(`${name}: same behaviour after the rewrite (${spec.runs.length} run${spec.runs.length === 1 ? '' : 's'}${spec.failRuns.length ? ', exec failure reaches the parent' : ''})`, async () => {
      assert.ok(spec.runs.length > 0, 'the fixture has no "run:" line');
      const p = await prepared.get(name)!;
      if (p.problem) assert.fail(p.problem);
      assert.doesNotMatch(p.text.replace(/\/\*[\s\S]*?\*\//g, ''), /\b(v?fork|clone)\s*\(/, 'a spawn call is left');
      assert.match(p.text, /#include "safespawn\.h"/);
      assert.equal(p.text.match(/#include "safespawn\.h"/g)!.length, 1, 'safespawn.h included more than once');
      for (const args of spec.runs) {
        const [a, b] = await Promise.all([pool.run(() => runIn(p.orig, args, scratch)), pool.run(() => runIn(p.rewritten!, args, scratch))]);
        if (!same(a, b)) assert.fail(`run ${JSON.stringify(args)}: the rewritten program behaves differently\n--- original:\n${show(a)}\n--- rewritten:\n${show(b)}\n--- rewritten source:\n${p.text}`);
        assert.ok(a.status !== null, `run ${JSON.stringify(args)} did not finish: ${show(a)}`);
      }
      for (const f of spec.failRuns) {
        const [a, b] = await Promise.all([pool.run(() => runIn(p.orig, f.args, scratch)), pool.run(() => runIn(p.rewritten!, f.args, scratch))]);
        assert.ok(b.stderr.includes(f.expect), `exec failure ${JSON.stringify(f.args)}: the parent does not report "${f.expect}":\n${show(b)}`);
        assert.ok(!a.stderr.includes(f.expect), `exec failure ${JSON.stringify(f.args)}: the original already printed "${f.expect}" (the test would prove nothing):\n${show(a)}`);
      }
    });
  }

  for (const name of names.filter((n) => n.includes('-norewrite'))) {
    const file = path.join(REWRITE_FIXTURES, name);
    const text = fs.readFileSync(file, 'utf8');
    const spec = readSpec(text);
    it(`${name}: no rewrite is offered, and the findings say why`, () => {
      assert.ok(spec.blocks, 'the fixture has no "blocks:" line');
      const findings = lintSources([{ path: file, text }]);
      assert.ok(findings.length > 0, 'no findings');
      for (const f of findings) {
        assert.deepEqual(f.fixes.filter((x) => x.kind === 'rewrite').map((x) => x.title), [], `${f.range.start.line + 1}: ${f.ruleId} offers a rewrite`);
        assert.ok(f.message.includes(`No safespawn rewrite: ${spec.blocks}`), `${f.range.start.line + 1}: ${f.ruleId}: the message does not say "${spec.blocks}": ${f.message}`);
      }
      const toFork = findings.flatMap((f) => f.fixes).filter((x) => /vfork\(\) with fork\(\)/.test(x.title));
      if (spec.vforkToFork) assert.ok(toFork.length > 0 && toFork.every((x) => x.kind === 'safe' && !x.preferred), 'no "replace vfork with fork" fix, or a preferred one');
      else assert.deepEqual(toFork.map((x) => x.title), [], 'offers "replace vfork with fork"');
    });
    if (!spec.vforkToFork) continue;
    it(`${name}: "replace vfork with fork" compiles, leaves no finding and behaves the same`, async () => {
      const r = rewriteAll(file, text, 'safe');
      assert.equal(r.applied, 1);
      assert.deepEqual(r.findings.map((f) => `${f.range.start.line + 1}: ${f.ruleId}`), []);
      const dir = fs.mkdtempSync(path.join(scratch, 'fork-'));
      const src = path.join(dir, name);
      fs.writeFileSync(src, r.text);
      const [a, b] = await Promise.all([pool.run(() => compile(file, path.join(dir, 'orig'))), pool.run(() => compile(src, path.join(dir, 'forked')))]);
      assert.ok(a.ok && b.ok, a.output + b.output);
      for (const args of spec.runs) {
        const [x, y] = await Promise.all([pool.run(() => runIn(path.join(dir, 'orig'), args, scratch)), pool.run(() => runIn(path.join(dir, 'forked'), args, scratch))]);
        if (!same(x, y)) assert.fail(`run ${JSON.stringify(args)}: after vfork -> fork the program behaves differently\n--- original:\n${show(x)}\n--- with fork:\n${show(y)}`);
      }
    });
  }
});

function show(r: RunResult): string {
  return `status ${r.status} signal ${r.signal}\nstdout: ${r.stdout}\nstderr: ${r.stderr}\nfiles: ${JSON.stringify(r.files)}`;
}

function same(a: RunResult, b: RunResult): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
