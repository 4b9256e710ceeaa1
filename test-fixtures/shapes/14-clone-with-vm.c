/*
 * Shape: clone(fn, stack, CLONE_VM | CLONE_VFORK | SIGCHLD, arg). The child is
 * the function fn, running in the parent's memory, so the vfork rules apply to
 * it: its fprintf() is a vfork-unsafe-call and its store to the global
 * "spawn_count" a vfork-stack-write. Its own locals are on its own stack and
 * may be written, storing errno into the argument block after the failed
 * exec is the error-report protocol, and "return 127" ends a clone child
 * cleanly - none of those is flagged, and vfork-return does not apply.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static unsigned spawn_count;

struct child_args {
    char *const *argv;
    int nredirect;
    int err;
};

static int child_fn(void *p)
{
    struct child_args *a = p;
    int fd;

    for (fd = 0; fd < a->nredirect; fd++)
        dup2(2, fd);
    spawn_count++; /* expect: vfork-stack-write */
    fprintf(stderr, "exec %s\n", a->argv[0]); /* expect: vfork-unsafe-call */
    execvp(a->argv[0], a->argv);
    a->err = errno;
    return 127;
}

int main(int argc, char **argv)
{
    const size_t stack_size = 64 * 1024;
    struct child_args a = { argv + 1, 0, 0 };
    char *stack;
    pid_t pid;

    if (argc < 2)
        return 2;
    stack = mmap(NULL, stack_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (stack == MAP_FAILED)
        return 1;
    pid = clone(child_fn, stack + stack_size, CLONE_VM | CLONE_VFORK | SIGCHLD, &a);
    if (pid < 0)
        return 1;
    waitpid(pid, NULL, 0);
    printf("%u spawned, last errno %d\n", spawn_count, a.err);
    return 0;
}
