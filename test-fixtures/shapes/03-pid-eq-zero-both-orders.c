/*
 * Shape: "pid == 0" and the Yoda form "0 == pid" select the same child. The
 * first spawn's child ends its failed exec with exit(1) (child-exit-not-_exit);
 * the second spawn's child has no exit at all after its exec and runs on into
 * the parent's code (exec-without-exit). The parent's own exit() calls are not
 * flagged.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static void run_checked(char *const argv[])
{
    pid_t pid = fork();

    if (pid == 0) {
        execv(argv[0], argv);
        exit(1); /* expect: child-exit-not-_exit */
    }
    if (pid < 0)
        exit(1);
    waitpid(pid, NULL, 0);
}

static void run_unchecked(char *const argv[])
{
    pid_t pid = fork();

    if (0 == pid) {
        execv(argv[0], argv); /* expect: exec-without-exit */
    }
    if (pid > 0)
        waitpid(pid, NULL, 0);
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    run_checked(argv + 1);
    run_unchecked(argv + 1);
    return 0;
}
