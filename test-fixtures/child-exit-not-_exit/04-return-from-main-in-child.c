/*
 * child-exit-not-_exit, bug. A "timeit" wrapper forks and runs the command in the
 * child directly inside main(); when the exec fails the child reports and
 * returns 1 from main(). Returning from main() is exit(): the parent's atexit
 * handler and stdio flush run in the child. Flagged on the return (this rule
 * only: the failure path ends the child, it does not run into parent code).
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static struct timespec started;

static void report_time(void)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    fprintf(stderr, "%.3f s\n", (double)(now.tv_sec - started.tv_sec) + (double)(now.tv_nsec - started.tv_nsec) / 1e9);
}

int main(int argc, char **argv)
{
    int status;
    pid_t pid;

    if (argc < 2) {
        fprintf(stderr, "usage: %s PROGRAM [ARG...]\n", argv[0]);
        return 2;
    }
    clock_gettime(CLOCK_MONOTONIC, &started);
    atexit(report_time);
    pid = fork();
    if (pid < 0) {
        perror("fork");
        return 1;
    }
    if (pid == 0) {
        execvp(argv[1], argv + 1);
        perror(argv[1]);
        return 1; /* expect: child-exit-not-_exit */
    }
    if (waitpid(pid, &status, 0) < 0)
        return 1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
