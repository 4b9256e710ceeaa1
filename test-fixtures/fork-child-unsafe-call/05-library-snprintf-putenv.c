/*
 * fork-child-unsafe-call, bug, library code. This file is a library's process
 * helper (there is no main(): the host program decides whether it is
 * threaded, and most hosts that embed a library are). Its child formats
 * "LISTEN_FDS=n" with snprintf() and installs it with putenv() before the
 * exec, as socket-activation code does. In a threaded host both can deadlock
 * the child on a lock held at fork time, so both lines are reported - as
 * warnings, since the threads are not in view. The write/_exit after the failed
 * exec are safe.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

static const char exec_failed[] = "libactivate: exec failed\n";

pid_t activate_service(const char *path, char *const argv[], int nfds)
{
    pid_t pid = fork();

    if (pid == 0) {
        char listen_fds[32];
        snprintf(listen_fds, sizeof listen_fds, "LISTEN_FDS=%d", nfds); /* expect: fork-child-unsafe-call */
        putenv(listen_fds); /* expect: fork-child-unsafe-call */
        execv(path, argv);
        write(2, exec_failed, strlen(exec_failed));
        _exit(127);
    }
    return pid;
}
