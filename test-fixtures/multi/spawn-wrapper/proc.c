/*
 * multi/spawn-wrapper: xspawn_fork() retries fork() on EAGAIN, dies with
 * perror()/exit() when it cannot fork, and returns the pid in both processes:
 * it is a spawn wrapper, and its callers in main.c are spawn sites. Its own
 * exit() is in the "pid < 0" branch, which the child never reaches: nothing in
 * this file is flagged.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "proc.h"

pid_t xspawn_fork(void)
{
    pid_t pid;

    while ((pid = fork()) < 0 && errno == EAGAIN)
        usleep(100000);
    if (pid < 0) {
        perror("fork");
        exit(1);
    }
    return pid;
}

int wait_for(pid_t pid)
{
    int status;

    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}
