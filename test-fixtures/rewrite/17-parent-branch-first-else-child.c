/*
 * Rewrite: "if (pid) { parent, which checks for -1 itself } else { child }".
 * The parent's branch is taken for a failed fork too, and it tests pid < 0
 * inside; the child's branch is the else. The child exit()s after a failed
 * exec (child-exit-not-_exit). The rewrite drops the else; a failed spawn
 * sets pid to -1 and errno, which the parent's own check reports.
 *
 * run: echo via else
 * fail-run: missing-forklint => runner: spawn failed: No such file or directory
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    int status;
    pid_t pid;

    if (argc < 2)
        return 2;
    pid = fork();
    if (pid) {
        if (pid < 0) {
            fprintf(stderr, "runner: spawn failed: %s\n", strerror(errno));
            return 1;
        }
        waitpid(pid, &status, 0);
        printf("status %d\n", WEXITSTATUS(status));
    } else {
        execvp(argv[1], argv + 1);
        exit(127); /* expect: child-exit-not-_exit */
    }
    return 0;
}
