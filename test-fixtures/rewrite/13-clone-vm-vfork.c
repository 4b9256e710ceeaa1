/*
 * Rewrite: clone(fn, stack, CLONE_VM | CLONE_VFORK | SIGCHLD, argv) - the
 * hand-made vfork. The child function perror()s after a failed exec, inside
 * the parent's memory: vfork-unsafe-call. The rewrite spawns with safespawn
 * (which does the same clone on its own stack, safely); the malloc'ed stack
 * stays, since the parent still frees it.
 *
 * run: /bin/echo vm child
 * fail-run: /nonexistent/vm-child => spawn: No such file or directory
 */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#define STACK_SIZE (64 * 1024)

static int run_child(void *arg)
{
    char **argv = arg;

    execv(argv[0], argv);
    perror(argv[0]); /* expect: vfork-unsafe-call */
    return 127;
}

int main(int argc, char **argv)
{
    char *stack = malloc(STACK_SIZE);
    int status;
    pid_t pid;

    if (argc < 2 || !stack)
        return 2;
    pid = clone(run_child, stack + STACK_SIZE, CLONE_VM | CLONE_VFORK | SIGCHLD, argv + 1);
    if (pid == -1) {
        perror("spawn");
        free(stack);
        return 1;
    }
    waitpid(pid, &status, 0);
    free(stack);
    printf("exit %d\n", WEXITSTATUS(status));
    return 0;
}
