/*
 * vfork-unsafe-call, safe twin of 03. A cron-like daemon runs a user's job with
 * vfork() and drops privileges in the child with raw system calls -
 * syscall(SYS_setgroups), syscall(SYS_setresgid), syscall(SYS_setresuid) - the
 * way glibc's and musl's posix_spawn do, instead of the libc wrappers that
 * broadcast to every thread. It also calls getenv() (musl's own spawn child
 * calls it to read PATH), close_range() with a getrlimit()/sysconf() bounded
 * close loop as fallback, umask(), chdir(), setpgid() and prctl(): all on the
 * vfork-child allowlist. The struct rlimit is a fresh local of the child.
 * Nothing here is flagged.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t run_user_job(const char *cmd, uid_t uid, gid_t gid, const char *home)
{
    pid_t pid = vfork();

    if (pid == 0) {
        struct rlimit nofile;
        const char *shell = getenv("CRON_SHELL");

        if (shell == NULL)
            shell = "/bin/sh";
        if (syscall(SYS_setgroups, 0, NULL) < 0 || syscall(SYS_setresgid, gid, gid, gid) < 0 || syscall(SYS_setresuid, uid, uid, uid) < 0)
            _exit(126);
        if (close_range(3, ~0U, 0) < 0) {
            long max = getrlimit(RLIMIT_NOFILE, &nofile) == 0 && nofile.rlim_cur != RLIM_INFINITY ? (long)nofile.rlim_cur : sysconf(_SC_OPEN_MAX);
            for (long fd = 3; fd < max; fd++)
                close((int)fd);
        }
        umask(077);
        if (chdir(home) < 0)
            _exit(126);
        setpgid(0, 0);
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        execl(shell, shell, "-c", cmd, (char *)NULL);
        _exit(127);
    }
    return pid;
}

int main(int argc, char **argv)
{
    int status;
    pid_t pid;

    if (argc != 5) {
        fprintf(stderr, "usage: %s COMMAND UID GID HOME\n", argv[0]);
        return 2;
    }
    pid = run_user_job(argv[1], (uid_t)strtoul(argv[2], NULL, 10), (gid_t)strtoul(argv[3], NULL, 10), argv[4]);
    if (pid < 0) {
        perror("vfork");
        return 1;
    }
    if (waitpid(pid, &status, 0) < 0)
        return 1;
    printf("job exited with status %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    return 0;
}
