/*
 * Rewrite: a job-control shell puts each job in its own process group; the
 * fork is dispatched with a switch (case -1: the error, case 0: the child,
 * default: the parent). The child calls setpgid(0, 0) and execs; on failure it
 * exit()s (child-exit-not-_exit). The rewrite removes "case 0:", keeps the
 * other cases, and adds the comment to "case -1:", which now also sees a
 * failed exec.
 *
 * run: sh -c "read pid comm state ppid pgrp rest < /proc/self/stat; [ $pid = $pgrp ] && echo own-group"
 * fail-run: no-such-job-forklint => job: No such file or directory
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static int run_job(char **argv)
{
    int status;
    pid_t pid;

    switch (pid = fork()) {
    case -1:
        perror("job");
        return -1;
    case 0:
        setpgid(0, 0);
        execvp(argv[0], argv);
        perror(argv[0]);
        exit(127); /* expect: child-exit-not-_exit */
    default:
        break;
    }
    if (waitpid(pid, &status, 0) < 0)
        return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    printf("job status %d\n", run_job(argv + 1));
    return 0;
}
