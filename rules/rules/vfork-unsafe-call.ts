// vfork-unsafe-call: a call a vfork (or clone(CLONE_VM)) child must not make.
import type { Rule } from '../rule';
import { sentence, spawnLabel } from '../rule';
import { ownedByOtherRule, safeInVforkChild } from '../safety';

export const rule: Rule = {
  doc: {
    id: 'vfork-unsafe-call',
    defaultSeverity: 'error',
    summary: 'a call other than exec, _exit and the known-safe syscall wrappers in a vfork or clone(CLONE_VM) child',
    explanation: `A vfork child runs in the parent's memory, on the parent's stack, while the calling thread is suspended. POSIX allows it only to exec or \`_exit\`; real spawn code (glibc's and musl's posix_spawn, CPython) also makes plain syscall wrappers there — \`dup2\`, \`close\`, \`sigaction\`, \`sigprocmask\`, \`setpgid\`, \`chdir\` — because they touch no library state. Anything else changes state the parent owns: \`printf\` fills the parent's stdio buffer, \`malloc\` rewrites the parent's heap (and may wait on a lock another thread holds), \`setenv\` reallocates the parent's environment.

The set*id wrappers are flagged too: glibc makes every thread of the process apply the new id by signalling them, and a vfork child shares the parent's thread list; real spawn code uses the raw syscall (\`syscall(SYS_setuid, uid)\`). A call to a function forklint cannot see (no definition in the linted files, no knowledge-base entry) is flagged because nothing shows it is safe.`,
    badExample: `#include <stdio.h>
#include <unistd.h>

pid_t start(const char *path) {
    pid_t pid = vfork();
    if (pid == 0) {
        printf("starting %s\\n", path);
        execl(path, path, (char *)0);
        _exit(127);
    }
    return pid;
}`,
    goodExample: `#include <stdio.h>
#include <unistd.h>

pid_t start(const char *path) {
    printf("starting %s\\n", path);
    pid_t pid = vfork();
    if (pid == 0) {
        execl(path, path, (char *)0);
        _exit(127);
    }
    return pid;
}`,
    fixable: false,
  },
  checkRegion(region, ctx) {
    if (region.kind !== 'vfork' && region.kind !== 'clone-vm') return;
    const child = region.kind === 'vfork' ? `vfork child (${spawnLabel(region.spawn)})` : 'clone(CLONE_VM) child';
    for (const e of region.events) {
      if (e.type !== 'call' || e.inError || ownedByOtherRule(e)) continue;
      if (e.info && safeInVforkChild(e.info)) continue;
      let why: string;
      if (!e.info) {
        why = e.unknown && !/^[A-Za-z_]\w*$/.test(e.name)
          ? `a call through ${e.name} in a ${child}: forklint cannot tell what it runs, and the child shares the parent's memory`
          : `${e.name}() has no definition in the linted files and no knowledge-base entry, so nothing shows it is safe in a ${child}, which shares the parent's memory`;
      } else if (e.info.setid) {
        why = `${e.name}() in a ${child}: ${e.info.hazard ?? "glibc makes every thread of the parent apply the new id"}; use the raw syscall (syscall(SYS_${e.name}, …))`;
      } else {
        why = `${e.name}() in a ${child}, which runs in the parent's memory with the parent suspended: ${e.info.hazard ?? 'it is not async-signal-safe'}`;
      }
      ctx.report({ unit: e.unit, node: e.node, chain: e.chain, spawn: region.spawn, message: sentence(why) });
    }
  },
};

