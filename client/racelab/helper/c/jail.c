/*
 * racelab-jail: runs one Race Lab program (the lab runner or a snippet
 * harness) under resource limits and a deadline, and kills every process it
 * left behind -- including those that left its process group or session
 * (spawn code under test calls setpgid/setsid): the jail is a child
 * subreaper, so every orphaned descendant becomes its child.
 *
 *   racelab-jail [--timeout-ms N] [--as BYTES] [--nproc N] [--cpu S]
 *                [--fsize BYTES] [--nofile N] [--uid UID] -- PROGRAM ARGS...
 *
 * --nproc is RLIMIT_NPROC, which the kernel does not apply to root: a jail
 * started by root is given --uid, and runs the program as that uid (gid the
 * same, no supplementary groups, no new privileges: a set-uid program cannot
 * take root back), so the limit holds.  The jail itself stays root to kill.
 *
 * The program inherits stdin, stdout and stderr.  On fd 3 (when open) the
 * jail writes one JSON line when it is done:
 *   {"jail":"exit","reason":"exited|timeout|cancelled|nproc","status":...,
 *    "killed":N,"nproc_reached":true|false}
 * With --uid the jail also watches the uid's task count (the uid is the
 * run's alone): at the --nproc limit every fork fails with EAGAIN, which
 * only a runaway program (a fork bomb) reaches, and the jail stops it then
 * (reason "nproc").  nproc_reached: the limit was reached, by then or when
 * the program ended.
 * SIGTERM or SIGINT to the jail cancels; the death of its parent too.
 */
#define _GNU_SOURCE
#include "lab/lab-common.h" /* native-runtime/lab/ */

#include <errno.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static long long now_ms(void)
{
    return lab_now_ns() / 1000000;
}

static void set_limit(int res, unsigned long long v)
{
    struct rlimit r = {v, v};
    struct rlimit cur;
    if (getrlimit(res, &cur) == 0 && cur.rlim_max != RLIM_INFINITY && v > cur.rlim_max)
        r.rlim_cur = r.rlim_max = cur.rlim_max; /* cannot raise a hard limit: keep it */
    setrlimit(res, &r);
}

struct uid_count {
    long uid, procs, tasks;
};

static void count_if_uid(void *ctx, long pid, char *status)
{
    (void)pid;
    struct uid_count *c = ctx;
    const char *u = strstr(status, "\nUid:"), *t = strstr(status, "\nThreads:"), *z = strstr(status, "\nState:\tZ");
    if (u && t && !z && strtol(u + 5, NULL, 10) == c->uid) {
        c->procs++;
        c->tasks += strtol(t + 9, NULL, 10);
    }
}

/* Live processes, and tasks (threads count, as RLIMIT_NPROC counts them), whose real uid is uid. */
static void count_uid(long uid, long *procs, long *tasks)
{
    struct uid_count c = {uid, 0, 0};
    lab_each_proc("status", count_if_uid, &c);
    *procs = c.procs;
    *tasks = c.tasks;
}

/*
 * With --uid, every process the program started has that uid and cannot
 * leave it (no privileges), so kill(-1) as that uid reaches them all: the
 * kernel lets no process fork while kill(-1) walks the process list, so a
 * fork bomb ends in one pass, where killing child by child from /proc races
 * its forks (and takes seconds).  The uid is this run's alone.
 */
static void kill_uid(long uid, int sig)
{
    pid_t k = fork();
    if (k == 0) {
        if (setresuid((uid_t)uid, (uid_t)uid, (uid_t)uid) == 0) {
            kill(-1, sig);
            kill(-1, sig); /* for one that was between fork and the process list */
        }
        _exit(0);
    }
    if (k > 0)
        while (waitpid(k, NULL, 0) < 0 && errno == EINTR)
            ;
}

int main(int argc, char **argv)
{
    long timeout_ms = 60000;
    unsigned long long as = 0, fsize = 64ull << 20;
    long nproc = 0, cpu = 0, nofile = 1024, uid = -1;
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
        else if (!strcmp(argv[i - 1], "--uid"))
            uid = atol(v);
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
        if (as)
            set_limit(RLIMIT_AS, as);
        if (nproc)
            set_limit(RLIMIT_NPROC, (unsigned long long)nproc);
        if (cpu)
            set_limit(RLIMIT_CPU, (unsigned long long)cpu);
        set_limit(RLIMIT_FSIZE, fsize);
        set_limit(RLIMIT_NOFILE, (unsigned long long)nofile);
        set_limit(RLIMIT_CORE, 0);
        if (uid >= 0) {
            /* Fail closed: as root the process limit would not hold. */
            if (setgroups(0, NULL) < 0 || setresgid((gid_t)uid, (gid_t)uid, (gid_t)uid) < 0 ||
                setresuid((uid_t)uid, (uid_t)uid, (uid_t)uid) < 0 || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
                fprintf(stderr, "racelab-jail: cannot run as uid %ld (%s), without which the process limit would not hold\n", uid,
                        strerror(errno));
                _exit(126);
            }
        }
        /* After the uid change, which clears it. */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != self)
            _exit(127);
        sigprocmask(SIG_SETMASK, &old, NULL);
        execv(argv[i], argv + i);
        fprintf(stderr, "racelab-jail: cannot run %s: %s\n", argv[i], strerror(errno));
        _exit(127);
    }
    /* The jail mostly sleeps; when it must act (a deadline, a runaway run
     * that keeps every core busy) it should get the CPU at once.  As root. */
    if (uid >= 0)
        setpriority(PRIO_PROCESS, 0, -20);
    long procs = 0, tasks = 0;

    long long deadline = now_ms() + timeout_ms;
    const char *reason = "exited";
    int status = 0, main_done = 0;
    int nproc_reached = 0;
    while (!main_done) {
        long long left = deadline - now_ms();
        if (left <= 0) {
            reason = "timeout";
            break;
        }
        long long wait = uid >= 0 && nproc > 0 && left > 100 ? 100 : left; /* with --uid: a look at the task count */
        struct timespec ts = {wait / 1000, (wait % 1000) * 1000000};
        int sig = sigtimedwait(&set, NULL, &ts);
        if (sig < 0) {
            if (errno != EAGAIN)
                continue;
            if (wait == left) {
                reason = "timeout";
                break;
            }
            count_uid(uid, &procs, &tasks);
            /* a few of its tasks may be on their way out at this instant */
            if (tasks >= nproc - 8) {
                nproc_reached = 1;
                reason = "nproc";
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
    int killed = 0;
    if (uid >= 0) {
        /* Stopped first, then counted (how many are left to kill; a fork
         * bomb at the limit when the program ended), then killed. */
        kill_uid(uid, SIGSTOP);
        count_uid(uid, &procs, &tasks);
        nproc_reached |= nproc > 0 && tasks >= nproc - 8;
        kill_uid(uid, SIGKILL);
        killed = (int)procs;
    }
    /* Kill and reap until no child is left.  A process's orphans are
     * reparented to us before it can be reaped, so ECHILD means none is.
     * Everything already dead is reaped before /proc is read again. */
    for (;;) {
        int n = lab_kill_children(self);
        if (uid < 0)
            killed += n;
        int st;
        pid_t r = waitpid(-1, &st, 0);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        do
            if (r == main_child && !main_done) {
                status = st;
                main_done = 1;
            }
        while ((r = waitpid(-1, &st, WNOHANG)) > 0);
    }
    if (report >= 0) {
        char line[256];
        int n;
        if (WIFEXITED(status))
            n = snprintf(line, sizeof line, "{\"jail\":\"exit\",\"reason\":\"%s\",\"exit_code\":%d,\"killed\":%d,\"nproc_reached\":%s}\n",
                         reason, WEXITSTATUS(status), killed, nproc_reached ? "true" : "false");
        else
            n = snprintf(line, sizeof line, "{\"jail\":\"exit\",\"reason\":\"%s\",\"signal\":%d,\"killed\":%d,\"nproc_reached\":%s}\n",
                         reason, WIFSIGNALED(status) ? WTERMSIG(status) : 0, killed, nproc_reached ? "true" : "false");
        ssize_t w = write(report, line, (size_t)n);
        (void)w;
    }
    return 0;
}
