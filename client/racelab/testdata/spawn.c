/* Spawn code the Race Lab tests run: the hand-written way, and safespawn. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "safespawn.h"

/* fork + exec, no signal blocking: the parent's SIGTERM handler can run in the child */
pid_t start_worker(const char *path, char *const argv[])
{
    pid_t pid = fork();
    if (pid == 0) {
        execv(path, argv);
        _exit(127);
    }
    return pid;
}

/* the exit status is all the caller learns when the exec fails */
int run_and_wait(const char *path)
{
    char *argv[] = {(char *)path, NULL};
    pid_t pid = vfork();
    if (pid == 0) {
        execv(path, argv);
        _exit(127);
    }
    int status;
    if (waitpid(pid, &status, 0) < 0)
        return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* the same through safespawn: signals blocked, handlers reset, errno and step back */
int start_safely(const char *path, char *const argv[])
{
    ss_child child;
    ss_error err;
    int rc = ss_spawn(&child, path, NULL, argv, NULL, &err);
    if (rc)
        return -rc;
    return child.pid;
}

/* a child that leaves its session and leaves a grandchild behind */
pid_t escape_artist(void)
{
    pid_t pid = fork();
    if (pid == 0) {
        setsid();
        if (fork() == 0)
            for (;;)
                pause();
        for (;;)
            pause();
    }
    return pid;
}
