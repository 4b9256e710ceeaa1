/* Shared by the C tests: where `tiny` is, and running it with captured stdout. */
#ifndef HELPERS_H
#define HELPERS_H
#include "../safespawn.h"
#include "t.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/wait.h>
#include <unistd.h>

/* tiny sits beside the test program */
static inline const char *tiny_path(void)
{
    static char path[PATH_MAX];
    if (!path[0]) {
        ssize_t n = readlink("/proc/self/exe", path, sizeof path - 16);
        if (n < 0) {
            perror("readlink");
            exit(2);
        }
        path[n] = 0;
        char *slash = strrchr(path, '/');
        strcpy(slash + 1, "tiny");
    }
    return path;
}

static inline int count_fds(void)
{
    int n = 0;
    DIR *d = opendir("/proc/self/fd");
    struct dirent *e;
    while (d && (e = readdir(d)))
        if (e->d_name[0] != '.')
            n++;
    if (d)
        closedir(d);
    return n - 1; /* the directory's own descriptor */
}

/* Capture a child's stdout: the caller adds ss_actions_add_dup2(&fa, cap.w, 1). */
struct cap {
    int r, w;
};

static inline void cap_open(struct cap *c)
{
    int p[2];
    if (pipe2(p, O_CLOEXEC) < 0) {
        perror("pipe2");
        exit(2);
    }
    c->r = p[0];
    c->w = p[1];
}

/* Close our write end, read everything (when the spawn worked), reap.
 * Returns the wait status, or -1 when nothing was spawned. */
static inline int cap_finish(struct cap *c, int spawn_rc, ss_child *child, char *out, size_t outsz)
{
    close(c->w);
    size_t got = 0;
    if (spawn_rc == 0) {
        ssize_t n;
        while (got + 1 < outsz && (n = read(c->r, out + got, outsz - 1 - got)) > 0)
            got += (size_t)n;
    }
    out[got] = 0;
    close(c->r);
    int st = -1;
    if (spawn_rc == 0 && ss_wait(child, &st, 0) != 0)
        st = -1;
    return st;
}

/* The value of "key=" in tiny's report line (copied into buf). */
static inline const char *field(const char *report, const char *key, char *buf, size_t n)
{
    char pat[64];
    snprintf(pat, sizeof pat, " %s=", key);
    const char *p = strstr(report, pat);
    if (!p && !strncmp(report, pat + 1, strlen(pat + 1)))
        p = report - 1;
    if (!p) {
        snprintf(buf, n, "<missing>");
        return buf;
    }
    p += strlen(pat);
    size_t i = 0;
    while (p[i] && p[i] != ' ' && p[i] != '\n' && i + 1 < n) {
        buf[i] = p[i];
        i++;
    }
    buf[i] = 0;
    return buf;
}

#endif
