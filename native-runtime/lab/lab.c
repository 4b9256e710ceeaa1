/*
 * safespawn-lab: runs one Race Lab scenario with one spawn strategy and
 * prints one JSON object per line on stdout (start, one per outcome,
 * summary).  It is its own process so a scenario that hangs or corrupts
 * memory (that is what some of them show) cannot take its caller down.
 *
 *   safespawn-lab --scenario kill-before-exec|spawn-cost|malloc-after-fork|exec-failure
 *                 --strategy fork|vfork|posix_spawn|safespawn|safespawn-async
 *                 [--iterations N] [--killer parent|group] [--kill-delay-us US]
 *                 [--mem-mib M] [--threads N] [--call malloc|setenv|stdio]
 *                 [--timeout-ms MS] [--target PATH] [--summary-only]
 *
 * --kill-delay-us (kill-before-exec, killer parent): how long the parent
 * waits after the spawn call returns before it sends SIGTERM.
 *
 * fork and vfork are the hand-written way: no signal blocking, no handler
 * reset, `_exit(127)` when the exec fails.  Exit status: 0 after a summary,
 * 2 on a usage error (an {"event":"error"} line says why).
 */
#define _GNU_SOURCE
#include "../safespawn.h"
#include "lab-common.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

enum strategy { S_FORK, S_VFORK, S_POSIX_SPAWN, S_SAFESPAWN, S_ASYNC };
static const char *const strategy_names[] = {"fork", "vfork", "posix_spawn", "safespawn", "safespawn-async"};

static struct {
    const char *scenario;
    enum strategy strategy;
    long iterations;
    const char *killer;
    long kill_delay_us;
    long mem_mib;
    int threads;
    const char *call;
    int timeout_ms;
    char target[PATH_MAX];
    int summary_only;
} opt = {NULL, S_SAFESPAWN, 0, "parent", 0, 0, 4, "malloc", 1000, "", 0};

/* ------------------------------------------------------------------ output */

static void to_stdout(void *ctx, const char *s, size_t n)
{
    (void)ctx;
    fwrite(s, 1, n, stdout);
}

static void json_str(const char *s)
{
    lab_json_str(to_stdout, NULL, s);
}


static void fail_usage(const char *msg)
{
    printf("{\"event\":\"error\",\"message\":");
    json_str(msg);
    printf("}\n");
    fflush(stdout);
    exit(2);
}

static double now_us(void)
{
    return (double)lab_now_ns() / 1e3;
}

/* ------------------------------------------------------- spawn strategies */

/* What a hand-written child does before its exec (the bad habits shown). */
struct child_plan {
    const char *path;
    char **argv;
    int dup2_from;   /* >= 0: dup2(dup2_from, 1) first */
    int unsafe_call; /* 0 none, or an enum lab_call */
};

static FILE *shared_log; /* the FILE the stdio hammers and children write */

static void do_unsafe_call(int which)
{
    switch (which) {
    case LAB_CALL_MALLOC: {
        void *volatile p = malloc(64);
        free(p);
        break;
    }
    case LAB_CALL_SETENV:
        setenv("SAFESPAWN_LAB", "child", 1);
        break;
    case LAB_CALL_STDIO:
        fprintf(shared_log, "child %d\n", 1);
        fflush(shared_log);
        break;
    }
}

struct spawned {
    pid_t pid;
    int pidfd;         /* always set where the kernel has them */
    ss_child ss;       /* safespawn strategies */
    int error;         /* the spawn call failed with this errno */
    ss_error ss_err;
    double blocked_us; /* how long the spawn call held the calling thread */
};

static ss_async *async_q;

static int pidfd_for(pid_t pid)
{
#ifdef SYS_pidfd_open
    return (int)syscall(SYS_pidfd_open, pid, 0u);
#else
    (void)pid;
    return -1;
#endif
}

/* want_pidfd: open one for the hand-written strategies too (the spawn-cost
 * scenario does not: that would bill them for a syscall they never make). */
static void spawn_one(const struct child_plan *cp, struct spawned *s, int want_pidfd)
{
    memset(s, 0, sizeof *s);
    s->pid = -1;
    s->pidfd = -1;
    s->ss.pid = -1;
    s->ss.pidfd = -1;
    double t0 = now_us();
    switch (opt.strategy) {
    case S_FORK:
    case S_VFORK: {
        pid_t pid = opt.strategy == S_FORK ? fork() : vfork();
        if (pid == 0) {
            /* The hand-written child.  (vfork: this is exactly the code
             * forklint flags; it is here to be shown misbehaving.) */
            if (cp->unsafe_call)
                do_unsafe_call(cp->unsafe_call);
            if (cp->dup2_from >= 0 && dup2(cp->dup2_from, 1) < 0)
                _exit(127);
            execv(cp->path, cp->argv);
            _exit(127);
        }
        s->blocked_us = now_us() - t0;
        if (pid < 0) {
            s->error = errno;
            return;
        }
        s->pid = pid;
        break;
    }
    case S_POSIX_SPAWN: {
        if (cp->unsafe_call) /* posix_spawn runs no code of ours: the work happens here */
            do_unsafe_call(cp->unsafe_call);
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        if (cp->dup2_from >= 0)
            posix_spawn_file_actions_adddup2(&fa, cp->dup2_from, 1);
        pid_t pid;
        int r = posix_spawn(&pid, cp->path, &fa, NULL, cp->argv, environ);
        s->blocked_us = now_us() - t0;
        posix_spawn_file_actions_destroy(&fa);
        if (r) {
            s->error = r;
            return;
        }
        s->pid = pid;
        break;
    }
    case S_SAFESPAWN:
    case S_ASYNC: {
        if (cp->unsafe_call)
            do_unsafe_call(cp->unsafe_call);
        ss_actions fa;
        ss_actions_init(&fa);
        if (cp->dup2_from >= 0)
            ss_actions_add_dup2(&fa, cp->dup2_from, 1);
        int r;
        if (opt.strategy == S_SAFESPAWN) {
            r = ss_spawn(&s->ss, cp->path, &fa, cp->argv, NULL, &s->ss_err);
            s->blocked_us = now_us() - t0;
        } else {
            r = ss_spawn_async(async_q, cp->path, &fa, cp->argv, NULL, 0, NULL);
            s->blocked_us = now_us() - t0;
            if (r == 0) { /* this run has one request in flight at a time */
                ss_completion c;
                for (;;) {
                    struct pollfd p = {ss_async_fd(async_q), POLLIN, 0};
                    poll(&p, 1, 1000);
                    if (ss_async_next(async_q, &c) == 0)
                        break;
                }
                r = c.error;
                s->ss = c.child;
                s->ss_err = c.err;
            }
        }
        ss_actions_destroy(&fa);
        if (r) {
            s->error = r;
            return;
        }
        s->pid = s->ss.pid;
        s->pidfd = s->ss.pidfd;
        return;
    }
    }
    if (want_pidfd)
        s->pidfd = pidfd_for(s->pid);
}

static int kill_child(struct spawned *s, int sig)
{
    if (opt.strategy == S_SAFESPAWN || opt.strategy == S_ASYNC)
        return ss_kill(&s->ss, sig);
    return kill(s->pid, sig) == 0 ? 0 : errno;
}

/* Reap; returns the wait status. */
static int reap(struct spawned *s)
{
    int st = 0;
    if (opt.strategy == S_SAFESPAWN || opt.strategy == S_ASYNC) {
        while (ss_wait(&s->ss, &st, 0) == EINTR)
            ;
    } else {
        while (waitpid(s->pid, &st, 0) < 0 && errno == EINTR)
            ;
        if (s->pidfd >= 0)
            close(s->pidfd);
    }
    s->pidfd = -1;
    return st;
}

/* Wait up to timeout_ms for the child to end (or `other` to become readable). */
static int wait_exit(struct spawned *s, int other, int timeout_ms)
{
    double deadline = now_us() + timeout_ms * 1000.0;
    for (;;) {
        struct pollfd p[2] = {{s->pidfd, POLLIN, 0}, {other, POLLIN, 0}};
        int left = (int)((deadline - now_us()) / 1000.0);
        if (left < 0)
            return 0;
        int r = poll(p, other >= 0 ? 2 : 1, left);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return 0;
        if (p[0].revents)
            return 1;
        return 2;
    }
}

static void status_json(int st)
{
    if (WIFEXITED(st))
        printf("\"exit_code\":%d", WEXITSTATUS(st));
    else if (WIFSIGNALED(st))
        printf("\"signal\":%d", WTERMSIG(st));
    else
        printf("\"status\":%d", st);
}

/* ------------------------------------------------------- kill-before-exec */

static pid_t lab_pid;
static int lost_w = -1;
static atomic_int stop_flag;

static void on_term(int sig)
{
    (void)sig;
    if (getpid() != lab_pid) { /* the parent's handler, running in a child */
        char c = 'L';
        ssize_t r = write(lost_w, &c, 1);
        (void)r;
    }
}

static void *group_killer(void *arg)
{
    (void)arg;
    lab_group_killer_loop(&stop_flag, NULL);
    return NULL;
}

static long drain(int fd)
{
    char buf[256];
    long n = 0;
    ssize_t r;
    while ((r = read(fd, buf, sizeof buf)) > 0)
        n += r;
    return n;
}

/* The first failed spawn of a run, for its summary. */
static struct spawned first_error;

static void first_error_json(void)
{
    if (!first_error.error)
        return;
    printf(",\"first_error\":{\"errno\":\"%s\"", lab_errname(first_error.error));
    if (opt.strategy == S_SAFESPAWN || opt.strategy == S_ASYNC)
        printf(",\"step\":%d,\"kind\":\"%s\"", first_error.ss_err.step, ss_kind_name(first_error.ss_err.kind));
    printf("}");
}

static void scenario_kill(void)
{
    int group = !strcmp(opt.killer, "group");
    if (!group && strcmp(opt.killer, "parent"))
        fail_usage("--killer is parent or group");
    if (group && setpgid(0, 0) < 0 && getpgid(0) != getpid())
        fail_usage("cannot make a process group of our own");
    lab_pid = getpid();
    int lp[2];
    if (pipe2(lp, O_CLOEXEC | O_NONBLOCK) < 0)
        fail_usage("pipe");
    lost_w = lp[1];
    lab_catch_sigterm(on_term);
    pthread_t k;
    if (group)
        pthread_create(&k, NULL, group_killer, NULL);

    char *argv[] = {"tiny", "pause", NULL};
    struct child_plan cp = {opt.target, argv, -1, 0};
    long killed = 0, lost = 0, other = 0, errors = 0;
    double t0 = now_us();
    for (long i = 0; i < opt.iterations; i++) {
        struct spawned s;
        spawn_one(&cp, &s, 1);
        long long spawned_at = lab_now_ns();
        const char *outcome;
        int st = 0;
        if (s.error) {
            if (!errors++)
                first_error = s;
            outcome = "error";
        } else {
            if (!group) {
                /* at once (maybe before the exec), or --kill-delay-us after the spawn returned */
                if (opt.kill_delay_us)
                    lab_wait_until_ns(spawned_at + opt.kill_delay_us * 1000LL);
                kill_child(&s, SIGTERM);
            }
            int w = wait_exit(&s, lp[0], group ? 10000 : opt.timeout_ms);
            long bytes = drain(lp[0]);
            if (w != 1) { /* the handler swallowed it, or timed out */
                kill_child(&s, SIGKILL);
            }
            st = reap(&s);
            bytes += drain(lp[0]);
            if (bytes > 0) {
                lost++;
                outcome = "lost";
            } else if (WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM) {
                killed++;
                outcome = "killed";
            } else {
                other++;
                outcome = "other";
            }
        }
        if (!opt.summary_only) {
            printf("{\"event\":\"outcome\",\"i\":%ld,\"outcome\":\"%s\",", i, outcome);
            if (s.error)
                printf("\"errno\":\"%s\"}\n", lab_errname(s.error));
            else {
                status_json(st);
                printf("}\n");
            }
        }
    }
    atomic_store(&stop_flag, 1);
    if (group)
        pthread_join(k, NULL);
    signal(SIGTERM, SIG_IGN);
    printf("{\"event\":\"summary\",\"scenario\":\"kill-before-exec\",\"strategy\":\"%s\",\"killer\":\"%s\","
           "\"kill_delay_us\":%ld,\"iterations\":%ld,\"killed\":%ld,\"lost\":%ld,\"other\":%ld,\"errors\":%ld,"
           "\"elapsed_ms\":%.1f",
           strategy_names[opt.strategy], opt.killer, group ? 0 : opt.kill_delay_us, opt.iterations, killed, lost, other,
           errors, (now_us() - t0) / 1000.0);
    first_error_json();
    printf("}\n");
}

/* ------------------------------------------------------------- spawn-cost */

/* spawn-cost takes several strategies (--strategy a,b,...): they take turns,
 * one spawn each, in one process with its memory touched once, so load on
 * the machine falls on all of them alike. */
static enum strategy cost_list[5];
static int cost_n;

static void scenario_cost(void)
{
    size_t bytes = (size_t)opt.mem_mib << 20;
    double touch_ms = 0;
    if (bytes) {
        double t = now_us();
        char *m = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
        if (m == MAP_FAILED)
            fail_usage("cannot map --mem-mib");
        long page = sysconf(_SC_PAGESIZE);
        for (size_t o = 0; o < bytes; o += (size_t)page) /* private, dirty, real */
            m[o] = 1;
        touch_ms = (now_us() - t) / 1000.0;
    }
    char *argv[] = {"tiny", NULL};
    struct child_plan cp = {opt.target, argv, -1, 0};
    long n = opt.iterations;
    double *lat[5], *blk[5];
    long errors[5] = {0}, good[5] = {0};
    for (int k = 0; k < cost_n; k++) {
        lat[k] = calloc((size_t)n, sizeof(double));
        blk[k] = calloc((size_t)n, sizeof(double));
    }
    for (long i = -3; i < n; i++) { /* three warm-up rounds */
        for (int k = 0; k < cost_n; k++) {
            opt.strategy = cost_list[k];
            struct spawned s;
            double t0 = now_us();
            spawn_one(&cp, &s, 0);
            if (s.error) {
                errors[k]++;
                continue;
            }
            int st = reap(&s);
            double l = now_us() - t0;
            if (i < 0)
                continue;
            if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
                errors[k]++;
            lat[k][good[k]] = l;
            blk[k][good[k]] = s.blocked_us;
            good[k]++;
            if (!opt.summary_only)
                printf("{\"event\":\"outcome\",\"i\":%ld,\"strategy\":\"%s\",\"latency_us\":%.1f,\"blocked_us\":%.1f}\n",
                       i, strategy_names[cost_list[k]], l, s.blocked_us);
        }
    }
    for (int k = 0; k < cost_n; k++) {
        long g = good[k];
        qsort(lat[k], (size_t)g, sizeof(double), lab_cmp_double);
        qsort(blk[k], (size_t)g, sizeof(double), lab_cmp_double);
        printf("{\"event\":\"summary\",\"scenario\":\"spawn-cost\",\"strategy\":\"%s\",\"mem_mib\":%ld,"
               "\"touch_ms\":%.0f,\"iterations\":%ld,\"errors\":%ld,"
               "\"latency_us\":{\"median\":%.1f,\"p99\":%.1f,\"min\":%.1f},"
               "\"blocked_us\":{\"median\":%.1f,\"p99\":%.1f,\"min\":%.1f}}\n",
               strategy_names[cost_list[k]], opt.mem_mib, touch_ms, g, errors[k], lab_pct(lat[k], g, 50),
               lab_pct(lat[k], g, 99), g ? lat[k][0] : 0, lab_pct(blk[k], g, 50), lab_pct(blk[k], g, 99), g ? blk[k][0] : 0);
        free(lat[k]);
        free(blk[k]);
    }
}

/* ------------------------------------------------------ malloc-after-fork */

static int hammer_call;

static void *hammer(void *arg)
{
    lab_hammer_loop(&stop_flag, (unsigned)(uintptr_t)arg, hammer_call, shared_log, "SAFESPAWN_LAB");
    return NULL;
}

static void scenario_malloc(void)
{
    if (!strcmp(opt.call, "malloc"))
        hammer_call = LAB_CALL_MALLOC;
    else if (!strcmp(opt.call, "setenv"))
        hammer_call = LAB_CALL_SETENV;
    else if (!strcmp(opt.call, "stdio"))
        hammer_call = LAB_CALL_STDIO;
    else
        fail_usage("--call is malloc, setenv or stdio");
    shared_log = fopen("/dev/null", "we");
    if (!shared_log)
        fail_usage("/dev/null");
    pthread_t *ts = calloc((size_t)opt.threads, sizeof *ts);
    for (int i = 0; i < opt.threads; i++)
        pthread_create(&ts[i], NULL, hammer, (void *)(uintptr_t)(i + 1));
    char *argv[] = {"tiny", NULL};
    struct child_plan cp = {opt.target, argv, -1, hammer_call};
    long ok = 0, hung = 0, other = 0, errors = 0;
    double t0 = now_us();
    for (long i = 0; i < opt.iterations; i++) {
        struct spawned s;
        spawn_one(&cp, &s, 1);
        const char *outcome;
        int st = 0;
        if (s.error) {
            errors++;
            outcome = "error";
        } else {
            int w = wait_exit(&s, -1, opt.timeout_ms);
            if (w != 1)
                kill_child(&s, SIGKILL);
            st = reap(&s);
            if (w != 1) {
                hung++;
                outcome = "hang";
            } else if (WIFEXITED(st) && WEXITSTATUS(st) == 0) {
                ok++;
                outcome = "ok";
            } else {
                other++;
                outcome = "other";
            }
        }
        if (!opt.summary_only) {
            printf("{\"event\":\"outcome\",\"i\":%ld,\"outcome\":\"%s\",", i, outcome);
            status_json(st);
            printf("}\n");
        }
    }
    atomic_store(&stop_flag, 1);
    for (int i = 0; i < opt.threads; i++)
        pthread_join(ts[i], NULL);
    free(ts);
    printf("{\"event\":\"summary\",\"scenario\":\"malloc-after-fork\",\"strategy\":\"%s\",\"call\":\"%s\","
           "\"threads\":%d,\"iterations\":%ld,\"ok\":%ld,\"hang\":%ld,\"other\":%ld,\"errors\":%ld,"
           "\"elapsed_ms\":%.1f}\n",
           strategy_names[opt.strategy], opt.call, opt.threads, opt.iterations, ok, hung, other, errors,
           (now_us() - t0) / 1000.0);
}

/* ----------------------------------------------------------- exec-failure */

static void scenario_exec_failure(void)
{
    char dir[] = "/tmp/safespawn-lab-XXXXXX";
    if (!mkdtemp(dir))
        fail_usage("mkdtemp");
    char noexec[PATH_MAX], garbage[PATH_MAX];
    snprintf(noexec, sizeof noexec, "%s/not-executable", dir);
    snprintf(garbage, sizeof garbage, "%s/not-a-program", dir);
    int fd = open(noexec, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd >= 0)
        close(fd);
    fd = open(garbage, O_WRONLY | O_CREAT | O_CLOEXEC, 0755);
    if (fd < 0 || write(fd, "\x01\x02\x03\n", 4) != 4)
        fail_usage("cannot write the test files");
    close(fd);
    struct {
        const char *name;
        const char *path;
        int dup2_from;
    } cases[] = {
        {"enoent", "/nonexistent/program", -1},
        {"eacces", noexec, -1},
        {"enoexec", garbage, -1},
        {"dup2", opt.target, 987}, /* 987 is not open */
    };
    char *argv[] = {"tiny", NULL};
    long n = 0, with_errno = 0, with_step = 0;
    for (long round = 0; round < opt.iterations; round++)
        for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
            struct child_plan cp = {cases[c].path, argv, cases[c].dup2_from, 0};
            struct spawned s;
            spawn_one(&cp, &s, 1);
            n++;
            if (!opt.summary_only)
                printf("{\"event\":\"outcome\",\"i\":%ld,\"case\":\"%s\",", n - 1, cases[c].name);
            if (s.error) {
                with_errno++;
                int has_step = (opt.strategy == S_SAFESPAWN || opt.strategy == S_ASYNC) &&
                               s.ss_err.step != SS_STEP_UNKNOWN;
                with_step += has_step;
                if (!opt.summary_only) {
                    printf("\"learned\":\"errno\",\"errno\":\"%s\"", lab_errname(s.error));
                    if (has_step)
                        printf(",\"step\":%d,\"kind\":\"%s\"", s.ss_err.step, ss_kind_name(s.ss_err.kind));
                    printf("}\n");
                }
            } else {
                int st = reap(&s);
                if (!opt.summary_only) {
                    printf("\"learned\":\"exit status\",");
                    status_json(st);
                    printf("}\n");
                }
            }
        }
    unlink(noexec);
    unlink(garbage);
    rmdir(dir);
    printf("{\"event\":\"summary\",\"scenario\":\"exec-failure\",\"strategy\":\"%s\",\"iterations\":%ld,"
           "\"failures\":%ld,\"with_errno\":%ld,\"with_step\":%ld}\n",
           strategy_names[opt.strategy], opt.iterations, n, with_errno, with_step);
}

/* ------------------------------------------------------------------- main */

static long num_arg(const char *s, const char *name)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || v < 0) {
        char msg[128];
        snprintf(msg, sizeof msg, "%s wants a number >= 0", name);
        fail_usage(msg);
    }
    return v;
}


int main(int argc, char **argv)
{
    const char *strategy_arg = "";
    setvbuf(stdout, NULL, _IOLBF, 0); /* one event, one write, as it happens */
    int strategy_set = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--summary-only")) {
            opt.summary_only = 1;
            continue;
        }
        if (!v)
            fail_usage("an option lacks its value");
        i++;
        if (!strcmp(a, "--scenario"))
            opt.scenario = v;
        else if (!strcmp(a, "--strategy")) {
            strategy_arg = v;
            /* a comma list (spawn-cost only); the first is opt.strategy */
            char list[128];
            snprintf(list, sizeof list, "%s", v);
            cost_n = 0;
            for (char *save = NULL, *tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
                int found = -1;
                for (int k = 0; k < 5; k++)
                    if (!strcmp(tok, strategy_names[k]))
                        found = k;
                if (found < 0 || cost_n == 5)
                    fail_usage("--strategy is fork, vfork, posix_spawn, safespawn or safespawn-async");
                cost_list[cost_n++] = (enum strategy)found;
            }
            if (cost_n == 0)
                fail_usage("--strategy is fork, vfork, posix_spawn, safespawn or safespawn-async");
            opt.strategy = cost_list[0];
            strategy_set = 1;
        } else if (!strcmp(a, "--iterations"))
            opt.iterations = num_arg(v, a);
        else if (!strcmp(a, "--killer"))
            opt.killer = v;
        else if (!strcmp(a, "--kill-delay-us")) {
            opt.kill_delay_us = num_arg(v, a);
            if (opt.kill_delay_us > 10000000)
                fail_usage("--kill-delay-us is at most 10000000 (10 s)");
        }
        else if (!strcmp(a, "--mem-mib"))
            opt.mem_mib = num_arg(v, a);
        else if (!strcmp(a, "--threads"))
            opt.threads = (int)num_arg(v, a);
        else if (!strcmp(a, "--call"))
            opt.call = v;
        else if (!strcmp(a, "--timeout-ms"))
            opt.timeout_ms = (int)num_arg(v, a);
        else if (!strcmp(a, "--target"))
            snprintf(opt.target, sizeof opt.target, "%s", v);
        else {
            char msg[256];
            snprintf(msg, sizeof msg, "unknown option %s", a);
            fail_usage(msg);
        }
    }
    if (!opt.scenario || !strategy_set)
        fail_usage("--scenario and --strategy are required");
    if (!opt.target[0]) { /* tiny beside this program */
        ssize_t n = readlink("/proc/self/exe", opt.target, sizeof opt.target - 8);
        if (n < 0)
            fail_usage("readlink /proc/self/exe");
        opt.target[n] = 0;
        strcpy(strrchr(opt.target, '/') + 1, "tiny");
    }
    if (cost_n > 1 && strcmp(opt.scenario, "spawn-cost"))
        fail_usage("several strategies at once: spawn-cost only");
    for (int k = 0; k < cost_n; k++)
        if (cost_list[k] == S_ASYNC && !async_q && ss_async_create(&async_q, 1, NULL, NULL) != 0)
            fail_usage("ss_async_create");
    int known = 1;
    long def_iter = !strcmp(opt.scenario, "exec-failure") ? 1 : !strcmp(opt.scenario, "malloc-after-fork") ? 20 : 1000;
    if (opt.iterations == 0)
        opt.iterations = def_iter;
    printf("{\"event\":\"start\",\"scenario\":");
    json_str(opt.scenario);
    printf(",\"strategy\":");
    json_str(strategy_arg);
    printf(",\"iterations\":%ld,\"pid\":%d,\"backend\":\"%s\",\"libc\":\"%s\",\"target\":", opt.iterations,
           (int)getpid(), ss_backend(), lab_libc_name());
    json_str(opt.target);
    printf("}\n");
    if (!strcmp(opt.scenario, "kill-before-exec"))
        scenario_kill();
    else if (!strcmp(opt.scenario, "spawn-cost"))
        scenario_cost();
    else if (!strcmp(opt.scenario, "malloc-after-fork"))
        scenario_malloc();
    else if (!strcmp(opt.scenario, "exec-failure"))
        scenario_exec_failure();
    else
        known = 0;
    if (!known)
        fail_usage("--scenario is kill-before-exec, spawn-cost, malloc-after-fork or exec-failure");
    if (async_q)
        ss_async_destroy(async_q);
    fflush(stdout);
    return 0;
}
