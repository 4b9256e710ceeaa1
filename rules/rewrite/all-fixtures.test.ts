// Every rewrite the engine offers on any fixture program (the rule fixtures,
// the shapes, the examples - spawn code of every shape the linter knows)
// applies cleanly and gives code that compiles with -Wall -Werror against
// safespawn.h, and the rewritten program no longer has the finding that
// offered it. Run, too, where the fixture has a main() and no threads'
// complications? No: most of these programs need arguments and a setting
// to do anything; behaviour is checked on test-fixtures/rewrite/.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits, lintSources } from '../index';
import { FIXTURES_DIR, listPrograms } from '../../test-fixtures/fixtures';
import { NATIVE, Pool, exec, scratchDir } from './harness';

describe('rewrite to safespawn: every rewrite offered on the fixtures compiles', function () {
  this.timeout(120000);
  const pool = new Pool(2);
  let scratch = '';
  const singles = listPrograms().filter((p) => p.files.length === 1 && /\.(c|cpp)$/.test(p.files[0]) && !p.name.startsWith('rewrite/'));
  const results = new Map<string, Promise<string[]>>();

  before(() => {
    scratch = scratchDir('forklint-rewrite-all-');
    for (const p of singles) {
      const file = p.files[0];
      results.set(p.name, (async () => {
        const text = fs.readFileSync(file, 'utf8');
        const problems: string[] = [];
        const findings = lintSources([{ path: file, text }]);
        const seen = new Set<string>();
        for (const f of findings) {
          for (const fix of f.fixes.filter((x) => x.kind === 'rewrite')) {
            const key = JSON.stringify(fix.edits);
            if (seen.has(key)) continue;
            seen.add(key);
            const out = applyEdits(text, fix.edits);
            const after = lintSources([{ path: file, text: out }]);
            // The finding that offered it is gone (its line may have moved: compare rule and message).
            if (after.some((g) => g.ruleId === f.ruleId && g.message === f.message)) problems.push(`line ${f.range.start.line + 1}: ${f.ruleId} is still there after its rewrite`);
            const src = path.join(scratch, `${p.name.replace(/\W/g, '_')}-${seen.size}${path.extname(file)}`);
            fs.writeFileSync(src, out);
            const cpp = file.endsWith('.cpp');
            const r = await pool.run(() => exec(cpp ? 'c++' : 'cc', [cpp ? '-std=gnu++17' : '-std=gnu11', '-Wall', '-Werror', '-pthread', '-fopenmp', `-I${NATIVE}`, '-c', src, '-o', '/dev/null'], { cwd: path.dirname(file) }));
            if (r.code !== 0) problems.push(`the rewrite offered on line ${f.range.start.line + 1} does not compile:\n${r.stderr}\n${out}`);
          }
        }
        return problems;
      })());
    }
    for (const p of results.values()) p.catch(() => undefined);
  });
  after(() => {
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('finds fixtures to try', () => assert.ok(singles.length > 100, `${singles.length} single-file fixtures under ${FIXTURES_DIR}`));
  for (const p of singles) {
    it(p.name, async () => {
      const problems = await results.get(p.name)!;
      assert.deepEqual(problems, []);
    });
  }
});
