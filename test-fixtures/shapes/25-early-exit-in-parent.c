/*
 * Shape: a setsid(1)-style launcher whose parent leaves with exit() right after
 * the fork - "if (pid < 0) { ...; exit(1); }" then "if (pid > 0) exit(0);" -
 * so the rest of main() is the child: it calls setsid() and execs the command,
 * and its exit(1) after the failed exec is child-exit-not-_exit. Neither of the
 * parent's exit() calls is flagged.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    pid_t pid;

    if (argc < 2) {
        fprintf(stderr, "usage: %s PROGRAM [ARG...]\n", argv[0]);
        exit(2);
    }
    pid = fork();
    if (pid < 0) {
        perror("fork");
        exit(1);
    }
    if (pid > 0)
        exit(0);
    if (setsid() < 0)
        perror("setsid");
    execvp(argv[1], argv + 1);
    perror(argv[1]);
    exit(1); /* expect: child-exit-not-_exit */
}
