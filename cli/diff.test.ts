import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { unifiedDiff } from './diff';

const hasPatch = spawnSync('patch', ['--version']).status === 0;

/** Applies the diff with patch(1) and returns the result. */
function applyWithPatch(oldText: string, diff: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forklint-diff-'));
  try {
    fs.mkdirSync(path.join(dir, 'a'));
    fs.writeFileSync(path.join(dir, 'f.c'), oldText);
    const r = spawnSync('patch', ['-p1', '--quiet', '--batch', '--no-backup-if-mismatch'], { cwd: dir, input: diff, encoding: 'utf8' });
    assert.equal(r.status, 0, `patch failed: ${r.stdout}${r.stderr}\n${diff}`);
    return fs.readFileSync(path.join(dir, 'f.c'), 'utf8');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('cli unified diff', () => {
  it('is empty for equal texts', () => assert.equal(unifiedDiff('a\n', 'a\n', 'a/f', 'b/f'), ''));

  it('writes the hunk diff(1) would', () => {
    const old = ['1', '2', '3', '4', '    exit(1);', '6', '7', '8', '9', ''].join('\n');
    const neu = old.replace('    exit(1);', '    _exit(1);');
    assert.equal(unifiedDiff(old, neu, 'a/f.c', 'b/f.c'), [
      '--- a/f.c', '+++ b/f.c', '@@ -2,7 +2,7 @@', ' 2', ' 3', ' 4', '-    exit(1);', '+    _exit(1);', ' 6', ' 7', ' 8', '',
    ].join('\n'));
  });

  it('marks a missing final newline', () => {
    assert.equal(unifiedDiff('a', 'b', 'a/f', 'b/f'), '--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+b\n\\ No newline at end of file\n');
  });

  (hasPatch ? it : it.skip)('round-trips through patch(1) for random line edits', function () {
    this.timeout(60000);
    const line = fc.constantFrom('a\n', 'b\n', 'exit(1);\n', '}\n', '\n', 'x');
    fc.assert(fc.property(fc.array(line, { maxLength: 30 }), fc.array(line, { maxLength: 30 }), (a, b) => {
      // 'x' without newline is only valid as the last line
      const clean = (ls: string[]) => ls.map((l, i) => (l === 'x' && i < ls.length - 1 ? 'x\n' : l)).join('');
      const oldText = clean(a);
      const newText = clean(b);
      const d = unifiedDiff(oldText, newText, 'a/f.c', 'b/f.c');
      if (oldText === newText) return d === '';
      return applyWithPatch(oldText, d) === newText;
    }), { numRuns: 60 });
  });
});
