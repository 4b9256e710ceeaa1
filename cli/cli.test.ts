// End to end: the real `node cli/bin/forklint.js` as a child process on scratch files.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { Writable } from 'node:stream';
import { sarifValidate, scratch } from './testing';
import { main } from './main';
import { ruleDocs } from '../rules/index';

const BIN = path.resolve(__dirname, '..', '..', 'cli', 'bin', 'forklint.js');

/** exit() after a failed exec in a spawn child: child-exit-not-_exit on line 7, column 5. */
const BUG = `#include <stdlib.h>
#include <unistd.h>

int main(void) {
  if (fork() == 0) {
    execlp("ls", "ls", (char *)0);
    exit(1);
  }
  return 0;
}
`;
const CLEAN = BUG.replace('exit(1);', '_exit(127);');
const RULE = 'child-exit-not-_exit';
/** Its default severity (the engine decides it; the tests follow). */
const SEV = ruleDocs.find((d) => d.id === RULE)!.defaultSeverity;
const count = (sev: string) => `${SEV === sev ? 1 : 0} ${sev}${SEV === sev ? '' : 's'}`;
const SUMMARY = `✖ 1 problem (${count('error')}, ${count('warning')}, ${count('info')})`;

interface Run { status: number | null; stdout: string; stderr: string }
function forklint(args: string[], opts: { cwd: string; input?: string | Buffer; env?: NodeJS.ProcessEnv }): Run {
  const env = { ...process.env, ...opts.env };
  delete env.FORCE_COLOR;
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: opts.cwd, input: opts.input ?? '', env, encoding: 'utf8', timeout: 60000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
/** Nothing the CLI prints may be a stack trace. */
function noStack(r: Run) {
  assert.doesNotMatch(r.stderr, /^\s+at .*\(.*:\d+:\d+\)$/m, r.stderr);
}

describe('cli end to end', function () {
  this.timeout(60000);
  const dirs: string[] = [];
  const tmp = (files: Record<string, string | Buffer>) => {
    const d = scratch(files);
    dirs.push(d);
    return d;
  };
  after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  describe('exit status and stylish output', () => {
    it('clean code: exit 0, no output', () => {
      const cwd = tmp({ 'ok.c': CLEAN });
      const r = forklint(['ok.c'], { cwd });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, '');
    });

    it('a finding: exit 1, ESLint-like report, no colours off a terminal', () => {
      const cwd = tmp({ 'src/bug.c': BUG });
      const r = forklint(['src'], { cwd });
      assert.equal(r.status, 1, r.stderr);
      const lines = r.stdout.split('\n');
      assert.equal(lines[1], 'src/bug.c');
      assert.match(lines[2], new RegExp(`^  7:5\\s+${SEV}\\s+.*exit.*\\s${RULE.replace(/[_-]/g, '.')}$`));
      assert.match(lines[3], /^\s+↳ 5:7\s/); // the spawn site
      assert.ok(r.stdout.includes(SUMMARY), r.stdout);
      assert.match(r.stdout, /1 problem potentially fixable with the `--fix` option/);
      assert.doesNotMatch(r.stdout, /\u001b\[/);
      noStack(r);
    });

    it('colours with --color, on a terminal, and not with NO_COLOR', function () {
      const cwd = tmp({ 'bug.c': BUG });
      assert.match(forklint(['--color', 'bug.c'], { cwd }).stdout, /\u001b\[3[13]m/);
      // script(1) gives the CLI a terminal
      const tty = (env: NodeJS.ProcessEnv) => spawnSync('script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} bug.c`, '/dev/null'], { cwd, env: { ...process.env, ...env }, encoding: 'utf8' });
      const withTty = tty({});
      if (withTty.error) this.skip();
      assert.match(withTty.stdout, /\u001b\[3[13]m/);
      const env = { ...process.env, NO_COLOR: '1' };
      assert.doesNotMatch(tty(env).stdout, /\u001b\[3\dm/);
    });

    it('exit 2 naming a missing path, and lints nothing', () => {
      const cwd = tmp({ 'bug.c': BUG });
      const r = forklint(['bug.c', 'nope.c'], { cwd });
      assert.equal(r.status, 2);
      assert.match(r.stderr, /no such file or folder: nope\.c/);
      assert.equal(r.stdout, '');
    });

    it('exit 2 for an unknown flag, a bad --rule, and forklint explain of an unknown id', () => {
      const cwd = tmp({ 'bug.c': BUG });
      const flag = forklint(['--frob', 'bug.c'], { cwd });
      assert.equal(flag.status, 2);
      assert.match(flag.stderr, /unknown option '--frob'/);
      const rule = forklint(['--rule', 'no-such-rule=off', 'bug.c'], { cwd });
      assert.equal(rule.status, 2);
      assert.match(rule.stderr, /unknown rule id 'no-such-rule'/);
      const ex = forklint(['explain', 'no-such-rule'], { cwd });
      assert.equal(ex.status, 2);
      assert.match(ex.stderr, /unknown rule id 'no-such-rule'/);
    });

    it('half-written C neither crashes nor prints a stack', () => {
      const cwd = tmp({ 'half.c': 'int main(void) {\n  if (fork() == 0) {\n    execlp("ls", "ls", (char *)0);\n    exit(' });
      const r = forklint(['half.c'], { cwd });
      assert.ok(r.status === 0 || r.status === 1, `status ${r.status}: ${r.stderr}`);
      noStack(r);
    });
  });

  describe('formats', () => {
    it('json: findings and per-file results', () => {
      const cwd = tmp({ 'src/bug.c': BUG, 'src/ok.c': CLEAN });
      const r = forklint(['--format', 'json', 'src'], { cwd });
      assert.equal(r.status, 1, r.stderr);
      const j = JSON.parse(r.stdout);
      assert.equal(j.findings.length, 1);
      const f = j.findings[0];
      assert.deepEqual([f.ruleId, f.severity, f.file, f.line, f.column], [RULE, SEV, 'src/bug.c', 7, 5]);
      assert.deepEqual(f.range.start, { line: 6, character: 4 });
      assert.equal(f.fixes[0].kind, 'safe');
      const e = SEV === 'error' ? 1 : 0;
      const w = SEV === 'warning' ? 1 : 0;
      assert.deepEqual(j.files.map((x: { path: string; errorCount: number; warningCount: number }) => [x.path, x.errorCount, x.warningCount]), [['src/bug.c', e, w], ['src/ok.c', 0, 0]]);
      assert.deepEqual(j.summary, { files: 2, skipped: 0, errors: e, warnings: w, infos: 0, fixable: 1 });
    });

    it('sarif: code-scanning fields, and sarif-multitool validate finds no errors or warnings', () => {
      const cwd = tmp({ 'src/bug.c': BUG, 'src/blob.c': Buffer.from([0x7f, 0x45, 0, 0]) });
      const r = forklint(['--format', 'sarif', '.'], { cwd });
      assert.equal(r.status, 1, r.stderr);
      const log = JSON.parse(r.stdout);
      const run = log.runs[0];
      assert.deepEqual(run.tool.driver.rules.map((x: { id: string }) => x.id), ruleDocs.map((d) => d.id));
      assert.equal(run.results.length, 1);
      const res = run.results[0];
      assert.equal(res.ruleId, RULE);
      assert.equal(run.tool.driver.rules[res.ruleIndex].id, RULE);
      assert.equal(res.level, SEV === 'info' ? 'note' : SEV);
      assert.equal(run.tool.driver.rules[res.ruleIndex].defaultConfiguration.level, SEV === 'info' ? 'note' : SEV);
      assert.deepEqual(res.locations[0].physicalLocation.artifactLocation, { uri: 'src/bug.c', uriBaseId: '%SRCROOT%' });
      assert.equal(res.locations[0].physicalLocation.region.startLine, 7);
      assert.equal(res.locations[0].physicalLocation.region.startColumn, 5);
      assert.ok(res.relatedLocations.length >= 1);
      assert.ok(res.fixes.length >= 1);
      assert.equal(run.originalUriBaseIds['%SRCROOT%'].uri, `file://${fs.realpathSync(cwd)}/`);
      const { problems, output } = sarifValidate(r.stdout);
      assert.deepEqual(problems, [], output);
    });

    it('-o writes the report to a file', () => {
      const cwd = tmp({ 'bug.c': BUG });
      const r = forklint(['-f', 'json', '-o', 'report.json', 'bug.c'], { cwd });
      assert.equal(r.status, 1);
      assert.equal(r.stdout, '');
      assert.equal(JSON.parse(fs.readFileSync(path.join(cwd, 'report.json'), 'utf8')).findings[0].ruleId, RULE);
    });
  });

  describe('stdin', () => {
    it('--stdin --stdin-filename names the file in the report', () => {
      const cwd = tmp({});
      const r = forklint(['--stdin', '--stdin-filename', 'src/x.c', '-f', 'json'], { cwd, input: BUG });
      assert.equal(r.status, 1, r.stderr);
      assert.equal(JSON.parse(r.stdout).findings[0].file, 'src/x.c');
      assert.equal(forklint(['--stdin', '--stdin-filename', 'x.cpp'], { cwd, input: CLEAN }).status, 0);
      const bad = forklint(['--stdin', '--stdin-filename', 'x.txt'], { cwd, input: BUG });
      assert.equal(bad.status, 2);
      assert.match(bad.stderr, /x\.txt: not a C or C\+\+ file name/);
    });

    it('--stdin --fix prints the fixed text', () => {
      const r = forklint(['--stdin', '--stdin-filename', 'x.c', '--fix'], { cwd: tmp({}), input: BUG });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, BUG.replace('exit(1);', '_exit(1);'));
    });
  });

  describe('--fix', () => {
    it('changes exit( to _exit( in the child, and the re-lint is clean', () => {
      const cwd = tmp({ 'bug.c': BUG });
      const r = forklint(['--fix', 'bug.c'], { cwd });
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /fixed 1 problem/);
      assert.equal(fs.readFileSync(path.join(cwd, 'bug.c'), 'utf8'), BUG.replace('exit(1);', '_exit(1);'));
      assert.equal(forklint(['bug.c'], { cwd }).status, 0);
    });

    it('--fix-kind rewrite rewrites to safespawn where it can', () => {
      const cwd = tmp({ 'bug.c': BUG });
      assert.equal(forklint(['--fix', '--fix-kind', 'rewrite', 'bug.c'], { cwd }).status, 0);
      const fixed = fs.readFileSync(path.join(cwd, 'bug.c'), 'utf8');
      assert.match(fixed, /#include "safespawn\.h"/);
      assert.doesNotMatch(fixed, /fork\s*\(/);
    });

    it('--fix-kind rewrite still applies safe fixes where no rewrite is possible', () => {
      // The child computes something of the program's own before exec: no safespawn action expresses it.
      const computing = BUG.replace('int main(void) {', 'static int counter;\nstatic void bump(void) { counter++; }\n\nint main(void) {').replace('    execlp(', '    bump();\n    execlp(');
      const cwd = tmp({ 'bug.c': computing });
      assert.equal(forklint(['--fix', '--fix-kind', 'rewrite', 'bug.c'], { cwd }).status, 0);
      const fixed = fs.readFileSync(path.join(cwd, 'bug.c'), 'utf8');
      assert.match(fixed, /_exit\(1\)/);
      assert.doesNotMatch(fixed, /safespawn/);
    });

    it('--fix-dry-run prints a diff patch(1) applies, and changes nothing', () => {
      const cwd = tmp({ 'src/bug.c': BUG });
      const r = forklint(['--fix-dry-run', 'src'], { cwd });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /^--- a\/src\/bug\.c\n\+\+\+ b\/src\/bug\.c\n@@ /);
      assert.match(r.stdout, /^-    exit\(1\);$/m);
      assert.match(r.stdout, /^\+    _exit\(1\);$/m);
      assert.equal(fs.readFileSync(path.join(cwd, 'src/bug.c'), 'utf8'), BUG);
      const p = spawnSync('patch', ['-p1', '--batch', '--quiet'], { cwd, input: r.stdout, encoding: 'utf8' });
      assert.equal(p.status, 0, p.stderr);
      assert.equal(fs.readFileSync(path.join(cwd, 'src/bug.c'), 'utf8'), BUG.replace('exit(1);', '_exit(1);'));
    });
  });

  describe('severity options', () => {
    it('--rule id=off silences the rule', () => {
      const cwd = tmp({ 'bug.c': BUG });
      const r = forklint(['--rule', `${RULE}=off`, 'bug.c'], { cwd });
      assert.equal(r.status, 0);
      assert.equal(r.stdout, '');
    });

    it('--rule id=info reports but exits 0', () => {
      const r = forklint(['--rule', `${RULE}=info`, 'bug.c'], { cwd: tmp({ 'bug.c': BUG }) });
      assert.equal(r.status, 0);
      assert.match(r.stdout, /7:5\s+info/);
    });

    it('--max-warnings: warnings fail only above the limit', () => {
      const cwd = tmp({ 'bug.c': BUG });
      assert.equal(forklint(['--rule', `${RULE}=warn`, 'bug.c'], { cwd }).status, 1);
      assert.equal(forklint(['--rule', `${RULE}=warn`, '--max-warnings', '1', 'bug.c'], { cwd }).status, 0);
      const over = forklint(['--rule', `${RULE}=warn`, '--max-warnings', '0', 'bug.c'], { cwd });
      assert.equal(over.status, 1);
      assert.match(over.stderr, /too many warnings: 1 \(--max-warnings 0\)/);
    });

    it('--quiet reports errors only', () => {
      const cwd = tmp({ 'bug.c': BUG });
      const quiet = forklint(['--quiet', '--rule', `${RULE}=warn`, 'bug.c'], { cwd });
      assert.equal(quiet.status, 0);
      assert.equal(quiet.stdout, '');
      const errors = forklint(['--quiet', '--rule', `${RULE}=error`, 'bug.c'], { cwd });
      assert.equal(errors.status, 1);
      assert.match(errors.stdout, /7:5\s+error/);
    });
  });

  describe('config', () => {
    it('the nearest .forklintrc.json sets severities; --no-config ignores it', () => {
      const cwd = tmp({ '.forklintrc.json': JSON.stringify({ rules: { [RULE]: 'off' } }), 'sub/bug.c': BUG });
      assert.equal(forklint(['bug.c'], { cwd: path.join(cwd, 'sub') }).status, 0);
      assert.equal(forklint(['--no-config', 'bug.c'], { cwd: path.join(cwd, 'sub') }).status, 1);
    });

    it('--config FILE, and ignorePatterns', () => {
      const cwd = tmp({ 'cfg.json': JSON.stringify({ ignorePatterns: ['vendor/'] }), 'vendor/bug.c': BUG, 'ok.c': CLEAN });
      assert.equal(forklint(['--config', 'cfg.json', '.'], { cwd }).status, 0);
      assert.equal(forklint(['.'], { cwd }).status, 1);
    });

    it('an unknown key or a wrong type: exit 2 naming the key', () => {
      const cwd = tmp({ '.forklintrc.json': JSON.stringify({ rulez: {} }), 'ok.c': CLEAN });
      const r = forklint(['ok.c'], { cwd });
      assert.equal(r.status, 2);
      assert.match(r.stderr, /\.forklintrc\.json: unknown key 'rulez'/);
      fs.writeFileSync(path.join(cwd, '.forklintrc.json'), JSON.stringify({ maxCallDepth: 'deep' }));
      const t = forklint(['ok.c'], { cwd });
      assert.equal(t.status, 2);
      assert.match(t.stderr, /'maxCallDepth' must be a non-negative integer, got "deep"/);
      noStack(t);
    });
  });

  describe('which files', () => {
    it(".gitignore'd files, hidden folders and node_modules are skipped", () => {
      const cwd = tmp({ '.gitignore': 'gen/\n', 'gen/bug.c': BUG, '.pc/p/bug.c': BUG, 'node_modules/m/bug.c': BUG, 'ok.c': CLEAN });
      const r = forklint(['-f', 'json', '.'], { cwd });
      assert.equal(r.status, 0, r.stdout);
      assert.deepEqual(JSON.parse(r.stdout).files.map((f: { path: string }) => f.path), ['ok.c']);
    });

    it('a binary file is skipped with a note', () => {
      const cwd = tmp({ 'blob.c': Buffer.concat([Buffer.from(BUG), Buffer.from([0, 1, 2])]) });
      const r = forklint(['blob.c'], { cwd });
      assert.equal(r.status, 0);
      assert.match(r.stderr, /note: blob\.c: skipped: binary file/);
    });

    it('a file over maxFileSize is skipped with a note', () => {
      const cwd = tmp({ '.forklintrc.json': JSON.stringify({ maxFileSize: 100 }), 'bug.c': BUG });
      const r = forklint(['bug.c'], { cwd });
      assert.equal(r.status, 0);
      assert.match(r.stderr, /note: bug\.c: skipped: larger than maxFileSize \(\d+ > 100 bytes\)/);
    });

    it('invalid UTF-8 is linted, with a note', () => {
      const cwd = tmp({ 'bug.c': Buffer.concat([Buffer.from('/* caf\xe9 */\n', 'latin1'), Buffer.from(BUG)]) });
      const r = forklint(['-f', 'json', 'bug.c'], { cwd });
      assert.equal(r.status, 1);
      assert.equal(JSON.parse(r.stdout).findings[0].line, 8);
      assert.match(r.stderr, /invalid UTF-8 replaced/);
    });

    it('an unreadable named file: exit 2 naming it, other files still reported', () => {
      const cwd = tmp({ 'bug.c': BUG });
      spawnSync('mkfifo', [path.join(cwd, 'pipe.c')]);
      const r = forklint(['bug.c', 'pipe.c'], { cwd });
      assert.equal(r.status, 2);
      assert.match(r.stderr, /cannot read pipe\.c: not a regular file/);
      assert.match(r.stdout, /bug\.c/);
    });
  });

  describe('many files', () => {
    it('worker threads give the same findings as linting in-process, across files', () => {
      const files: Record<string, string> = {
        // a child region that calls into another file: the finding lands in the callee
        'main.c': '#include <unistd.h>\nvoid run_child(void);\nint main(void) {\n  if (fork() == 0) {\n    run_child();\n  }\n  return 0;\n}\n',
        'child.c': '#include <stdlib.h>\n#include <unistd.h>\nvoid run_child(void) {\n  execlp("ls", "ls", (char *)0);\n  exit(1);\n}\n',
      };
      for (let i = 0; i < 70; i++) files[`f${String(i).padStart(2, '0')}.c`] = i % 10 === 0 ? BUG.replace('int main', `int main${i}`) : CLEAN.replace('int main', `int f${i}`);
      const cwd = tmp(files);
      const inProcess = forklint(['-f', 'json', '--jobs', '1', '.'], { cwd, env: { FORKLINT_DEBUG: '1' } });
      assert.match(inProcess.stderr, /debug: 72 files, in-process/);
      const workers = forklint(['-f', 'json', '--jobs', '2', '.'], { cwd, env: { FORKLINT_DEBUG: '1' } });
      assert.match(workers.stderr, /debug: 72 files, 2 worker threads/);
      assert.equal(workers.status, 1, workers.stderr);
      noStack(workers);
      const a = JSON.parse(inProcess.stdout).findings;
      const b = JSON.parse(workers.stdout).findings;
      assert.ok(a.length >= 7, `only ${a.length} findings`);
      assert.deepEqual(b, a);
      assert.ok(a.some((f: { file: string }) => f.file === 'child.c'), 'the cross-file finding in child.c');
      assert.doesNotMatch(workers.stderr, /\r|#{3}/); // no progress bar off a terminal
    });

    it('a spawn wrapper in one worker\'s share makes call sites in another\'s spawn sites (wrappers of wrappers too)', () => {
      // The three biggest files go to three different workers (longest first onto the least loaded).
      const pad = (c: string, n: number) => `/* ${c.repeat(n)} */\n`;
      const files: Record<string, string> = {
        'wrap.c': `#include <stdlib.h>\n#include <unistd.h>\n${pad('w', 1000)}pid_t xfork(void) {\n  pid_t p = fork();\n  if (p < 0) abort();\n  return p;\n}\n`,
        'wrap2.c': `#include <unistd.h>\npid_t xfork(void);\n${pad('v', 1200)}pid_t xfork2(void) {\n  pid_t p = xfork();\n  return p;\n}\n`,
        'use.c': BUG.replace('#include <unistd.h>\n', `#include <unistd.h>\npid_t xfork2(void);\n${pad('u', 1100)}`).replace('fork()', 'xfork2()'),
      };
      for (let i = 0; i < 60; i++) files[`f${i}.c`] = `int f${i}(void) { return ${i}; }\n`;
      const cwd = tmp(files);
      const inProcess = forklint(['-f', 'json', '--jobs', '1', '.'], { cwd });
      const workers = forklint(['-f', 'json', '--jobs', '3', '.'], { cwd, env: { FORKLINT_DEBUG: '1' } });
      assert.match(workers.stderr, /3 worker threads/);
      const a = JSON.parse(inProcess.stdout).findings;
      assert.deepEqual(a.map((f: { file: string; ruleId: string }) => [f.file, f.ruleId]), [['use.c', RULE]]);
      assert.deepEqual(JSON.parse(workers.stdout).findings, a);
    });
  });

  describe('commands', () => {
    it('forklint rules lists every rule with its default severity', () => {
      const r = forklint(['rules'], { cwd: tmp({}) });
      assert.equal(r.status, 0);
      for (const d of ruleDocs) assert.match(r.stdout, new RegExp(`^${d.id.replace(/[_-]/g, '.')}\\s+${d.defaultSeverity}\\s`, 'm'));
    });

    it('forklint explain shows the explanation and both examples', () => {
      const r = forklint(['explain', RULE], { cwd: tmp({}) });
      assert.equal(r.status, 0);
      const doc = ruleDocs.find((d) => d.id === RULE)!;
      assert.ok(r.stdout.includes(doc.summary));
      assert.match(r.stdout, /Flagged:/);
      assert.match(r.stdout, /Fixed:/);
    });

    it('--version and --help', () => {
      const cwd = tmp({});
      const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'package.json'), 'utf8'));
      assert.equal(forklint(['--version'], { cwd }).stdout, `${pkg.version}\n`);
      const h = forklint(['--help'], { cwd });
      assert.equal(h.status, 0);
      assert.match(h.stdout, /^Usage: forklint/);
    });

    it('the schema lists exactly the rule ids the engine has', () => {
      const schema = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'schema', 'forklintrc.schema.json'), 'utf8'));
      assert.deepEqual([...schema.properties.rules.propertyNames.enum].sort(), ruleDocs.map((d) => d.id).sort());
    });
  });

  it('an unexpected error is one line and exit 2', async () => {
    let err = '';
    const sink = (f: (s: string) => void) => new Writable({ write(c, _e, cb) { f(String(c)); cb(); } }) as unknown as NodeJS.WriteStream;
    const code = await main(['--stdin'], {
      cwd: tmp({}), env: {}, stdout: sink(() => {}), stderr: sink((s) => { err += s; }),
      readStdin: () => Promise.reject(new TypeError('boom\nsecond line')),
    });
    assert.equal(code, 2);
    assert.equal(err, 'forklint: internal error: boom\n');
  });
});
