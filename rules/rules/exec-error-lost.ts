// exec-error-lost: the parent decodes exec failure from an exit status while
// errno never reaches it.
import { args } from '../ast';
import type { CallEvent } from '../child';
import type { Rule } from '../rule';
import { sentence, spawnLabel } from '../rule';

const WRITERS = new Set(['write', 'send', 'writev', 'sendmsg']);

export const rule: Rule = {
  doc: {
    id: 'exec-error-lost',
    defaultSeverity: 'info',
    summary: "the parent reads exec failure from the child's exit status (127, 126…) while errno never reaches it",
    explanation: `When exec fails the child knows exactly why — \`errno\` says ENOENT, EACCES, ENOEXEC, E2BIG, ENOMEM — and then throws it away with \`_exit(127)\`. The parent, testing \`WEXITSTATUS(status) == 127\`, can only guess "command not found", and it cannot tell that from a program that ran and chose to exit with 127 (Felker, musl's "vfork replacement proposal"). A close-on-exec pipe fixes it: the child writes errno to it before \`_exit\`, the parent reads it — zero bytes means the exec succeeded; after vfork the child may store errno in shared memory instead. safespawn does this and also reports which step failed.

A child that ends with \`_exit(127)\` whose status nobody compares with 127 is left alone: shells document 127 as their contract with their callers.`,
    badExample: `#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int run(const char *prog) {
    int status;
    pid_t pid = fork();
    if (pid == 0) {
        execlp(prog, prog, (char *)0);
        _exit(127);
    }
    waitpid(pid, &status, 0);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
        fprintf(stderr, "%s: command not found\\n", prog);
    return status;
}`,
    goodExample: `#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int run(const char *prog) {
    int status, err = 0, p[2];
    if (pipe2(p, O_CLOEXEC) < 0) return -1;
    pid_t pid = fork();
    if (pid == 0) {
        execlp(prog, prog, (char *)0);
        int e = errno;
        write(p[1], &e, sizeof e);
        _exit(127);
    }
    close(p[1]);
    if (read(p[0], &err, sizeof err) == sizeof err)
        fprintf(stderr, "%s: %s\\n", prog, strerror(err));
    close(p[0]);
    waitpid(pid, &status, 0);
    return status;
}`,
    fixable: false,
  },
  checkRegion(region, ctx) {
    if (region.kind === 'handler' || region.kind === 'atfork-child' || !region.execs.length) return;
    const post = region.events.filter((e) => e.exec !== null);
    // errno reaches the parent: stored in shared memory, or written to a pipe (directly or from a saved copy).
    const saved = new Set(post.filter((e) => e.type === 'errno-store').map((e) => (e as { what: string }).what));
    if (post.some((e) => e.type === 'errno-store' && e.cls)) return;
    const writesErrno = post.some((e) => e.type === 'call' && WRITERS.has(e.name) && args(e.node).some((a) => /\berrno\b/.test(a.text) || [...saved].some((v) => new RegExp(`\\b${v.replace(/[^\w]/g, '')}\\b`).test(a.text))));
    if (writesErrno) return;
    const exits = post.filter((e): e is CallEvent => e.type === 'call' && (e.name === '_exit' || e.name === '_Exit') && !e.inError);
    for (const e of exits) {
      const code = args(e.node)[0]?.text.replace(/[()\s]/g, '');
      if (!code || !/^\w+$/.test(code)) continue; // a literal or a named constant (EXIT_NOEXEC)
      const decoded = decodes(ctx.text(region.spawn.unit.file), code) ?? (e.unit.file !== region.spawn.unit.file ? decodes(ctx.text(e.unit.file), code) : undefined);
      if (!decoded) continue;
      ctx.report({
        unit: e.unit, node: e.node, chain: e.chain, spawn: region.spawn,
        message: sentence(`The child of ${spawnLabel(region.spawn)} reports a failed ${e.exec!.name}() only as exit status ${code}, which the parent decodes (${decoded}), but errno — why the exec failed — never reaches it; write errno to a close-on-exec pipe before _exit`),
      });
    }
  },
};

/** How the file decodes exit status `code`, if it does. */
function decodes(text: string, code: string): string | undefined {
  const status = String.raw`WEXITSTATUS\s*\((?:[^()]|\([^()]*\))*\)`;
  if (new RegExp(`${status}\\s*[!=]=\\s*${code}\\b|\\b${code}\\s*[!=]=\\s*${status}`).test(text)) return `WEXITSTATUS(…) == ${code}`;
  // Copied first: `code = WEXITSTATUS(status); … if (code == 127)`.
  for (const m of text.matchAll(new RegExp(`\\b([A-Za-z_]\\w*)\\s*=\\s*${status}`, 'g'))) {
    if (new RegExp(`\\b${m[1]}\\s*[!=]=\\s*${code}\\b|\\b${code}\\s*[!=]=\\s*${m[1]}\\b|switch\\s*\\(\\s*${m[1]}\\s*\\)[\\s\\S]{0,2000}?\\bcase\\s+${code}\\s*:`).test(text)) return `${m[1]} == ${code}, from WEXITSTATUS`;
  }
  if (new RegExp(`switch\\s*\\(\\s*${status}\\s*\\)[\\s\\S]{0,2000}?\\bcase\\s+${code}\\s*:`).test(text)) return `case ${code}: of a switch on WEXITSTATUS`;
  if (new RegExp(`${status}[\\s\\S]{0,300}?(command not found|cannot execute|not executable)`, 'i').test(text)) return 'reported as "command not found"';
  return undefined;
}
