/*
 * fd-leak-no-cloexec, safe twin of 17: dropbear's pid file. The file is
 * opened, written and closed inside `if (pidfile) { … }` -- wherever the
 * open succeeded -- before the server forks its first child, in a program
 * without threads: no child can inherit it. The status file below is closed
 * only when `verbose` is set, so it stays open for the children otherwise:
 * that one is flagged.
 */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static int verbose;

static void write_pidfile(const char *path)
{
    FILE *pidfile = fopen(path, "w");
    if (pidfile) {
        fprintf(pidfile, "%d\n", (int)getpid());
        fclose(pidfile);
    }
}

static FILE *open_status(const char *path)
{
    FILE *status = fopen(path, "a"); /* expect: fd-leak-no-cloexec */
    if (verbose) {
        fputs("status opened\n", stderr);
        fclose(status);
        return NULL;
    }
    return status;
}

int main(int argc, char **argv)
{
    verbose = argc > 3;
    write_pidfile("/tmp/forklint-fixture-22.pid");
    FILE *st = open_status("/tmp/forklint-fixture-22.status");
    pid_t pid = fork();
    if (pid == 0) {
        execvp(argv[1], argv + 1);
        _exit(127);
    }
    if (st)
        fclose(st);
    if (pid > 0)
        waitpid(pid, NULL, 0);
    return 0;
}
