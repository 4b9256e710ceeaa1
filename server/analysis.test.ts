// The analysis layer in-process: results are cached per version and program
// generation, a change elsewhere makes them stale, and an exception in one
// document's analysis becomes a note on that document, not a failure.
import * as assert from 'node:assert/strict';
import { Program } from '../rules/index';
import { Analysis } from './analysis';
import { Documents } from './documents';
import { DEFAULT_SETTINGS, effective } from './settings';

const CHILD = 'int main(void) { if (fork() == 0) { execlp("x", "x", (char *)0); } return 0; }\n';

function setup() {
  const docs = new Documents();
  const errors: string[] = [];
  const a = new Analysis(docs, effective(DEFAULT_SETTINGS, undefined, []), { uriOf: (f) => `file://${f}`, versionOf: () => null }, { info: () => undefined, error: (m) => errors.push(m) });
  return { docs, a, errors };
}

describe('analysis', () => {
  it('hands out a cached result until the document or the program changes', () => {
    const { docs, a } = setup();
    const d = docs.open('file:///w/a.c', '/w/a.c', 'c', 1, CHILD);
    a.opened(d);
    const r1 = a.analyse(d.uri)!;
    assert.deepEqual(r1.diagnostics.map((x) => x.code), ['exec-without-exit']);
    assert.equal(a.analyse(d.uri), r1);
    a.setDisk('/w/b.c', 'void helper(void) {}\n');
    assert.equal(a.fresh(d.uri), undefined, 'another file changed');
    const r2 = a.analyse(d.uri)!;
    assert.notEqual(r2, r1);
    docs.change(d.uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: ' ' }]);
    assert.equal(a.fresh(d.uri), undefined, 'the document changed');
    assert.equal(a.analyse(d.uri)!.version, 2);
  });

  it('an exception in one document\'s analysis is logged and shown on it; the next document is analysed', () => {
    const { docs, a, errors } = setup();
    const bad = docs.open('file:///w/bad.c', '/w/bad.c', 'c', 1, CHILD);
    const good = docs.open('file:///w/good.c', '/w/good.c', 'c', 1, CHILD);
    a.opened(bad);
    a.opened(good);
    const lint = Program.prototype.lint;
    Program.prototype.lint = function (this: Program, paths?: string[]) {
      if (paths?.includes('/w/bad.c')) throw new Error('boom');
      return lint.call(this, paths);
    };
    try {
      const r = a.analyse(bad.uri)!;
      assert.equal(r.diagnostics.length, 1);
      assert.equal(r.diagnostics[0].severity, 3);
      assert.match(r.diagnostics[0].message, /could not analyse this file \(boom\)/);
      assert.ok(errors.some((e) => /bad\.c failed: Error: boom/.test(e)));
      assert.deepEqual(a.analyse(good.uri)!.diagnostics.map((x) => x.code), ['exec-without-exit']);
    } finally {
      Program.prototype.lint = lint;
    }
  });

  it('an open document stands in for its disk text, which comes back when it closes', () => {
    const { docs, a } = setup();
    a.setDisk('/w/a.c', CHILD);
    const d = docs.open('file:///w/a.c', '/w/a.c', 'c', 1, 'int x;\n');
    a.opened(d);
    a.analyse(d.uri);
    assert.equal(a.textOf('/w/a.c'), 'int x;\n');
    docs.close(d.uri);
    a.closed(d);
    assert.equal(a.textOf('/w/a.c'), CHILD);
  });
});
