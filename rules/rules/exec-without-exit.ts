// exec-without-exit: an exec whose failure path runs on into the parent's code.
import type { Rule } from '../rule';
import { spawnLabel } from '../rule';
import { exitAfterExec } from '../fixes';

export const rule: Rule = {
  doc: {
    id: 'exec-without-exit',
    defaultSeverity: 'error',
    summary: "an exec call whose failure path does not end in _exit(): the child runs on into the parent's code",
    explanation: `\`exec\` returns only when it fails (the program is missing, not executable, a limit was hit). A child whose code after the exec does not end the process then carries on with whatever follows: it falls out of the \`if (pid == 0)\` block, returns to the caller, or loops back — and from there on there are two copies of the parent, both writing the same files, answering the same sockets, and spawning again. The failure path must end in \`_exit()\` (conventionally with status 127, after reporting the error), \`_Exit()\` or \`abort()\`.

In a vfork child the same mistake is reported as vfork-return, and a failure path that ends in \`exit()\` as child-exit-not-_exit.`,
    badExample: `#include <sys/wait.h>
#include <unistd.h>

int run(char *const argv[]) {
    pid_t pid = fork();
    if (pid == 0) {
        execvp(argv[0], argv);
    }
    int status;
    waitpid(pid, &status, 0);
    return status;
}`,
    goodExample: `#include <sys/wait.h>
#include <unistd.h>

int run(char *const argv[]) {
    pid_t pid = fork();
    if (pid == 0) {
        execvp(argv[0], argv);
        _exit(127);
    }
    int status;
    waitpid(pid, &status, 0);
    return status;
}`,
    fixable: true,
  },
  checkRegion(region, ctx) {
    if (region.kind !== 'fork') return; // vfork: vfork-return; clone: returning from the child function ends it
    const seen = new Set<string>();
    for (const e of region.events) {
      if (e.type !== 'end' || !e.exec || e.inError) continue;
      if (e.how === 'return' && e.inMain && !e.chain.length) continue; // child-exit-not-_exit
      const x = e.exec;
      const key = `${x.unit.key}:${x.node.startIndex}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const fate = e.how === 'into-parent' ? "runs on into the code the parent runs after the fork"
        : e.how === 'falloff' ? `falls off the end of ${e.inMain ? 'main()' : 'the function'} into its caller`
        : 'returns into the caller as a second copy of the parent';
      const fix = exitAfterExec(x.unit, x.node);
      ctx.report({
        unit: x.unit, node: x.node, chain: x.chain, spawn: region.spawn,
        message: `If ${x.name}() fails, the child of ${spawnLabel(region.spawn)} ${fate}; end the failure path with _exit(127).`,
        fixes: fix ? [fix] : [],
      });
    }
  },
};
