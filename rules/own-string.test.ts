// Tables that outlive a text must not keep it alive: the word index of an
// edited file and repairMacros's per-line cache held slices of every version
// of the text (V8 keeps a slice of 13+ characters as a view of its parent).
import * as assert from 'node:assert/strict';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { ownCopy } from './own-string';
import { repairMacros } from './parse';
import { WordIndex } from './word-index';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

function heapMb(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

/** A ~300 KB file of long identifiers, different in each version `v`. */
function version(v: number): string {
  const lines: string[] = [];
  for (let i = 0; i < 6000; i++) lines.push(`    configuration_value_${i} = compute_the_default(${v}, ${i});`);
  return lines.join('\n');
}

describe('own-string: long-lived tables keep no old text alive', () => {
  it('ownCopy gives an equal string', () => {
    const text = version(1);
    assert.equal(ownCopy(text.slice(100, 200)), text.slice(100, 200));
  });

  it('a word index moved through 40 edits holds no earlier version of the text', () => {
    let text = version(0);
    const idx = new WordIndex(text);
    const start = heapMb();
    for (let v = 1; v <= 40; v++) {
      // an edit in a different chunk each time, and a text that is a new string
      const at = text.indexOf('\n', Math.floor((v / 41) * text.length)) + 5;
      text = text.slice(0, at) + 'x' + text.slice(at);
      idx.edit(text, { startIndex: at, oldEndIndex: at, newEndIndex: at + 1 });
    }
    const grown = heapMb() - start;
    // 40 versions of ~330 KB (two bytes a character where V8 widens it) would be over 12 MB.
    assert.ok(grown < 4, `the heap grew by ${grown.toFixed(1)} MB over 40 edits`);
    assert.ok(idx.positions('compute_the_default').length === 6000);
  });

  it('repairMacros keeps no text alive through its line cache', () => {
    const start = heapMb();
    for (let v = 1; v <= 40; v++) repairMacros(`${version(v)}\nNOINLINE static int f_${v}(void);\n`, new Set());
    const grown = heapMb() - start;
    assert.ok(grown < 4, `the heap grew by ${grown.toFixed(1)} MB over 40 texts`);
  });
});
