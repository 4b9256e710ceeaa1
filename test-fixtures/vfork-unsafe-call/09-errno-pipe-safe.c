/*
 * vfork-unsafe-call, safe twin. A spawn routine reports exec failures the way
 * musl's posix_spawn does: a close-on-exec pipe, and in the vfork child, after
 * the failed execve(), write(fd, &errno, sizeof errno) then _exit(127). The
 * parent reads the pipe: EOF means the exec happened, four bytes are the errno.
 * write(), close() and _exit() are async-signal-safe and on the allowlist, and
 * reading errno is not a write to shared memory, so the child produces no
 * finding; strerror() and fprintf() run in the parent only.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static pid_t spawn_checked(const char *path, char *const argv[], int *exec_errno)
{
    int p[2];
    int err;
    ssize_t n;
    pid_t pid;

    if (pipe2(p, O_CLOEXEC) < 0)
        return -1;
    pid = vfork();
    if (pid == 0) {
        close(p[0]);
        execve(path, argv, environ);
        write(p[1], &errno, sizeof errno);
        _exit(127);
    }
    close(p[1]);
    *exec_errno = 0;
    if (pid > 0) {
        do
            n = read(p[0], &err, sizeof err);
        while (n < 0 && errno == EINTR);
        if (n == (ssize_t)sizeof err) {
            *exec_errno = err;
            waitpid(pid, NULL, 0);
            pid = -1;
        }
    }
    close(p[0]);
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
    pid = spawn_checked(argv[1], argv + 1, &err);
    if (pid < 0) {
        fprintf(stderr, "%s: %s\n", argv[1], strerror(err ? err : errno));
        return 1;
    }
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
