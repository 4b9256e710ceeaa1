/*
 * No rewrite: the fork is made in xfork(), a helper that returns the pid
 * (a spawn wrapper), and the child's code is at its caller. The construct is
 * split between two functions, so the rewrite is not offered at the caller;
 * the child's exit() after a failed exec is child-exit-not-_exit there.
 *
 * blocks: the fork is made inside xfork(), a spawn wrapper
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t xfork(void)
{
    pid_t pid = fork();

    if (pid < 0) {
        perror("fork");
        exit(1);
    }
    return pid;
}

int main(int argc, char **argv)
{
    pid_t pid;

    if (argc < 2)
        return 2;
    if ((pid = xfork()) == 0) {
        execvp(argv[1], argv + 1);
        exit(127); /* expect: child-exit-not-_exit */
    }
    waitpid(pid, NULL, 0);
    return 0;
}
