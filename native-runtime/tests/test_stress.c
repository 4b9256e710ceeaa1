/* Many spawns: descriptor leaks, zombies, threads, async completions, and
 * signals that arrive before the exec. */
#define _GNU_SOURCE
#include "helpers.h"

#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>

static int no_children_left(void)
{
    return waitpid(-1, NULL, WNOHANG) < 0 && errno == ECHILD;
}

static void test_no_leaks(void)
{
    long n = t_iters(10000);
    char *ok_argv[] = {"tiny", NULL};
    int before = count_fds();
    long failures = 0, bad_status = 0;
    for (long i = 0; i < n; i++) {
        ss_child c;
        ss_error e;
        /* every tenth one fails in the child, to cover that path too */
        int rc = i % 10 == 9 ? ss_spawn(&c, "/nonexistent", NULL, ok_argv, NULL, &e)
                             : ss_spawn(&c, tiny_path(), NULL, ok_argv, NULL, &e);
        if (i % 10 == 9) {
            failures += rc != ENOENT;
            continue;
        }
        if (rc) {
            failures++;
            continue;
        }
        int st;
        if (ss_wait(&c, &st, 0) || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
            bad_status++;
    }
    int after = count_fds();
    printf("  %ld spawns: fds before %d, after %d\n", n, before, after);
    CHECK_EQ(failures, 0);
    CHECK_EQ(bad_status, 0);
    CHECK_EQ(after, before);
    CHECK(no_children_left(), "a child is left (zombie)");
}

static void test_release_then_waitpid(void)
{
    /* ss_child_release hands the pid over: the caller reaps it by pid */
    char *argv[] = {"tiny", "exit", "4", NULL};
    ss_child c;
    int before = count_fds();
    REQUIRE(ss_spawn(&c, tiny_path(), NULL, argv, NULL, NULL) == 0, "spawn");
    pid_t pid = c.pid;
    ss_child_release(&c);
    CHECK_EQ(c.pidfd, -1);
    CHECK_EQ(count_fds(), before);
    int st;
    CHECK_EQ(waitpid(pid, &st, 0), pid);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 4, "status %#x", st);
}

/* --- threads: spawners while others hammer malloc and hold locks --- */

static atomic_int stop_hammer;
static pthread_mutex_t app_lock = PTHREAD_MUTEX_INITIALIZER;

static void *hammer(void *arg)
{
    unsigned seed = (unsigned)(uintptr_t)arg;
    void *keep[64] = {0};
    while (!atomic_load(&stop_hammer)) {
        pthread_mutex_lock(&app_lock); /* a lock held while allocating */
        for (int i = 0; i < 64; i++) {
            seed = seed * 1103515245u + 12345u;
            free(keep[i]);
            keep[i] = malloc(16 + (seed >> 16) % 4096);
            if (keep[i])
                memset(keep[i], 1, 16);
        }
        pthread_mutex_unlock(&app_lock);
    }
    for (int i = 0; i < 64; i++)
        free(keep[i]);
    return NULL;
}

struct spawner {
    long n;
    long ok, bad;
};

static void *spawner(void *arg)
{
    struct spawner *s = arg;
    char *argv[] = {"tiny", "exit", "0", NULL};
    for (long i = 0; i < s->n; i++) {
        ss_actions fa;
        ss_actions_init(&fa);
        ss_actions_add_open(&fa, 0, "/dev/null", O_RDONLY, 0);
        ss_actions_add_closefrom(&fa, 3);
        ss_child c;
        ss_error e;
        int rc = ss_spawn(&c, tiny_path(), &fa, argv, NULL, &e);
        ss_actions_destroy(&fa);
        int st;
        if (rc == 0 && ss_wait(&c, &st, 0) == 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0)
            s->ok++;
        else
            s->bad++;
    }
    return NULL;
}

static void test_threads(void)
{
    enum { SPAWNERS = 8, HAMMERS = 4 };
    long per = t_iters(250);
    pthread_t hs[HAMMERS], ss[SPAWNERS];
    struct spawner st[SPAWNERS];
    int before = count_fds();
    atomic_store(&stop_hammer, 0);
    alarm(120); /* a deadlock ends the run (SIGALRM) instead of hanging it */
    for (int i = 0; i < HAMMERS; i++)
        pthread_create(&hs[i], NULL, hammer, (void *)(uintptr_t)(i + 1));
    for (int i = 0; i < SPAWNERS; i++) {
        st[i] = (struct spawner){per, 0, 0};
        pthread_create(&ss[i], NULL, spawner, &st[i]);
    }
    long ok = 0, bad = 0;
    for (int i = 0; i < SPAWNERS; i++) {
        pthread_join(ss[i], NULL);
        ok += st[i].ok;
        bad += st[i].bad;
    }
    atomic_store(&stop_hammer, 1);
    for (int i = 0; i < HAMMERS; i++)
        pthread_join(hs[i], NULL);
    alarm(0);
    printf("  %d threads x %ld spawns: %ld ok, %ld failed\n", SPAWNERS, per, ok, bad);
    CHECK_EQ(ok, SPAWNERS * per);
    CHECK_EQ(bad, 0);
    CHECK_EQ(count_fds(), before);
    CHECK(no_children_left(), "a child is left");
}

/* --- async --- */

static void test_async_queue(void)
{
    long n = t_iters(1000);
    ss_async *q;
    int before = count_fds();
    REQUIRE(ss_async_create(&q, 3, NULL, NULL) == 0, "create");
    int fd = ss_async_fd(q);
    CHECK(fd >= 0, "fd");
    char *argv[] = {"tiny", "exit", "5", NULL};
    char *seen = calloc((size_t)n, 1);
    struct timespec t0, t1;
    for (long i = 0; i < n; i++) {
        ss_actions fa;
        ss_actions_init(&fa);
        ss_actions_add_chdir(&fa, i % 7 == 3 ? "/nonexistent" : "/");
        int rc = ss_spawn_async(q, i % 5 == 4 ? "/nonexistent" : tiny_path(), &fa, argv, NULL, 0,
                                (void *)(uintptr_t)(i + 1));
        ss_actions_destroy(&fa); /* the request holds its own copy */
        CHECK_EQ(rc, 0);
    }
    clock_gettime(CLOCK_MONOTONIC, &t0);
    long got = 0, wrong = 0;
    while (got < n) {
        struct pollfd p = {fd, POLLIN, 0};
        int pr = poll(&p, 1, 30000);
        REQUIRE(pr == 1, "poll timed out with %ld of %ld completions", got, n);
        ss_completion c;
        while (ss_async_next(q, &c) == 0) {
            long i = (long)(uintptr_t)c.udata - 1;
            if (i < 0 || i >= n || seen[i]) {
                wrong++;
                continue;
            }
            seen[i] = 1;
            got++;
            int want = i % 7 == 3 ? ENOENT : i % 5 == 4 ? ENOENT : 0;
            int want_step = i % 7 == 3 ? 0 : SS_STEP_EXEC;
            if (!ss_reports_step()) /* posix_spawn backend: errno only */
                want_step = SS_STEP_UNKNOWN;
            if (c.error != want || (want && c.err.step != want_step)) {
                wrong++;
                continue;
            }
            if (!want) {
                int st;
                if (ss_wait(&c.child, &st, 0) || !WIFEXITED(st) || WEXITSTATUS(st) != 5)
                    wrong++;
            }
        }
        /* drained: the fd must no longer be readable until the next one */
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    struct pollfd p = {fd, POLLIN, 0};
    CHECK_EQ(poll(&p, 1, 0), 0);
    ss_completion extra;
    CHECK_EQ(ss_async_next(q, &extra), EAGAIN);
    ss_async_destroy(q);
    free(seen);
    printf("  %ld async completions in %.0f ms\n", got,
           (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
    CHECK_EQ(got, n);
    CHECK_EQ(wrong, 0);
    CHECK_EQ(count_fds(), before);
    CHECK(no_children_left(), "a child is left");
}

/* `tiny report` spawned through q from the calling thread: its line in out. */
static int async_report(ss_async *q, char *out, size_t n)
{
    struct cap cap;
    cap_open(&cap);
    ss_actions fa;
    ss_actions_init(&fa);
    ss_actions_add_dup2(&fa, cap.w, 1);
    char *argv[] = {"tiny", "report", NULL};
    int rc = ss_spawn_async(q, tiny_path(), &fa, argv, NULL, 0, NULL);
    ss_actions_destroy(&fa);
    ss_completion c;
    memset(&c, 0, sizeof c);
    c.error = rc;
    while (rc == 0) {
        struct pollfd p = {ss_async_fd(q), POLLIN, 0};
        poll(&p, 1, 10000);
        if (ss_async_next(q, &c) == 0)
            break;
    }
    cap_finish(&cap, c.error, &c.child, out, n);
    return c.error;
}

static void test_async_mask(void)
{
    /* The child gets the submitting thread's mask, not the helper's
     * (which blocks everything). */
    sigset_t m, old;
    sigemptyset(&m);
    sigaddset(&m, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &m, &old);
    ss_async *q;
    int rc = ss_async_create(&q, 1, NULL, NULL);
    char out[4096], f[256], want[16];
    if (rc == 0) {
        rc = async_report(q, out, sizeof out);
        ss_async_destroy(q);
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    REQUIRE(rc == 0, "spawn: %s", strerror(rc));
    snprintf(want, sizeof want, "%d", SIGUSR1);
    CHECK(!strcmp(field(out, "blocked", f, sizeof f), want), "blocked=%s, want %s", f, want);
}

#ifdef __linux__
struct sched_job {
    ss_async *q;
    int policy; /* set on the submitting thread first, or -1 */
    int rc;
    char out[4096];
};

static void *submit_with_policy(void *arg)
{
    struct sched_job *j = arg;
    struct sched_param sp = {0};
    j->rc = j->policy >= 0 ? pthread_setschedparam(pthread_self(), j->policy, &sp) : 0;
    if (j->rc == 0)
        j->rc = async_report(j->q, j->out, sizeof j->out);
    return NULL;
}
#endif

static void test_async_sched(void)
{
    /* The child gets the submitting thread's scheduling policy (what its
     * fork() would give), not the helper's SCHED_BATCH. */
#ifdef __linux__
    ss_async *q;
    REQUIRE(ss_async_create(&q, 1, NULL, NULL) == 0, "create");
    struct {
        int set, want;
    } cases[] = {{-1, SCHED_OTHER}, {SCHED_IDLE, SCHED_IDLE}, {SCHED_BATCH, SCHED_BATCH}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct sched_job j = {q, cases[i].set, 0, ""};
        pthread_t t;
        REQUIRE(pthread_create(&t, NULL, submit_with_policy, &j) == 0, "thread");
        pthread_join(t, NULL);
        CHECK(j.rc == 0, "submitter with policy %d: %s", cases[i].set, strerror(j.rc));
        char f[64], want[16];
        snprintf(want, sizeof want, "%d", cases[i].want);
        CHECK(!strcmp(field(j.out, "policy", f, sizeof f), want), "submitter with policy %d: child policy=%s, want %s",
              cases[i].set, f, want);
    }
    ss_async_destroy(q);
#else
    printf("  skipped: scheduling policies are per thread on Linux only\n");
#endif
}

struct cb_state {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    long done, wrong;
    char *seen;
    long n;
};

static void on_done(const ss_completion *c, void *arg)
{
    struct cb_state *s = arg;
    long i = (long)(uintptr_t)c->udata;
    int bad = c->error != 0;
    ss_child child = c->child;
    int st;
    if (!bad && (ss_wait(&child, &st, 0) || !WIFEXITED(st)))
        bad = 1;
    pthread_mutex_lock(&s->mu);
    if (i < 0 || i >= s->n || s->seen[i])
        bad = 1;
    else
        s->seen[i] = 1;
    s->wrong += bad;
    s->done++;
    pthread_cond_signal(&s->cv);
    pthread_mutex_unlock(&s->mu);
}

static void test_async_callback(void)
{
    struct cb_state s = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, NULL, t_iters(500)};
    s.seen = calloc((size_t)s.n, 1);
    /* found through PATH (read on the helper threads) */
    char dir[PATH_MAX];
    strcpy(dir, tiny_path());
    *strrchr(dir, '/') = 0;
    char *old = getenv("PATH") ? strdup(getenv("PATH")) : NULL;
    setenv("PATH", dir, 1);
    ss_async *q;
    REQUIRE(ss_async_create(&q, 2, on_done, &s) == 0, "create");
    char *argv[] = {"tiny", NULL};
    for (long i = 0; i < s.n; i++)
        CHECK_EQ(ss_spawn_async(q, "tiny", NULL, argv, NULL, SS_ASYNC_SEARCH_PATH, (void *)(uintptr_t)i), 0);
    pthread_mutex_lock(&s.mu);
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += 60;
    while (s.done < s.n)
        if (pthread_cond_timedwait(&s.cv, &s.mu, &deadline) == ETIMEDOUT)
            break;
    pthread_mutex_unlock(&s.mu);
    ss_async_destroy(q);
    if (old)
        setenv("PATH", old, 1);
    free(old);
    CHECK_EQ(s.done, s.n);
    CHECK_EQ(s.wrong, 0);
    free(s.seen);
    CHECK_EQ(ss_spawn_async(NULL, "x", NULL, argv, NULL, 0, NULL), EINVAL);
}

/* --- a signal to the whole process group, from another thread, while
 * children are between spawn and exec.  A caught SIGTERM handler running in
 * a child is a lost signal (it also runs on this process's memory). --- */

static pid_t parent_pid;
static int lost_pipe_w = -1;
static atomic_long parent_hits;

static void on_term(int sig)
{
    (void)sig;
    if (getpid() != parent_pid) {
        char c = 'L';
        ssize_t r = write(lost_pipe_w, &c, 1);
        (void)r;
    } else {
        atomic_fetch_add(&parent_hits, 1);
    }
}

static atomic_int stop_killer;

static void *killer(void *arg)
{
    (void)arg;
    while (!atomic_load(&stop_killer)) {
        kill(0, SIGTERM);
        for (volatile int i = 0; i < 2000; i++)
            ;
    }
    return NULL;
}

static void test_group_signal_before_exec(void)
{
    /* our own process group, so kill(0) reaches only us and our children */
    if (setpgid(0, 0) < 0 && getpgid(0) != getpid()) {
        CHECK(0, "setpgid: %s", strerror(errno));
        return;
    }
    parent_pid = getpid();
    int lp[2];
    REQUIRE(pipe2(lp, O_CLOEXEC | O_NONBLOCK) == 0, "pipe");
    lost_pipe_w = lp[1];
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_term;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    long n = t_iters(2000);
    atomic_store(&stop_killer, 0);
    pthread_t k;
    pthread_create(&k, NULL, killer, NULL);
    char *argv[] = {"tiny", "pause", NULL};
    long by_term = 0, other = 0, spawn_err = 0;
    for (long i = 0; i < n; i++) {
        ss_child c;
        int rc;
        do /* the killer interrupts us too */
            rc = ss_spawn(&c, tiny_path(), NULL, argv, NULL, NULL);
        while (rc == EINTR);
        if (rc) {
            spawn_err++;
            continue;
        }
        int st;
        while ((rc = ss_wait(&c, &st, 0)) == EINTR)
            ;
        if (rc == 0 && WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM)
            by_term++;
        else
            other++;
    }
    atomic_store(&stop_killer, 1);
    pthread_join(k, NULL);
    signal(SIGTERM, SIG_IGN);
    char buf[4096];
    long lost = 0;
    ssize_t r;
    while ((r = read(lp[0], buf, sizeof buf)) > 0)
        lost += r;
    close(lp[0]);
    close(lp[1]);
    printf("  %ld children under a SIGTERM storm: %ld died of it, %ld otherwise, %ld handler runs "
           "in a child, %ld in this process\n",
           n, by_term, other, lost, (long)atomic_load(&parent_hits));
    CHECK_EQ(spawn_err, 0);
    CHECK_EQ(lost, 0);
    CHECK_EQ(by_term, n);
    CHECK(atomic_load(&parent_hits) > 0, "the killer never fired");
}

T_MAIN(T(no_leaks), T(release_then_waitpid), T(threads), T(async_queue), T(async_mask), T(async_sched), T(async_callback),
       T(group_signal_before_exec))
