/*
 * safespawn.c -- see safespawn.h.  C11 + POSIX; Linux first.
 *
 * Backends (one is compiled in):
 *   clone       Linux default.  clone(CLONE_VM|CLONE_VFORK) on an mmap'ed
 *               stack with a guard page: no page-table copy, so the cost does
 *               not grow with the parent's memory.
 *   vfork       -DSAFESPAWN_USE_VFORK: the same child code after vfork().
 *   posix_spawn -DSAFESPAWN_USE_POSIX_SPAWN, and the default off Linux.
 *
 * The child (clone and vfork backends) shares the parent's memory, so it
 * calls only what glibc's, musl's and CPython's spawn children call: plain
 * system-call wrappers, memcpy/strlen, no malloc, no locks, no stdio.
 */
#define _GNU_SOURCE
#include "safespawn.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(SAFESPAWN_USE_POSIX_SPAWN)
#define SS_BACKEND_POSIX_SPAWN 1
#elif defined(SAFESPAWN_USE_VFORK)
#define SS_BACKEND_VFORK 1
#elif defined(__linux__)
#define SS_BACKEND_CLONE 1
#else
#define SS_BACKEND_POSIX_SPAWN 1
#endif

#ifdef __linux__
#include <sched.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#define SS_P_PIDFD 3 /* idtype for waitid(2), Linux 5.4 */
#endif
#ifdef SS_BACKEND_POSIX_SPAWN
#include <spawn.h>
#endif
#ifndef __linux__
#include <grp.h> /* setgroups */
#endif
#if defined(__has_feature)
#if __has_feature(address_sanitizer) && !defined(__SANITIZE_ADDRESS__)
#define __SANITIZE_ADDRESS__ 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
/* The child's no-return paths run on our own stack, which ASan does not know:
 * its no-return hook would warn.  The parent unpoisons that stack instead. */
#define SS_CHILD_NO_ASAN __attribute__((no_sanitize_address))
#else
#define SS_CHILD_NO_ASAN
#endif

#if defined(_NSIG)
#define SS_NSIG _NSIG
#else
#define SS_NSIG NSIG
#endif

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

extern char **environ;

#define SS_DEFAULT_PATH "/bin:/usr/bin" /* glibc's and musl's execvp default */

/* ------------------------------------------------------------------ actions */

struct ss_action {
    int kind;
    int fd, fd2;     /* dup2 fd -> fd2; close/fchdir/closefrom/open target: fd */
    int oflag;
    mode_t mode;     /* open mode, umask */
    pid_t pgid;
    int sig;
    unsigned long id; /* uid / gid */
    size_t ngroups;
    gid_t *groups;
    char *path;
    int *out;         /* socketpair: where our end goes */
    sigset_t mask;
};

int ss_actions_init(ss_actions *fa)
{
    if (!fa)
        return EINVAL;
    memset(fa, 0, sizeof *fa);
    return 0;
}

void ss_actions_destroy(ss_actions *fa)
{
    if (!fa)
        return;
    for (size_t i = 0; i < fa->n; i++) {
        free(fa->v[i].path);
        free(fa->v[i].groups);
    }
    free(fa->v);
    memset(fa, 0, sizeof *fa);
}

/* Remember the first failure so ss_spawn can report it with its index. */
static int add_fail(ss_actions *fa, int kind, int error)
{
    if (!fa->error) {
        fa->error = error;
        fa->err_step = fa->n;
        fa->err_kind = kind;
    }
    return error;
}

static struct ss_action *push(ss_actions *fa, int kind)
{
    if (fa->error) /* indices after a failed add would not match the caller's */
        return NULL;
    if (fa->n == fa->cap) {
        size_t cap = fa->cap ? fa->cap * 2 : 8;
        struct ss_action *v = realloc(fa->v, cap * sizeof *v);
        if (!v) {
            add_fail(fa, kind, ENOMEM);
            return NULL;
        }
        fa->v = v;
        fa->cap = cap;
    }
    struct ss_action *a = &fa->v[fa->n++];
    memset(a, 0, sizeof *a);
    a->kind = kind;
    return a;
}

#define ADD_BEGIN(fa, kind)                                 \
    if (!(fa))                                              \
        return EINVAL;                                      \
    struct ss_action *a = push((fa), (kind));               \
    if (!a)                                                 \
        return (fa)->error

static int check_fd(ss_actions *fa, int kind, int fd)
{
    return fd < 0 ? add_fail(fa, kind, EBADF) : 0;
}

int ss_actions_add_dup2(ss_actions *fa, int fd, int newfd)
{
    if (fa && (check_fd(fa, SS_KIND_DUP2, fd) || check_fd(fa, SS_KIND_DUP2, newfd)))
        return EBADF;
    ADD_BEGIN(fa, SS_KIND_DUP2);
    a->fd = fd;
    a->fd2 = newfd;
    return 0;
}

int ss_actions_add_close(ss_actions *fa, int fd)
{
    if (fa && check_fd(fa, SS_KIND_CLOSE, fd))
        return EBADF;
    ADD_BEGIN(fa, SS_KIND_CLOSE);
    a->fd = fd;
    return 0;
}

static int add_path(ss_actions *fa, struct ss_action *a, const char *path)
{
    if (!path) {
        fa->n--;
        return add_fail(fa, a->kind, EINVAL);
    }
    a->path = strdup(path);
    if (!a->path) {
        int kind = a->kind;
        fa->n--;
        return add_fail(fa, kind, ENOMEM);
    }
    return 0;
}

int ss_actions_add_open(ss_actions *fa, int fd, const char *path, int oflag, mode_t mode)
{
    if (fa && check_fd(fa, SS_KIND_OPEN, fd))
        return EBADF;
    ADD_BEGIN(fa, SS_KIND_OPEN);
    a->fd = fd;
    a->oflag = oflag;
    a->mode = mode;
    return add_path(fa, a, path);
}

int ss_actions_add_chdir(ss_actions *fa, const char *path)
{
    ADD_BEGIN(fa, SS_KIND_CHDIR);
    return add_path(fa, a, path);
}

int ss_actions_add_fchdir(ss_actions *fa, int fd)
{
    if (fa && check_fd(fa, SS_KIND_FCHDIR, fd))
        return EBADF;
    ADD_BEGIN(fa, SS_KIND_FCHDIR);
    a->fd = fd;
    return 0;
}

int ss_actions_add_setpgid(ss_actions *fa, pid_t pgid)
{
    if (fa && pgid < 0)
        return add_fail(fa, SS_KIND_SETPGID, EINVAL);
    ADD_BEGIN(fa, SS_KIND_SETPGID);
    a->pgid = pgid;
    return 0;
}

int ss_actions_add_setsid(ss_actions *fa)
{
    ADD_BEGIN(fa, SS_KIND_SETSID);
    return 0;
}

int ss_actions_add_umask(ss_actions *fa, mode_t mask)
{
    ADD_BEGIN(fa, SS_KIND_UMASK);
    a->mode = mask & 0777;
    return 0;
}

int ss_actions_add_sigdefault(ss_actions *fa, int sig)
{
    if (fa && (sig < 0 || sig >= SS_NSIG || sig == SIGKILL || sig == SIGSTOP))
        return add_fail(fa, SS_KIND_SIGDEFAULT, EINVAL);
    ADD_BEGIN(fa, SS_KIND_SIGDEFAULT);
    /* kept as a set: the child and posix_spawn take the union of them all */
    if (sig == 0)
        sigfillset(&a->mask);
    else {
        sigemptyset(&a->mask);
        sigaddset(&a->mask, sig);
    }
    return 0;
}

int ss_actions_add_sigdefault_set(ss_actions *fa, const sigset_t *set)
{
    if (fa && !set)
        return add_fail(fa, SS_KIND_SIGDEFAULT, EINVAL);
    if (fa && (sigismember(set, SIGKILL) == 1 || sigismember(set, SIGSTOP) == 1))
        return add_fail(fa, SS_KIND_SIGDEFAULT, EINVAL);
    ADD_BEGIN(fa, SS_KIND_SIGDEFAULT);
    a->mask = *set;
    return 0;
}

int ss_actions_add_sigmask(ss_actions *fa, const sigset_t *mask)
{
    if (fa && !mask)
        return add_fail(fa, SS_KIND_SIGMASK, EINVAL);
    ADD_BEGIN(fa, SS_KIND_SIGMASK);
    a->mask = *mask;
    return 0;
}

int ss_actions_add_closefrom(ss_actions *fa, int lowfd)
{
    if (fa && check_fd(fa, SS_KIND_CLOSEFROM, lowfd))
        return EBADF;
    ADD_BEGIN(fa, SS_KIND_CLOSEFROM);
    a->fd = lowfd;
    return 0;
}

int ss_actions_add_setgid(ss_actions *fa, gid_t gid)
{
    ADD_BEGIN(fa, SS_KIND_SETGID);
    a->id = gid;
    return 0;
}

int ss_actions_add_setuid(ss_actions *fa, uid_t uid)
{
    ADD_BEGIN(fa, SS_KIND_SETUID);
    a->id = uid;
    return 0;
}

int ss_actions_add_socketpair(ss_actions *fa, int fd, int *our_end)
{
    if (fa && check_fd(fa, SS_KIND_SOCKETPAIR, fd))
        return EBADF;
    if (fa && !our_end)
        return add_fail(fa, SS_KIND_SOCKETPAIR, EINVAL);
    ADD_BEGIN(fa, SS_KIND_SOCKETPAIR);
    a->fd = fd;
    a->out = our_end;
    *our_end = -1;
    return 0;
}

int ss_actions_add_setgroups(ss_actions *fa, size_t n, const gid_t *groups)
{
    if (fa && n > 0 && !groups)
        return add_fail(fa, SS_KIND_SETGROUPS, EINVAL);
    ADD_BEGIN(fa, SS_KIND_SETGROUPS);
    a->ngroups = n;
    if (n > 0) {
        a->groups = malloc(n * sizeof *groups);
        if (!a->groups) {
            fa->n--;
            return add_fail(fa, SS_KIND_SETGROUPS, ENOMEM);
        }
        memcpy(a->groups, groups, n * sizeof *groups);
    }
    return 0;
}

/* Deep copy, for requests queued by ss_spawn_async. */
static int actions_copy(ss_actions *dst, const ss_actions *src)
{
    memset(dst, 0, sizeof *dst);
    if (!src)
        return 0;
    dst->error = src->error;
    dst->err_step = src->err_step;
    dst->err_kind = src->err_kind;
    if (src->n == 0)
        return 0;
    dst->v = calloc(src->n, sizeof *dst->v);
    if (!dst->v)
        return ENOMEM;
    dst->cap = src->n;
    for (size_t i = 0; i < src->n; i++) {
        struct ss_action *d = &dst->v[i];
        *d = src->v[i];
        d->path = NULL;
        d->groups = NULL;
        dst->n = i + 1;
        if (src->v[i].path && !(d->path = strdup(src->v[i].path)))
            return ENOMEM;
        if (src->v[i].ngroups) {
            d->groups = malloc(src->v[i].ngroups * sizeof(gid_t));
            if (!d->groups)
                return ENOMEM;
            memcpy(d->groups, src->v[i].groups, src->v[i].ngroups * sizeof(gid_t));
        }
    }
    return 0;
}

const char *ss_kind_name(int kind)
{
    static const char *const names[] = {
        [SS_KIND_NONE] = "none",         [SS_KIND_DUP2] = "dup2",
        [SS_KIND_CLOSE] = "close",       [SS_KIND_OPEN] = "open",
        [SS_KIND_CHDIR] = "chdir",       [SS_KIND_FCHDIR] = "fchdir",
        [SS_KIND_SETPGID] = "setpgid",   [SS_KIND_SETSID] = "setsid",
        [SS_KIND_UMASK] = "umask",       [SS_KIND_SIGDEFAULT] = "sigdefault",
        [SS_KIND_SIGMASK] = "sigmask",   [SS_KIND_CLOSEFROM] = "closefrom",
        [SS_KIND_SETGID] = "setgid",     [SS_KIND_SETUID] = "setuid",
        [SS_KIND_SETGROUPS] = "setgroups", [SS_KIND_EXEC] = "exec",
        [SS_KIND_SPAWN] = "spawn",       [SS_KIND_UNKNOWN] = "unknown",
        [SS_KIND_SOCKETPAIR] = "socketpair",
    };
    if (kind < 0 || (size_t)kind >= sizeof names / sizeof names[0])
        return "unknown";
    return names[kind];
}

static int set_error(ss_error *err, int error, int step, int kind)
{
    if (err) {
        err->error = error;
        err->step = error ? step : SS_STEP_NONE;
        err->kind = error ? kind : SS_KIND_NONE;
    }
    return error;
}

/* execvp's search: each directory of `search` in turn until one try is not a
 * "not here" error.  try_one returns an errno value (0: it worked).  No
 * allocation: the clone/vfork child runs it on the parent's memory. */
SS_CHILD_NO_ASAN static int path_search(const char *file, const char *search,
                                        int (*try_one)(const char *path, const void *ctx), const void *ctx)
{
    size_t flen = strlen(file);
    if (flen == 0)
        return ENOENT;
    if (flen > NAME_MAX)
        return ENAMETOOLONG;
    char buf[PATH_MAX];
    int seen_eacces = 0;
    for (const char *s = search;;) {
        const char *e = s;
        while (*e && *e != ':')
            e++;
        size_t dl = (size_t)(e - s);
        if (dl + 1 + flen + 1 <= sizeof buf) {
            memcpy(buf, s, dl);
            size_t k = dl;
            if (dl) /* an empty element is the current directory */
                buf[k++] = '/';
            memcpy(buf + k, file, flen + 1);
            int r = try_one(buf, ctx);
            switch (r) {
            case 0:
                return 0;
            case EACCES:
                seen_eacces = 1;
                break;
            case ENOENT:
            case ENOTDIR:
            case ESTALE:
            case ENODEV:
            case ETIMEDOUT:
            case ELOOP:
            case ENAMETOOLONG:
                break;
            default: /* found it, but it cannot run: ENOEXEC, E2BIG, ... */
                return r;
            }
        }
        if (!*e)
            break;
        s = e + 1;
    }
    return seen_eacces ? EACCES : ENOENT;
}

/* The value of PATH in envp, or NULL. */
static const char *envp_path(char *const envp[])
{
    for (size_t i = 0; envp[i]; i++)
        if (!strncmp(envp[i], "PATH=", 5))
            return envp[i] + 5;
    return NULL;
}

/* The socket pairs of SS_KIND_SOCKETPAIR actions, made in the parent before
 * the child runs: pairs[2*i] is the child's end of action i, pairs[2*i+1]
 * ours (-1 for other actions).  Both ends are moved above every descriptor
 * an action targets, so no dup2 or open before theirs overwrites them. */
struct pairs {
    int *fd; /* 2 per action, or NULL when there is no socketpair action */
};

static void pairs_close(struct pairs *p, size_t n, int ours_too)
{
    for (size_t i = 0; p->fd && i < 2 * n; i++)
        if (p->fd[i] >= 0 && (ours_too || i % 2 == 0)) {
            close(p->fd[i]);
            p->fd[i] = -1;
        }
}

static int cloexec_socketpair(int sv[2])
{
#ifdef SOCK_CLOEXEC
    return socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv);
#else
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
        return -1;
    fcntl(sv[0], F_SETFD, FD_CLOEXEC);
    fcntl(sv[1], F_SETFD, FD_CLOEXEC);
    return 0;
#endif
}

/* 0, or the errno with *step the failing action. */
static int pairs_make(struct pairs *p, const ss_actions *fa, int *step)
{
    p->fd = NULL;
    size_t n = fa ? fa->n : 0, want = 0;
    int low = 3;
    for (size_t i = 0; i < n; i++) {
        const struct ss_action *a = &fa->v[i];
        want += a->kind == SS_KIND_SOCKETPAIR;
        int target = a->kind == SS_KIND_DUP2 ? a->fd2
                     : a->kind == SS_KIND_OPEN || a->kind == SS_KIND_SOCKETPAIR || a->kind == SS_KIND_CLOSE ? a->fd
                                                                                                        : -1;
        if (target >= low)
            low = target + 1;
    }
    if (!want)
        return 0;
    if (!(p->fd = malloc(2 * n * sizeof *p->fd))) {
        *step = SS_STEP_SPAWN;
        return ENOMEM;
    }
    for (size_t i = 0; i < 2 * n; i++)
        p->fd[i] = -1;
    for (size_t i = 0; i < n; i++) {
        if (fa->v[i].kind != SS_KIND_SOCKETPAIR)
            continue;
        int sv[2];
        if (cloexec_socketpair(sv) < 0) {
            int e = errno;
            pairs_close(p, n, 1);
            *step = (int)i;
            return e;
        }
        for (int k = 0; k < 2; k++) {
            if (sv[k] < low) {
                int d = fcntl(sv[k], F_DUPFD_CLOEXEC, low);
                int e = errno;
                close(sv[k]);
                sv[k] = d;
                if (d < 0) {
                    close(sv[1 - k]);
                    pairs_close(p, n, 1);
                    *step = (int)i;
                    return e;
                }
            }
        }
        p->fd[2 * i] = sv[1];
        p->fd[2 * i + 1] = sv[0];
    }
    return 0;
}

/* After the spawn: the child's ends go; ours to the callers, or closed on failure. */
static void pairs_finish(struct pairs *p, const ss_actions *fa, int failed)
{
    if (!p->fd)
        return;
    pairs_close(p, fa->n, failed);
    for (size_t i = 0; i < fa->n; i++)
        if (fa->v[i].kind == SS_KIND_SOCKETPAIR)
            *fa->v[i].out = failed ? -1 : p->fd[2 * i + 1];
    free(p->fd);
    p->fd = NULL;
}

/* /bin/sh FILE ARGS... into v (room for argc + 2): glibc's maybe_script_execute
 * drops argv[0] for the shell and the file. */
SS_CHILD_NO_ASAN static void sh_args(char **v, const char *path, char *const argv[], size_t argc)
{
    size_t n = 0;
    v[n++] = (char *)"/bin/sh";
    v[n++] = (char *)path;
    for (size_t i = 1; i < argc; i++)
        v[n++] = argv[i];
    v[n] = NULL;
}

/* ---------------------------------------------------- the child (shared VM) */

#if defined(SS_BACKEND_CLONE) || defined(SS_BACKEND_VFORK)

struct child_args {
    const char *file;
    const char *search;      /* PATH to search, or NULL to exec file as is */
    char *const *argv;
    char *const *envp;
    char **sh_argv;          /* room for /bin/sh FILE ARGS (SS_SPAWN_SH_FALLBACK), else NULL */
    size_t argc;
    const struct ss_action *acts;
    size_t nacts;
    const int *pairs;        /* struct pairs' fd: the child's socketpair ends */
    sigset_t mask;           /* the mask the child execs with */
    int mask_set_by_caller;  /* an SS_KIND_SIGMASK action gave it */
    int pipe_w;              /* close-on-exec error pipe */
    volatile int alive;      /* set by the child: memory really is shared */
    volatile int err, step, kind;
};

struct err_record {
    int err, step, kind;
};

/* The error goes both into shared memory and down the pipe: the pipe is read
 * only where the child turned out not to share memory (vfork emulated as
 * fork, as valgrind does). */
SS_CHILD_NO_ASAN _Noreturn static void child_fail(struct child_args *a, int pipe_w, int err, int step, int kind)
{
    a->err = err;
    a->step = step;
    a->kind = kind;
    struct err_record rec = {err, step, kind};
    while (pipe_w >= 0 && write(pipe_w, &rec, sizeof rec) < 0 && errno == EINTR)
        ;
    _exit(127);
}

/* An action is about to use descriptor `target`: move the error pipe away. */
static int move_pipe(int *pipe_w, int target)
{
    if (*pipe_w != target)
        return 0;
    int n = fcntl(*pipe_w, F_DUPFD_CLOEXEC, 0);
    if (n < 0)
        return errno;
    close(*pipe_w);
    *pipe_w = n;
    return 0;
}

static int parse_fd(const char *s)
{
    int v = 0;
    if (!*s)
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > (INT_MAX - 9) / 10)
            return -1;
        v = v * 10 + (*s - '0');
    }
    return v;
}

static int close_from_brute(int low, int keep)
{
    struct rlimit rl;
    long max = 65536;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < (rlim_t)(1 << 20))
        max = (long)rl.rlim_cur;
    for (long fd = low; fd < max; fd++)
        if (fd != keep)
            close((int)fd);
    return 0;
}

/* close every descriptor >= low except `keep` (the error pipe) */
static int close_from(int low, int keep)
{
#if defined(__linux__) && defined(SYS_close_range) && !defined(SAFESPAWN_NO_CLOSE_RANGE)
    long r;
    if (keep >= low) {
        r = keep > low ? syscall(SYS_close_range, (unsigned)low, (unsigned)keep - 1, 0u) : 0;
        if (r == 0)
            r = syscall(SYS_close_range, (unsigned)keep + 1, ~0u, 0u);
    } else {
        r = syscall(SYS_close_range, (unsigned)low, ~0u, 0u);
    }
    if (r == 0)
        return 0;
    /* ENOSYS before Linux 5.9: fall through */
#endif
#if defined(__linux__) && defined(SYS_getdents64)
    int dir = open("/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0)
        return close_from_brute(low, keep);
    /* Closing changes the listing: rescan until a pass closes nothing. */
    for (int closed = 1; closed;) {
        closed = 0;
        if (lseek(dir, 0, SEEK_SET) < 0)
            break;
        _Alignas(8) char buf[1024];
        long n;
        while ((n = syscall(SYS_getdents64, dir, buf, sizeof buf)) > 0) {
            for (long off = 0; off < n;) {
                /* struct linux_dirent64: u64 ino, s64 off, u16 reclen, u8 type, name */
                unsigned short reclen;
                memcpy(&reclen, buf + off + 16, sizeof reclen);
                int fd = parse_fd(buf + off + 19);
                if (fd >= low && fd != dir && fd != keep) {
                    close(fd);
                    closed = 1;
                }
                off += reclen;
            }
        }
    }
    close(dir);
    return 0;
#else
    return close_from_brute(low, keep);
#endif
}

static int id_call(int kind, unsigned long id, size_t n, const gid_t *groups)
{
    long r;
#ifdef __linux__
    /* Raw syscalls: glibc's wrappers would make every thread of the process
     * whose memory we share change its ids (the setxid broadcast). */
    switch (kind) {
    case SS_KIND_SETGID:
#ifdef SYS_setresgid32
        r = syscall(SYS_setresgid32, id, id, id);
#else
        r = syscall(SYS_setresgid, id, id, id);
#endif
        break;
    case SS_KIND_SETUID:
#ifdef SYS_setresuid32
        r = syscall(SYS_setresuid32, id, id, id);
#else
        r = syscall(SYS_setresuid, id, id, id);
#endif
        break;
    default:
#ifdef SYS_setgroups32
        r = syscall(SYS_setgroups32, n, groups);
#else
        r = syscall(SYS_setgroups, n, groups);
#endif
        break;
    }
#else
    switch (kind) {
    case SS_KIND_SETGID:
        r = setgid((gid_t)id);
        break;
    case SS_KIND_SETUID:
        r = setuid((uid_t)id);
        break;
    default:
        r = setgroups((int)n, groups);
        break;
    }
#endif
    return r == 0 ? 0 : errno;
}

static int do_action(const struct ss_action *op, int *pipe_w, int pair_end)
{
    int r;
    switch (op->kind) {
    case SS_KIND_SOCKETPAIR: /* our end is above every target: dup2 cannot be onto itself */
        if ((r = move_pipe(pipe_w, op->fd)))
            return r;
        return dup2(pair_end, op->fd) < 0 ? errno : 0;
    case SS_KIND_DUP2:
        if (op->fd == *pipe_w) /* not a descriptor the caller had open */
            return EBADF;
        if ((r = move_pipe(pipe_w, op->fd2)))
            return r;
        if (op->fd == op->fd2) { /* POSIX 2024: dup2 onto itself clears FD_CLOEXEC */
            int fl = fcntl(op->fd, F_GETFD);
            if (fl < 0 || fcntl(op->fd, F_SETFD, fl & ~FD_CLOEXEC) < 0)
                return errno;
            return 0;
        }
        return dup2(op->fd, op->fd2) < 0 ? errno : 0;
    case SS_KIND_CLOSE:
        if (op->fd == *pipe_w)
            return 0;
        /* already closed is the wanted state; EINTR on Linux still closed it */
        if (close(op->fd) < 0 && errno != EBADF && errno != EINTR)
            return errno;
        return 0;
    case SS_KIND_OPEN: {
        if ((r = move_pipe(pipe_w, op->fd)))
            return r;
        int fd = open(op->path, op->oflag, op->mode);
        if (fd < 0)
            return errno;
        if (fd != op->fd) {
            r = dup2(fd, op->fd) < 0 ? errno : 0;
            close(fd);
            return r;
        }
        return 0;
    }
    case SS_KIND_CHDIR:
        return chdir(op->path) < 0 ? errno : 0;
    case SS_KIND_FCHDIR:
        if (op->fd == *pipe_w)
            return EBADF;
        return fchdir(op->fd) < 0 ? errno : 0;
    case SS_KIND_SETPGID:
        return setpgid(0, op->pgid) < 0 ? errno : 0;
    case SS_KIND_SETSID:
        return setsid() < 0 ? errno : 0;
    case SS_KIND_UMASK:
        umask(op->mode);
        return 0;
    case SS_KIND_CLOSEFROM:
        return close_from(op->fd, *pipe_w);
    case SS_KIND_SETGID:
    case SS_KIND_SETUID:
    case SS_KIND_SETGROUPS:
        return id_call(op->kind, op->id, op->ngroups, op->groups);
    default: /* SIGDEFAULT / SIGMASK are applied around the list */
        return 0;
    }
}

/* Every caught handler back to SIG_DFL (a parent handler running here would
 * run on the parent's memory, and would swallow a kill meant for the
 * child), plus the signals the caller asked to reset. */
static void reset_signals(const struct child_args *a)
{
    sigset_t want;
    sigemptyset(&want);
    for (size_t i = 0; i < a->nacts; i++)
        if (a->acts[i].kind == SS_KIND_SIGDEFAULT)
            for (int sig = 1; sig < SS_NSIG; sig++)
                if (sigismember(&a->acts[i].mask, sig) == 1)
                    sigaddset(&want, sig);
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    for (int sig = 1; sig < SS_NSIG; sig++) {
        struct sigaction old;
        if (sig == SIGKILL || sig == SIGSTOP || sigaction(sig, NULL, &old) != 0)
            continue; /* glibc refuses its own internal signals: fine */
        if (old.sa_handler == SIG_DFL)
            continue;
        if (old.sa_handler == SIG_IGN && sigismember(&want, sig) != 1)
            continue; /* exec keeps SIG_IGN, as POSIX says */
        sigaction(sig, &dfl, NULL);
    }
}

/* execve, then (SS_SPAWN_SH_FALLBACK) what execvp does with a file the kernel
 * cannot run: /bin/sh FILE ARGS...  Returns errno, of the last exec tried. */
SS_CHILD_NO_ASAN static int exec_file(const char *path, const struct child_args *a)
{
    execve(path, a->argv, a->envp);
    if (errno == ENOEXEC && a->sh_argv) {
        sh_args(a->sh_argv, path, a->argv, a->argc);
        execve(a->sh_argv[0], a->sh_argv, a->envp);
    }
    return errno;
}

SS_CHILD_NO_ASAN static int try_exec(const char *path, const void *a)
{
    return exec_file(path, a);
}

SS_CHILD_NO_ASAN _Noreturn static void child_run(struct child_args *a)
{
    int pipe_w = a->pipe_w;
    a->alive = 1;
    /* All signals are blocked (the parent did it before cloning). */
    reset_signals(a);
    for (size_t i = 0; i < a->nacts; i++) {
        int r = do_action(&a->acts[i], &pipe_w, a->pairs ? a->pairs[2 * i] : -1);
        if (r)
            child_fail(a, pipe_w, r, (int)i, a->acts[i].kind);
    }
#ifdef __linux__
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &a->mask, NULL, (size_t)(SS_NSIG / 8));
#else
    sigprocmask(SIG_SETMASK, &a->mask, NULL);
#endif
    int r;
    if (a->search)
        r = path_search(a->file, a->search, try_exec, a);
    else
        r = exec_file(a->file, a);
    child_fail(a, pipe_w, r, SS_STEP_EXEC, SS_KIND_EXEC);
}

#ifdef SS_BACKEND_CLONE
SS_CHILD_NO_ASAN static int child_entry(void *arg)
{
    child_run(arg);
}
#endif

#ifdef SS_BACKEND_VFORK
#if defined(__GNUC__)
#define SS_NOINLINE __attribute__((noinline))
#else
#define SS_NOINLINE
#endif
/* Kept tiny and out of line: the vfork child runs on this frame's stack. */
SS_NOINLINE static pid_t do_vfork(struct child_args *a)
{
    pid_t pid = vfork();
    if (pid == 0)
        child_run(a);
    return pid;
}
#endif

static void block_all(sigset_t *old)
{
    sigset_t all;
#ifdef __linux__
    /* Raw, so glibc's internal signals are blocked too (as its posix_spawn does). */
    memset(&all, 0xff, sizeof all);
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &all, old, (size_t)(SS_NSIG / 8));
#else
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, old);
#endif
}

static void restore_mask(const sigset_t *old)
{
#ifdef __linux__
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, old, NULL, (size_t)(SS_NSIG / 8));
#else
    pthread_sigmask(SIG_SETMASK, old, NULL);
#endif
}

#ifdef SS_BACKEND_CLONE
#if defined(__SANITIZE_ADDRESS__)
#define SS_STACK_SIZE (512 * 1024) /* ASan's redzones make frames larger */
#else
#define SS_STACK_SIZE (64 * 1024)
#endif
#endif

#ifdef SS_BACKEND_CLONE
/* One spare stack, kept between spawns: no mmap/mprotect/munmap and no page
 * faults on the common path.  A lock-free slot, so a fork() at any moment
 * cannot leave it locked. */
static _Atomic(char *) spare_stack;

static size_t stack_total(void)
{
    return SS_STACK_SIZE + (size_t)sysconf(_SC_PAGESIZE);
}

static char *stack_get(void)
{
    char *stack = atomic_exchange(&spare_stack, NULL);
    if (stack)
        return stack;
    size_t page = (size_t)sysconf(_SC_PAGESIZE), total = stack_total();
    stack = mmap(NULL, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (stack == MAP_FAILED)
        return NULL;
    if (mprotect(stack, page, PROT_NONE) < 0) { /* guard page: the stack grows down */
        munmap(stack, total);
        return NULL;
    }
    return stack;
}

static void stack_put(char *stack)
{
#if defined(__SANITIZE_ADDRESS__)
    /* the child's frames left ASan's redzone marks on it */
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    __asan_unpoison_memory_region(stack + page, SS_STACK_SIZE);
#endif
    char *expected = NULL;
    if (!atomic_compare_exchange_strong(&spare_stack, &expected, stack))
        munmap(stack, stack_total());
}
#endif

static int cloexec_pipe(int p[2])
{
#if defined(__APPLE__) /* no pipe2 */
    if (pipe(p) < 0)
        return -1;
    fcntl(p[0], F_SETFD, FD_CLOEXEC);
    fcntl(p[1], F_SETFD, FD_CLOEXEC);
    return 0;
#else
    return pipe2(p, O_CLOEXEC);
#endif
}

/* Set once a child has been seen writing to our memory.  Until then (and
 * for good where vfork is emulated as fork, as under valgrind) a
 * close-on-exec pipe carries the error too. */
static atomic_int vm_shared;

static int spawn_shared(struct child_args *a, pid_t *pid_out, int *pidfd_out, ss_error *err)
{
    int p[2] = {-1, -1};
    pid_t pid;
    int pidfd = -1;
    int cancel;
    sigset_t old;
    int use_pipe = !atomic_load_explicit(&vm_shared, memory_order_relaxed);
#ifdef SS_BACKEND_CLONE
    char *stack = stack_get();
    if (!stack)
        return set_error(err, errno, SS_STEP_SPAWN, SS_KIND_SPAWN);
#endif
    if (use_pipe && cloexec_pipe(p) < 0) {
        int e = errno;
#ifdef SS_BACKEND_CLONE
        stack_put(stack);
#endif
        return set_error(err, e, SS_STEP_SPAWN, SS_KIND_SPAWN);
    }
    a->pipe_w = p[1];
    a->alive = 0;
    a->err = 0;

    pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &cancel);
    block_all(&old);
    if (!a->mask_set_by_caller)
        a->mask = old;
#ifdef SS_BACKEND_CLONE
    char *top = stack + stack_total();
    pid = clone(child_entry, top, CLONE_VM | CLONE_VFORK | CLONE_PIDFD | SIGCHLD, a, &pidfd);
    if (pid < 0 && errno == EINVAL) /* a kernel without CLONE_PIDFD */
        pid = clone(child_entry, top, CLONE_VM | CLONE_VFORK | SIGCHLD, a, NULL);
#else
    pid = do_vfork(a);
#endif
    int clone_errno = errno;
    restore_mask(&old);

    struct err_record rec = {0, 0, 0};
    if (pid > 0 && a->alive) {
        rec.err = a->err;
        rec.step = a->step;
        rec.kind = a->kind;
        atomic_store_explicit(&vm_shared, 1, memory_order_relaxed);
    }
    if (use_pipe) {
        close(p[1]);
        if (pid > 0 && !a->alive) {
            /* Not shared after all: the pipe reaches EOF at exec or exit. */
            size_t got = 0;
            while (got < sizeof rec) {
                ssize_t n = read(p[0], (char *)&rec + got, sizeof rec - got);
                if (n < 0 && errno == EINTR)
                    continue;
                if (n <= 0)
                    break;
                got += (size_t)n;
            }
            if (got != sizeof rec)
                rec.err = 0;
        }
        close(p[0]);
    }
#ifdef SS_BACKEND_CLONE
    stack_put(stack);
#endif
    pthread_setcancelstate(cancel, NULL);

    if (pid < 0)
        return set_error(err, clone_errno, SS_STEP_SPAWN, SS_KIND_SPAWN);
    if (rec.err) {
        int st;
        while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
            ;
        if (pidfd >= 0)
            close(pidfd);
        return set_error(err, rec.err, rec.step, rec.kind);
    }
    *pid_out = pid;
    *pidfd_out = pidfd;
    return 0;
}

#endif /* clone / vfork */

/* ----------------------------------------------------- posix_spawn backend */

#ifdef SS_BACKEND_POSIX_SPAWN

#if defined(__GLIBC__) && defined(__GLIBC_PREREQ)
#if __GLIBC_PREREQ(2, 29)
#define SS_HAVE_ADDCHDIR 1
#endif
#if __GLIBC_PREREQ(2, 34)
#define SS_HAVE_ADDCLOSEFROM 1
#endif
#elif defined(__APPLE__) /* macOS 10.15 */
#define SS_HAVE_ADDCHDIR 1
#endif

static int map_action(posix_spawn_file_actions_t *pfa, posix_spawnattr_t *at, short *flags,
                      const struct ss_action *op, sigset_t *sigdef, int pair_end)
{
    switch (op->kind) {
    case SS_KIND_SOCKETPAIR:
        return posix_spawn_file_actions_adddup2(pfa, pair_end, op->fd);
    case SS_KIND_DUP2:
        return posix_spawn_file_actions_adddup2(pfa, op->fd, op->fd2);
    case SS_KIND_CLOSE:
        return posix_spawn_file_actions_addclose(pfa, op->fd);
    case SS_KIND_OPEN:
        return posix_spawn_file_actions_addopen(pfa, op->fd, op->path, op->oflag, op->mode);
#ifdef SS_HAVE_ADDCHDIR
    case SS_KIND_CHDIR:
        return posix_spawn_file_actions_addchdir_np(pfa, op->path);
    case SS_KIND_FCHDIR:
        return posix_spawn_file_actions_addfchdir_np(pfa, op->fd);
#endif
#ifdef SS_HAVE_ADDCLOSEFROM
    case SS_KIND_CLOSEFROM:
        return posix_spawn_file_actions_addclosefrom_np(pfa, op->fd);
#endif
    case SS_KIND_SETPGID:
        if (*flags & POSIX_SPAWN_SETPGROUP) /* posix_spawn has room for one */
            return ENOTSUP;
        *flags |= POSIX_SPAWN_SETPGROUP;
        return posix_spawnattr_setpgroup(at, op->pgid);
#ifdef POSIX_SPAWN_SETSID
    case SS_KIND_SETSID:
        *flags |= POSIX_SPAWN_SETSID;
        return 0;
#endif
    case SS_KIND_SIGDEFAULT:
        for (int sig = 1; sig < SS_NSIG; sig++)
            if (sigismember(&op->mask, sig) == 1)
                sigaddset(sigdef, sig);
        return 0;
    case SS_KIND_SIGMASK:
        *flags |= POSIX_SPAWN_SETSIGMASK;
        return posix_spawnattr_setsigmask(at, &op->mask);
    default: /* umask, set*id, and whatever this libc lacks */
        return ENOTSUP;
    }
}

struct posix_try {
    pid_t *pid;
    const posix_spawn_file_actions_t *pfa;
    const posix_spawnattr_t *at;
    char *const *argv, *const *envp;
    char **sh_argv; /* SS_SPAWN_SH_FALLBACK, else NULL */
    size_t argc;
};

static int posix_try_one(const char *path, const void *ctx)
{
    const struct posix_try *t = ctx;
    int r = posix_spawn(t->pid, path, t->pfa, t->at, t->argv, t->envp);
    if (r == ENOEXEC && t->sh_argv) {
        sh_args(t->sh_argv, path, t->argv, t->argc);
        r = posix_spawn(t->pid, t->sh_argv[0], t->pfa, t->at, t->sh_argv, t->envp);
    }
    return r;
}

/* search: a PATH to search, or NULL.  The search is done here, one
 * posix_spawn per candidate, unless posix_spawnp can do it (the caller's
 * PATH, no shell fallback). */
static int spawn_posix(const char *file, const char *search, int ss_flags, char **sh_argv, size_t argc,
                       const ss_actions *fa, const int *pairs, char *const argv[], char *const envp[], pid_t *pid_out,
                       ss_error *err)
{
    posix_spawn_file_actions_t pfa;
    posix_spawnattr_t at;
    short flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
    sigset_t mask, sigdef;
    int r;

    if ((r = posix_spawn_file_actions_init(&pfa)))
        return set_error(err, r, SS_STEP_SPAWN, SS_KIND_SPAWN);
    if ((r = posix_spawnattr_init(&at))) {
        posix_spawn_file_actions_destroy(&pfa);
        return set_error(err, r, SS_STEP_SPAWN, SS_KIND_SPAWN);
    }
    /* Every caught signal reset in the child: not every libc does it itself. */
    sigemptyset(&sigdef);
    for (int sig = 1; sig < SS_NSIG; sig++) {
        struct sigaction sa;
        if (sig != SIGKILL && sig != SIGSTOP && sigaction(sig, NULL, &sa) == 0 &&
            sa.sa_handler != SIG_DFL && sa.sa_handler != SIG_IGN)
            sigaddset(&sigdef, sig);
    }
    pthread_sigmask(SIG_SETMASK, NULL, &mask);
    posix_spawnattr_setsigmask(&at, &mask);
    size_t n = fa ? fa->n : 0;
    for (size_t i = 0; i < n; i++) {
        if ((r = map_action(&pfa, &at, &flags, &fa->v[i], &sigdef, pairs ? pairs[2 * i] : -1))) {
            set_error(err, r, (int)i, fa->v[i].kind); /* refused before spawning */
            goto out;
        }
    }
    posix_spawnattr_setsigdefault(&at, &sigdef);
    posix_spawnattr_setflags(&at, flags);
    pid_t pid;
    struct posix_try t = {&pid, &pfa, &at, argv, envp, sh_argv, argc};
    if (search && !(ss_flags & (SS_SPAWN_ENVP_PATH | SS_SPAWN_SH_FALLBACK)))
        r = posix_spawnp(&pid, file, &pfa, &at, argv, envp);
    else if (search)
        r = path_search(file, search, posix_try_one, &t);
    else
        r = posix_try_one(file, &t);
    if (r) {
        /* posix_spawn gives the errno, not which file action failed */
        int any = 0;
        for (size_t i = 0; i < n; i++)
            any |= fa->v[i].kind != SS_KIND_SIGDEFAULT && fa->v[i].kind != SS_KIND_SIGMASK;
        if (any)
            set_error(err, r, SS_STEP_UNKNOWN, SS_KIND_UNKNOWN);
        else
            set_error(err, r, SS_STEP_EXEC, SS_KIND_EXEC);
    } else {
        *pid_out = pid;
        set_error(err, 0, 0, 0);
    }
out:
    posix_spawnattr_destroy(&at);
    posix_spawn_file_actions_destroy(&pfa);
    return r;
}
#endif /* posix_spawn */

/* --------------------------------------------------------------- public API */

#ifdef __linux__
static int open_pidfd(pid_t pid)
{
#ifdef SYS_pidfd_open
    /* Race-free: the child is ours and not yet reaped, so the pid is its. */
    long fd = syscall(SYS_pidfd_open, pid, 0u);
    if (fd >= 0)
        return (int)fd;
#endif
    (void)pid;
    return -1;
}
#endif

static int spawn_one(ss_child *child, const char *file, int flags, const ss_actions *fa,
                     char *const argv[], char *const envp[], ss_error *err)
{
    ss_error dummy;
    if (!err)
        err = &dummy;
    if (!child || !file || !argv)
        return set_error(err, EINVAL, SS_STEP_SPAWN, SS_KIND_SPAWN);
    child->pid = -1;
    child->pidfd = -1;
    if (fa && fa->error)
        return set_error(err, fa->error, (int)fa->err_step, fa->err_kind);
    if (flags & ~(SS_SPAWN_SEARCH_PATH | SS_SPAWN_ENVP_PATH | SS_SPAWN_SH_FALLBACK))
        return set_error(err, EINVAL, SS_STEP_SPAWN, SS_KIND_SPAWN);
    if (!envp)
        envp = environ;
    const char *search = NULL;
    if ((flags & SS_SPAWN_SEARCH_PATH) && !strchr(file, '/')) {
        search = flags & SS_SPAWN_ENVP_PATH ? envp_path(envp) : getenv("PATH");
        if (!search)
            search = SS_DEFAULT_PATH;
    }
    size_t argc = 0;
    while (argv[argc])
        argc++;
    char **sh_argv = NULL; /* allocated here: the child may not */
    if ((flags & SS_SPAWN_SH_FALLBACK) && !(sh_argv = malloc((argc + 3) * sizeof *sh_argv)))
        return set_error(err, ENOMEM, SS_STEP_SPAWN, SS_KIND_SPAWN);
    struct pairs pairs;
    int pstep = 0;
    int r = pairs_make(&pairs, fa, &pstep);
    if (r) {
        free(sh_argv);
        return set_error(err, r, pstep, pstep >= 0 ? SS_KIND_SOCKETPAIR : SS_KIND_SPAWN);
    }
    pid_t pid = -1;
    int pidfd = -1;
#ifdef SS_BACKEND_POSIX_SPAWN
    r = spawn_posix(file, search, flags, sh_argv, argc, fa, pairs.fd, argv, envp, &pid, err);
#else
    struct child_args a;
    memset(&a, 0, sizeof a);
    a.file = file;
    a.search = search;
    a.argv = argv;
    a.envp = envp;
    a.sh_argv = sh_argv;
    a.argc = argc;
    a.acts = fa ? fa->v : NULL;
    a.nacts = fa ? fa->n : 0;
    a.pairs = pairs.fd;
    for (size_t i = 0; i < a.nacts; i++)
        if (a.acts[i].kind == SS_KIND_SIGMASK) {
            a.mask = a.acts[i].mask;
            a.mask_set_by_caller = 1;
        }
    r = spawn_shared(&a, &pid, &pidfd, err);
#endif
    free(sh_argv);
    pairs_finish(&pairs, fa, r != 0);
    if (r)
        return r;
#ifdef __linux__
    if (pidfd < 0)
        pidfd = open_pidfd(pid);
#endif
    child->pid = pid;
    child->pidfd = pidfd;
    return set_error(err, 0, 0, 0);
}

/* errno is the caller's: saved around everything (the child shares it, too) */
static int spawn_common(ss_child *child, const char *file, int flags, const ss_actions *fa,
                        char *const argv[], char *const envp[], ss_error *err)
{
    int saved_errno = errno;
    int r = spawn_one(child, file, flags, fa, argv, envp, err);
    errno = saved_errno;
    return r;
}

int ss_spawn(ss_child *child, const char *path, const ss_actions *fa, char *const argv[],
             char *const envp[], ss_error *err)
{
    return spawn_common(child, path, 0, fa, argv, envp, err);
}

int ss_spawnp(ss_child *child, const char *file, const ss_actions *fa, char *const argv[],
              char *const envp[], ss_error *err)
{
    return spawn_common(child, file, SS_SPAWN_SEARCH_PATH, fa, argv, envp, err);
}

int ss_spawn_ex(ss_child *child, const char *file, const ss_actions *fa, char *const argv[],
                char *const envp[], int flags, ss_error *err)
{
    return spawn_common(child, file, flags, fa, argv, envp, err);
}

const char *ss_backend(void)
{
#if defined(SS_BACKEND_CLONE)
    return "clone(CLONE_VM|CLONE_VFORK)";
#elif defined(SS_BACKEND_VFORK)
    return "vfork";
#else
    return "posix_spawn";
#endif
}

int ss_reports_step(void)
{
#ifdef SS_BACKEND_POSIX_SPAWN
    return 0;
#else
    return 1;
#endif
}

int ss_kill(ss_child *child, int sig)
{
    if (!child || child->pid <= 0)
        return ESRCH;
#if defined(__linux__) && defined(SYS_pidfd_send_signal)
    if (child->pidfd >= 0) {
        if (syscall(SYS_pidfd_send_signal, child->pidfd, sig, NULL, 0u) == 0)
            return 0;
        if (errno != ENOSYS)
            return errno;
    }
#endif
    return kill(child->pid, sig) == 0 ? 0 : errno;
}

void ss_child_release(ss_child *child)
{
    if (child && child->pidfd >= 0) {
        close(child->pidfd);
        child->pidfd = -1;
    }
}

int ss_wait(ss_child *child, int *status, int options)
{
    if (!child || child->pid <= 0)
        return ECHILD;
    if (options & ~WNOHANG)
        return EINVAL;
    int st = 0;
    int saved_errno = errno;
#ifdef __linux__
    if (child->pidfd >= 0) {
        siginfo_t si;
        for (;;) {
            memset(&si, 0, sizeof si);
            if (waitid((idtype_t)SS_P_PIDFD, (id_t)child->pidfd, &si, WEXITED | options) == 0)
                break;
            if (errno == EINTR)
                continue;
            if (errno == EINVAL) /* before Linux 5.4: by pid, still ours */
                goto by_pid;
            goto fail;
        }
        if (si.si_pid == 0) {
            errno = saved_errno;
            return EAGAIN;
        }
        /* The encoding the W* macros decode on Linux. */
        if (si.si_code == CLD_EXITED)
            st = (si.si_status & 0xff) << 8;
        else if (si.si_code == CLD_DUMPED)
            st = (si.si_status & 0x7f) | 0x80;
        else
            st = si.si_status & 0x7f;
        goto reaped;
    }
by_pid:
#endif
    for (;;) {
        pid_t r = waitpid(child->pid, &st, options);
        if (r == child->pid)
            break;
        if (r == 0) {
            errno = saved_errno;
            return EAGAIN;
        }
        if (errno != EINTR)
            goto fail;
    }
reaped:
    if (status)
        *status = st;
    ss_child_release(child);
    child->pid = -1;
    errno = saved_errno;
    return 0;
fail: {
    int e = errno;
    if (e == ECHILD) { /* reaped elsewhere (SIGCHLD ignored, waitpid(-1)) */
        ss_child_release(child);
        child->pid = -1;
    }
    errno = saved_errno;
    return e;
}
}

/* -------------------------------------------------------------------- async */

/* A thread's scheduling policy and priority (per thread on Linux). */
struct sched_want {
    int policy;
    struct sched_param param;
};

struct ss_req {
    struct ss_req *next;
    int flags;
    void *udata;
    ss_actions fa;
    char *file;
    char **argv;
    char **envp;
    char *blob; /* argv, envp and file in one allocation */
    int has_sched;
    struct sched_want sched; /* the submitting thread's */
};

struct ss_done {
    struct ss_done *next;
    ss_completion c;
};

struct ss_async {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct ss_req *head, *tail;
    struct ss_done *dhead, *dtail;
    int stopping;
    unsigned idle; /* helpers waiting for work */
    unsigned nthreads;
    pthread_t *threads;
    ss_async_cb cb;
    void *cb_arg;
    int rfd, wfd; /* readable while completions are queued (eventfd: rfd == wfd) */
};

static void req_free(struct ss_req *r)
{
    ss_actions_destroy(&r->fa);
    free(r->blob);
    free(r);
}

static size_t vec_len(char *const *v)
{
    size_t n = 0;
    while (v[n])
        n++;
    return n;
}

/* Copy a NULL-terminated vector's strings to *cursor, pointers to out. */
static void vec_copy(char **out, char *const *v, size_t n, char **cursor)
{
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(v[i]) + 1;
        memcpy(*cursor, v[i], l);
        out[i] = *cursor;
        *cursor += l;
    }
    out[n] = NULL;
}

static void fd_signal(ss_async *q)
{
#ifdef __linux__
    uint64_t one = 1;
    while (write(q->wfd, &one, sizeof one) < 0 && errno == EINTR)
        ;
#else
    char c = 1;
    while (write(q->wfd, &c, 1) < 0 && errno == EINTR)
        ;
#endif
}

static void fd_drain(ss_async *q)
{
    char buf[64];
    while (read(q->rfd, buf, sizeof buf) > 0)
        ;
}

/* What a fork() by the calling thread would give its child.  0, or -1
 * where it cannot be read (and so is not handed on). */
static int fork_sched(struct sched_want *w)
{
#ifdef __linux__
    int pol = sched_getscheduler(0);
    if (pol < 0 || sched_getparam(0, &w->param) < 0)
        return -1;
#ifdef SCHED_RESET_ON_FORK
    if (pol & SCHED_RESET_ON_FORK) { /* a forked child drops a real-time policy */
        pol &= ~SCHED_RESET_ON_FORK;
        if (pol == SCHED_FIFO || pol == SCHED_RR) {
            pol = SCHED_OTHER;
            w->param.sched_priority = 0;
        }
    }
#endif
    w->policy = pol;
    return 0;
#else
    (void)w;
    return -1;
#endif
}

static int sched_set(const struct sched_want *w)
{
    return pthread_setschedparam(pthread_self(), w->policy, &w->param);
}

static void *worker(void *arg)
{
    ss_async *q = arg;
#if defined(__linux__) && defined(SCHED_BATCH)
    /* Woken by ss_spawn_async, a normal thread would preempt the caller on
     * its own CPU (wake-up preemption) and hold it for the whole spawn;
     * SCHED_BATCH threads do not preempt on wake-up.  A child inherits its
     * policy from the thread that spawns it, so for each spawn this thread
     * takes the submitting thread's policy, and its own back after. */
    struct sched_param sp;
    memset(&sp, 0, sizeof sp);
    pthread_setschedparam(pthread_self(), SCHED_BATCH, &sp);
#endif
    struct sched_want own;
    int own_known = fork_sched(&own) == 0;
    for (;;) {
        pthread_mutex_lock(&q->mu);
        while (!q->head && !q->stopping) {
            q->idle++;
            pthread_cond_wait(&q->cv, &q->mu);
            q->idle--;
        }
        struct ss_req *r = q->head;
        if (!r) {
            pthread_mutex_unlock(&q->mu);
            return NULL;
        }
        q->head = r->next;
        if (!q->head)
            q->tail = NULL;
        pthread_mutex_unlock(&q->mu);

        ss_completion c;
        memset(&c, 0, sizeof c);
        c.udata = r->udata;
        int swap = own_known && r->has_sched &&
                   (r->sched.policy != own.policy || r->sched.param.sched_priority != own.param.sched_priority);
        int e = swap ? sched_set(&r->sched) : 0;
        if (e)
            c.error = set_error(&c.err, e, SS_STEP_SPAWN, SS_KIND_SPAWN);
        else
            c.error = spawn_common(&c.child, r->file, r->flags, &r->fa, r->argv, r->envp, &c.err);
        if (swap)
            sched_set(&own);
        req_free(r);
        if (q->cb) {
            q->cb(&c, q->cb_arg);
            continue;
        }
        struct ss_done *d = malloc(sizeof *d);
        if (!d) { /* cannot queue it: do not leave a child nobody knows of */
            if (c.error == 0) {
                ss_kill(&c.child, SIGKILL);
                ss_wait(&c.child, NULL, 0);
            }
            continue;
        }
        d->c = c;
        d->next = NULL;
        pthread_mutex_lock(&q->mu);
        if (q->dtail)
            q->dtail->next = d;
        else {
            q->dhead = d;
            fd_signal(q); /* empty -> not empty */
        }
        q->dtail = d;
        pthread_mutex_unlock(&q->mu);
    }
}

int ss_async_create(ss_async **out, unsigned nthreads, ss_async_cb cb, void *cb_arg)
{
    if (!out)
        return EINVAL;
    *out = NULL;
    if (nthreads == 0)
        nthreads = 1;
    ss_async *q = calloc(1, sizeof *q);
    if (!q)
        return ENOMEM;
    q->cb = cb;
    q->cb_arg = cb_arg;
    q->nthreads = 0;
    q->threads = calloc(nthreads, sizeof *q->threads);
    int r = q->threads ? 0 : ENOMEM;
    if (!r) {
#ifdef __linux__
        q->rfd = q->wfd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
        if (q->rfd < 0)
            r = errno;
#else
        int p[2];
        if (pipe(p) < 0) {
            r = errno;
        } else {
            for (int i = 0; i < 2; i++) {
                fcntl(p[i], F_SETFD, FD_CLOEXEC);
                fcntl(p[i], F_SETFL, O_NONBLOCK);
            }
            q->rfd = p[0];
            q->wfd = p[1];
        }
#endif
    }
    if (r) {
        free(q->threads);
        free(q);
        return r;
    }
    pthread_mutex_init(&q->mu, NULL);
    pthread_cond_init(&q->cv, NULL);
    /* The helpers start with every signal blocked: no handler runs on them. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    for (unsigned i = 0; i < nthreads; i++) {
        if ((r = pthread_create(&q->threads[i], NULL, worker, q)))
            break;
        q->nthreads++;
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (r) {
        ss_async_destroy(q);
        return r;
    }
    *out = q;
    return 0;
}

int ss_spawn_async(ss_async *q, const char *path, const ss_actions *fa, char *const argv[],
                   char *const envp[], int flags, void *udata)
{
    if (!q || !path || !argv || (flags & ~(SS_SPAWN_SEARCH_PATH | SS_SPAWN_ENVP_PATH | SS_SPAWN_SH_FALLBACK)))
        return EINVAL;
    if (!envp)
        envp = environ;
    size_t na = vec_len(argv), ne = vec_len(envp);
    size_t bytes = (na + 1 + ne + 1) * sizeof(char *) + strlen(path) + 1;
    for (size_t i = 0; i < na; i++)
        bytes += strlen(argv[i]) + 1;
    for (size_t i = 0; i < ne; i++)
        bytes += strlen(envp[i]) + 1;
    struct ss_req *r = calloc(1, sizeof *r);
    if (!r)
        return ENOMEM;
    r->blob = malloc(bytes);
    int e = r->blob ? actions_copy(&r->fa, fa) : ENOMEM;
    if (e) {
        req_free(r);
        return e;
    }
    /* The child gets the caller's signal mask, not the helper thread's
     * (which blocks everything). */
    int has_mask = 0;
    for (size_t i = 0; i < r->fa.n; i++)
        has_mask |= r->fa.v[i].kind == SS_KIND_SIGMASK;
    if (!has_mask && !r->fa.error) {
        sigset_t mine;
        pthread_sigmask(SIG_SETMASK, NULL, &mine);
        if ((e = ss_actions_add_sigmask(&r->fa, &mine))) {
            req_free(r);
            return e;
        }
    }
    r->argv = (char **)(void *)r->blob;
    r->envp = r->argv + na + 1;
    char *cursor = (char *)(r->envp + ne + 1);
    vec_copy(r->argv, argv, na, &cursor);
    vec_copy(r->envp, envp, ne, &cursor);
    r->file = cursor;
    memcpy(cursor, path, strlen(path) + 1);
    r->flags = flags;
    r->udata = udata;
    r->has_sched = fork_sched(&r->sched) == 0;

    pthread_mutex_lock(&q->mu);
    if (q->stopping) {
        pthread_mutex_unlock(&q->mu);
        req_free(r);
        return EINVAL;
    }
    if (q->tail)
        q->tail->next = r;
    else
        q->head = r;
    q->tail = r;
    int wake = q->idle > 0; /* a busy helper finds it when it loops */
    pthread_mutex_unlock(&q->mu);
    if (wake) /* after unlocking: the helper need not wait for our lock */
        pthread_cond_signal(&q->cv);
    return 0;
}

int ss_async_fd(const ss_async *q)
{
    return q ? q->rfd : -1;
}

int ss_async_next(ss_async *q, ss_completion *out)
{
    if (!q || !out)
        return EINVAL;
    pthread_mutex_lock(&q->mu);
    struct ss_done *d = q->dhead;
    if (d) {
        q->dhead = d->next;
        if (!q->dhead) {
            q->dtail = NULL;
            fd_drain(q); /* not empty -> empty */
        }
    }
    pthread_mutex_unlock(&q->mu);
    if (!d)
        return EAGAIN;
    *out = d->c;
    free(d);
    return 0;
}

void ss_async_destroy(ss_async *q)
{
    if (!q)
        return;
    pthread_mutex_lock(&q->mu);
    q->stopping = 1;
    pthread_cond_broadcast(&q->cv);
    pthread_mutex_unlock(&q->mu);
    for (unsigned i = 0; i < q->nthreads; i++)
        pthread_join(q->threads[i], NULL);
    for (struct ss_done *d = q->dhead, *n; d; d = n) {
        n = d->next;
        ss_child_release(&d->c.child);
        free(d);
    }
    for (struct ss_req *r = q->head, *n; r; r = n) { /* only if no thread started */
        n = r->next;
        req_free(r);
    }
    close(q->rfd);
    if (q->wfd != q->rfd)
        close(q->wfd);
    pthread_cond_destroy(&q->cv);
    pthread_mutex_destroy(&q->mu);
    free(q->threads);
    free(q);
}
