import * as assert from 'node:assert/strict';
import type { Finding, Fix, Range } from '../rules/types';
import { fixFor, selectFixes } from './fix';

const r = (l1: number, c1: number, l2: number, c2: number): Range => ({ start: { line: l1, character: c1 }, end: { line: l2, character: c2 } });
const fix = (kind: Fix['kind'], range: Range, newText: string, file = 'a.c', preferred = true): Fix => ({ title: `${kind} fix`, kind, preferred, edits: [{ file, range, newText }] });
const finding = (fixes: Fix[], file = 'a.c'): Finding => ({ ruleId: 'child-exit-not-_exit', severity: 'error', message: 'm', file, range: r(0, 0, 0, 1), related: [], fixes });

describe('cli fix selection', () => {
  it('picks safe fixes by default, and rewrites first with --fix-kind rewrite', () => {
    const safe = fix('safe', r(1, 4, 1, 8), '_exit');
    const rewrite = fix('rewrite', r(0, 0, 5, 0), 'ss_spawn(...)');
    const f = finding([rewrite, safe]);
    assert.equal(fixFor(f, 'safe'), safe);
    assert.equal(fixFor(f, 'rewrite'), rewrite);
    assert.equal(fixFor(finding([safe]), 'rewrite'), safe);
    assert.equal(fixFor(finding([rewrite]), 'safe'), undefined);
  });

  it('prefers the preferred fix of a kind', () => {
    const a = fix('safe', r(1, 0, 1, 1), 'a', 'a.c', false);
    const b = fix('safe', r(1, 0, 1, 1), 'b', 'a.c', true);
    assert.equal(fixFor(finding([a, b]), 'safe'), b);
  });

  it('applies whole fixes only, leaving one that overlaps for the next pass', () => {
    const first = finding([fix('safe', r(1, 4, 1, 8), '_exit')]);
    const overlapping = finding([fix('safe', r(1, 6, 1, 10), 'zz')]);
    const elsewhere = finding([fix('safe', r(3, 0, 3, 4), '_exit')]);
    const { edits, applied } = selectFixes([first, overlapping, elsewhere], 'safe', () => true);
    assert.equal(applied, 2);
    assert.deepEqual(edits.get('a.c')!.map((e) => e.newText), ['_exit', '_exit']);
  });

  it('treats touching ranges as independent, two insertions at one point as a clash', () => {
    const a = finding([fix('safe', r(1, 0, 1, 4), 'x')]);
    const b = finding([fix('safe', r(1, 4, 1, 8), 'y')]);
    assert.equal(selectFixes([a, b], 'safe', () => true).applied, 2);
    const i1 = finding([fix('safe', r(2, 3, 2, 3), 'p')]);
    const i2 = finding([fix('safe', r(2, 3, 2, 3), 'q')]);
    assert.equal(selectFixes([i1, i2], 'safe', () => true).applied, 1);
  });

  it('applies a fix two findings share once, and skips fixes to files it may not write', () => {
    const shared = fix('safe', r(1, 4, 1, 8), '_exit');
    const { edits, applied } = selectFixes([finding([shared]), finding([{ ...shared }])], 'safe', () => true);
    assert.equal(applied, 2);
    assert.equal(edits.get('a.c')!.length, 1);
    assert.equal(selectFixes([finding([fix('safe', r(0, 0, 0, 1), 'x', 'lossy.c')])], 'safe', (f) => f !== 'lossy.c').edits.size, 0);
  });
});
