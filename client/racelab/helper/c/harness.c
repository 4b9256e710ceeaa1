/*
 * The snippet harness: calls the user's function (through the generated
 * glue, forklint_entry) many times under one lab scenario's conditions and
 * prints one JSON line per iteration with what happened and a timeline:
 * spawn, child, signal, handler, exec, exec error, exit call, reap, exit.
 *
 *   harness --conditions kill-before-exec|spawn-cost|malloc-after-fork|exec-failure
 *           --target-dir DIR [--iterations N] [--timeout-ms MS]
 *           [--kill-delay-us US] [--killer parent|group] [--mem-mib M]
 *           [--threads N] [--call malloc|setenv|stdio]
 *           [--function NAME] [--site-line L]
 *
 * Events go to what was stdout when it started; the user's own output (and
 * its children's) goes to ./program-output.txt.
 */
#define _GNU_SOURCE
#include "harness.h"
#include "lab/lab-common.h" /* native-runtime/lab/: what the lab runner and this harness share */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/* ------------------------------------------------------------ options */

enum cond { C_KILL, C_COST, C_MALLOC, C_EXECFAIL };
static struct {
    enum cond cond;
    const char *cond_name;
    long iterations;
    int timeout_ms;
    long kill_delay_us;
    int group;
    long mem_mib;
    int threads;
    int call; /* enum lab_call */
    const char *target_dir;
    const char *function;
    int site_line;
} opt = {C_KILL, "kill-before-exec", 100, 1000, 0, 0, 0, 4, LAB_CALL_MALLOC, ".", "?", 0};

/* ---------------------------------------------- events (shared memory) */

enum kind {
    K_SPAWN, K_SPAWNED, K_SPAWN_ERROR, K_CHILD, K_SIGNAL, K_HANDLER, K_EXEC, K_EXEC_ERROR,
    K_EXIT_CALL, K_REAPED, K_EXIT, K_TIMEOUT_KILL, K_RETURN, K_PARENT_EXIT,
};
static const char *const kind_names[] = {
    "spawn", "spawned", "spawn-error", "child", "signal", "handler", "exec", "exec-error",
    "exit-call", "reaped", "exit", "timeout-kill", "return", "parent-exit",
};

struct ev {
    atomic_int ready;
    int kind, pid, line;
    long a, b, c;
    long long t_ns;
    char text[40];
};
#define MAX_EV 512
struct shared {
    atomic_uint n;
    struct ev ev[MAX_EV];
};
/* MAP_SHARED: a fork child's writes reach the parent; a vfork child shares it anyway */
static struct shared *sh;

/* Async-signal-safe: an atomic slot, plain stores, two system calls. */
static void ev_add(int kind, int line, long a, long b, long c, const char *text)
{
    unsigned i = atomic_fetch_add(&sh->n, 1);
    if (i >= MAX_EV)
        return;
    struct ev *e = &sh->ev[i];
    e->kind = kind;
    e->pid = (int)syscall(SYS_getpid);
    e->line = line;
    e->a = a;
    e->b = b;
    e->c = c;
    e->t_ns = lab_now_ns();
    size_t k = 0;
    if (text) {
        const char *base = text;
        for (const char *p = text; *p; p++)
            if (*p == '/' && p[1])
                base = p + 1;
        for (; base[k] && k < sizeof e->text - 1; k++)
            e->text[k] = base[k];
    }
    e->text[k] = 0;
    atomic_store_explicit(&e->ready, 1, memory_order_release);
}

/* ------------------------------------------------- this iteration's kids */

static pid_t harness_pid;
struct kid {
    pid_t pid;
    int pidfd;
    int reaped;
    int status; /* -1: reaped by someone we did not see */
    int by_user;
    int killed;
};
#define MAX_KIDS 64
static struct kid kids[MAX_KIDS];
static int nkids;
static pthread_mutex_t kids_mu = PTHREAD_MUTEX_INITIALIZER;
static atomic_int iter_active;
static atomic_llong iter_deadline;
static atomic_int iter_timed_out;
static sigjmp_buf exit_jmp;

static int in_parent(void)
{
    return (pid_t)syscall(SYS_getpid) == harness_pid;
}

static void kill_kid(struct kid *k, int sig)
{
#ifdef SYS_pidfd_send_signal
    if (k->pidfd >= 0 && syscall(SYS_pidfd_send_signal, k->pidfd, sig, NULL, 0) == 0)
        return;
#endif
    kill(k->pid, sig);
}

static void after_spawn(int line, pid_t pid)
{
    if (!in_parent()) /* the user's child spawning again: record only */
        return (void)ev_add(K_SPAWNED, line, pid, 0, 0, NULL);
    long long t = lab_now_ns();
    ev_add(K_SPAWNED, line, pid, 0, 0, NULL);
    pthread_mutex_lock(&kids_mu);
    struct kid *k = NULL;
    if (nkids < MAX_KIDS) {
        k = &kids[nkids++];
        memset(k, 0, sizeof *k);
        k->pid = pid;
#ifdef SYS_pidfd_open
        k->pidfd = (int)syscall(SYS_pidfd_open, pid, 0u); /* unreaped: cannot be a recycled pid */
#else
        k->pidfd = -1;
#endif
    }
    pthread_mutex_unlock(&kids_mu);
    if (opt.cond == C_KILL && !opt.group && k) {
        if (opt.kill_delay_us)
            lab_wait_until_ns(t + opt.kill_delay_us * 1000LL);
        kill_kid(k, SIGTERM);
        ev_add(K_SIGNAL, 0, pid, SIGTERM, 0, NULL);
    }
}

static void mark_reaped(pid_t pid, int status, int by_user)
{
    pthread_mutex_lock(&kids_mu);
    for (int i = 0; i < nkids; i++)
        if (kids[i].pid == pid && !kids[i].reaped) {
            kids[i].reaped = 1;
            kids[i].status = status;
            kids[i].by_user = by_user;
        }
    pthread_mutex_unlock(&kids_mu);
}

/* ----------------------------------------------------------------- hooks */

pid_t forklint_fork(int line)
{
    ev_add(K_SPAWN, line, 0, 0, 0, "fork");
    pid_t p = fork();
    if (p == 0) {
        ev_add(K_CHILD, line, 0, 0, 0, NULL);
        return 0;
    }
    if (p < 0) {
        int e = errno;
        ev_add(K_SPAWN_ERROR, line, e, SS_STEP_UNKNOWN, 0, "fork");
        errno = e;
        return p;
    }
    after_spawn(line, p);
    return p;
}

void forklint_vfork_before(int line)
{
    ev_add(K_SPAWN, line, 0, 0, 0, "vfork");
}

/* Called in the vfork child too: it returns, so the child stays in the user's frame. */
pid_t forklint_vfork_after(int line, pid_t pid)
{
    int e = errno;
    if (pid == 0)
        ev_add(K_CHILD, line, 0, 0, 0, NULL);
    else if (pid < 0)
        ev_add(K_SPAWN_ERROR, line, e, SS_STEP_UNKNOWN, 0, "vfork");
    else
        after_spawn(line, pid);
    errno = e;
    return pid;
}

int forklint_clone(int line, int (*fn)(void *), void *stack, int flags, void *arg, ...)
{
    va_list ap;
    va_start(ap, arg);
    pid_t *ptid = NULL, *ctid = NULL;
    void *tls = NULL;
    if (flags & (CLONE_PARENT_SETTID | CLONE_SETTLS | CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | CLONE_PIDFD)) {
        ptid = va_arg(ap, pid_t *);
        tls = va_arg(ap, void *);
        ctid = va_arg(ap, pid_t *);
    }
    va_end(ap);
    ev_add(K_SPAWN, line, 0, 0, 0, "clone");
    int r = clone(fn, stack, flags, arg, ptid, tls, ctid);
    if (r < 0) {
        int e = errno;
        ev_add(K_SPAWN_ERROR, line, e, SS_STEP_UNKNOWN, 0, "clone");
        errno = e;
    } else
        after_spawn(line, r);
    return r;
}

int forklint_posix_spawn(int line, int search, pid_t *pid, const char *path, const posix_spawn_file_actions_t *fa,
                         const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
    const char *name = search ? "posix_spawnp" : "posix_spawn";
    ev_add(K_SPAWN, line, 0, 0, 0, name);
    pid_t p = -1;
    int r = search ? posix_spawnp(&p, path, fa, attr, argv, envp) : posix_spawn(&p, path, fa, attr, argv, envp);
    if (pid)
        *pid = p;
    if (r) {
        ev_add(K_SPAWN_ERROR, line, r, SS_STEP_UNKNOWN, 0, name);
        return r;
    }
    after_spawn(line, p);
    return 0;
}

int forklint_ss_spawn(int line, int search, ss_child *child, const char *path, const ss_actions *fa, char *const argv[],
                      char *const envp[], ss_error *err)
{
    const char *name = search ? "ss_spawnp" : "ss_spawn";
    ev_add(K_SPAWN, line, 0, 0, 0, name);
    ss_error mine; /* we see the step even when the caller did not ask for it */
    ss_error *e = err ? err : &mine;
    int r = search ? ss_spawnp(child, path, fa, argv, envp, e) : ss_spawn(child, path, fa, argv, envp, e);
    if (r) {
        /* c: whether the caller gets the step (it passed an ss_error) */
        ev_add(K_SPAWN_ERROR, line, r, e->step, err != NULL, ss_kind_name(e->kind));
        return r;
    }
    after_spawn(line, child->pid);
    return 0;
}

#ifdef SS_SPAWN_SEARCH_PATH
int forklint_ss_spawn_ex(int line, ss_child *child, const char *file, const ss_actions *fa, char *const argv[],
                         char *const envp[], int flags, ss_error *err)
{
    ev_add(K_SPAWN, line, 0, 0, 0, "ss_spawn_ex");
    ss_error mine;
    ss_error *e = err ? err : &mine;
    int r = ss_spawn_ex(child, file, fa, argv, envp, flags, e);
    if (r) {
        ev_add(K_SPAWN_ERROR, line, r, e->step, err != NULL, ss_kind_name(e->kind));
        return r;
    }
    after_spawn(line, child->pid);
    return 0;
}
#endif

int forklint_ss_wait(int line, ss_child *child, int *status, int options)
{
    pid_t pid = child ? child->pid : -1;
    int st = 0;
    int r = ss_wait(child, &st, options);
    if (r == 0) {
        if (status)
            *status = st;
        if (in_parent()) {
            mark_reaped(pid, st, 1);
            ev_add(K_REAPED, line, pid, st, 0, NULL);
        }
    }
    return r;
}

static void exec_event(int line, const char *path)
{
    ev_add(K_EXEC, line, 0, 0, 0, path);
}

static int exec_failed(int line, int e)
{
    ev_add(K_EXEC_ERROR, line, e, 0, 0, NULL);
    errno = e;
    return -1;
}

int forklint_execv(int line, const char *path, char *const argv[])
{
    exec_event(line, path);
    execv(path, argv);
    return exec_failed(line, errno);
}

int forklint_execve(int line, const char *path, char *const argv[], char *const envp[])
{
    exec_event(line, path);
    execve(path, argv, envp);
    return exec_failed(line, errno);
}

int forklint_execvp(int line, const char *file, char *const argv[])
{
    exec_event(line, file);
    execvp(file, argv);
    return exec_failed(line, errno);
}

int forklint_execvpe(int line, const char *file, char *const argv[], char *const envp[])
{
    exec_event(line, file);
    execvpe(file, argv, envp);
    return exec_failed(line, errno);
}

#define MAX_ARGS 256
/* execl & co.: gather the arguments on this stack (no malloc in a child) */
#define GATHER(first, ap, args, n)                                                                                     \
    do {                                                                                                               \
        (args)[0] = (char *)(first);                                                                                   \
        for ((n) = 1; (args)[(n)-1] && (n) < MAX_ARGS; (n)++)                                                          \
            (args)[(n)] = va_arg(ap, char *);                                                                          \
        (args)[MAX_ARGS - 1] = NULL;                                                                                   \
    } while (0)

int forklint_execl(int line, const char *path, const char *arg, ...)
{
    char *args[MAX_ARGS];
    int n;
    va_list ap;
    va_start(ap, arg);
    GATHER(arg, ap, args, n);
    va_end(ap);
    return forklint_execv(line, path, args);
}

int forklint_execlp(int line, const char *file, const char *arg, ...)
{
    char *args[MAX_ARGS];
    int n;
    va_list ap;
    va_start(ap, arg);
    GATHER(arg, ap, args, n);
    va_end(ap);
    return forklint_execvp(line, file, args);
}

int forklint_execle(int line, const char *path, const char *arg, ...)
{
    char *args[MAX_ARGS];
    int n;
    va_list ap;
    va_start(ap, arg);
    GATHER(arg, ap, args, n);
    char *const *envp = va_arg(ap, char *const *);
    va_end(ap);
    return forklint_execve(line, path, args, envp);
}

void forklint__exit(int line, int code)
{
    if (in_parent()) { /* the function under test ended the program: back to the harness */
        ev_add(K_PARENT_EXIT, line, code, 0, 0, "_exit");
        siglongjmp(exit_jmp, 1);
    }
    ev_add(K_EXIT_CALL, line, code, 0, 0, "_exit");
    _exit(code);
}

void forklint_exit(int line, int code)
{
    if (in_parent()) {
        ev_add(K_PARENT_EXIT, line, code, 0, 0, "exit");
        siglongjmp(exit_jmp, 1);
    }
    ev_add(K_EXIT_CALL, line, code, 0, 0, "exit");
    exit(code); /* atexit handlers and stdio flushes: what the child really does */
}

pid_t forklint_waitpid(int line, pid_t pid, int *status, int options)
{
    int st = 0;
    pid_t r = waitpid(pid, &st, options);
    if (r > 0) {
        if (status)
            *status = st;
        if (in_parent()) {
            mark_reaped(r, st, 1);
            ev_add(K_REAPED, line, r, st, 0, NULL);
        }
    }
    return r;
}

/* -------------------------------------------------------- the conditions */

static void on_term(int sig)
{
    (void)sig;
    int e = errno;
    ev_add(K_HANDLER, 0, 0, !in_parent(), 0, NULL); /* b=1: the parent's handler ran in a child */
    errno = e;
}

static atomic_int stop_threads;

static void *group_killer(void *arg)
{
    (void)arg;
    lab_group_killer_loop(&stop_threads, &iter_active);
    return NULL;
}

static FILE *hammer_log;

static void *hammer(void *arg)
{
    lab_hammer_loop(&stop_threads, (unsigned)(uintptr_t)arg, opt.call, hammer_log, "FORKLINT_RACELAB");
    return NULL;
}

static int handler_in_child_seen(void)
{
    unsigned n = atomic_load(&sh->n);
    for (unsigned i = 0; i < n && i < MAX_EV; i++)
        if (atomic_load_explicit(&sh->ev[i].ready, memory_order_acquire) && sh->ev[i].kind == K_HANDLER && sh->ev[i].b)
            return 1;
    return 0;
}

static int out_fd = 1;

static void emit_raw(const char *s, size_t n)
{
    while (n) {
        ssize_t w = write(out_fd, s, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return;
        s += w;
        n -= (size_t)w;
    }
}

static void *watchdog(void *arg)
{
    (void)arg;
    while (!atomic_load(&stop_threads)) {
        struct timespec ts = {0, 500000};
        nanosleep(&ts, NULL);
        if (!atomic_load(&iter_active))
            continue;
        long long now = lab_now_ns(), deadline = atomic_load(&iter_deadline);
        int early = opt.cond == C_KILL && handler_in_child_seen();
        if (now < deadline && !early)
            continue;
        pthread_mutex_lock(&kids_mu);
        for (int i = 0; i < nkids; i++)
            if (!kids[i].reaped && !kids[i].killed) {
                kids[i].killed = 1;
                kill_kid(&kids[i], SIGKILL);
                ev_add(K_TIMEOUT_KILL, 0, kids[i].pid, early, 0, NULL);
            }
        pthread_mutex_unlock(&kids_mu);
        if (!early)
            atomic_store(&iter_timed_out, 1);
        if (now > deadline + 3000000000LL) { /* its children are dead and it still has not returned */
            char line[256];
            int n = snprintf(line, sizeof line,
                             "{\"event\":\"error\",\"message\":\"%s() did not return %d ms after the iteration's "
                             "time limit, with its children killed\"}\n",
                             opt.function, 3000);
            emit_raw(line, (size_t)n);
            _exit(4);
        }
    }
    return NULL;
}

/* Kill and reap every child still here (the harness is a subreaper: orphans too). */
static int sweep_children(void)
{
    int killed = 0;
    for (;;) {
        killed += lab_kill_children(harness_pid);
        int st;
        pid_t r = waitpid(-1, &st, __WALL);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return killed;
    }
}

/* ----------------------------------------------------------- reporting */

static char out[1 << 16];
static size_t out_n;

static void put(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(out + out_n, sizeof out - out_n, fmt, ap);
    va_end(ap);
    if (n > 0)
        out_n = out_n + (size_t)n < sizeof out ? out_n + (size_t)n : sizeof out - 1;
}

static void to_line(void *ctx, const char *s, size_t n)
{
    (void)ctx;
    put("%.*s", (int)n, s);
}

static void put_str(const char *s)
{
    lab_json_str(to_line, NULL, s);
}

static void flush_line(void)
{
    put("\n");
    emit_raw(out, out_n);
    out_n = 0;
}

static void put_status(int st)
{
    if (st < 0)
        put("\"status\":\"unseen\"");
    else if (WIFEXITED(st))
        put("\"exit_code\":%d", WEXITSTATUS(st));
    else if (WIFSIGNALED(st))
        put("\"signal\":%d", WTERMSIG(st));
    else
        put("\"status\":%d", st);
}

static void status_text(char *buf, size_t n, int st)
{
    if (st < 0)
        snprintf(buf, n, "reaped elsewhere");
    else if (WIFEXITED(st))
        snprintf(buf, n, "exit %d", WEXITSTATUS(st));
    else if (WIFSIGNALED(st))
        snprintf(buf, n, "signal %d (%s)", WTERMSIG(st), sigabbrev_np(WTERMSIG(st)) ? sigabbrev_np(WTERMSIG(st)) : "?");
    else
        snprintf(buf, n, "status %d", st);
}

static int cmp_ev(const void *a, const void *b)
{
    const struct ev *x = *(const struct ev *const *)a, *y = *(const struct ev *const *)b;
    return x->t_ns < y->t_ns ? -1 : x->t_ns > y->t_ns;
}

static void put_timeline(long long t0)
{
    struct ev *v[MAX_EV];
    unsigned n = atomic_load(&sh->n), m = 0;
    for (unsigned i = 0; i < n && i < MAX_EV; i++)
        if (atomic_load_explicit(&sh->ev[i].ready, memory_order_acquire))
            v[m++] = &sh->ev[i];
    qsort(v, m, sizeof v[0], cmp_ev);
    put(",\"timeline\":[");
    for (unsigned i = 0; i < m; i++) {
        struct ev *e = v[i];
        char detail[160] = "";
        switch (e->kind) {
        case K_SPAWN:
            snprintf(detail, sizeof detail, "%s()", e->text);
            break;
        case K_SPAWNED:
            snprintf(detail, sizeof detail, "child %ld", e->a);
            break;
        case K_SPAWN_ERROR:
            if (e->b != SS_STEP_UNKNOWN)
                snprintf(detail, sizeof detail, "%s at step %ld (%s)%s", lab_errname((int)e->a), e->b, e->text,
                         e->c ? "" : "; the caller passed no ss_error");
            else
                snprintf(detail, sizeof detail, "%s", lab_errname((int)e->a));
            break;
        case K_CHILD:
            snprintf(detail, sizeof detail, "child running");
            break;
        case K_SIGNAL:
            snprintf(detail, sizeof detail, "SIGTERM to %ld", e->a);
            break;
        case K_HANDLER:
            snprintf(detail, sizeof detail, e->b ? "the parent's SIGTERM handler ran in the child" : "handler ran in the parent");
            break;
        case K_EXEC:
            snprintf(detail, sizeof detail, "exec %s", e->text);
            break;
        case K_EXEC_ERROR:
            snprintf(detail, sizeof detail, "exec failed: %s", lab_errname((int)e->a));
            break;
        case K_EXIT_CALL:
            snprintf(detail, sizeof detail, "%s(%ld)", e->text, e->a);
            break;
        case K_REAPED: {
            char s[48];
            status_text(s, sizeof s, (int)e->b);
            snprintf(detail, sizeof detail, "waitpid: %s", s);
            break;
        }
        case K_EXIT: {
            char s[48];
            status_text(s, sizeof s, (int)e->b);
            snprintf(detail, sizeof detail, "%s", s);
            break;
        }
        case K_TIMEOUT_KILL:
            snprintf(detail, sizeof detail, e->b ? "SIGKILL: the signal was lost" : "SIGKILL: outlived the time limit");
            break;
        case K_RETURN:
            snprintf(detail, sizeof detail, "returned %ld", e->a);
            break;
        case K_PARENT_EXIT:
            snprintf(detail, sizeof detail, "%s(%ld) in the parent", e->text, e->a);
            break;
        }
        put("%s{\"t_us\":%.1f,\"kind\":\"%s\",\"pid\":%d", i ? "," : "", (double)(e->t_ns - t0) / 1000.0, kind_names[e->kind],
            e->pid);
        if (e->line > 0)
            put(",\"line\":%d", e->line);
        put(",\"detail\":");
        put_str(detail);
        put("}");
    }
    put("]");
}

/* -------------------------------------------------------- one iteration */

static const char *const outcome_names[] = {"terminated", "handler-in-child", "timeout", "ok", "hang", "errno+step",
                                            "errno", "exit-status", "nothing", "other", "error", "parent-exit"};
enum outcome { O_TERMINATED, O_HANDLER, O_TIMEOUT, O_OK, O_HANG, O_ERRNO_STEP, O_ERRNO, O_EXIT_STATUS, O_NOTHING,
               O_OTHER, O_ERROR, O_PARENT_EXIT, O_COUNT };
static long counts[O_COUNT];
static double *latencies;
static long nlat;

static const struct ev *find_ev(int kind, int want_b)
{
    unsigned n = atomic_load(&sh->n);
    for (unsigned i = 0; i < n && i < MAX_EV; i++) {
        const struct ev *e = &sh->ev[i];
        if (atomic_load_explicit(&e->ready, memory_order_acquire) && e->kind == kind && (want_b < 0 || e->b == want_b))
            return e;
    }
    return NULL;
}

static void iteration(long i, const struct forklint_inputs *in)
{
    atomic_store(&sh->n, 0);
    for (int k = 0; k < MAX_EV; k++)
        atomic_store(&sh->ev[k].ready, 0);
    pthread_mutex_lock(&kids_mu);
    nkids = 0;
    pthread_mutex_unlock(&kids_mu);
    atomic_store(&iter_timed_out, 0);
    long long t0 = lab_now_ns();
    atomic_store(&iter_deadline, t0 + (long long)opt.timeout_ms * 1000000LL);
    atomic_store(&iter_active, 1);

    volatile int parent_exit = 0;
    long ret = 0;
    int ret_errno = 0;
    if (sigsetjmp(exit_jmp, 1) == 0) {
        errno = 0;
        ret = forklint_entry(in);
        ret_errno = errno;
        ev_add(K_RETURN, 0, ret, 0, 0, NULL);
    } else
        parent_exit = 1;

    /* wait for the children it did not reap (the watchdog kills them at the deadline) */
    for (int k = 0;; k++) {
        pthread_mutex_lock(&kids_mu);
        int n = nkids;
        struct kid kk = k < n ? kids[k] : (struct kid){0};
        pthread_mutex_unlock(&kids_mu);
        if (k >= n)
            break;
        if (kk.reaped)
            continue;
        int st = 0;
        pid_t r;
        while ((r = waitpid(kk.pid, &st, __WALL)) < 0 && errno == EINTR)
            ;
        if (r == kk.pid) {
            mark_reaped(kk.pid, st, 0);
            ev_add(K_EXIT, 0, kk.pid, st, 0, NULL);
        } else
            mark_reaped(kk.pid, -1, 0);
    }
    long long t_end = lab_now_ns();
    atomic_store(&iter_active, 0);
    sweep_children();

    /* what happened */
    pthread_mutex_lock(&kids_mu);
    struct kid first = nkids ? kids[0] : (struct kid){.pid = -1, .status = -1};
    for (int k = 0; k < nkids; k++)
        if (kids[k].pidfd >= 0)
            close(kids[k].pidfd);
    int spawned = nkids;
    pthread_mutex_unlock(&kids_mu);
    const struct ev *spawn_err = find_ev(K_SPAWN_ERROR, -1);
    const struct ev *exec_err = find_ev(K_EXEC_ERROR, -1);
    const struct ev *spawn = find_ev(K_SPAWN, -1);
    const struct ev *spawned_ev = find_ev(K_SPAWNED, -1);
    int handler_child = find_ev(K_HANDLER, 1) != NULL;
    int timed_out = atomic_load(&iter_timed_out);
    int st = first.status;
    enum outcome o;
    if (parent_exit)
        o = O_PARENT_EXIT;
    else if (!spawned && opt.cond == C_EXECFAIL && spawn_err)
        o = spawn_err->b != SS_STEP_UNKNOWN && spawn_err->c ? O_ERRNO_STEP : O_ERRNO;
    else if (!spawned)
        o = O_ERROR;
    else if (opt.cond == C_KILL)
        o = handler_child ? O_HANDLER : timed_out ? O_TIMEOUT : st >= 0 && WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM ? O_TERMINATED : O_OTHER;
    else if (opt.cond == C_MALLOC || opt.cond == C_COST)
        o = timed_out ? O_HANG : st >= 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0 ? O_OK : O_OTHER;
    else
        o = first.by_user ? O_EXIT_STATUS : O_NOTHING;
    counts[o]++;
    double latency = (double)(t_end - t0) / 1000.0;
    double blocked = spawn && spawned_ev ? (double)(spawned_ev->t_ns - spawn->t_ns) / 1000.0 : 0;
    if (spawned && !timed_out)
        latencies[nlat++] = latency;

    put("{\"event\":\"outcome\",\"i\":%ld,\"outcome\":\"%s\",\"function\":", i, outcome_names[o]);
    put_str(opt.function);
    put(",\"spawn_line\":%d,\"latency_us\":%.1f,\"blocked_us\":%.1f,\"spawned\":%d", spawn ? spawn->line : opt.site_line,
        latency, blocked, spawned);
    if (!parent_exit) {
        put(",\"returned\":%ld", ret);
        if (ret < 0 && ret_errno)
            put(",\"errno\":\"%s\"", lab_errname(ret_errno));
    }
    if (spawned) {
        put(",");
        put_status(st);
        put(",\"reaped_by\":\"%s\"", first.by_user ? "function" : "harness");
    }
    if (spawn_err)
        put(",\"spawn_errno\":\"%s\",\"spawn_line\":%d", lab_errname((int)spawn_err->a), spawn_err->line);
    if (spawn_err && spawn_err->b != SS_STEP_UNKNOWN)
        put(",\"step\":%ld,\"kind\":\"%s\"", spawn_err->b, spawn_err->text);
    if (exec_err)
        put(",\"child_errno\":\"%s\",\"exec_line\":%d", lab_errname((int)exec_err->a), exec_err->line);
    put_timeline(t0);
    put("}");
    flush_line();
}

/* ------------------------------------------------------------------ main */

static void usage(const char *msg)
{
    put("{\"event\":\"error\",\"message\":");
    put_str(msg);
    put("}");
    flush_line();
    exit(2);
}

int main(int argc, char **argv)
{
    for (int i = 1; i + 1 < argc; i += 2) {
        const char *a = argv[i], *v = argv[i + 1];
        if (!strcmp(a, "--conditions")) {
            opt.cond_name = v;
            if (!strcmp(v, "kill-before-exec"))
                opt.cond = C_KILL;
            else if (!strcmp(v, "spawn-cost"))
                opt.cond = C_COST;
            else if (!strcmp(v, "malloc-after-fork"))
                opt.cond = C_MALLOC;
            else if (!strcmp(v, "exec-failure"))
                opt.cond = C_EXECFAIL;
            else
                usage("--conditions is kill-before-exec, spawn-cost, malloc-after-fork or exec-failure");
        } else if (!strcmp(a, "--iterations"))
            opt.iterations = atol(v);
        else if (!strcmp(a, "--timeout-ms"))
            opt.timeout_ms = atoi(v);
        else if (!strcmp(a, "--kill-delay-us"))
            opt.kill_delay_us = atol(v);
        else if (!strcmp(a, "--killer"))
            opt.group = !strcmp(v, "group");
        else if (!strcmp(a, "--mem-mib"))
            opt.mem_mib = atol(v);
        else if (!strcmp(a, "--threads"))
            opt.threads = atoi(v);
        else if (!strcmp(a, "--call"))
            opt.call = !strcmp(v, "setenv") ? LAB_CALL_SETENV : !strcmp(v, "stdio") ? LAB_CALL_STDIO : LAB_CALL_MALLOC;
        else if (!strcmp(a, "--target-dir"))
            opt.target_dir = v;
        else if (!strcmp(a, "--function"))
            opt.function = v;
        else if (!strcmp(a, "--site-line"))
            opt.site_line = atoi(v);
        else
            usage("unknown option");
    }
    if (opt.iterations < 1)
        opt.iterations = 1;
    harness_pid = getpid();
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    /* events on a private descriptor; the program's output to a file */
    out_fd = fcntl(1, F_DUPFD_CLOEXEC, 100);
    int o = open("program-output.txt", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (out_fd < 0 || o < 0)
        usage("cannot set up the output");
    dup2(o, 1);
    dup2(o, 2);
    close(o);
    sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    latencies = calloc((size_t)opt.iterations, sizeof(double));
    if (sh == MAP_FAILED || !latencies)
        usage("out of memory");

    static char path[4096], arg0[] = "snippet";
    snprintf(path, sizeof path, "%s/%s", opt.target_dir,
             opt.cond == C_EXECFAIL ? "missing-program" : opt.cond == C_KILL ? "racelab-pause" : "racelab-exit");
    char *argvv[] = {path, NULL};
    char *main_argv[] = {arg0, path, NULL};
    struct forklint_inputs in = {path, argvv, 1, main_argv};

    if (opt.cond == C_KILL) {
        if (opt.group && setpgid(0, 0) < 0)
            usage("cannot make a process group of our own");
        lab_catch_sigterm(on_term);
    }
    double touch_ms = 0;
    if (opt.cond == C_COST && opt.mem_mib > 0) {
        long long t = lab_now_ns();
        size_t bytes = (size_t)opt.mem_mib << 20;
        char *m = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (m == MAP_FAILED)
            usage("cannot map --mem-mib (over the memory limit?)");
        for (size_t off = 0; off < bytes; off += 4096)
            m[off] = 1;
        touch_ms = (double)(lab_now_ns() - t) / 1e6;
    }
    pthread_t wd, killer, *hammers = NULL;
    pthread_create(&wd, NULL, watchdog, NULL);
    if (opt.cond == C_KILL && opt.group)
        pthread_create(&killer, NULL, group_killer, NULL);
    if (opt.cond == C_MALLOC) {
        hammer_log = fopen("/dev/null", "we");
        hammers = calloc((size_t)opt.threads, sizeof *hammers);
        for (int i = 0; i < opt.threads; i++)
            pthread_create(&hammers[i], NULL, hammer, (void *)(uintptr_t)(i + 1));
    }

    put("{\"event\":\"start\",\"scenario\":\"snippet\",\"conditions\":\"%s\",\"function\":", opt.cond_name);
    put_str(opt.function);
    put(",\"site_line\":%d,\"iterations\":%ld,\"pid\":%d,\"target\":", opt.site_line, opt.iterations, (int)harness_pid);
    put_str(path);
    put(",\"libc\":");
    put_str(lab_libc_name());
    put("}");
    flush_line();
    long long t_start = lab_now_ns();
    for (long i = 0; i < opt.iterations; i++)
        iteration(i, &in);
    atomic_store(&stop_threads, 1);
    pthread_join(wd, NULL);
    if (opt.cond == C_KILL && opt.group) {
        pthread_join(killer, NULL);
        signal(SIGTERM, SIG_IGN);
    }
    for (int i = 0; hammers && i < opt.threads; i++)
        pthread_join(hammers[i], NULL);
    qsort(latencies, (size_t)nlat, sizeof(double), lab_cmp_double);
    put("{\"event\":\"summary\",\"scenario\":\"snippet\",\"conditions\":\"%s\",\"function\":", opt.cond_name);
    put_str(opt.function);
    put(",\"iterations\":%ld", opt.iterations);
    for (int k = 0; k < O_COUNT; k++)
        if (counts[k])
            put(",\"%s\":%ld", outcome_names[k], counts[k]);
    put(",\"mem_mib\":%ld,\"touch_ms\":%.0f,\"latency_us\":{\"median\":%.1f,\"p99\":%.1f,\"min\":%.1f},\"elapsed_ms\":%.1f}",
        opt.mem_mib, touch_ms, lab_pct(latencies, nlat, 50), lab_pct(latencies, nlat, 99), nlat ? latencies[0] : 0,
        (double)(lab_now_ns() - t_start) / 1e6);
    flush_line();
    return 0;
}
