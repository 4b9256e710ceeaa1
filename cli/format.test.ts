// The formatters on hand-made findings (the end-to-end tests in cli.test.ts run
// them on the engine's real output).
import * as assert from 'node:assert/strict';
import type { Finding, RuleDoc } from '../rules/types';
import { formatStylish } from './format/stylish';
import { formatJson } from './format/json';
import { formatSarif } from './format/sarif';
import { formatExplain, formatRulesTable } from './rules-cmd';
import { sarifValidate } from './testing';
import type { Report } from './format/report';

const docs: RuleDoc[] = [
  {
    id: 'child-exit-not-_exit', defaultSeverity: 'error', summary: 'exit() in a child that execs; use _exit()',
    explanation: 'A child that calls `exit()` runs the atexit handlers and flushes stdio buffers it shares with the parent.\n\nUse `_exit()`.',
    badExample: 'if (fork() == 0) { execlp("ls", "ls", (char *)0); exit(1); }\n', goodExample: 'if (fork() == 0) { execlp("ls", "ls", (char *)0); _exit(127); }\n', fixable: true,
  },
  {
    id: 'vfork-unsafe-call', defaultSeverity: 'warning', summary: 'a call a vfork child may not make',
    explanation: 'The vfork child shares memory with its parent.', badExample: 'x', goodExample: 'y', fixable: false,
  },
];
const docsUrl = (id: string) => `https://example.org/forklint/blob/main/rules/docs/${id}.md`;
const range = (l: number, c: number, l2: number, c2: number) => ({ start: { line: l, character: c }, end: { line: l2, character: c2 } });

const findings: Finding[] = [
  {
    ruleId: 'child-exit-not-_exit', severity: 'error', message: 'exit() in a child after exec: use _exit()', file: 'src/my prog.c', range: range(4, 4, 4, 8),
    related: [{ file: 'src/my prog.c', range: range(2, 14, 2, 20), message: 'the child of this fork' }],
    fixes: [{ title: 'Replace exit with _exit', kind: 'safe', preferred: true, edits: [{ file: 'src/my prog.c', range: range(4, 4, 4, 8), newText: '_exit' }] }],
  },
  {
    ruleId: 'vfork-unsafe-call', severity: 'warning', message: 'printf in a vfork child', file: 'src/my prog.c', range: range(10, 2, 10, 8),
    related: [{ file: 'lib/helper.c', range: range(0, 0, 0, 3), message: 'called from here' }], fixes: [],
  },
  { ruleId: 'vfork-unsafe-call', severity: 'info', message: 'note this.', file: 'z.c', range: range(0, 0, 0, 1), related: [], fixes: [] },
];
const report: Report = {
  findings, cwd: '/work/proj',
  files: [{ path: 'src/my prog.c', status: 'linted' }, { path: 'z.c', status: 'linted' }, { path: 'blob.c', status: 'skipped', reason: 'binary file' }],
};

describe('cli formatters', () => {
  it('stylish: file headers, aligned rows, call chain, summary', () => {
    const out = formatStylish(report, false);
    assert.equal(out, [
      '',
      'src/my prog.c',
      '  5:5   error    exit() in a child after exec: use _exit()  child-exit-not-_exit',
      '                 ↳ 3:15  the child of this fork',
      '  11:3  warning  printf in a vfork child                    vfork-unsafe-call',
      '                 ↳ lib/helper.c:1:1  called from here',
      '',
      'z.c',
      '  1:1  info  note this.  vfork-unsafe-call',
      '',
      '✖ 3 problems (1 error, 1 warning, 1 info)',
      '  1 problem potentially fixable with the `--fix` option.',
      '',
      '',
    ].join('\n'));
    assert.doesNotMatch(out, /\u001b\[/);
    assert.match(formatStylish(report, true), /\u001b\[31merror/);
    assert.equal(formatStylish({ ...report, findings: [] }, false), '');
  });

  it('json: findings with 1-based and 0-based positions, per-file counts, summary', () => {
    const j = JSON.parse(formatJson(report, '9.9.9'));
    assert.equal(j.version, 1);
    assert.deepEqual(j.tool, { name: 'forklint', version: '9.9.9' });
    assert.equal(j.findings.length, 3);
    assert.deepEqual({ ...j.findings[0], related: undefined, fixes: undefined }, {
      ruleId: 'child-exit-not-_exit', severity: 'error', message: 'exit() in a child after exec: use _exit()', file: 'src/my prog.c',
      line: 5, column: 5, endLine: 5, endColumn: 9, range: range(4, 4, 4, 8), related: undefined, fixes: undefined,
    });
    assert.equal(j.findings[0].fixes[0].kind, 'safe');
    assert.deepEqual(j.files, [
      { path: 'src/my prog.c', status: 'linted', errorCount: 1, warningCount: 1, infoCount: 0, fixableCount: 1 },
      { path: 'z.c', status: 'linted', errorCount: 0, warningCount: 0, infoCount: 1, fixableCount: 0 },
      { path: 'blob.c', status: 'skipped', reason: 'binary file', errorCount: 0, warningCount: 0, infoCount: 0, fixableCount: 0 },
    ]);
    assert.deepEqual(j.summary, { files: 2, skipped: 1, errors: 1, warnings: 1, infos: 1, fixable: 1 });
  });

  it('sarif: the fields code scanning reads', () => {
    const log = JSON.parse(formatSarif(report, { version: '9.9.9', informationUri: 'https://example.org/forklint', ruleDocs: docs, docsUrl }));
    assert.equal(log.version, '2.1.0');
    const run = log.runs[0];
    assert.equal(run.originalUriBaseIds['%SRCROOT%'].uri, 'file:///work/proj/');
    const rule = run.tool.driver.rules[0];
    assert.deepEqual({ id: rule.id, name: rule.name, level: rule.defaultConfiguration.level, helpUri: rule.helpUri },
      { id: 'child-exit-not-_exit', name: 'ChildExitNotExit', level: 'error', helpUri: docsUrl('child-exit-not-_exit') });
    assert.match(rule.help.markdown, /```c\nif \(fork\(\) == 0\)/);
    assert.equal(run.tool.driver.rules[1].defaultConfiguration.level, 'warning');
    const [a, b, c] = run.results;
    assert.equal(a.ruleId, 'child-exit-not-_exit');
    assert.equal(a.ruleIndex, 0);
    assert.equal(a.level, 'error');
    assert.equal(a.message.text, 'exit() in a child after exec: use _exit().');
    assert.deepEqual(a.locations[0].physicalLocation, {
      artifactLocation: { uri: 'src/my%20prog.c', uriBaseId: '%SRCROOT%' },
      region: { startLine: 5, startColumn: 5, endLine: 5, endColumn: 9 },
    });
    assert.deepEqual(a.relatedLocations[0].physicalLocation.region, { startLine: 3, startColumn: 15, endLine: 3, endColumn: 21 });
    assert.deepEqual(a.fixes[0].artifactChanges[0].replacements[0], { deletedRegion: { startLine: 5, startColumn: 5, endLine: 5, endColumn: 9 }, insertedContent: { text: '_exit' } });
    assert.equal(b.ruleIndex, 1);
    assert.equal(b.level, 'warning');
    assert.equal(c.level, 'note');
    assert.equal(c.message.text, 'note this.');
  });

  it('sarif passes sarif-multitool validate (SARIF and GitHub rules) with no errors or warnings', function () {
    this.timeout(60000);
    const log = formatSarif(report, { version: '9.9.9', informationUri: 'https://example.org/forklint', ruleDocs: docs, docsUrl },
      [{ level: 'note', message: 'Skipped blob.c: binary file', file: 'blob.c' }]);
    const { problems, output } = sarifValidate(log);
    assert.deepEqual(problems, [], output);
    // and an empty run
    const empty = sarifValidate(formatSarif({ ...report, findings: [] }, { version: '9.9.9', informationUri: 'https://example.org/forklint', ruleDocs: docs, docsUrl }));
    assert.deepEqual(empty.problems, [], empty.output);
  });

  it('sarif validation catches a broken log (the check can fail)', function () {
    this.timeout(60000);
    const log = JSON.parse(formatSarif(report, { version: '9.9.9', informationUri: 'https://example.org/forklint', ruleDocs: docs, docsUrl }));
    delete log.runs[0].results[0].locations;
    log.runs[0].results[1].ruleIndex = 7;
    assert.notDeepEqual(sarifValidate(JSON.stringify(log)).problems, []);
  });

  it('rules table and explain', () => {
    const table = formatRulesTable(docs);
    assert.match(table, /^RULE\s+DEFAULT\s+FIX\s+SUMMARY\n/);
    assert.match(table, /child-exit-not-_exit\s+error\s+yes\s+exit\(\) in a child that execs; use _exit\(\)/);
    const text = formatExplain('child-exit-not-_exit', docs, docsUrl);
    assert.match(text, /^child-exit-not-_exit \(default: error, fixable\)/);
    assert.match(text, /Flagged:\n\n {4}if \(fork\(\) == 0\) \{ execlp\("ls", "ls", \(char \*\)0\); exit\(1\); \}/);
    assert.match(text, /Fixed:\n\n {4}.*_exit\(127\)/);
    assert.throws(() => formatExplain('nope', docs, docsUrl), /unknown rule id 'nope'/);
  });
});
