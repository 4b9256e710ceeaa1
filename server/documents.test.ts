// The tree edits computed from LSP changes are exact: an old tree edited with
// them and reparsed equals a fresh parse of the new text, node for node and
// position for position (UTF-16 columns, CRLF and lone CR line ends included).
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import Parser = require('tree-sitter');
import { Documents } from './documents';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const C = require('tree-sitter-c') as Parser.Language;

function shape(n: Parser.SyntaxNode, out: string[] = []): string[] {
  out.push(`${n.type} ${n.startIndex}-${n.endIndex} ${n.startPosition.row}:${n.startPosition.column}-${n.endPosition.row}:${n.endPosition.column}`);
  for (const c of n.children) shape(c, out);
  return out;
}

const START = 'int main(void)\r\n{\n    pid_t pid = fork(); /* é */\r    if (pid == 0) {\n        execlp("x", "x", (char *)0);\n        exit(1);\n    }\n    return 0;\n}\n';
const PIECES = ['', 'x', '\n', '\r\n', '\r', 'é', '😀', '{', '}', ';', '/* c */', 'if (pid) { _exit(1); }', '"'];

describe('documents: tree edits from LSP changes', () => {
  it('an incrementally reparsed tree equals a fresh parse', () => {
    const parser = new Parser();
    parser.setLanguage(C);
    fc.assert(
      fc.property(fc.array(fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), del: fc.nat(12), text: fc.constantFrom(...PIECES) }), { minLength: 1, maxLength: 12 }), (ops) => {
        const docs = new Documents();
        const d = docs.open('file:///t.c', '/t.c', 'c', 1, START);
        d.pendingEdits = [];
        let tree = parser.parse(START);
        let version = 1;
        for (const o of ops) {
          const text = d.doc.getText();
          const start = Math.floor(o.at * text.length);
          const end = Math.min(text.length, start + o.del);
          docs.change(d.uri, ++version, [{ range: { start: d.doc.positionAt(start), end: d.doc.positionAt(end) }, text: o.text }]);
        }
        for (const e of d.pendingEdits!) tree.edit(e);
        tree = parser.parse(d.doc.getText(), tree);
        assert.deepEqual(shape(tree.rootNode), shape(parser.parse(d.doc.getText()).rootNode));
      }),
      { numRuns: 300 },
    );
  });

  it('a full-text change drops the edits (the text is taken afresh)', () => {
    const docs = new Documents();
    const d = docs.open('file:///t.c', '/t.c', 'c', 1, START);
    d.pendingEdits = [];
    docs.change(d.uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'x' }]);
    assert.equal(d.pendingEdits.length, 1);
    docs.change(d.uri, 3, [{ text: 'int x;' }]);
    assert.equal(d.pendingEdits, undefined);
    assert.equal(d.doc.getText(), 'int x;');
    assert.equal(d.doc.version, 3);
  });
});
