// signal-handler-unsafe-call: a call that is not async-signal-safe in a signal
// handler (or a pthread_atfork child handler).
import { functionName, rangeOf } from '../ast';
import type { Rule } from '../rule';
import { sentence } from '../rule';
import { safeInForkChild } from '../safety';

// What a pthread_atfork child handler is for: releasing or re-initialising the
// locks its prepare handler took before the fork (POSIX.1-2017 pthread_atfork,
// RATIONALE; glibc's malloc and stdio do the same in their fork handling).
const ATFORK_CHILD_RELEASES = new Set([
  'pthread_mutex_unlock', 'pthread_mutex_init', 'pthread_rwlock_unlock', 'pthread_rwlock_init',
  'pthread_spin_unlock', 'pthread_spin_init', 'pthread_cond_init', 'mtx_unlock', 'mtx_init', 'cnd_init',
]);

export const rule: Rule = {
  doc: {
    id: 'signal-handler-unsafe-call',
    defaultSeverity: 'warning',
    summary: 'a call that is not async-signal-safe in a function installed as a signal handler or pthread_atfork child handler',
    explanation: `A signal handler runs in the middle of whatever the interrupted thread was doing — possibly inside \`malloc\` with the heap lock held, or inside \`printf\` with stdout's lock held. If the handler then calls \`malloc\` or \`printf\` itself, it waits for a lock its own thread holds: a deadlock, or, for functions without locks, corrupted state. POSIX lists the functions a handler may call (signal-safety(7)); everything else is undefined there. \`exit()\` is not on the list (it runs atexit handlers and flushes stdio; use \`_exit()\`), and since POSIX.1-2024 neither is \`fork()\` (\`_Fork()\` is).

forklint follows the handler into the functions it calls that are defined in the linted files, finds handlers installed with \`signal()\`, \`sigaction()\` (through \`sa_handler\` or \`sa_sigaction\`), through function-pointer variables and C++ \`std::signal\`, and checks \`pthread_atfork\` child handlers too: they run in the child of every fork, where the same restriction holds if the process has threads (releasing or re-initialising locks there — \`pthread_mutex_unlock\`, \`pthread_mutex_init\` — is what a child handler is for, and is not flagged). The usual safe handler sets a \`volatile sig_atomic_t\` flag, or writes a byte to a pipe, and returns.`,
    badExample: `#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void on_term(int sig) {
    printf("caught %d\\n", sig);
    exit(1);
}

int main(void) {
    signal(SIGTERM, on_term);
    for (;;) pause();
}`,
    goodExample: `#include <signal.h>
#include <unistd.h>

static volatile sig_atomic_t stop;

static void on_term(int sig) {
    (void)sig;
    stop = 1;
}

int main(void) {
    signal(SIGTERM, on_term);
    while (!stop) pause();
    write(1, "bye\\n", 4);
    return 0;
}`,
    fixable: false,
  },
  checkRegion(region, ctx) {
    if (region.kind !== 'handler' && region.kind !== 'atfork-child') return;
    const def = region.spawn.childFn?.def;
    const name = (def && functionName(def)) ?? 'handler';
    const what = region.kind === 'atfork-child' ? `the pthread_atfork child handler ${name}()` : `the signal handler ${name}() (installed with ${region.spawn.name}())`;
    const installed = { file: region.spawn.unit.file, range: rangeOf(region.spawn.node), message: `${name}() is installed as a handler here` };
    for (const e of region.events) {
      if (e.type !== 'call' || e.inError || !e.info?.isLibc) continue;
      if (safeInForkChild(e.info)) continue;
      if (region.kind === 'atfork-child' && ATFORK_CHILD_RELEASES.has(e.info.name)) continue;
      const hazard = e.info.hazard ?? `${e.name}() is not async-signal-safe`;
      const why = region.kind === 'atfork-child'
        ? `${e.name}() in ${what}, which runs in the child of every fork, where another thread may have held its lock: ${hazard}`
        : `${e.name}() in ${what} is not async-signal-safe: the signal may arrive while the interrupted code is inside the same kind of call, and ${hazard.charAt(0).toLowerCase()}${hazard.slice(1)}`;
      // The chain's first step is the installing call, shown as such.
      ctx.report({ unit: e.unit, node: e.node, chain: e.chain.slice(1), related: [installed], message: sentence(why) });
    }
  },
};
