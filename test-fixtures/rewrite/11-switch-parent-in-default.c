/*
 * Rewrite: a supervisor starts a worker with "switch (pid = fork())"; the
 * parent's own code is in "default:" (it records the pid and waits). The
 * child redirects stdout to a log opened by the parent (close-on-exec, so
 * the child dup2()s it) and exit()s after a failed exec:
 * child-exit-not-_exit. The rewrite leaves "case -1:" and "default:" as they
 * are and removes "case 0:".
 *
 * run: echo worker output
 * fail-run: worker-forklint-missing => supervise: fork: No such file or directory
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    int log, status;
    pid_t pid;

    if (argc < 2)
        return 2;
    log = open("worker.log", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (log < 0)
        return 1;
    switch (pid = fork()) {
    case -1:
        perror("supervise: fork");
        return 1;
    case 0:
        dup2(log, STDOUT_FILENO);
        execvp(argv[1], argv + 1);
        exit(127); /* expect: child-exit-not-_exit */
    default:
        printf("started worker\n");
        waitpid(pid, &status, 0);
        printf("worker exited %d\n", WEXITSTATUS(status));
    }
    close(log);
    return 0;
}
