// `forklint vendor-safespawn DIR`, and the way a project gets from hand-written
// fork+exec to a built safespawn call: --fix --fix-kind rewrite, the note, the
// vendored files, and the make line the command prints.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { CliError } from './errors';
import { scratch } from './testing';
import { SAFESPAWN_FILES, buildInstructions, shippedSafespawnDir, vendorSafespawn } from './vendor';

const BIN = path.resolve(__dirname, '..', '..', 'cli', 'bin', 'forklint.js');

function forklint(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: 60000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A program whose child only redirects and execs, with child-exit-not-_exit: the rewrite applies. */
const PROG = `#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    int status;
    pid_t pid;

    if (argc < 2)
        return 2;
    pid = fork();
    if (pid < 0) {
        perror("spawn");
        return 1;
    }
    if (pid == 0) {
        dup2(1, 2);
        execvp(argv[1], argv + 1);
        exit(127);
    }
    waitpid(pid, &status, 0);
    printf("exited %d\\n", WEXITSTATUS(status));
    return 0;
}
`;

describe('forklint vendor-safespawn', function () {
  this.timeout(60000);
  const dirs: string[] = [];
  const tmp = (files: Record<string, string> = {}) => {
    const d = scratch(files, 'forklint-vendor-');
    dirs.push(d);
    return d;
  };
  after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('copies the shipped safespawn.h and safespawn.c, creating the folder', () => {
    const d = path.join(tmp(), 'third_party', 'safespawn');
    const r = vendorSafespawn(d);
    assert.deepEqual(r.written, [...SAFESPAWN_FILES]);
    for (const f of SAFESPAWN_FILES) assert.ok(fs.readFileSync(path.join(d, f)).equals(fs.readFileSync(path.join(shippedSafespawnDir(), f))), f);
    assert.deepEqual(vendorSafespawn(d).unchanged, [...SAFESPAWN_FILES]);
  });

  it('does not overwrite a changed copy without --force', () => {
    const d = tmp();
    vendorSafespawn(d);
    fs.writeFileSync(path.join(d, 'safespawn.c'), '/* patched locally */\n');
    assert.throws(() => vendorSafespawn(d), (e: unknown) => e instanceof CliError && /safespawn\.c already exists with other content; --force/.test(e.message));
    assert.equal(fs.readFileSync(path.join(d, 'safespawn.c'), 'utf8'), '/* patched locally */\n');
    assert.deepEqual(vendorSafespawn(d, { force: true }).written, ['safespawn.c']);
  });

  it('prints one line each for make, CMake and meson, with the folder relative to the working directory', () => {
    const text = buildInstructions('/p/src/vendor', '/p');
    assert.match(text, /^ {2}make: {2}prog: prog\.o src\/vendor\/safespawn\.o .*-Isrc\/vendor.*-pthread$/m);
    assert.match(text, /^ {2}CMake: .*target_sources\(prog PRIVATE src\/vendor\/safespawn\.c\).*Threads::Threads\)$/m);
    assert.match(text, /^ {2}meson: executable\('prog', 'prog\.c', 'src\/vendor\/safespawn\.c', include_directories: 'src\/vendor', dependencies: dependency\('threads'\)\)$/m);
  });

  it('usage errors exit 2 with one line', () => {
    const cwd = tmp();
    for (const args of [['vendor-safespawn'], ['vendor-safespawn', 'a', 'b'], ['vendor-safespawn', '--frobnicate', 'a']]) {
      const r = forklint(args, cwd);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /^forklint: .*vendor-safespawn.*\n$/);
    }
  });

  it('end to end: --fix --fix-kind rewrite, the note, vendor-safespawn, and the printed make line build a program that works', function () {
    const cwd = tmp({ 'prog.c': PROG });
    const fix = forklint(['--fix', '--fix-kind', 'rewrite', 'prog.c'], cwd);
    assert.equal(fix.status, 0, fix.stdout + fix.stderr);
    assert.match(fix.stderr, /prog\.c now includes "safespawn\.h", and this project has none: add it with `forklint vendor-safespawn DIR`/);
    const v = forklint(['vendor-safespawn', 'safespawn'], cwd);
    assert.equal(v.status, 0, v.stderr);
    assert.match(v.stdout, /^forklint: copied safespawn\.h and safespawn\.c to safespawn$/m);
    // The make line as printed, as a Makefile.
    const line = /^ {2}make: {2}(.*?) {3}with {2}(.*?) {2}and {2}(.*)$/m.exec(v.stdout);
    assert.ok(line, v.stdout);
    fs.writeFileSync(path.join(cwd, 'Makefile'), `CFLAGS = -std=gnu11 -Wall -Werror\n${line[2]}\n${line[3]}\n${line[1]}\n`);
    const make = spawnSync('make', ['-s'], { cwd, encoding: 'utf8' });
    assert.equal(make.status, 0, make.stdout + make.stderr);
    const ok = spawnSync(path.join(cwd, 'prog'), ['sh', '-c', 'echo to-stderr >&2; exit 3'], { cwd, encoding: 'utf8' });
    assert.deepEqual([ok.status, ok.stdout, ok.stderr], [0, 'to-stderr\nexited 3\n', '']); // 2>&1 done by safespawn
    const bad = spawnSync(path.join(cwd, 'prog'), ['no-such-program-forklint'], { cwd, encoding: 'utf8' });
    assert.deepEqual([bad.status, bad.stdout, bad.stderr], [1, '', 'spawn: No such file or directory\n']);
    // With the files in the project, rewriting another program says nothing about them.
    fs.mkdirSync(path.join(cwd, 'tools'));
    fs.writeFileSync(path.join(cwd, 'tools', 'other.c'), PROG);
    const again = forklint(['--fix', '--fix-kind', 'rewrite', 'tools/other.c'], cwd);
    assert.match(fs.readFileSync(path.join(cwd, 'tools', 'other.c'), 'utf8'), /ss_spawnp/);
    assert.doesNotMatch(again.stderr, /vendor-safespawn/);
  });
});
