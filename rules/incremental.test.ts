// Program.editFile: the reparse reuses the old tree, and several edits before
// one parse give the same tree as parsing the final text afresh.
import * as assert from 'node:assert/strict';
import { Program } from './index';
import { parse } from './parse';
import type { TreeEdit } from './parse';

function insertEdit(text: string, at: number, inserted: string): TreeEdit {
  const before = text.slice(0, at);
  const row = before.split('\n').length - 1;
  const column = at - (before.lastIndexOf('\n') + 1);
  const after = before + inserted;
  const newRow = after.split('\n').length - 1;
  const newColumn = after.length - (after.lastIndexOf('\n') + 1);
  return { startIndex: at, oldEndIndex: at, newEndIndex: at + inserted.length, startPosition: { row, column }, oldEndPosition: { row, column }, newEndPosition: { row: newRow, column: newColumn } };
}

describe('incremental reparse (Program.editFile)', () => {
  const base = '#include <stdlib.h>\n#include <unistd.h>\nint main(void) {\n  if (fork() == 0) {\n    execlp("ls", "ls", (char *)0);\n    _exit(127);\n  }\n  return 0;\n}\n';

  it('two edits before one lint give the findings and tree of the final text', () => {
    const p = new Program();
    p.addFile({ path: 'a.c', text: base });
    assert.deepEqual(p.lint(['a.c']).map((f) => f.ruleId), []);
    // First a comment is inserted, then _exit( becomes exit(; no parse happens in between.
    let text = base;
    const e1 = insertEdit(text, text.indexOf('  return 0;'), '  /* note */\n');
    text = text.slice(0, e1.startIndex) + '  /* note */\n' + text.slice(e1.startIndex);
    p.editFile({ path: 'a.c', text }, [e1]);
    const at = text.indexOf('_exit(127)');
    const e2: TreeEdit = { startIndex: at, oldEndIndex: at + 1, newEndIndex: at, startPosition: insertEdit(text, at, '').startPosition, oldEndPosition: insertEdit(text, at + 1, '').startPosition, newEndPosition: insertEdit(text, at, '').startPosition };
    text = text.slice(0, at) + text.slice(at + 1);
    p.editFile({ path: 'a.c', text }, [e2]);
    assert.ok(p.files.get('a.c')!.oldTree, 'the old tree, edited twice, waits for the next parse');
    assert.deepEqual(p.lint(['a.c']).map((f) => `${f.range.start.line + 1} ${f.ruleId}`), ['6 child-exit-not-_exit']);
    assert.equal(p.units('a.c')[0].tree.rootNode.toString(), parse(text, 'c').rootNode.toString());
  });
});
