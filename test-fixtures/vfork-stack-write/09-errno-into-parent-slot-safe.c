/*
 * vfork-stack-write, safe twin. A spawn function reports exec failure the way
 * glibc's posix_spawn does: the caller passes a pointer to an int, the parent
 * clears it before vfork(), and the child, after a failed execv(), stores errno
 * through that pointer and _exit()s. Because the parent is suspended until the
 * child execs or exits, it reads the value only after the child is gone; this
 * store of errno after a failed exec is the error-report protocol and is not
 * flagged. The parent's own writes after vfork() returns (status, *err, the
 * returned pid) are parent code. No finding.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t spawn_reporting(const char *path, char *const argv[], int *err)
{
    int status;
    pid_t pid;

    *err = 0;
    pid = vfork();
    if (pid < 0) {
        *err = errno;
        return -1;
    }
    if (pid == 0) {
        execv(path, argv);
        *err = errno;
        _exit(127);
    }
    if (*err != 0) {
        waitpid(pid, &status, 0);
        return -1;
    }
    return pid;
}

int main(int argc, char **argv)
{
    int err, status;
    pid_t pid;

    if (argc < 2) {
        fprintf(stderr, "usage: %s PROGRAM [ARG...]\n", argv[0]);
        return 2;
    }
    pid = spawn_reporting(argv[1], argv + 1, &err);
    if (pid < 0) {
        fprintf(stderr, "%s: %s\n", argv[1], strerror(err));
        return 1;
    }
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
