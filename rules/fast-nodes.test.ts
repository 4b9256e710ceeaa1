import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { orig } from './fast-nodes';
import { parse, type SyntaxNode } from './parse';

const FIXTURES = path.resolve(__dirname, '..', '..', 'test-fixtures');

function allNodes(root: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const visit = (n: SyntaxNode) => {
    out.push(n);
    for (const c of orig.children.call(n as never)) visit(c);
  };
  visit(root);
  return out;
}

describe('fast-nodes: kept answers are the binding\'s', function () {
  // A C file, a C++ file, one with non-ASCII text, and one over the 32 KiB past which the parse reads by callback.
  const files = ['shapes/01-assign-in-condition.c', 'examples', 'fork-child-unsafe-call'].flatMap((p) => {
    const full = path.join(FIXTURES, p);
    return fs.statSync(full).isDirectory() ? fs.readdirSync(full).filter((f) => /\.(c|cpp)$/.test(f)).map((f) => path.join(full, f)) : [full];
  });
  const big = 'int g(int x) { return x; }\n'.repeat(1300) + 'int main(void) { const char *s = "ünïcode"; return g(s[0]); }\n';

  for (const [name, text] of [...files.map((f) => [path.relative(FIXTURES, f), fs.readFileSync(f, 'utf8')]), ['a 35 KB file', big]]) {
    it(name, function () {
      const tree = parse(text, name.endsWith('.cpp') ? 'cpp' : 'c');
      for (const n of allNodes(tree.rootNode)) {
        const o = n as never;
        // Twice: the first answer fills the cache, the second comes from it.
        for (let k = 0; k < 2; k++) {
          const where = `${name}: ${orig.type.call(o)} at ${orig.startIndex.call(o)}`;
          assert.strictEqual(n.startIndex, orig.startIndex.call(o), where);
          assert.deepStrictEqual(n.startPosition, orig.startPosition.call(o), where);
          assert.strictEqual(n.endIndex, orig.endIndex.call(o), where);
          assert.strictEqual(n.type, orig.type.call(o), where);
          assert.strictEqual(n.parent?.startIndex, orig.parent.call(o)?.startIndex, where);
          assert.deepStrictEqual(n.namedChildren.map((c) => c.startIndex), orig.namedChildren.call(o).map((c) => c.startIndex), where);
          for (const field of ['declarator', 'body', 'condition', 'function', 'arguments', 'left', 'right', 'value']) {
            assert.strictEqual(n.childForFieldName(field)?.startIndex, orig.childForFieldName.call(o, field)?.startIndex, `${where} .${field}`);
          }
        }
        assert.strictEqual(n.text, text.slice(n.startIndex, n.endIndex));
      }
    });
  }

  it('an edited tree\'s nodes answer with the edited positions', function () {
    const text = 'int a;\nint b = f(1);\n';
    const tree = parse(text, 'c');
    const call = tree.rootNode.descendantsOfType('call_expression')[0];
    assert.deepStrictEqual([call.startIndex, call.endIndex], [15, 19]);
    assert.strictEqual(call.parent!.endIndex, 19);
    // Three characters inserted at the start of the file.
    tree.edit({ startIndex: 0, oldEndIndex: 0, newEndIndex: 3, startPosition: { row: 0, column: 0 }, oldEndPosition: { row: 0, column: 0 }, newEndPosition: { row: 0, column: 3 } });
    assert.deepStrictEqual([call.startIndex, call.endIndex], [18, 22]);
    assert.strictEqual(call.parent!.endIndex, 22);
    assert.deepStrictEqual(call.startPosition, { row: 1, column: 8 });
  });
});
