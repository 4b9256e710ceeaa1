// Bad input: the engine never throws and never hangs, whatever the text.
// fast-check mutates real fixtures (cuts, duplications, stray tokens, binary
// bytes) thousands of times and lints each result.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import fc from 'fast-check';
import { listPrograms } from '../test-fixtures/fixtures';
import { lintSources } from './index';

const TOKENS = ['{', '}', '(', ')', ';', '#if X\n', '#else\n', '#endif\n', 'vfork()', 'fork()', '_exit(1);', 'exit(0);', 'return', 'if (!pid)', '"', "'", '/*', '*/', '\\\n', 'switch (pid) {', 'case 0:', 'goto out;', 'out:', '\u0000', '\uFFFD', 'é'];

const mutation = (len: number) =>
  fc.oneof(
    fc.record({ kind: fc.constant('cut' as const), at: fc.nat(len), n: fc.nat(200) }),
    fc.record({ kind: fc.constant('dup' as const), at: fc.nat(len), n: fc.nat(200) }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(len), text: fc.constantFrom(...TOKENS) }),
    fc.record({ kind: fc.constant('bytes' as const), at: fc.nat(len), text: fc.string({ maxLength: 12 }) }),
  );

type Mutation = { kind: 'cut' | 'dup'; at: number; n: number } | { kind: 'insert' | 'bytes'; at: number; text: string };

function apply(text: string, ms: Mutation[]): string {
  let t = text;
  for (const m of ms) {
    const at = Math.min(m.at, t.length);
    if (m.kind === 'cut') t = t.slice(0, at) + t.slice(at + m.n);
    else if (m.kind === 'dup') t = t.slice(0, at) + t.slice(at, at + m.n) + t.slice(at);
    else if (m.kind === 'insert' || m.kind === 'bytes') t = t.slice(0, at) + m.text + t.slice(at);
  }
  return t;
}

describe('engine robustness (property)', function () {
  this.timeout(240_000);
  const sources = listPrograms().filter((p) => p.files.length === 1).map((p) => ({ path: p.files[0], text: fs.readFileSync(p.files[0], 'utf8') }));

  it('has fixtures to mutate', () => assert.ok(sources.length > 20));

  it('never throws and always returns findings inside the text, over 3000 mutated fixtures', () => {
    fc.assert(
      fc.property(fc.nat(sources.length - 1).chain((i) => fc.tuple(fc.constant(i), fc.array(mutation(sources[i].text.length), { minLength: 1, maxLength: 6 }))), ([i, ms]) => {
        const text = apply(sources[i].text, ms as Mutation[]);
        const findings = lintSources([{ path: sources[i].path, text }]);
        const lines = text.split('\n').length;
        for (const f of findings) {
          assert.notEqual(f.ruleId, 'internal-error', `the engine failed: ${f.message}`);
          assert.ok(f.range.start.line < lines, `finding outside the text: ${f.ruleId} at line ${f.range.start.line + 1} of ${lines}`);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('copes with empty, binary and pathological texts', () => {
    const cases = ['', '\u0000\u0001\u0002', '{'.repeat(5000), 'void f(){' + 'if(x)'.repeat(3000) + 'fork();}', '#if A\n'.repeat(500) + 'int x;', 'int main(){ pid_t p = vfork(); if (!p) {' + 'x = 1;'.repeat(20000) + '} }'];
    for (const text of cases) {
      assert.doesNotThrow(() => lintSources([{ path: 'bad.c', text }]));
    }
  });
});
