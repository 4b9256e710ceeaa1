// The spawn memo (spawn-memo.ts) never changes an answer: after any sequence
// of single edits, the findings of a program that reused what it could equal
// those of a fresh program given the final text — positions, related
// information and fix edits included — and a keystroke away from the spawn
// code really is answered from the memo.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { ChildWalker } from './child';
import { Program, type Finding } from './index';
import type { TreeEdit } from './parse';

const FIXTURES = path.resolve(__dirname, '..', '..', 'test-fixtures');
// Several spawns per file, helpers followed into, handlers (related positions), fixes that edit the includes.
const FILES = ['examples/helperd.c', 'examples/buildq.c', 'examples/thumbd.cpp', 'signal-race/01-daemon-sigterm-hook.c', 'shapes/11-xfork-wrapper.c', 'exec-error-lost/01-127-decoded-by-parent.c']
  .filter((f) => fs.existsSync(path.join(FIXTURES, f)));

const SNIPPETS = ['x', ' ', '\n', ';', '{', '}', '(', ')', '/*', '*/', '//', 'é', '#if 0\n', '#endif\n', '#include <unistd.h>\n',
  'exit(1);', '_exit(127);', 'pid = fork();', 'if (pid == 0) {', 'printf("hi\\n");', 'static void helper(void) { malloc(1); }\n', 'signal(SIGTERM, on_term);', 'pthread_create(&t, 0, f, 0);'];

function point(text: string, at: number): { row: number; column: number } {
  const before = text.slice(0, at);
  return { row: before.split('\n').length - 1, column: at - (before.lastIndexOf('\n') + 1) };
}

/** The text after replacing [at, at + del) with `ins`, and the tree edit saying so. */
function edit(text: string, at: number, del: number, ins: string): { text: string; e: TreeEdit } {
  const next = text.slice(0, at) + ins + text.slice(at + del);
  return {
    text: next,
    e: { startIndex: at, oldEndIndex: at + del, newEndIndex: at + ins.length, startPosition: point(text, at), oldEndPosition: point(text, at + del), newEndPosition: point(next, at + ins.length) },
  };
}

const fresh = (file: string, text: string): Finding[] => {
  const p = new Program();
  p.addFile({ path: file, text });
  return p.lint([file], { rewrites: false });
};

describe('spawn memo: reused findings equal fresh ones', function () {
  this.timeout(120000);

  it('after random single edits (typing, deleting, pasting), in every fixture', () => {
    let checked = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...FILES),
        fc.array(fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), del: fc.oneof(fc.constant(0), fc.nat(3), fc.nat(30)), ins: fc.constantFrom('', ...SNIPPETS) }), { minLength: 1, maxLength: 12 }),
        (name, ops) => {
          const file = path.join(FIXTURES, name);
          let text = fs.readFileSync(file, 'utf8');
          const p = new Program();
          p.addFile({ path: file, text });
          p.lint([file], { rewrites: false });
          for (const [i, o] of ops.entries()) {
            const at = Math.floor(o.at * text.length);
            const { text: next, e } = edit(text, at, Math.min(o.del, text.length - at), o.ins);
            text = next;
            p.editFile({ path: file, text }, [e]);
            const got = p.lint([file], { rewrites: false });
            assert.deepEqual(got, fresh(file, text), `${name}, after edit ${i + 1} of ${ops.length} (at ${at}, -${o.del} +${JSON.stringify(o.ins)})`);
            checked++;
          }
        },
      ),
      { numRuns: 150, seed: 20261201 },
    );
    assert.ok(checked >= 150);
  });

  it('a keystroke outside the spawning functions walks no child again; one inside walks only that spawn', () => {
    const file = path.join(FIXTURES, 'examples/helperd.c');
    let text = fs.readFileSync(file, 'utf8');
    const p = new Program();
    p.addFile({ path: file, text });
    const first = p.lint([file], { rewrites: false });
    let walks = 0;
    const run = ChildWalker.prototype.run;
    ChildWalker.prototype.run = function (this: ChildWalker) {
      walks++;
      return run.call(this);
    };
    try {
      // A comment typed at the end of the file moves nothing, changes nothing.
      const end = edit(text, text.length, 0, '\n/* x */\n');
      text = end.text;
      p.editFile({ path: file, text }, [end.e]);
      assert.deepEqual(p.lint([file], { rewrites: false }), first);
      const handlerWalks = walks; // signal handler regions are walked every time
      // A line typed at the top shifts every finding by one line, from the memo.
      walks = 0;
      const top = edit(text, 0, 0, '\n');
      text = top.text;
      p.editFile({ path: file, text }, [top.e]);
      const shifted = p.lint([file], { rewrites: false });
      assert.equal(walks, handlerWalks, 'spawn regions were walked again after an edit outside them');
      assert.deepEqual(shifted, fresh(file, text));
      assert.deepEqual(shifted.map((f) => f.range.start.line), first.map((f) => f.range.start.line + 1));
      // A character typed inside one spawning function walks its spawns again, not the others'.
      const inside = text.indexOf('fork()');
      assert.ok(inside > 0);
      walks = 0;
      const one = edit(text, inside, 0, ' ');
      text = one.text;
      p.editFile({ path: file, text }, [one.e]);
      assert.deepEqual(p.lint([file], { rewrites: false }), fresh(file, text));
      assert.ok(walks > handlerWalks && walks < handlerWalks + 5, `walked ${walks - handlerWalks} spawns again`);
    } finally {
      ChildWalker.prototype.run = run;
    }
  });

  it('a header that starts or stops declaring the pointer a child writes through is seen on the next lint', () => {
    const dir = '/memo';
    const c = `${dir}/spawn.c`;
    const h = `${dir}/rec.h`;
    const text = '#include <unistd.h>\n#include "rec.h"\nint run(char **argv) {\n  pid_t p = vfork();\n  if (p == 0) {\n    ut->type = 1;\n    execvp(argv[0], argv);\n    _exit(127);\n  }\n  return p;\n}\n';
    const declared = 'struct rec { int type; };\nextern struct rec *ut;\n';
    const notDeclared = 'struct rec { int type; };\nvoid fill(struct rec *ut);\n';
    const lint = (p: Program) => p.lint([c], { rewrites: false }).filter((f) => f.ruleId === 'vfork-stack-write');
    const p = new Program();
    p.addFile({ path: h, text: declared });
    p.addFile({ path: c, text });
    assert.equal(lint(p).length, 1, 'a write through a declared global pointer');
    p.addFile({ path: h, text: notDeclared });
    assert.equal(lint(p).length, 0, 'the pointer is declared nowhere: that code cannot compile');
    p.addFile({ path: h, text: declared });
    assert.equal(lint(p).length, 1);
  });
});
