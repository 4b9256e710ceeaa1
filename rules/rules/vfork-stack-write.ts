// vfork-stack-write: a write a vfork (or clone(CLONE_VM)) child makes to memory the parent sees.
import type { Rule } from '../rule';
import { sentence, spawnLabel } from '../rule';
import { vforkToFork } from '../rewrite/vfork-to-fork';

export const rule: Rule = {
  doc: {
    id: 'vfork-stack-write',
    defaultSeverity: 'error',
    summary: 'a vfork or clone(CLONE_VM) child writes memory the parent sees: a local of the vforking function, a global, or through a pointer',
    explanation: `A vfork child shares the parent's memory, including the stack frame of the function that called vfork. When the parent resumes, every local the child assigned has the child's value — or, worse, the compiler kept the variable in a register that the parent restores, so the parent sees a value neither side wrote. Globals, statics and anything reached through a pointer are simply shared. POSIX makes any such write undefined behaviour; clang's unix.Vfork check flags them.

A variable declared inside the child's own block is not flagged: no parent code can read it, and glibc's posix_spawn does exactly that. Nor is a write in the code between vfork and the branch, which the parent runs again when it resumes. Nor is a write through a pointer to memory only the child can reach: memory it allocated itself (malloc, calloc, strdup, or the program's functions that return such memory), followed into the functions it is passed to, or a local of a function the child called (\`&local\` passed down, a local array), and the members of such memory (\`li->line\` of a record the child allocated) — the parent holds no pointer to it; the allocation is the vfork-unsafe-call finding. Nor is a write through a name declared nowhere the file can see: that code sits in a preprocessor arm no build can compile. Storing \`errno\` into shared memory after a failed exec, to report the error to the parent, is the accepted protocol and is not flagged either; nor is the pid variable itself.`,
    badExample: `#include <unistd.h>

int spawn(const char *path) {
    int failed = 0;
    pid_t pid = vfork();
    if (pid == 0) {
        execl(path, path, (char *)0);
        failed = 1;
        _exit(127);
    }
    return failed ? -1 : pid;
}`,
    goodExample: `#include <errno.h>
#include <unistd.h>

int spawn(const char *path, volatile int *err) {
    pid_t pid = vfork();
    if (pid == 0) {
        execl(path, path, (char *)0);
        *err = errno;
        _exit(127);
    }
    return pid;
}`,
    fixable: true,
  },
  checkRegion(region, ctx) {
    if (region.kind !== 'vfork' && region.kind !== 'clone-vm') return;
    const child = region.kind === 'vfork' ? `the vfork child (${spawnLabel(region.spawn)})` : 'the clone(CLONE_VM) child';
    const toFork = vforkToFork(region);
    for (const e of region.events) {
      // Code between vfork and the branch runs again in the parent when it resumes, redoing the write
      // (emacs restores its locals from volatile copies right after vfork, in both processes).
      if (e.type !== 'write' || e.inError || e.shared) continue;
      const what = e.what;
      const why =
        e.cls === 'shared-local' ? `${child} writes '${what}', a local of the function that called ${spawnLabel(region.spawn)}: the child shares that stack frame, so the parent resumes with the child's value (or a register copy that disagrees with it)`
        : e.cls === 'pointer' ? `${child} writes through '${what}' into memory it shares with the parent, which resumes with the child's change`
        : `${child} writes the ${e.cls === 'static' ? 'static' : 'global'} '${what}', which it shares with the parent`;
      ctx.report({ unit: e.unit, node: e.node, chain: e.chain, spawn: region.spawn, message: sentence(why), fixes: toFork ? [toFork] : [] });
    }
  },
};
