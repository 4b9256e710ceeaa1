/*
 * Shape: retry loops around the spawn call. run_with_retry() retries fork() on
 * EAGAIN with "while ((pid = fork()) < 0 && errno == EAGAIN) sleep(1);" - the
 * sleep() runs only when fork failed, in the parent - and its child's exit(126)
 * on a failed dup2 is child-exit-not-_exit. run_fast() retries vfork() in a
 * for-loop whose counter is incremented only when vfork() returned -1, so the
 * "tries++" is never run by the child and is not a vfork-stack-write; the
 * child's perror() after the failed exec is a vfork-unsafe-call.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t run_with_retry(char *const argv[], int out_fd)
{
    pid_t pid;

    while ((pid = fork()) < 0 && errno == EAGAIN)
        sleep(1);
    if (pid < 0) {
        perror("fork");
        return -1;
    }
    if (pid == 0) {
        if (dup2(out_fd, 1) < 0)
            exit(126); /* expect: child-exit-not-_exit */
        execvp(argv[0], argv);
        _exit(127);
    }
    return pid;
}

static pid_t run_fast(char *const argv[])
{
    pid_t pid;
    int tries;

    for (tries = 0; (pid = vfork()) < 0 && tries < 5; tries++)
        usleep(1000u << tries);
    if (pid == 0) {
        execvp(argv[0], argv);
        perror(argv[0]); /* expect: vfork-unsafe-call */
        _exit(127);
    }
    if (tries > 0)
        fprintf(stderr, "vfork needed %d retries\n", tries);
    return pid;
}

int main(int argc, char **argv)
{
    pid_t a, b;

    if (argc < 2)
        return 2;
    a = run_with_retry(argv + 1, 1);
    b = run_fast(argv + 1);
    if (a > 0)
        waitpid(a, NULL, 0);
    if (b > 0)
        waitpid(b, NULL, 0);
    return 0;
}
