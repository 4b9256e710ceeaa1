// child-exit-not-_exit: exit() (or returning from main) in a child that execs.
import type { Rule } from '../rule';
import { spawnLabel } from '../rule';
import { exitToUnderscoreExit, returnToUnderscoreExit } from '../fixes';

export const rule: Rule = {
  doc: {
    id: 'child-exit-not-_exit',
    defaultSeverity: 'warning',
    summary: 'exit() or a return from main() in a child that execs, instead of _exit()',
    explanation: `A child made to run another program shares the parent's atexit handlers and its stdio buffers, copied at fork time (or, after vfork, the very same ones). \`exit()\` runs those handlers and flushes those buffers: output the parent had buffered but not yet written is written twice, temporary files the parent registered for cleanup are removed under it, and after vfork the parent's own FILE objects are flushed and closed. \`err()\`, \`errx()\` and returning from \`main()\` end in \`exit()\` too.

A child that only runs \`exec\` and reports failure must leave with \`_exit()\`, which ends the process without running any of the parent's code. A worker child that never execs is different: it is a copy of the program and may \`exit()\` like one, so it is not flagged.`,
    badExample: `#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(void) {
    printf("starting\\n");
    if (fork() == 0) {
        execlp("date", "date", (char *)0);
        exit(127);
    }
    return 0;
}`,
    goodExample: `#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(void) {
    printf("starting\\n");
    if (fork() == 0) {
        execlp("date", "date", (char *)0);
        _exit(127);
    }
    return 0;
}`,
    fixable: true,
  },
  checkRegion(region, ctx) {
    if (region.kind === 'handler' || region.kind === 'atfork-child') return;
    if (!region.execs.length) return; // a worker child may exit() like the program it is
    const where = `the child of ${spawnLabel(region.spawn)}`;
    for (const e of region.events) {
      // On a path of the child that never execs, the child is the program carrying on (a daemon): its exit() is its own.
      if (e.inError || e.reachesExec === false) continue;
      if (e.type === 'call' && e.info?.noreturn?.kind === 'process-exit-via-exit') {
        const fix = exitToUnderscoreExit(e.unit, e.node);
        ctx.report({
          unit: e.unit, node: e.node, chain: e.chain, spawn: region.spawn,
          message: `${e.name}() in ${where}, which execs, runs the parent's atexit handlers and flushes the stdio buffers it copied from the parent (buffered output is printed twice); use _exit().`,
          fixes: fix ? [fix] : [],
        });
      }
      if (e.type === 'end' && e.how === 'return' && e.inMain && !e.chain.length && region.kind !== 'vfork' && e.node.type === 'return_statement') {
        ctx.report({
          unit: e.unit, node: e.node, spawn: region.spawn,
          message: `Returning from main() in ${where}, which execs, calls exit(): it runs the parent's atexit handlers and flushes the stdio buffers copied from the parent; use _exit().`,
          fixes: [returnToUnderscoreExit(e.unit, e.node)!],
        });
      }
    }
  },
};
