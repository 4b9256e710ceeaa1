/*
 * Rewrite: a build tool captures a command's standard output through a pipe
 * (the child dup2()s the write end onto stdout and closes both ends, then
 * execvp()s). The child reports a failed exec with perror() and exit(127):
 * child-exit-not-_exit on the exit. The rewrite keeps the pipe, the parent's
 * reading loop and its waitpid(), turns the three descriptor steps into
 * safespawn actions, and the parent's "if (pid < 0)" branch now also reports
 * an exec failure with its errno.
 *
 * run: printf "alpha\nbeta\ngamma\n"
 * run: sh -c "echo one; exit 3"
 * fail-run: no-such-program-forklint => capture: no-such-program-forklint: No such file or directory
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int capture(char **argv, char *buf, size_t size)
{
    int p[2];
    int status;
    size_t used = 0;
    ssize_t n;
    pid_t pid;

    if (pipe2(p, O_CLOEXEC) < 0)
        return -1;
    pid = fork();
    if (pid < 0) {
        fprintf(stderr, "capture: %s: %s\n", argv[0], strerror(errno));
        close(p[0]);
        close(p[1]);
        return -1;
    }
    if (pid == 0) {
        dup2(p[1], STDOUT_FILENO);
        close(p[0]);
        close(p[1]);
        execvp(argv[0], argv);
        perror(argv[0]);
        exit(127); /* expect: child-exit-not-_exit */
    }
    close(p[1]);
    while (used + 1 < size && (n = read(p[0], buf + used, size - used - 1)) > 0)
        used += (size_t)n;
    buf[used] = '\0';
    close(p[0]);
    if (waitpid(pid, &status, 0) < 0)
        return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

int main(int argc, char **argv)
{
    char out[4096];
    int rc;

    if (argc < 2)
        return 2;
    rc = capture(argv + 1, out, sizeof out);
    if (rc < 0)
        return 1;
    printf("captured %zu bytes, status %d:\n%s", strlen(out), rc, out);
    return 0;
}
