/*
 * multi/library-helpers: library code spread over two files, with no main().
 * lib_spawn_worker() forks and, in the child, builds the environment through
 * format_env() from envfmt.c before execve(). Because no main() is among the
 * files, the host program may well be threaded: the non-async-signal-safe call
 * that the child reaches in envfmt.c is reported there as a warning. Nothing
 * in this file is flagged: the call is followed, and the rest is
 * async-signal-safe.
 */
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "envfmt.h"

static const char exec_failed[] = "libworker: exec failed\n";

pid_t lib_spawn_worker(const char *path, long worker_id, int ctl_fd)
{
    pid_t pid = fork();

    if (pid == 0) {
        char id_var[48];
        char fd_var[48];
        char *argv[] = { (char *)path, NULL };
        char *envp[] = { id_var, fd_var, NULL };
        if (format_env(id_var, sizeof id_var, "WORKER_ID", worker_id) < 0 || format_env(fd_var, sizeof fd_var, "WORKER_CTL_FD", ctl_fd) < 0)
            _exit(126);
        execve(path, argv, envp);
        write(2, exec_failed, strlen(exec_failed));
        _exit(127);
    }
    return pid;
}
