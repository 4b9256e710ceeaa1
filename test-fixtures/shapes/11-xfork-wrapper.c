/*
 * Shape: a spawn wrapper. xfork() retries fork() and dies on failure, and
 * returns the pid - in the parent and in the child - so each call of xfork() is
 * a spawn site and the child region continues at the call site. In
 * run_filter() the child's exit(2) on a failed dup2 is child-exit-not-_exit; in
 * run_detached() the child is clean. xfork()'s own perror()/exit() are in its
 * "pid < 0" branch, which only the parent reaches, and are not flagged.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t xfork(void)
{
    pid_t pid;
    int tries = 0;

    while ((pid = fork()) < 0 && errno == EAGAIN && tries++ < 3)
        sleep(1);
    if (pid < 0) {
        perror("fork");
        exit(1);
    }
    return pid;
}

static int run_filter(char *const argv[], int in_fd, int out_fd)
{
    int status;
    pid_t pid = xfork();

    if (pid == 0) {
        if (dup2(in_fd, 0) < 0 || dup2(out_fd, 1) < 0)
            exit(2); /* expect: child-exit-not-_exit */
        execvp(argv[0], argv);
        _exit(127);
    }
    waitpid(pid, &status, 0);
    return status;
}

static void run_detached(char *const argv[])
{
    if (xfork() == 0) {
        setsid();
        execvp(argv[0], argv);
        _exit(127);
    }
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    run_filter(argv + 1, 0, 1);
    run_detached(argv + 1);
    return 0;
}
