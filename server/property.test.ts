// Property: whatever edits arrive, in whatever bursts, the diagnostics the
// server publishes for the final text equal a fresh analysis of that text
// (so the incremental edits, the reused trees and the coalescing never leave
// a stale or wrong answer), and no older version is published after a newer.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import { Program } from '../rules/index';
import { toItems } from './convert';
import { TestClient, fileUri } from './test-client';

const FIXTURES = path.resolve(__dirname, '..', '..', 'test-fixtures');
const SOURCES = ['examples/minish.c', 'shapes/04-if-pid-parent-else-child.c', 'shapes/11-xfork-wrapper.c', 'shapes/21-ifdef-opens-child-branch.c']
  .map((f) => fs.readFileSync(path.join(FIXTURES, f), 'utf8'));

// What typing and pasting put in: code that makes and breaks spawn sites, comments, preprocessor lines, non-ASCII.
const SNIPPETS = ['x', ' ', '\n', ';', '{', '}', '(', ')', '"', '/*', '*/', '//', 'é', '😀', '\r\n', '#if 0\n', '#endif\n',
  'exit(1);', '_exit(127);', 'pid = fork();', 'if (pid == 0) {', 'printf("hi\\n");', 'execvp(argv[0], argv);', 'vfork()', '// forklint-ignore-next-line\n'];

interface Op {
  at: number; // fraction of the text length
  del: number;
  text: string;
}

const op: fc.Arbitrary<Op> = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  del: fc.oneof(fc.constant(0), fc.nat(3), fc.nat(40)),
  text: fc.oneof(fc.constant(''), fc.constantFrom(...SNIPPETS)),
});

/** One didChange: a few changes; `burst` means the next is sent without waiting for diagnostics. */
const message = fc.record({ ops: fc.array(op, { minLength: 1, maxLength: 3 }), burst: fc.boolean() });

function expected(file: string, text: string): Diagnostic[] {
  const p = new Program();
  p.addFile({ path: file, text });
  return toItems(file, p.lint([file], { rewrites: false }), { uriOf: (f) => fileUri(f), versionOf: () => null }).map((i) => i.diagnostic);
}

/** An offset that does not split a surrogate pair. */
function boundary(text: string, i: number): number {
  const code = text.charCodeAt(i);
  return code >= 0xdc00 && code <= 0xdfff ? i + 1 : i;
}

describe('server: random edit sequences (property)', function () {
  this.timeout(120000);
  let c: TestClient;
  before(async () => {
    c = await TestClient.start();
  });
  after(async () => c.stop());

  it('published diagnostics always equal a fresh full analysis of the final text', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat(SOURCES.length - 1), fc.array(message, { minLength: 1, maxLength: 8 }), async (which, messages) => {
        const file = `/tmp/forklint-prop/run-${run++}.c`;
        const uri = fileUri(file);
        let doc = TextDocument.create(uri, 'c', 1, SOURCES[which]);
        await c.open(uri, doc.getText(), 1);
        const firstPublish = c.published.length;
        let version = 1;
        for (const m of messages) {
          const changes: TextDocumentContentChangeEvent[] = [];
          for (const o of m.ops) {
            const text = doc.getText();
            const start = boundary(text, Math.floor(o.at * text.length));
            const end = boundary(text, Math.min(text.length, start + o.del));
            const change = { range: { start: doc.positionAt(start), end: doc.positionAt(end) }, text: o.text };
            changes.push(change);
            doc = TextDocument.update(doc, [change], version + 1);
          }
          version++;
          await c.change(uri, version, changes);
          if (!m.burst) await c.diagnostics(uri, version);
        }
        const final = await c.diagnostics(uri, version, 30000);
        const versions = c.published.slice(firstPublish).filter((p) => p.uri === uri).map((p) => p.version ?? 0);
        await c.close(uri);
        assert.ok(versions.every((v, i) => i === 0 || v > versions[i - 1]), `versions published in order: ${versions.join(', ')}`);
        assert.deepEqual(final, expected(file, doc.getText()));
      }),
      { numRuns: 40 },
    );
  });
});
