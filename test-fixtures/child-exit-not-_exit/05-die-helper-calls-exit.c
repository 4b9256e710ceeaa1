/*
 * child-exit-not-_exit, bug, found in a helper. A small build tool has one
 * die() for all fatal errors; it prints and calls exit(2). The forked child
 * calls die() when the job's log cannot be opened. die() is defined in this
 * file, so the call is followed: the exit() inside it is reached from a child
 * that execs, and the finding lands on that line (with the call chain). The
 * same die() is also legitimately used by the parent; the finding is about the
 * child's path through it. The fix: a child_die() that ends in _exit().
 */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static void die(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(2); /* expect: child-exit-not-_exit */
}

static pid_t start_job(char **argv, const char *log_path)
{
    pid_t pid = fork();

    if (pid < 0)
        die("fork failed");
    if (pid == 0) {
        int fd = open(log_path, O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (fd < 0)
            die("cannot open %s", log_path);
        dup2(fd, 1);
        dup2(fd, 2);
        close(fd);
        execvp(argv[0], argv);
        _exit(127);
    }
    return pid;
}

int main(int argc, char **argv)
{
    int status;

    if (argc < 3)
        die("usage: %s LOG PROGRAM [ARG...]", argv[0]);
    if (waitpid(start_job(argv + 2, argv[1]), &status, 0) < 0)
        die("waitpid failed");
    return 0;
}
