/*
 * What the Race Lab's C programs share: the lab runner (lab/lab.c), the
 * snippet harness and the jail (client/racelab/helper/c/harness.c and
 * jail.c).  The harness and the jail are compiled when the Race Lab starts,
 * with -I on native-runtime/, so this header ships in the .vsix beside
 * safespawn.h.  Everything is static inline: each program uses a part of it.
 * Include it after defining _GNU_SOURCE.
 */
#ifndef SAFESPAWN_LAB_COMMON_H
#define SAFESPAWN_LAB_COMMON_H

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <gnu/libc-version.h>
#endif

/* ------------------------------------------------------------------ time */

static inline long long lab_now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

/*
 * Waits until the monotonic clock reaches deadline_ns: it sleeps through all
 * but the last 200 µs and spins the rest, because a sleep alone overshoots by
 * tens of microseconds and the kill delay is meant to the microsecond, while
 * spinning through a long delay would take a core from the child it times.
 */
static inline void lab_wait_until_ns(long long deadline_ns)
{
    for (;;) {
        long long left = deadline_ns - lab_now_ns();
        if (left <= 0)
            return;
        if (left <= 200000)
            continue;
        left -= 200000;
        struct timespec ts = {(time_t)(left / 1000000000LL), (long)(left % 1000000000LL)};
        nanosleep(&ts, NULL);
    }
}

/* ------------------------------------------------------------ statistics */

static inline int lab_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of a sorted array. */
static inline double lab_pct(const double *v, long n, double p)
{
    if (n == 0)
        return 0;
    long k = (long)(p / 100.0 * (double)n + 0.999999) - 1;
    return v[k < 0 ? 0 : k >= n ? n - 1 : k];
}

/* ---------------------------------------------------------------- output */

/* "ENOENT" for ENOENT (glibc 2.32 and later), else "E2". Not thread-safe on the fallback. */
static inline const char *lab_errname(int e)
{
#if defined(__GLIBC__) && defined(__GLIBC_PREREQ)
#if __GLIBC_PREREQ(2, 32)
    const char *n = strerrorname_np(e);
    if (n)
        return n;
#endif
#endif
    static char buf[16];
    snprintf(buf, sizeof buf, "E%d", e);
    return buf;
}

static inline const char *lab_libc_name(void)
{
#ifdef __GLIBC__
    static char buf[32];
    snprintf(buf, sizeof buf, "glibc %s", gnu_get_libc_version());
    return buf;
#else
    return "unknown";
#endif
}

/* Where a JSON string goes: stdout for the lab runner, a line buffer for the harness. */
typedef void lab_write_fn(void *ctx, const char *s, size_t n);

/* s as a JSON string, quotes included. */
static inline void lab_json_str(lab_write_fn *write_out, void *ctx, const char *s)
{
    write_out(ctx, "\"", 1);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        char esc[8];
        if (c == '"' || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            write_out(ctx, esc, 2);
        } else if (c < 0x20)
            write_out(ctx, esc, (size_t)snprintf(esc, sizeof esc, "\\u%04x", c));
        else
            write_out(ctx, s, 1);
    }
    write_out(ctx, "\"", 1);
}

/* ------------------------------------------------------- the races' load */

/*
 * kill-before-exec: the SIGTERM handler whose running in a child is the lost
 * signal.  SA_RESTART: the parent's own waits go on through it.
 */
static inline void lab_catch_sigterm(void (*handler)(int))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
}

/* kill-before-exec with killer=group: SIGTERM to the whole process group, over and over, while *active (NULL: always). */
static inline void lab_group_killer_loop(atomic_int *stop, atomic_int *active)
{
    while (!atomic_load(stop)) {
        if (!active || atomic_load(active))
            kill(0, SIGTERM);
        for (volatile int i = 0; i < 2000; i++)
            ;
    }
}

/* What the malloc-after-fork hammer threads call besides malloc. */
enum lab_call { LAB_CALL_MALLOC = 1, LAB_CALL_SETENV = 2, LAB_CALL_STDIO = 3 };

/*
 * A malloc-after-fork hammer thread's work: malloc and free without pause,
 * and setenv or stdio on `log` as `call` says, so a fork from another thread
 * is likely to catch one of their locks held.
 */
static inline void lab_hammer_loop(atomic_int *stop, unsigned seed, int call, FILE *log, const char *env_name)
{
    void *keep[32] = {0};
    while (!atomic_load(stop)) {
        for (int i = 0; i < 32; i++) {
            seed = seed * 1103515245u + 12345u;
            free(keep[i]);
            keep[i] = malloc(16 + (seed >> 16) % 2048);
        }
        if (call == LAB_CALL_SETENV)
            setenv(env_name, "hammer", 1);
        else if (call == LAB_CALL_STDIO)
            fprintf(log, "hammer %u\n", seed);
    }
    for (int i = 0; i < 32; i++)
        free(keep[i]);
}

/* -------------------------------------------------------------- cleanup */

/* Calls fn with each process's /proc/PID/<file> (its start, NUL-ended): "stat", "status". */
static inline void lab_each_proc(const char *file, void (*fn)(void *ctx, long pid, char *text), void *ctx)
{
    DIR *d = opendir("/proc");
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        char *end;
        long pid = strtol(e->d_name, &end, 10);
        if (*end || pid <= 0)
            continue;
        char path[64], buf[4096];
        snprintf(path, sizeof path, "/proc/%ld/%s", pid, file);
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            continue;
        ssize_t r = read(fd, buf, sizeof buf - 1);
        close(fd);
        if (r <= 0)
            continue;
        buf[r] = 0;
        fn(ctx, pid, buf);
    }
    closedir(d);
}

struct lab_kill_ctx {
    pid_t parent;
    int killed;
};

static inline void lab_kill_if_child(void *ctx, long pid, char *stat)
{
    struct lab_kill_ctx *k = (struct lab_kill_ctx *)ctx;
    char *p = strrchr(stat, ')'); /* comm may hold spaces and parens */
    char state;
    long ppid;
    if (p && sscanf(p + 1, " %c %ld", &state, &ppid) == 2 && ppid == k->parent && state != 'Z' && kill((pid_t)pid, SIGKILL) == 0)
        k->killed++;
}

/*
 * SIGKILLs every live child of `parent` (for a child subreaper, orphaned
 * descendants are its children too), found in /proc; returns how many.
 */
static inline int lab_kill_children(pid_t parent)
{
    struct lab_kill_ctx k = {parent, 0};
    lab_each_proc("stat", lab_kill_if_child, &k);
    return k.killed;
}

#endif
