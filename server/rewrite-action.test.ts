// The rewrite-to-safespawn quick fix end to end through the real language
// server: a fixture program from test-fixtures/rewrite/ is opened in a
// workspace, the rewrite action the server returns over JSON-RPC is applied
// as an editor applies a WorkspaceEdit, and the result is compiled with
// -Wall -Werror against native-runtime/safespawn.c and run beside the
// original: same stdout, stderr, exit status and files. The action's title
// says when the project has no safespawn.h yet, and stops saying it once the
// files are added.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { vendorSafespawn } from '../cli/vendor';
import { REWRITE_FIXTURES, buildSafespawn, compile, readSpec, runIn, scratchDir } from '../rules/rewrite/harness';
import { NO_SAFESPAWN_NOTE } from './code-actions';
import { TestClient, applyTextEdits, editsFor, fileUri } from './test-client';

const FIXTURES = ['01-pipe-capture-stdout.c', '04-chdir-before-exec.c'];

/** The rewrite among the quick fixes for a document's diagnostics, with the diagnostic it is for. */
async function rewriteAction(c: TestClient, uri: string, diagnostics: Diagnostic[]): Promise<CodeAction | undefined> {
  for (const d of diagnostics) {
    const actions = await c.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d], only: ['quickfix'] } });
    const rewrite = actions.find((a) => /^Rewrite this .* as one ss_spawnp?\(\) call/.test(a.title));
    if (rewrite) return rewrite;
  }
  return undefined;
}

describe('server: the rewrite action, applied and built', function () {
  this.timeout(120000);
  let scratch = '';
  let obj: Promise<string>;
  before(() => {
    scratch = scratchDir('forklint-lsp-rewrite-');
    obj = buildSafespawn(scratch);
  });
  after(() => {
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  for (const name of FIXTURES) {
    it(`${name}: the WorkspaceEdit from the server compiles with safespawn.c and behaves as the original`, async () => {
      const src = path.join(REWRITE_FIXTURES, name);
      const original = fs.readFileSync(src, 'utf8');
      const spec = readSpec(original);
      const ws = fs.mkdtempSync(path.join(scratch, 'ws-'));
      const file = path.join(ws, name);
      fs.writeFileSync(file, original);
      const uri = fileUri(file);
      const c = await TestClient.start({ root: ws });
      let text = original;
      const titles: string[] = [];
      try {
        await c.open(uri, text, 1);
        // One spawn site per pass, as `forklint --fix` applies them, until the server offers no rewrite.
        for (let version = 1; ; version++) {
          assert.ok(version < 10, 'still offering rewrites after 9 passes');
          const action = await rewriteAction(c, uri, await c.diagnostics(uri, version));
          if (!action) break;
          assert.equal(action.kind, 'quickfix');
          assert.ok(!action.isPreferred, 'the rewrite is never the preferred fix');
          const edits = editsFor(action.edit, uri);
          assert.ok(edits.length > 0, 'the action carries edits for the document');
          titles.push(action.title);
          text = applyTextEdits(text, edits);
          await c.change(uri, version + 1, [{ text }]);
        }
        assert.ok(titles.length > 0, 'the server offered no rewrite');
        for (const t of titles) assert.ok(t.endsWith(` (${NO_SAFESPAWN_NOTE})`), `the title notes the missing safespawn.h: ${t}`);
        assert.deepEqual(await c.diagnostics(uri), [], 'no finding is left after the rewrite');

        // With the files added to the project, the same action no longer says they are missing.
        vendorSafespawn(path.join(ws, 'third_party'));
        await c.change(uri, 100, [{ text: original }]);
        const again = await rewriteAction(c, uri, await c.diagnostics(uri, 100));
        assert.ok(again, 'the rewrite is offered again on the original');
        assert.doesNotMatch(again.title, /not found/);
        assert.match(again.title, /\(needs safespawn\.h and safespawn\.c in the project\)$/);
      } finally {
        await c.stop();
      }

      assert.match(text, /#include "safespawn\.h"/);
      assert.doesNotMatch(text.replace(/\/\*[\s\S]*?\*\//g, ''), /\b(v?fork|clone)\s*\(/, 'a spawn call is left');
      const rewritten = path.join(ws, `rewritten-${name}`);
      fs.writeFileSync(rewritten, text);
      const [o, r] = await Promise.all([compile(src, path.join(ws, 'orig')), compile(rewritten, path.join(ws, 'new'), await obj)]);
      assert.ok(o.ok, `the original does not compile:\n${o.command}\n${o.output}`);
      assert.ok(r.ok, `the rewrite does not compile:\n${r.command}\n${r.output}\n${text}`);
      assert.ok(spec.runs.length > 0);
      for (const args of spec.runs) {
        const a = await runIn(path.join(ws, 'orig'), args, scratch);
        const b = await runIn(path.join(ws, 'new'), args, scratch);
        assert.ok(a.status !== null, `run ${JSON.stringify(args)} did not finish: ${JSON.stringify(a)}`);
        assert.deepEqual(b, a, `run ${JSON.stringify(args)}: the rewritten program behaves differently`);
      }
      // A failed exec now reaches the parent's error branch, with its errno.
      for (const f of spec.failRuns) {
        const b = await runIn(path.join(ws, 'new'), f.args, scratch);
        assert.ok(b.stderr.includes(f.expect), `exec failure ${JSON.stringify(f.args)}: ${JSON.stringify(b)}`);
      }
    });
  }
});
