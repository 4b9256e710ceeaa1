/*
 * No rewrite: the vfork child tells the parent that the exec failed by
 * setting a local the parent reads afterwards ("failed = 1"), which is a
 * vfork-stack-write. Dropping the child's failure path would drop that
 * report, so no rewrite - and no "replace vfork with fork" either: after
 * fork the parent would never see the flag.
 *
 * blocks: when a step or the exec fails the child writes 'failed'
 */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static int start(char **argv)
{
    volatile int failed = 0;
    pid_t pid = vfork();

    if (pid == 0) {
        execv(argv[0], argv);
        failed = 1; /* expect: vfork-stack-write */
        _exit(127);
    }
    if (pid < 0 || failed)
        return -1;
    waitpid(pid, NULL, 0);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    return start(argv + 1) < 0 ? 1 : 0;
}
