/*
 * Rewrite: a shell runs "producer | consumer": two forks, each child
 * dup2()s its end of the pipe and closes both ends, and each exit()s after a
 * failed exec (two child-exit-not-_exit findings). Each spawn site is
 * rewritten on its own (forklint --fix takes one per pass); the parent's
 * closes and two waits stay.
 *
 * run: "printf 'b\na\nc\n'" sort
 * run: "echo one two" "wc -w"
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    int p[2];
    int s1, s2;
    pid_t left, right;

    if (argc < 3 || pipe2(p, O_CLOEXEC) < 0)
        return 2;
    left = fork();
    if (left < 0) {
        perror("fork");
        return 1;
    }
    if (left == 0) {
        dup2(p[1], 1);
        close(p[0]);
        close(p[1]);
        execl("/bin/sh", "sh", "-c", argv[1], (char *)NULL);
        exit(127); /* expect: child-exit-not-_exit */
    }
    right = fork();
    if (right < 0) {
        perror("fork");
        return 1;
    }
    if (right == 0) {
        dup2(p[0], 0);
        close(p[0]);
        close(p[1]);
        execl("/bin/sh", "sh", "-c", argv[2], (char *)NULL);
        exit(127); /* expect: child-exit-not-_exit */
    }
    close(p[0]);
    close(p[1]);
    waitpid(left, &s1, 0);
    waitpid(right, &s2, 0);
    printf("pipeline: %d %d\n", WEXITSTATUS(s1), WEXITSTATUS(s2));
    return 0;
}
