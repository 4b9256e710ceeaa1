/*
 * child-exit-not-_exit, bug. A BSD-style utility uses err(3) and errx(3) for all
 * its diagnostics, including in the forked child: errx() when chdir() fails and
 * err() when the exec fails. Both print and then call exit(), so in a child
 * that execs they are the same bug as exit(): the parent's atexit handlers run
 * and its buffered output is flushed a second time. Each is flagged on its
 * line.
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    int status;
    pid_t pid;

    if (argc < 3)
        errx(2, "usage: %s DIR PROGRAM [ARG...]", argv[0]);
    printf("running %s in %s\n", argv[2], argv[1]);
    pid = fork();
    if (pid == -1)
        err(1, "fork");
    if (pid == 0) {
        if (chdir(argv[1]) == -1)
            errx(126, "cannot enter %s", argv[1]); /* expect: child-exit-not-_exit */
        execvp(argv[2], argv + 2);
        err(127, "%s", argv[2]); /* expect: child-exit-not-_exit */
    }
    if (waitpid(pid, &status, 0) == -1)
        err(1, "waitpid");
    return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
