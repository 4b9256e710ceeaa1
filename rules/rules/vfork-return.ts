// vfork-return: a vfork child leaves the function that called vfork.
import type { Rule } from '../rule';
import { sentence, spawnLabel } from '../rule';

export const rule: Rule = {
  doc: {
    id: 'vfork-return',
    defaultSeverity: 'error',
    summary: 'a vfork child returns, longjmps, throws or falls off the end of the function that called vfork',
    explanation: `The vfork child runs on the parent's stack. When it returns from the function that called vfork, it pops that frame and goes on to overwrite the caller's frames with its own calls — while the parent, suspended inside vfork, still needs that frame to resume. When the child finally exits, the parent returns from vfork onto a stack the child has rewritten: a crash, or silently wrong variables. \`longjmp\`, a C++ exception (which also runs destructors of the parent's objects) and falling off the end of the function do the same, and so does a child that runs on past its block into the code the parent runs.

The child must leave only by a successful exec or \`_exit()\`.`,
    badExample: `#include <unistd.h>

int spawn(const char *path) {
    pid_t pid = vfork();
    if (pid == 0) {
        execl(path, path, (char *)0);
        return -1;
    }
    return pid;
}`,
    goodExample: `#include <unistd.h>

int spawn(const char *path) {
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
    if (region.kind !== 'vfork') return;
    const v = spawnLabel(region.spawn);
    const seen = new Set<number>();
    for (const e of region.events) {
      if (e.type !== 'end' || e.inError || e.chain.length) continue;
      // Falling off or running on: the finding lands on the exec whose failure path it is, or on vfork.
      const onExec = e.how === 'falloff' || e.how === 'into-parent';
      const at = onExec ? (e.exec?.node ?? region.spawn.node) : e.node;
      const unit = onExec ? (e.exec?.unit ?? region.spawn.unit) : e.unit;
      if (seen.has(at.startIndex)) continue;
      seen.add(at.startIndex);
      const cpp = e.unit.lang === 'cpp' ? ', running destructors of the parent\'s objects on the way' : '';
      const why =
        e.how === 'return' && e.node.type === 'call_expression' ? `The vfork child leaves the function that called ${v} with ${e.node.childForFieldName('function')?.text}(): it unwinds the stack frame the suspended parent resumes on`
        : e.how === 'return' || e.how === 'wrapper-return' ? `The vfork child returns from the function that called ${v}: it pops the stack frame the suspended parent resumes on${cpp}`
        : e.how === 'throw' ? `The vfork child throws out of the function that called ${v}: it unwinds the stack frame the suspended parent resumes on${cpp}`
        : e.how === 'falloff' ? (e.exec ? `If ${e.exec.name}() fails, the vfork child falls off the end of the function that called ${v} and returns on the parent's stack; end the failure path with _exit(127)` : `The vfork child falls off the end of the function that called ${v} without exec or _exit, returning on the parent's stack`)
        : e.exec ? `If ${e.exec.name}() fails, the vfork child runs on into the parent's code on the parent's stack; end the failure path with _exit(127)`
        : `The vfork child runs on into the code the parent runs after ${v}, on the parent's stack, without exec or _exit`;
      ctx.report({ unit, node: at, spawn: region.spawn, message: sentence(why) });
    }
  },
};
