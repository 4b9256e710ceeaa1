// The language server over real JSON-RPC (stdio), as an editor drives it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CodeAction, Diagnostic, DocumentDiagnosticReport, Hover } from 'vscode-languageserver-protocol';
import { Program, ruleDocsUrl } from '../rules/index';
import { toItems } from './convert';
import { TestClient, applyTextEdits as apply, editsFor, fileUri } from './test-client';

const ROOT = path.resolve(__dirname, '..', '..');
const FIXTURES = path.join(ROOT, 'test-fixtures');
const MINISH = path.join(FIXTURES, 'examples', 'minish.c');

/** What a fresh engine analysis of this text alone gives, as the server should show it. */
function expected(file: string, text: string): Diagnostic[] {
  const p = new Program();
  p.addFile({ path: file, text });
  return toItems(file, p.lint([file], { rewrites: false }), { uriOf: (f) => fileUri(f), versionOf: () => null }).map((i) => i.diagnostic);
}

function lineOf(text: string, needle: string): number {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, `fixture has ${needle}`);
  return text.slice(0, i).split('\n').length - 1;
}

describe('server: documents and diagnostics over JSON-RPC', function () {
  this.timeout(60000);
  let c: TestClient;
  const text = fs.readFileSync(MINISH, 'utf8');
  const uri = fileUri(MINISH);
  before(async () => {
    c = await TestClient.start();
  });
  after(async () => c.stop());

  it('publishes the engine\'s findings on open, with source, code, docs link, severity and the call chain', async () => {
    await c.open(uri, text, 1);
    const got = await c.diagnostics(uri, 1);
    assert.deepEqual(got, expected(MINISH, text));
    const byRule = new Map(got.map((d) => [d.code, d]));
    assert.deepEqual([...byRule.keys()].sort(), ['child-exit-not-_exit', 'exec-without-exit']);
    const exit = byRule.get('child-exit-not-_exit')!;
    assert.equal(exit.source, 'forklint');
    assert.equal(exit.severity, 2);
    assert.equal(exit.range.start.line, lineOf(text, 'exit(1); /* expect: child-exit-not-_exit */'));
    assert.equal(exit.codeDescription?.href, ruleDocsUrl('child-exit-not-_exit'));
    const related = exit.relatedInformation ?? [];
    assert.ok(related.some((r) => /the child of this fork\(\)/.test(r.message)), 'names the fork');
    assert.ok(related.some((r) => /the child calls \w+\(\) here/.test(r.message)), 'names the helper call that leads there');
    assert.ok(related.every((r) => r.location.uri === uri));
  });

  it('re-lints on an incremental change and publishes for the new version', async () => {
    const line = lineOf(text, 'exit(1); /* expect: child-exit-not-_exit */');
    const col = text.split('\n')[line].indexOf('exit(1)');
    await c.change(uri, 2, [{ range: { start: { line, character: col }, end: { line, character: col } }, text: '_' }]);
    const got = await c.diagnostics(uri, 2);
    assert.deepEqual(got.map((d) => d.code), ['exec-without-exit']);
  });

  it('clears the diagnostics when the document closes', async () => {
    await c.close(uri);
    await c.until(() => c.latest(uri)?.diagnostics.length === 0 && c.latest(uri)?.version === undefined, 5000, 'empty diagnostics');
  });

  it('a document in another language is left alone', async () => {
    const py = 'file:///tmp/forklint-test/notes.py';
    await c.open(py, 'import os\nos.fork()\n', 1, 'python');
    await c.open(uri, text, 1);
    await c.diagnostics(uri, 1);
    assert.equal(c.latest(py), undefined);
    await c.close(uri);
  });
});

describe('server: code actions, hover', function () {
  this.timeout(60000);
  let c: TestClient;
  const text = fs.readFileSync(MINISH, 'utf8');
  const uri = fileUri(MINISH);
  let version = 1;
  let current = text;
  before(async () => {
    c = await TestClient.start();
    await c.open(uri, text, 1);
    await c.diagnostics(uri, 1);
  });
  after(async () => c.stop());

  async function setText(next: string): Promise<Diagnostic[]> {
    version++;
    await c.change(uri, version, [{ text: next }]);
    current = next;
    return c.diagnostics(uri, version);
  }

  it('offers the rule\'s fix as the preferred quick fix; applying it removes the finding', async () => {
    const d = (await c.diagnostics(uri, version)).find((x) => x.code === 'child-exit-not-_exit')!;
    const actions = await c.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
    const fix = actions.find((a) => a.isPreferred);
    assert.ok(fix, `a preferred fix among ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(fix.kind, 'quickfix');
    assert.equal(fix.title, 'Replace exit() with _exit()');
    assert.ok(actions.some((a) => a.title === 'Ignore child-exit-not-_exit on this line' && !a.isPreferred));
    const fixed = apply(current, editsFor(fix.edit, uri));
    assert.match(fixed.split('\n')[d.range.start.line], /_exit\(1\)/);
    const after = await setText(fixed);
    assert.deepEqual(after.map((x) => x.code), ['exec-without-exit']);
    assert.deepEqual(after, expected(MINISH, fixed));
  });

  it('"ignore this rule on this line" inserts the suppression comment, which silences it', async () => {
    const d = (await c.diagnostics(uri, version)).find((x) => x.code === 'exec-without-exit')!;
    const actions = await c.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
    const ignore = actions.find((a) => a.title === 'Ignore exec-without-exit on this line')!;
    const edited = apply(current, editsFor(ignore.edit, uri));
    const lines = edited.split('\n');
    assert.match(lines[d.range.start.line], /^\s*\/\/ forklint-ignore-next-line exec-without-exit$/);
    assert.equal(lines[d.range.start.line].match(/^\s*/)![0], current.split('\n')[d.range.start.line].match(/^\s*/)![0], 'same indentation');
    assert.deepEqual(await setText(edited), []);
    await setText(text);
  });

  it('source.fixAll.forklint applies every safe fix at once', async () => {
    const before = await c.diagnostics(uri, version);
    assert.equal(before.length, 2);
    const actions = await c.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll'] },
    });
    assert.deepEqual(actions.map((a) => a.kind), ['source.fixAll.forklint']);
    const fixed = apply(current, editsFor(actions[0].edit, uri));
    assert.deepEqual(await setText(fixed), []);
    await setText(text);
  });

  it('hover on a flagged call explains the hazard and links the docs; elsewhere nothing', async () => {
    const d = (await c.diagnostics(uri, version)).find((x) => x.code === 'child-exit-not-_exit')!;
    const h = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: d.range.start.line, character: d.range.start.character + 1 } });
    assert.ok(h && typeof h.contents === 'object' && 'value' in h.contents);
    const md = (h.contents as { value: string }).value;
    assert.match(md, /child-exit-not-_exit/);
    assert.match(md, /atexit/);
    assert.ok(md.includes(`(${ruleDocsUrl('child-exit-not-_exit')})`));
    const none = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
    assert.equal(none, null);
  });
});

describe('server: the rewrite to safespawn', function () {
  this.timeout(60000);
  it('is left out of diagnostics (it is costly) and offered, not preferred, in the quick-fix menu', async () => {
    const c = await TestClient.start();
    try {
      const file = path.join(os.tmpdir(), `forklint-rewrite-${process.pid}.c`);
      const text = '#include <stdlib.h>\n#include <unistd.h>\n\nint main(void) {\n  if (fork() == 0) {\n    execlp("ls", "ls", (char *)0);\n    exit(1);\n  }\n  return 0;\n}\n';
      const uri = fileUri(file);
      await c.open(uri, text, 1);
      const d = (await c.diagnostics(uri, 1)).find((x) => x.code === 'child-exit-not-_exit')!;
      assert.ok(d, 'the exit() finding');
      assert.doesNotMatch(d.message, /safespawn/);
      const actions = await c.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
      const rewrite = actions.find((a) => /safespawn/.test(a.title));
      assert.ok(rewrite, `a rewrite among ${actions.map((a) => a.title).join(', ')}`);
      assert.ok(!rewrite.isPreferred);
      const fixed = apply(text, editsFor(rewrite.edit, uri));
      assert.match(fixed, /#include "safespawn\.h"/);
      assert.doesNotMatch(fixed, /fork\s*\(/);
    } finally {
      await c.stop();
    }
  });
});

describe('server: pull diagnostics', function () {
  this.timeout(60000);
  it('answers textDocument/diagnostic for a client that asks, and does not push to it', async () => {
    const c = await TestClient.start({ pull: true });
    try {
      assert.ok(c.initializeResult?.capabilities.diagnosticProvider);
      const text = fs.readFileSync(MINISH, 'utf8');
      const uri = fileUri(MINISH);
      await c.open(uri, text, 1);
      const r = await c.request<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } });
      assert.equal(r.kind, 'full');
      assert.deepEqual(r.kind === 'full' && r.items, expected(MINISH, text));
      const again = await c.request<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri }, previousResultId: r.resultId });
      assert.equal(again.kind, 'unchanged');
      await c.change(uri, 2, [{ text: text.replace('exit(1); /* expect', '_exit(1); /* expect') }]);
      const changed = await c.request<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri }, previousResultId: r.resultId });
      assert.equal(changed.kind, 'full');
      assert.deepEqual(changed.kind === 'full' && changed.items.map((d) => d.code), ['exec-without-exit']);
      assert.equal(c.published.length, 0);
    } finally {
      await c.stop();
    }
  });
});

describe('server: bad input', function () {
  this.timeout(60000);
  let c: TestClient;
  before(async () => {
    c = await TestClient.start({ settings: { maxFileSize: 100000 } });
  });
  after(async () => c.stop());

  it('a file over the size cap gets one informational diagnostic, at once', async () => {
    const uri = 'file:///tmp/forklint-test/huge.c';
    const body = 'int f(void) { return fork(); }\n'.repeat(10000);
    const t0 = performance.now();
    await c.open(uri, body, 1);
    const d = await c.diagnostics(uri, 1);
    assert.ok(performance.now() - t0 < 3000);
    assert.equal(d.length, 1);
    assert.equal(d[0].severity, 3);
    assert.equal(d[0].code, 'not-analysed');
    assert.match(d[0].message, /over the 100000-byte limit/);
    // Cut down below the cap, it is analysed.
    await c.change(uri, 2, [{ text: 'int main(void) { if (fork() == 0) { execlp("x", "x", (char *)0); } return 0; }\n' }]);
    const small = await c.diagnostics(uri, 2);
    assert.deepEqual(small.map((x) => x.code), ['exec-without-exit']);
  });

  it('a binary file gets one note', async () => {
    const uri = 'file:///tmp/forklint-test/blob.c';
    await c.open(uri, 'ELF\0\0\0\u0001fork()', 1);
    const d = await c.diagnostics(uri, 1);
    assert.equal(d.length, 1);
    assert.match(d[0].message, /binary/);
  });

  it('malformed messages get JSON-RPC errors and the server stays up', async () => {
    const errors: { id: unknown; error: { code: number } }[] = [];
    // Responses to ids the client library did not send arrive as "unhandled"; catch them from the stream.
    const onData = (d: Buffer) => {
      for (const m of String(d).matchAll(/\{"jsonrpc":"2\.0","id":(null|"?[\w-]+"?),"error":\{"code":(-?\d+)/g)) errors.push({ id: m[1], error: { code: Number(m[2]) } });
    };
    c.child.stdout!.on('data', onData);
    const frame = (body: string) => `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    c.raw(frame('{"jsonrpc":"2.0","id":901,"method":"textDocument/hover",'));
    c.raw(frame('{"jsonrpc":"2.0","id":902}'));
    c.raw(frame('[1,2,3]'));
    await c.until(() => errors.length >= 3, 5000, 'three error responses');
    c.child.stdout!.off('data', onData);
    assert.deepEqual(errors.map((e) => e.error.code).sort(), [-32700, -32600, -32600].sort());
    assert.ok(errors.some((e) => e.id === 'null' && e.error.code === -32700));
    assert.ok(errors.some((e) => e.id === '902' && e.error.code === -32600));

    await assert.rejects(c.request('textDocument/codeAction', { textDocument: {} }), (e: { code: number; message: string }) => e.code === -32602 && /textDocument\.uri/.test(e.message));
    await assert.rejects(c.request('textDocument/hover', { textDocument: { uri: 'file:///x.c' }, position: { line: -1 } }), (e: { code: number }) => e.code === -32602);
    await assert.rejects(c.request('forklint/noSuchThing', {}), (e: { code: number }) => e.code === -32601);
    await c.conn.sendNotification('textDocument/didChange', { textDocument: { uri: 'file:///nowhere.c' }, contentChanges: 'nope' });
    await c.conn.sendNotification('textDocument/didOpen', { textDocument: null });

    // Still serving.
    const uri = fileUri(MINISH);
    await c.open(uri, fs.readFileSync(MINISH, 'utf8'), 7);
    assert.equal((await c.diagnostics(uri, 7)).length, 2);
    assert.equal(c.exitCode, undefined);
  });
});

describe('server: configuration', function () {
  this.timeout(60000);
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forklint-cfg-'));
    fs.copyFileSync(MINISH, path.join(dir, 'minish.c'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('forklint.rules turns a rule off or changes its severity; forklint.enable false clears everything', async () => {
    const c = await TestClient.start({ root: dir, settings: { rules: { 'exec-without-exit': 'off', 'child-exit-not-_exit': 'error' } } });
    try {
      const uri = fileUri(path.join(dir, 'minish.c'));
      await c.open(uri, fs.readFileSync(MINISH, 'utf8'), 1);
      const d = await c.until(() => c.latest(uri)?.diagnostics, 10000, 'diagnostics');
      assert.deepEqual(d.map((x) => [x.code, x.severity]), [['child-exit-not-_exit', 1]]);
      c.settings = { enable: false };
      await c.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
      await c.until(() => c.latest(uri)?.diagnostics.length === 0, 10000, 'cleared diagnostics');
    } finally {
      await c.stop();
    }
  });

  it('.forklintrc.json applies, is re-read when it changes, and a broken one is reported', async () => {
    const rc = path.join(dir, '.forklintrc.json');
    fs.writeFileSync(rc, JSON.stringify({ rules: { 'child-exit-not-_exit': 'off' } }));
    const c = await TestClient.start({ root: dir, settings: { rules: { 'child-exit-not-_exit': 'error' } } });
    try {
      const uri = fileUri(path.join(dir, 'minish.c'));
      await c.open(uri, fs.readFileSync(MINISH, 'utf8'), 1);
      await c.until(() => c.latest(uri)?.diagnostics.map((x) => x.code).join() === 'exec-without-exit', 10000, 'the rc file\'s rule off');
      fs.writeFileSync(rc, JSON.stringify({ rules: { 'exec-without-exit': 'info' } }));
      await c.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(rc), type: 2 }] });
      await c.until(() => {
        const d = c.latest(uri)?.diagnostics ?? [];
        return d.length === 2 && d.find((x) => x.code === 'exec-without-exit')?.severity === 3 && d.find((x) => x.code === 'child-exit-not-_exit')?.severity === 1;
      }, 10000, 'the new rc file (and the setting for the rule it no longer names)');
      fs.writeFileSync(rc, '{ "rules": { "no-such-rule": "off" } }');
      await c.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(rc), type: 2 }] });
      await c.until(() => c.status.at(-1)?.state === 'error', 10000, 'an error status');
      assert.match(c.status.at(-1)!.message!, /unknown rule id 'no-such-rule'/);
      assert.ok(c.messages.some((m) => /no-such-rule/.test(m)), 'the user is told');
      await c.until(() => c.latest(uri)?.diagnostics.length === 2, 10000, 'the settings alone');
    } finally {
      await c.stop();
    }
  });
});

describe('server: workspace index', function () {
  this.timeout(60000);

  it('follows a spawn wrapper defined in another file, with progress reported', async () => {
    const root = path.join(FIXTURES, 'multi', 'spawn-wrapper');
    const c = await TestClient.start({ root });
    try {
      const main = path.join(root, 'main.c');
      const text = fs.readFileSync(main, 'utf8');
      await c.open(fileUri(main), text, 1);
      const want = lineOf(text, 'exit(1); /* expect: child-exit-not-_exit */');
      await c.until(() => c.latest(fileUri(main))?.diagnostics.some((d) => d.code === 'child-exit-not-_exit' && d.range.start.line === want), 20000, 'the finding through xspawn_fork()');
      const kinds = c.progress.map((p) => (p as { value: { kind: string } }).value.kind);
      assert.equal(kinds[0], 'begin');
      assert.equal(kinds.at(-1), 'end');
    } finally {
      await c.stop();
    }
  });

  it('threads created in another file make the child\'s calls errors; findings in a helper elsewhere show on the call', async () => {
    const root = path.join(FIXTURES, 'multi', 'threads-elsewhere');
    const runner = path.join(root, 'runner.c');
    const text = fs.readFileSync(runner, 'utf8');
    const c = await TestClient.start({ root });
    try {
      const uri = fileUri(runner);
      await c.open(uri, text, 1);
      const setenvLine = lineOf(text, 'setenv("JOB_NAME"');
      const callLine = lineOf(text, 'log_line("job starting")');
      const d = await c.until(() => {
        const all = c.latest(uri)?.diagnostics ?? [];
        return all.some((x) => x.range.start.line === setenvLine && x.severity === 1) ? all : undefined;
      }, 20000, 'setenv() as an error');
      const viaHelper = d.filter((x) => x.range.start.line === callLine);
      assert.ok(viaHelper.length >= 1, 'the logger.c findings are shown on the log_line() call');
      for (const x of viaHelper) {
        assert.match(x.message, /^logger\.c:\d+: /);
        assert.equal(x.relatedInformation?.[0].location.uri, fileUri(path.join(root, 'logger.c')));
      }
    } finally {
      await c.stop();
    }
  });

  it('keeps up with files changing on disk, and with a folder deleted', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forklint-ws-'));
    const src = path.join(FIXTURES, 'multi', 'threads-elsewhere');
    fs.mkdirSync(path.join(dir, 'lib'));
    for (const f of fs.readdirSync(src)) fs.copyFileSync(path.join(src, f), path.join(dir, f.startsWith('logger') ? 'lib' : '', f));
    const c = await TestClient.start({ root: dir });
    try {
      const runner = path.join(dir, 'runner.c');
      const uri = fileUri(runner);
      const text = fs.readFileSync(runner, 'utf8');
      const setenvLine = lineOf(text, 'setenv("JOB_NAME"');
      await c.open(uri, text, 1);
      const severity = () => c.latest(uri)?.diagnostics.find((x) => x.range.start.line === setenvLine)?.severity;
      await c.until(() => severity() === 1, 20000, 'an error while lib/logger.c creates a thread');
      // logger.c no longer starts a thread: a single-threaded program with main(), whose child may call setenv().
      const logger = path.join(dir, 'lib', 'logger.c');
      const original = fs.readFileSync(logger, 'utf8');
      fs.writeFileSync(logger, original.replace(/pthread_create\s*\(/g, 'start_flusher_inline('));
      await c.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(logger), type: 2 }] });
      await c.until(() => severity() === undefined, 20000, 'no finding once no thread is created');
      fs.writeFileSync(logger, original);
      await c.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(logger), type: 2 }] });
      await c.until(() => severity() === 1, 20000, 'the error back with the thread');
      fs.rmSync(path.join(dir, 'lib'), { recursive: true });
      await c.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(path.join(dir, 'lib')), type: 3 }] });
      await c.until(() => severity() === undefined, 20000, 'no finding once the folder with the thread is gone');
    } finally {
      await c.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('server: coalescing', function () {
  this.timeout(60000);
  it('a burst of edits is analysed once, for the last version', async () => {
    const c = await TestClient.start();
    try {
      const text = fs.readFileSync(MINISH, 'utf8');
      const uri = fileUri(MINISH);
      await c.open(uri, text, 1);
      await c.diagnostics(uri, 1);
      const n0 = c.published.length;
      // Twenty changes in one write, as they pile up while the server is busy.
      const frames = [];
      for (let v = 2; v <= 21; v++) {
        const body = JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/didChange', params: { textDocument: { uri, version: v }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: ' ' }] } });
        frames.push(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      }
      c.raw(frames.join(''));
      await c.diagnostics(uri, 21);
      const versions = c.published.slice(n0).map((p) => p.version);
      assert.ok(versions.length <= 2, `published for versions ${versions.join(', ')}`);
      assert.equal(versions.at(-1), 21);
      assert.deepEqual(c.latest(uri)!.diagnostics, expected(MINISH, ' '.repeat(20) + text));
    } finally {
      await c.stop();
    }
  });
});
