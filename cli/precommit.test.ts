// The pre-commit recipe from cli/README.md, run by Debian's pre-commit in a
// scratch git repository: a bad file blocks the commit, a clean one passes.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { scratch } from './testing';

const BIN = path.resolve(__dirname, '..', '..', 'cli', 'bin', 'forklint.js');
const hasPreCommit = spawnSync('pre-commit', ['--version']).status === 0;

const BUG = '#include <stdlib.h>\n#include <unistd.h>\nint main(void) {\n  if (fork() == 0) {\n    execlp("ls", "ls", (char *)0);\n    exit(1);\n  }\n  return 0;\n}\n';
const CLEAN = BUG.replace('exit(1);', '_exit(127);');

describe('cli pre-commit hook', function () {
  this.timeout(120000);
  let repo: string;

  before(function () {
    if (!hasPreCommit) {
      console.log('    (skipped: the pre-commit binary is not installed; apt-get install -y pre-commit)');
      this.skip();
    }
  });
  afterEach(() => repo && fs.rmSync(repo, { recursive: true, force: true }));

  // language: system runs offline (language: node would have pre-commit fetch node packages).
  const config = `repos:
  - repo: local
    hooks:
      - id: forklint
        name: forklint
        entry: ${JSON.stringify(`${process.execPath} ${BIN}`)}
        language: system
        types_or: [c, c++]
        require_serial: true
`;

  // The user's git and pre-commit settings stay out of it.
  const env = () => ({ ...process.env, HOME: repo, PRE_COMMIT_HOME: path.join(repo, '.cache-pre-commit'), GIT_CONFIG_NOSYSTEM: '1' });
  const git = (args: string[]) => spawnSync('git', args, { cwd: repo, env: env(), encoding: 'utf8' });
  function setup() {
    repo = scratch({ '.pre-commit-config.yaml': config, 'README': 'scratch\n' }, 'forklint-precommit-');
    for (const args of [['init', '-q', '-b', 'main'], ['config', 'user.email', 't@example.org'], ['config', 'user.name', 'T'], ['config', 'commit.gpgsign', 'false']]) {
      assert.equal(git(args).status, 0);
    }
    const r = spawnSync('pre-commit', ['install'], { cwd: repo, env: env(), encoding: 'utf8' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    fs.writeFileSync(path.join(repo, '.gitignore'), '.cache-pre-commit/\n');
    assert.equal(git(['add', '.pre-commit-config.yaml', '.gitignore', 'README']).status, 0);
  }

  it('blocks a commit with a spawn bug and lets a clean one through', () => {
    setup();
    fs.writeFileSync(path.join(repo, 'spawn.c'), BUG);
    assert.equal(git(['add', 'spawn.c']).status, 0);
    const blocked = git(['commit', '-q', '-m', 'bad']);
    assert.notEqual(blocked.status, 0, 'the commit went through');
    const out = blocked.stdout + blocked.stderr;
    assert.match(out, /forklint\.+Failed/);
    assert.match(out, /spawn\.c/);
    assert.match(out, /6:5\s+(error|warning)\s.*child-exit-not-_exit/);
    assert.notEqual(git(['rev-parse', '--verify', '-q', 'HEAD']).status, 0, 'there is a commit');

    fs.writeFileSync(path.join(repo, 'spawn.c'), CLEAN);
    assert.equal(git(['add', 'spawn.c']).status, 0);
    const passed = git(['commit', '-q', '-m', 'good']);
    assert.equal(passed.status, 0, passed.stdout + passed.stderr);
    assert.match(passed.stdout + passed.stderr, /forklint\.+Passed/);
    assert.equal(git(['rev-parse', '--verify', '-q', 'HEAD']).status, 0);
  });
});
