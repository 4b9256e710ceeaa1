/*
 * exec-error-lost, safe twin. A system()-like run_shell() executes a command
 * line with /bin/sh -c and reports exec failures the way Felker describes: a
 * pipe2(O_CLOEXEC) pipe whose write end the child keeps; if execv() of the
 * shell fails, the child writes its errno into the pipe, then _exit(127). The
 * parent reads: EOF means the shell was exec'ed, four bytes are the errno,
 * reported with strerror(). The parent does test WEXITSTATUS() == 127 - but
 * that 127 is the shell's own "command not found", after a successful exec,
 * and the child's own _exit(127) never has to be guessed at because its errno
 * has already arrived. No finding.
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

static int run_shell(const char *cmdline)
{
    char *const argv[] = { "sh", "-c", (char *)cmdline, NULL };
    int p[2], err, status;
    ssize_t n;
    pid_t pid;

    if (pipe2(p, O_CLOEXEC) < 0)
        return -1;
    pid = fork();
    if (pid == 0) {
        close(p[0]);
        execve("/bin/sh", argv, environ);
        int e = errno;
        write(p[1], &e, sizeof e);
        _exit(127);
    }
    close(p[1]);
    if (pid < 0) {
        close(p[0]);
        return -1;
    }
    do
        n = read(p[0], &err, sizeof err);
    while (n < 0 && errno == EINTR);
    close(p[0]);
    waitpid(pid, &status, 0);
    if (n == (ssize_t)sizeof err) {
        fprintf(stderr, "run: cannot execute /bin/sh: %s\n", strerror(err));
        return -1;
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
        fprintf(stderr, "run: the shell could not find the command in: %s\n", cmdline);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int main(int argc, char **argv)
{
    int rc = 0;

    for (int i = 1; i < argc; i++)
        rc = run_shell(argv[i]);
    return rc < 0 ? 1 : rc;
}
