/*
 * racelab-jail: runs one Race Lab program (the lab runner or a snippet
 * harness) under resource limits and a deadline, and kills every process it
 * left behind -- including those that left its process group or session
 * (spawn code under test calls setpgid/setsid): the jail is a child
 * subreaper, so every orphaned descendant becomes its child.
 *
 *   racelab-jail [--timeout-ms N] [--as BYTES] [--nproc N] [--cpu S]
 *                [--fsize BYTES] [--nofile N] -- PROGRAM ARGS...
 *
 * The program inherits stdin, stdout and stderr.  On fd 3 (when open) the
 * jail writes one JSON line when it is done:
 *   {"jail":"exit","reason":"exited|timeout|cancelled","status":...,"killed":N}
 * SIGTERM or SIGINT to the jail cancels; the death of its parent too.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void set_limit(int res, unsigned long long v)
{
    struct rlimit r = {v, v};
    struct rlimit cur;
    if (getrlimit(res, &cur) == 0 && cur.rlim_max != RLIM_INFINITY && v > cur.rlim_max)
        r.rlim_cur = r.rlim_max = cur.rlim_max; /* cannot raise a hard limit: keep it */
    setrlimit(res, &r);
}

/* SIGKILL every direct child (orphans have been reparented to us). */
static int kill_children(pid_t self)
{
    int n = 0;
    DIR *d = opendir("/proc");
    if (!d)
        return 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        char *end;
        long pid = strtol(e->d_name, &end, 10);
        if (*end || pid <= 0)
            continue;
        char path[64], buf[512];
        snprintf(path, sizeof path, "/proc/%ld/stat", pid);
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            continue;
        ssize_t r = read(fd, buf, sizeof buf - 1);
        close(fd);
        if (r <= 0)
            continue;
        buf[r] = 0;
        char *p = strrchr(buf, ')'); /* comm may hold spaces and parens */
        if (!p)
            continue;
        char state;
        long ppid;
        if (sscanf(p + 1, " %c %ld", &state, &ppid) != 2 || ppid != self || state == 'Z')
            continue;
        if (kill((pid_t)pid, SIGKILL) == 0)
            n++;
    }
    closedir(d);
    return n;
}

int main(int argc, char **argv)
{
    long timeout_ms = 60000;
    unsigned long long as = 0, fsize = 64ull << 20;
    long nproc = 0, cpu = 0, nofile = 1024;
    int i = 1;
    for (; i < argc; i++) {
        if (!strcmp(argv[i], "--")) {
            i++;
            break;
        }
        if (i + 1 >= argc)
            break;
        const char *v = argv[++i];
        if (!strcmp(argv[i - 1], "--timeout-ms"))
            timeout_ms = atol(v);
        else if (!strcmp(argv[i - 1], "--as"))
            as = strtoull(v, NULL, 10);
        else if (!strcmp(argv[i - 1], "--nproc"))
            nproc = atol(v);
        else if (!strcmp(argv[i - 1], "--cpu"))
            cpu = atol(v);
        else if (!strcmp(argv[i - 1], "--fsize"))
            fsize = strtoull(v, NULL, 10);
        else if (!strcmp(argv[i - 1], "--nofile"))
            nofile = atol(v);
        else {
            fprintf(stderr, "racelab-jail: unknown option %s\n", argv[i - 1]);
            return 2;
        }
    }
    if (i >= argc) {
        fprintf(stderr, "usage: racelab-jail [options] -- PROGRAM ARGS...\n");
        return 2;
    }
    pid_t self = getpid();
    int report = fcntl(3, F_GETFD) >= 0 ? 3 : -1;
    if (report >= 0)
        fcntl(report, F_SETFD, FD_CLOEXEC);
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    pid_t parent = getppid();
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent) /* the parent died before the prctl */
        return 3;
    if (getpgrp() != self)
        setpgid(0, 0);

    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGCHLD);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGHUP);
    sigprocmask(SIG_BLOCK, &set, &old);

    pid_t main_child = fork(); /* the jail is single-threaded: fork is fine */
    if (main_child < 0) {
        perror("racelab-jail: fork");
        return 3;
    }
    if (main_child == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (as)
            set_limit(RLIMIT_AS, as);
        if (nproc)
            set_limit(RLIMIT_NPROC, (unsigned long long)nproc);
        if (cpu)
            set_limit(RLIMIT_CPU, (unsigned long long)cpu);
        set_limit(RLIMIT_FSIZE, fsize);
        set_limit(RLIMIT_NOFILE, (unsigned long long)nofile);
        set_limit(RLIMIT_CORE, 0);
        sigprocmask(SIG_SETMASK, &old, NULL);
        execv(argv[i], argv + i);
        fprintf(stderr, "racelab-jail: cannot run %s: %s\n", argv[i], strerror(errno));
        _exit(127);
    }

    long long deadline = now_ms() + timeout_ms;
    const char *reason = "exited";
    int status = 0, main_done = 0;
    while (!main_done) {
        long long left = deadline - now_ms();
        if (left <= 0) {
            reason = "timeout";
            break;
        }
        struct timespec ts = {left / 1000, (left % 1000) * 1000000};
        int sig = sigtimedwait(&set, NULL, &ts);
        if (sig < 0) {
            if (errno == EAGAIN) {
                reason = "timeout";
                break;
            }
            continue;
        }
        if (sig == SIGCHLD) {
            int st;
            pid_t r;
            while ((r = waitpid(-1, &st, WNOHANG)) > 0)
                if (r == main_child) {
                    status = st;
                    main_done = 1;
                }
        } else {
            reason = "cancelled";
            break;
        }
    }
    /* Kill and reap until no child is left.  A process's orphans are
     * reparented to us before it can be reaped, so ECHILD means none is. */
    int killed = 0;
    for (;;) {
        killed += kill_children(self);
        int st;
        pid_t r = waitpid(-1, &st, 0);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        if (r == main_child && !main_done) {
            status = st;
            main_done = 1;
        }
    }
    if (report >= 0) {
        char line[256];
        int n;
        if (WIFEXITED(status))
            n = snprintf(line, sizeof line, "{\"jail\":\"exit\",\"reason\":\"%s\",\"exit_code\":%d,\"killed\":%d}\n", reason,
                         WEXITSTATUS(status), killed);
        else
            n = snprintf(line, sizeof line, "{\"jail\":\"exit\",\"reason\":\"%s\",\"signal\":%d,\"killed\":%d}\n", reason,
                         WIFSIGNALED(status) ? WTERMSIG(status) : 0, killed);
        ssize_t w = write(report, line, (size_t)n);
        (void)w;
    }
    return 0;
}
