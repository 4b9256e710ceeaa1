// fork-child-unsafe-call: a call that is not async-signal-safe in the child of a
// fork in a multithreaded process (or in library code, whose host may be).
import type { CallEvent } from '../child';
import type { Rule } from '../rule';
import { sentence, spawnLabel } from '../rule';
import { ownedByOtherRule, safeInForkChild } from '../safety';

export const rule: Rule = {
  doc: {
    id: 'fork-child-unsafe-call',
    defaultSeverity: 'error',
    summary: 'a call that is not async-signal-safe before exec in the child of a fork in a multithreaded program or in library code',
    explanation: `fork() copies only the calling thread. Every lock another thread held at that moment — the heap lock inside malloc, a FILE's lock inside printf, the NSS and locale locks, the dynamic loader's lock — stays locked in the child, and nobody is left to unlock it. Until it execs, the child of a multithreaded process may therefore call only async-signal-safe functions (POSIX; signal-safety(7)); anything else can deadlock the child forever or corrupt the state it copied.

This depends on the program, so forklint looks at all the files linted together: if they create threads (pthread_create, thrd_create, std::thread, std::jthread, std::async, \`#pragma omp\`) each unsafe call before the exec is an error; if they have no \`main()\` (library code, whose host may well be threaded) a warning; a program with \`main()\` that creates no threads gets nothing — its child may call anything. A worker child that never execs gets one warning on the fork, naming the first unsafe calls — in library code, or when the file with the fork creates threads itself (a daemon's child carrying on as the program is not suspect merely because another part of the tree starts threads). Where glibc or musl make a call safe in their own fork (glibc resets its malloc locks in the child), the finding is a warning that says so: POSIX does not promise it.`,
    badExample: `#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static void *work(void *arg) { return arg; }

int main(void) {
    pthread_t t;
    pthread_create(&t, NULL, work, NULL);
    pid_t pid = fork();
    if (pid == 0) {
        fprintf(stderr, "child %d\\n", (int)getpid());
        execlp("true", "true", (char *)0);
        _exit(127);
    }
    pthread_join(t, NULL);
    return 0;
}`,
    goodExample: `#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static void *work(void *arg) { return arg; }

int main(void) {
    pthread_t t;
    pthread_create(&t, NULL, work, NULL);
    fprintf(stderr, "spawning\\n");
    pid_t pid = fork();
    if (pid == 0) {
        execlp("true", "true", (char *)0);
        _exit(127);
    }
    pthread_join(t, NULL);
    return 0;
}`,
    fixable: false,
  },
  checkRegion(region, ctx) {
    if (region.kind !== 'fork' && region.kind !== 'clone') return;
    const threads = ctx.threads();
    const threaded = ctx.assumeThreaded || !!threads;
    const library = !ctx.hasMain();
    if (!threaded && !library) return;
    const unsafe = region.events.filter((e): e is CallEvent =>
      e.type === 'call' && !e.inError && e.exec === null && (!region.execs.length || e.reachesExec !== false) && !!e.info?.isLibc && !ownedByOtherRule(e) && !safeInForkChild(e.info));
    if (!unsafe.length) return;
    const context = threaded
      ? threads ? `this program creates threads (${threads.what} at ${basename(threads.file)}:${threads.line + 1})` : 'this program is configured as multithreaded'
      : 'this is library code whose host may be multithreaded';
    const v = spawnLabel(region.spawn);
    if (!region.execs.length) {
      // A worker child is the program carrying on (a daemon, a preforked
      // server): that is only suspect where threads are known to exist at the
      // fork — in library code, or when this very file creates them.
      if (!library && !ctx.assumeThreaded && !ctx.threadsIn(region.spawn.unit.file, region.spawn.node.startIndex)) return;
      const names = [...new Set(unsafe.map((e) => `${e.name}()`))];
      const first = names.slice(0, 3).join(', ') + (names.length > 3 ? ` and ${names.length - 3} more` : '');
      ctx.report({
        unit: region.spawn.unit, node: region.spawn.node, spawn: undefined, severity: 'warning',
        message: `The child of ${v} never execs but calls ${first}, which are not async-signal-safe; ${context}, and a lock another thread held at fork time stays locked in the child.`,
      });
      return;
    }
    for (const e of unsafe) {
      const info = e.info!;
      const libcSafe = info.forkSafeIn.length
        ? ` (${info.forkSafeIn.map((s) => s.libc).join(' and ')} make${info.forkSafeIn.length > 1 ? '' : 's'} it safe in ${info.forkSafeIn.length > 1 ? 'their' : 'its'} own fork: ${info.forkSafeIn[0].how.replace(/\.$/, '')}; POSIX does not promise it)`
        : '';
      const hazard = info.hazard ?? `${e.name}() is not async-signal-safe`;
      ctx.report({
        unit: e.unit, node: e.node, chain: e.chain, spawn: region.spawn,
        severity: !threaded || libcSafe ? 'warning' : 'error',
        message: sentence(`${e.name}() before exec in the child of ${v}, and ${context}: ${hazard.replace(/\.$/, '')}${libcSafe}`),
      });
    }
  },
};

function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}
