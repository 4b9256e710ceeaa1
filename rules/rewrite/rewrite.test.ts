// The rewrite's pieces, on small programs: which child steps become which
// safespawn action, which block the rewrite (and what the message says), the
// include, the cleanup, the fix's kind, and "replace vfork with fork".
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits, lintSources, type Finding } from '../index';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** A spawn whose child runs `child`, then execvp and exit(127) (so child-exit-not-_exit is always there to carry the fix). */
function program(child: string, opts: { spawn?: string; headers?: string } = {}): string {
  return `#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
${opts.headers ?? ''}
static int helper(void)
{
    return 1;
}

int run(char **argv, int fd, const char *dir, sigset_t *mask)
{
    pid_t pid = ${opts.spawn ?? 'fork'}();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        ${child}
        execvp(argv[0], argv);
        exit(127);
    }
    waitpid(pid, NULL, 0);
    return helper();
}
`;
}

function lint(text: string, file = 'p.c'): Finding[] {
  return lintSources([{ path: file, text }]);
}

/** The rewrite offered on `text` (the first one), or what blocks it. */
function rewrite(text: string, file = 'p.c'): { text?: string; blocker?: string; findings: Finding[] } {
  const findings = lint(text, file);
  const fix = findings.flatMap((f) => f.fixes).find((x) => x.kind === 'rewrite');
  if (fix) return { text: applyEdits(text, fix.edits), findings };
  const m = findings.map((f) => /No safespawn rewrite: (.*)\.$/.exec(f.message)?.[1]).find(Boolean);
  return { blocker: m, findings };
}

/** The lines between ss_actions_init() and the spawn: the actions and what the parent now computes for them. */
const actions = (text: string) => {
  const lines = text.split('\n').map((l) => l.trim());
  const from = lines.indexOf('ss_actions_init(&ss_fa);');
  const to = lines.findIndex((l) => l.startsWith('ss_rc = '));
  return lines.slice(from + 1, to).filter((l) => !l.startsWith('/* searches PATH'));
};

describe('rewrite to safespawn: child steps', () => {
  // A child that only does these becomes these actions (in order; notes where the old child ignored a failure).
  const expressible: [string, string[]][] = [
    ['dup2(fd, 1);', ['ss_actions_add_dup2(&ss_fa, fd, 1);']],
    ['if (dup2(fd, 1) < 0) _exit(1);', ['ss_actions_add_dup2(&ss_fa, fd, 1);']],
    ['if (dup2(fd, 1) != 1) { perror("dup2"); _exit(1); }', ['ss_actions_add_dup2(&ss_fa, fd, 1);']],
    ['(void)close(fd);', ['ss_actions_add_close(&ss_fa, fd);']],
    ['int d = open("/dev/null", O_RDONLY); dup2(d, 0); close(d);', ['ss_actions_add_open(&ss_fa, 0, "/dev/null", O_RDONLY, 0); /* the child ignored a failed open(); now the spawn fails */']],
    ['int d = open("out", O_WRONLY | O_CREAT | O_CLOEXEC, 0600); if (d < 0) _exit(1); if (d != 1) { dup2(d, 1); close(d); }', ['ss_actions_add_open(&ss_fa, 1, "out", O_WRONLY | O_CREAT, 0600);']],
    ['int d; if ((d = open("in", O_RDONLY)) < 0) _exit(1); dup2(d, 0); dup2(d, 3); if (d > 3) close(d);', ['ss_actions_add_open(&ss_fa, 0, "in", O_RDONLY, 0);', 'ss_actions_add_dup2(&ss_fa, 0, 3);']],
    ['if (chdir(dir) != 0) _exit(1);', ['ss_actions_add_chdir(&ss_fa, dir);']],
    ['chdir(dir);', ['ss_actions_add_chdir(&ss_fa, dir); /* the child ignored a failed chdir(); now the spawn fails */']],
    ['if (fchdir(fd)) _exit(1);', ['ss_actions_add_fchdir(&ss_fa, fd);']],
    ['if (setpgid(0, 0) < 0) _exit(1);', ['ss_actions_add_setpgid(&ss_fa, 0);']],
    ['if (setpgid(getpid(), getpid()) < 0) _exit(1);', ['ss_actions_add_setpgid(&ss_fa, 0);']],
    ['if (setsid() < 0) _exit(1);', ['ss_actions_add_setsid(&ss_fa);']],
    ['umask(022);', ['ss_actions_add_umask(&ss_fa, 022);']],
    ['signal(SIGPIPE, SIG_DFL);', ['ss_actions_add_sigdefault(&ss_fa, SIGPIPE);']],
    ['if (signal(SIGINT, SIG_DFL) == SIG_ERR) _exit(1);', ['ss_actions_add_sigdefault(&ss_fa, SIGINT);']],
    ['sigprocmask(SIG_SETMASK, mask, NULL);', ['ss_actions_add_sigmask(&ss_fa, mask);']],
    ['sigset_t s; sigemptyset(&s); sigaddset(&s, SIGCHLD); pthread_sigmask(SIG_SETMASK, &s, NULL);', ['sigemptyset(&s);', 'sigaddset(&s, SIGCHLD);', 'ss_actions_add_sigmask(&ss_fa, &s);']],
    ['closefrom(3);', ['ss_actions_add_closefrom(&ss_fa, 3);']],
    ['close_range(3, ~0U, 0);', ['ss_actions_add_closefrom(&ss_fa, 3);']],
    ['for (int i = 3; i < 1024; i++) close(i);', ['ss_actions_add_closefrom(&ss_fa, 3); /* the child closed descriptors below 1024 only; this closes every one from 3 up */']],
    ['if (setgid(getgid()) < 0 ) _exit(1); if (setuid(getuid()) < 0) _exit(1);', ['ss_actions_add_setgid(&ss_fa, getgid());', 'ss_actions_add_setuid(&ss_fa, getuid());']],
    ['if (fd != 1) { dup2(fd, 1); close(fd); } else { close(0); }', ['if (fd != 1) {', 'ss_actions_add_dup2(&ss_fa, fd, 1);', 'ss_actions_add_close(&ss_fa, fd);', '} else {', 'ss_actions_add_close(&ss_fa, 0);', '}']],
  ];
  for (const [child, want] of expressible) {
    it(`expressible: ${child}`, () => {
      const r = rewrite(program(child));
      assert.ok(r.text, `no rewrite: ${r.blocker}`);
      assert.deepEqual(actions(r.text), want);
    });
  }

  // A child that does any of these gets no rewrite, and every finding says why.
  const blocked: [string, string][] = [
    ['printf("starting\\n");', 'the child calls printf() before it execs, which is not a safespawn file action'],
    ['helper();', 'the child calls helper(), code of this program, which a safespawn child cannot run'],
    ['fd = 3;', "the child assigns 'fd' before it execs"],
    ['signal(SIGINT, SIG_IGN);', 'the child sets SIGINT to SIG_IGN; safespawn can only reset signals to SIG_DFL'],
    ['sigprocmask(SIG_UNBLOCK, mask, NULL);', 'safespawn can only set the whole mask (SIG_SETMASK)'],
    ['while (fd > 3) fd--;', 'the child runs a loop before it execs'],
    ['setpgid(getppid(), 0);', 'the child calls getppid() to compute a value before it execs'],
    ['setpgid(fd, 0);', 'the child calls setpgid(fd, …) on another process, which a safespawn action cannot do'],
    ['close_range(3, 10, 0);', 'the child calls close_range() on a bounded range or with flags'],
    ['if (getenv("DEBUG")) close(fd);', 'the child calls getenv() before it execs, which is not a safespawn file action'],
    ['if (fd > 2 && getenv("DEBUG")) close(fd);', "the child tests 'fd > 2 && getenv(\"DEBUG\")' before it execs: it calls getenv() to compute a value before it execs"],
    ['char *p = malloc(16);', 'the child calls malloc() to compute a value before it execs'],
    ['open("/dev/null", O_RDONLY);', 'the child calls open() without keeping the descriptor'],
    ['int d = open("log", O_WRONLY); write(d, "x", 1);', "the child uses the descriptor 'd' from open() for more than moving it"],
    ['int d = open("log", O_WRONLY); close(0);', "the child keeps the descriptor 'd' from open() as it is"],
    ['setenv("A", "1", 1);', 'the child calls setenv() before it execs'],
    ['if (pid == 0) close(fd);', "reads the pid variable 'pid' before it execs"],
  ];
  for (const [child, why] of blocked) {
    it(`blocks: ${child}`, () => {
      const r = rewrite(program(child));
      assert.equal(r.text, undefined, 'a rewrite was offered');
      assert.ok(r.findings.length > 0);
      for (const f of r.findings) assert.ok(f.message.includes(`No safespawn rewrite: `) && f.message.includes(why), `${f.ruleId}: ${f.message}`);
    });
  }

  it("the child's own leading declarations go with the block's declarations", () => {
    const out = rewrite(program('sigset_t s; sigemptyset(&s); sigprocmask(SIG_SETMASK, &s, NULL);')).text!;
    assert.match(out, /int ss_rc;\n {8}sigset_t s;\n\n {8}ss_actions_init\(&ss_fa\);\n {8}sigemptyset\(&s\);/);
  });

  it('a failure path that does more than report and end blocks it', () => {
    const text = program('').replace('        exit(127);', '        unlink("/tmp/lock");\n        exit(127);');
    assert.match(rewrite(text).blocker ?? '', /when a step or the exec fails the child calls unlink\(\), which the rewrite would drop/);
  });
});

describe('rewrite to safespawn: the edit', () => {
  it('is kind "rewrite", not preferred, and comes after the safe fixes', () => {
    const f = lint(program('dup2(fd, 1);')).find((x) => x.ruleId === 'child-exit-not-_exit')!;
    assert.deepEqual(f.fixes.map((x) => [x.kind, x.preferred]), [['safe', true], ['rewrite', false]]);
    assert.match(f.fixes[1].title, /^Rewrite this fork\(\) and its child as one ss_spawnp\(\) call with 1 action \(needs safespawn\.h and safespawn\.c in the project\)$/);
  });

  it('adds #include "safespawn.h" (and <errno.h>) once, after the last include, and not again', () => {
    const text = program('dup2(fd, 1);', { headers: '#define LOG_TAG "run"\n' });
    const out = rewrite(text).text!;
    assert.match(out, /#include <unistd.h>\n#include <errno.h>\n#include "safespawn.h"\n#define LOG_TAG/);
    const two = text.replace('#include <fcntl.h>', '#include <errno.h>\n#include "safespawn.h"\n#include <fcntl.h>');
    const out2 = rewrite(two).text!;
    assert.equal(out2.match(/#include "safespawn\.h"/g)!.length, 1);
    assert.equal(out2.match(/#include <errno\.h>/g)!.length, 1);
  });

  it('sets the pid only where the parent still reads it, and removes what only the child used', () => {
    const text = `#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    pid_t pid;
    int devnull_fd = 3;

    if (argc < 2)
        return 2;
    pid = fork();
    if (pid == 0) {
        dup2(devnull_fd, 0);
        execvp(argv[1], argv + 1);
        exit(127);
    }
    wait(NULL);
    return 0;
}
`;
    const out = rewrite(text).text!;
    assert.doesNotMatch(out.replace(/\/\*[\s\S]*?\*\//g, ''), /\bpid\b/, 'the unused pid variable is still set or declared');
    assert.match(out, /int devnull_fd = 3;/, 'a variable the actions use was removed');
    assert.match(out, /ss_actions_add_dup2\(&ss_fa, devnull_fd, 0\);/);
    assert.match(out, /^ {12}ss_child_release\(&ss_ch\); \/\* nothing here reads its pid \*\/$/m);
  });

  it('marks the error branch whose meaning changes, and keeps the parent code', () => {
    const out = rewrite(program('dup2(fd, 1);')).text!;
    assert.match(out, / {4}\/\* with safespawn this also runs when the exec or a step of the child\n {7}fails, errno saying why \(the old child exited with status 127\) \*\/\n {4}if \(pid < 0\)\n {8}return -1;\n {4}waitpid\(pid, NULL, 0\);\n {4}return helper\(\);/);
  });

  it('leaves signal-handler findings alone (they are not spawns)', () => {
    const dir = path.join(ROOT, 'test-fixtures', 'signal-handler-unsafe-call');
    for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.c'))) {
      const file = path.join(dir, name);
      for (const f of lint(fs.readFileSync(file, 'utf8'), file).filter((x) => x.ruleId === 'signal-handler-unsafe-call')) {
        assert.doesNotMatch(f.message, /safespawn/, `${name}: ${f.message}`);
        assert.equal(f.fixes.filter((x) => x.kind === 'rewrite').length, 0);
      }
    }
  });
});

describe('"replace vfork with fork"', () => {
  const vfork = (child: string, after = '_exit(127);') => `#include <unistd.h>

int spawn(char **argv)
{
    int n = 0;
    pid_t pid = vfork();
    if (pid == 0) {
        ${child}
        execv(argv[0], argv);
        ${after}
    }
    return pid + n;
}
`;
  const toFork = (text: string) => lint(text).flatMap((f) => f.fixes).filter((x) => /vfork\(\) with fork\(\)/.test(x.title));

  it('is offered, safe and not preferred, where the child only writes memory before its exec', () => {
    const text = vfork('n = 1;');
    const fixes = toFork(text);
    assert.ok(fixes.length > 0);
    for (const x of fixes) assert.deepEqual([x.kind, x.preferred], ['safe', false]);
    const out = applyEdits(text, fixes[0].edits);
    assert.match(out, /pid_t pid = fork\(\);/);
    assert.deepEqual(lint(out).map((f) => f.ruleId), []);
  });

  it('is not offered where the child also makes a call a vfork child may not, or returns', () => {
    assert.deepEqual(toFork(vfork('n = 1;\n        getlogin();')), []);
    assert.deepEqual(toFork(vfork('n = 1;', 'return -1;')), []);
  });

  it('is not offered where the write reports a failed exec to the parent (fork would lose it)', () => {
    assert.deepEqual(toFork(vfork('', 'n = 1;\n        _exit(127);')), []);
  });
});
