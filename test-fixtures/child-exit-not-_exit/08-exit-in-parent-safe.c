/*
 * child-exit-not-_exit, safe twin. A "run and report" wrapper registers an
 * atexit handler and calls exit() in three places - after a failed fork() (the
 * "pid < 0" test sits between the fork and the child branch), in the parent
 * branch of the if/else, and at the end of main - and the child ends its exec
 * failure path with _exit(127). None of the exit() calls can be reached by the
 * child: the child's pid is 0, and its only paths end in execvp or _exit. A
 * linter that flagged exit() anywhere after fork() would flag all three. No
 * finding.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static void flush_report(void)
{
    fflush(stdout);
}

int main(int argc, char **argv)
{
    int status;
    pid_t pid;

    if (argc < 2) {
        fprintf(stderr, "usage: %s PROGRAM [ARG...]\n", argv[0]);
        exit(2);
    }
    atexit(flush_report);
    printf("running %s\n", argv[1]);
    pid = fork();
    if (pid < 0) {
        perror("fork");
        exit(1);
    }
    if (pid == 0) {
        execvp(argv[1], argv + 1);
        perror(argv[1]);
        _exit(127);
    } else {
        if (waitpid(pid, &status, 0) < 0) {
            perror("waitpid");
            exit(1);
        }
    }
    printf("%s: status %d\n", argv[1], WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    exit(0);
}
