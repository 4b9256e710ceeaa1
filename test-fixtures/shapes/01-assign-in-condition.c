/*
 * Shape: the fork is assigned inside the condition, "if ((pid = fork()) == 0)",
 * with the parent's error case as an "else if (pid < 0)". The child region is
 * the then-branch: its exit(127) after the failed exec is flagged as
 * child-exit-not-_exit. The exit(1) in the "pid < 0" branch is the parent's and
 * must not be flagged, nor the parent code after the if.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    int status;
    pid_t pid;

    if (argc < 2)
        return 2;
    if ((pid = fork()) == 0) {
        execvp(argv[1], argv + 1);
        perror(argv[1]);
        exit(127); /* expect: child-exit-not-_exit */
    } else if (pid < 0) {
        perror("fork");
        exit(1);
    }
    waitpid(pid, &status, 0);
    exit(WIFEXITED(status) ? WEXITSTATUS(status) : 1);
}
