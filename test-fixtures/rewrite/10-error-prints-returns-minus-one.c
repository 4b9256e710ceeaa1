/*
 * Rewrite: a pager launcher with the fork in the if condition, error first:
 * "if ((pid = fork()) == -1) { report; return -1; }", then the child's branch.
 * The child exit()s after a failed exec (child-exit-not-_exit). The rewrite
 * hoists the spawn out of the condition, which becomes "if (pid == -1)",
 * and that branch - printing the error and returning -1 - now also runs for
 * a failed exec, with its errno.
 *
 * run: cat
 * run: wc -c
 * fail-run: pager-forklint-missing => pager: cannot start pager-forklint-missing: No such file or directory
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int page(char **argv)
{
    int status;
    pid_t pid;

    if ((pid = fork()) == -1) {
        fprintf(stderr, "pager: cannot start %s: %s\n", argv[0], strerror(errno));
        return -1;
    }
    if (pid == 0) {
        execvp(argv[0], argv);
        exit(127); /* expect: child-exit-not-_exit */
    }
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WEXITSTATUS(status);
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    if (page(argv + 1) < 0) {
        fputs("no pager\n", stderr);
        return 1;
    }
    return 0;
}
