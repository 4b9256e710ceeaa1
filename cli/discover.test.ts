import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { discover, displayPath } from './discover';

const isSource = (f: string) => /\.(c|h|cc|cpp|cxx|hh|hpp|hxx)$/.test(f);

function tree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'forklint-walk-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

describe('cli discover', () => {
  let root: string;
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));
  const run = (paths: string[], extra: Partial<Parameters<typeof discover>[1]> = {}) =>
    discover(paths, { cwd: root, isSource, ignorePatterns: [], baseDir: root, ...extra });

  it('walks for C/C++ sources, skipping hidden entries and node_modules, sorted', () => {
    root = tree({
      'src/b.c': '', 'src/a.cpp': '', 'src/x.hpp': '', 'src/readme.txt': '', 'src/Makefile': '',
      '.pc/patch/src/b.c': '', 'src/.git/x.c': '', 'node_modules/m/m.c': '', 'src/.hidden.c': '',
    });
    assert.deepEqual(run(['.']).files.map((f) => f.display), ['src/a.cpp', 'src/b.c', 'src/x.hpp']);
  });

  it('honours .gitignore at every level, the deepest one deciding', () => {
    root = tree({
      '.gitignore': 'build/\n*.gen.c\n',
      'build/out.c': '', 'a.gen.c': '', 'keep.c': '',
      'sub/.gitignore': '!b.gen.c\nlocal.c\n',
      'sub/b.gen.c': '', 'sub/local.c': '', 'sub/c.gen.c': '', 'sub/deeper/local.c': '',
    });
    assert.deepEqual(run(['.']).files.map((f) => f.display), ['keep.c', 'sub/b.gen.c']);
  });

  it("applies the enclosing git work tree's .gitignore to a walked subfolder, but not to a named file", () => {
    root = tree({ '.git/HEAD': '', '.gitignore': '*.gen.c\n', 'src/a.gen.c': '', 'src/b.c': '' });
    assert.deepEqual(run(['src']).files.map((f) => f.display), ['src/b.c']);
    assert.deepEqual(run(['src/a.gen.c']).files.map((f) => [f.display, f.explicit]), [['src/a.gen.c', true]]);
  });

  it('applies ignorePatterns to walked and named files, relative to baseDir', () => {
    root = tree({ 'vendor/v.c': '', 'src/a.c': '', 'src/gen/g.c': '' });
    const r = run(['.', 'vendor/v.c'], { ignorePatterns: ['vendor/', 'gen/'] });
    assert.deepEqual(r.files.map((f) => f.display), ['src/a.c']);
    assert.match(r.notes.join('\n'), /vendor\/v\.c: skipped: matches the config's ignorePatterns/);
  });

  it('reports missing paths and skips a named non-C file with a note', () => {
    root = tree({ 'a.c': '', 'notes.txt': '' });
    const r = run(['a.c', 'nope.c', 'notes.txt']);
    assert.deepEqual(r.missing, ['nope.c']);
    assert.deepEqual(r.files.map((f) => f.display), ['a.c']);
    assert.match(r.notes.join('\n'), /notes\.txt: skipped: not a C or C\+\+ file/);
  });

  it('does not follow a symlinked folder (no cycles) and lists each file once', () => {
    root = tree({ 'd/a.c': '' });
    fs.symlinkSync(root, path.join(root, 'd', 'loop'));
    fs.symlinkSync(path.join(root, 'd', 'a.c'), path.join(root, 'd', 'link.c'));
    assert.deepEqual(run(['.', 'd', 'd/a.c']).files.map((f) => f.display), ['d/a.c', 'd/link.c']);
  });

  it('shows paths relative to cwd, absolute outside it', () => {
    root = tree({});
    assert.equal(displayPath(path.join(root, 'x', 'y.c'), root), 'x/y.c');
    assert.equal(displayPath('/elsewhere/y.c', root), '/elsewhere/y.c');
  });
});
