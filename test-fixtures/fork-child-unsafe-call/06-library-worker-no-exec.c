/*
 * fork-child-unsafe-call, bug, library worker. A document library parses
 * untrusted files in a forked worker so that a parser crash cannot take the
 * host down; the worker opens the file with fopen(), parses with stdio and
 * malloc, writes the result to a pipe and _exit()s - it never execs. There is
 * no main() here, so the host may be threaded, and this is the worker-child case
 * again: one warning on the fork() call naming the first unsafe calls, not one
 * per call.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

struct doc_stats {
    long lines;
    long bytes;
};

int doc_stats_isolated(const char *path, struct doc_stats *out)
{
    int p[2];
    int status;
    pid_t pid;

    if (pipe2(p, O_CLOEXEC) < 0)
        return -1;
    pid = fork(); /* expect: fork-child-unsafe-call */
    if (pid == 0) {
        struct doc_stats st = { 0, 0 };
        char *line = NULL;
        size_t cap = 0;
        ssize_t n;
        FILE *f = fopen(path, "r");
        close(p[0]);
        if (f == NULL)
            _exit(1);
        while ((n = getline(&line, &cap, f)) > 0) {
            st.lines++;
            st.bytes += n;
        }
        free(line);
        fclose(f);
        write(p[1], &st, sizeof st);
        _exit(0);
    }
    close(p[1]);
    if (pid < 0) {
        close(p[0]);
        return -1;
    }
    if (read(p[0], out, sizeof *out) != (ssize_t)sizeof *out)
        memset(out, 0, sizeof *out);
    close(p[0]);
    if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return -1;
    return 0;
}
