import * as assert from 'node:assert/strict';
import { parseArgs, type LintOptions } from './args';
import { CliError } from './errors';

const lint = (argv: string[]) => parseArgs(argv) as LintOptions;
const usageError = (argv: string[], pattern: RegExp) =>
  assert.throws(() => parseArgs(argv), (e: unknown) => e instanceof CliError && pattern.test(e.message));

describe('cli args', () => {
  it('defaults to linting . in stylish', () => {
    const o = lint([]);
    assert.deepEqual(o.paths, ['.']);
    assert.equal(o.format, 'stylish');
    assert.equal(o.fixKind, 'safe');
    assert.equal(o.maxWarnings, undefined);
  });

  it('takes values both as --flag value and --flag=value, and repeats --rule', () => {
    const o = lint(['-f', 'json', '--max-warnings=3', 'src', '--rule', 'a=off', '--rule=b=error', '--', '--weird-name.c']);
    assert.equal(o.format, 'json');
    assert.equal(o.maxWarnings, 3);
    assert.deepEqual(o.rules, [{ id: 'a', setting: 'off' }, { id: 'b', setting: 'error' }]);
    assert.deepEqual(o.paths, ['src', '--weird-name.c']);
  });

  it('names the unknown flag', () => usageError(['--frobnicate'], /unknown option '--frobnicate'/));
  it('rejects a bad format, fix kind, severity and count', () => {
    usageError(['--format', 'xml'], /--format must be one of stylish, json, sarif/);
    usageError(['--fix-kind', 'all'], /--fix-kind must be one of safe, rewrite/);
    usageError(['--rule', 'x=loud'], /severity must be one of/);
    usageError(['--rule', 'x'], /--rule expects id=/);
    usageError(['--max-warnings', '-1'], /non-negative integer/);
    usageError(['--max-warnings'], /needs a value/);
    usageError(['--jobs', '0'], /at least 1/);
  });
  it('rejects contradictions', () => {
    usageError(['--stdin', 'a.c'], /--stdin lints standard input only/);
    usageError(['--stdin-filename', 'a.c'], /needs --stdin/);
    usageError(['--fix', '--fix-dry-run'], /cannot be used together/);
    usageError(['--quiet=yes'], /takes no value/);
  });
  it('has the rules and explain subcommands', () => {
    assert.deepEqual(parseArgs(['rules']), { command: 'rules' });
    assert.deepEqual(parseArgs(['explain', 'vfork-return']), { command: 'explain', id: 'vfork-return' });
    usageError(['explain'], /usage: forklint explain/);
    // a folder named rules is linted as ./rules
    assert.deepEqual(lint(['./rules']).paths, ['./rules']);
  });
  it('help and version win over paths', () => {
    assert.deepEqual(parseArgs(['x.c', '--help']), { command: 'help' });
    assert.deepEqual(parseArgs(['-v']), { command: 'version' });
  });
});
