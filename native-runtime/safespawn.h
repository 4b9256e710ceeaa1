/*
 * safespawn -- spawn a child process without the bugs of hand-written
 * fork/vfork + exec.  Adopt it by copying this header and safespawn.c.
 *
 *   ss_actions fa;
 *   ss_actions_init(&fa);
 *   ss_actions_add_dup2(&fa, pipefd[1], 1);
 *   ss_actions_add_closefrom(&fa, 3);
 *   ss_child child;
 *   ss_error err;
 *   int rc = ss_spawnp(&child, "ls", &fa, argv, NULL, &err);
 *   ss_actions_destroy(&fa);
 *   if (rc != 0)   // rc == err.error; err.step / err.kind say what failed
 *       fprintf(stderr, "ls: %s failed: %s\n", ss_kind_name(err.kind), strerror(rc));
 *   else
 *       ss_wait(&child, &status, 0);
 *
 * Every call returns 0 or an errno value; none sets errno.
 */
#ifndef SAFESPAWN_H
#define SAFESPAWN_H

#include <signal.h>
#include <stddef.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What an action (or a failure) is.  Also the `kind` of an ss_error. */
enum ss_kind {
    SS_KIND_NONE = 0,
    SS_KIND_DUP2,       /* dup2(fd, newfd); fd == newfd clears close-on-exec */
    SS_KIND_CLOSE,      /* close(fd); an fd that is not open is not an error */
    SS_KIND_OPEN,       /* open(path, oflag, mode) moved onto fd */
    SS_KIND_CHDIR,
    SS_KIND_FCHDIR,
    SS_KIND_SETPGID,    /* setpgid(0, pgid) */
    SS_KIND_SETSID,
    SS_KIND_UMASK,
    SS_KIND_SIGDEFAULT, /* signal reset to SIG_DFL even if ignored */
    SS_KIND_SIGMASK,    /* the child's signal mask (default: the caller's) */
    SS_KIND_CLOSEFROM,  /* close every descriptor >= fd (close_range) */
    SS_KIND_SETGID,     /* raw setresgid(gid, gid, gid) */
    SS_KIND_SETUID,     /* raw setresuid(uid, uid, uid) */
    SS_KIND_SETGROUPS,  /* raw setgroups */
    SS_KIND_EXEC,       /* the exec itself (step SS_STEP_EXEC) */
    SS_KIND_SPAWN,      /* the parent's side: stack, pipe, clone (step SS_STEP_SPAWN) */
    SS_KIND_UNKNOWN,    /* the backend cannot tell (posix_spawn fallback) */
    SS_KIND_SOCKETPAIR  /* a socket pair made by the spawn, one end dup2'ed to the child's fd */
};

/* ss_error.step: an index into the actions, or one of these. */
#define SS_STEP_NONE    (-4) /* no error */
#define SS_STEP_UNKNOWN (-3) /* an action or the exec failed; the backend cannot tell which */
#define SS_STEP_SPAWN   (-2) /* before the child ran: bad arguments, no memory, clone failed */
#define SS_STEP_EXEC    (-1) /* every action succeeded; the exec failed */

typedef struct ss_error {
    int error; /* errno value; the same as the call's return value */
    int step;  /* index of the failing action (0-based, in the order added), or SS_STEP_* */
    int kind;  /* enum ss_kind of that step */
} ss_error;

struct ss_action; /* private */

/*
 * An ordered list of things the child does between the spawn and the exec,
 * in the order they were added -- the order the hand-written child did them.
 * Zero-initialised (`ss_actions fa = {0};`) is an empty, valid list.  Treat
 * the fields as private.  An add_* call that fails (ENOMEM, a negative fd, a
 * bad signal) is remembered: ss_spawn then fails with that error and the
 * failed action's index, so a caller may check only ss_spawn's result.
 */
typedef struct ss_actions {
    struct ss_action *v;
    size_t n, cap;
    int error;       /* first add_* failure, 0 if none */
    size_t err_step; /* its index */
    int err_kind;
} ss_actions;

int ss_actions_init(ss_actions *fa);
void ss_actions_destroy(ss_actions *fa);
int ss_actions_add_dup2(ss_actions *fa, int fd, int newfd);
int ss_actions_add_close(ss_actions *fa, int fd);
int ss_actions_add_open(ss_actions *fa, int fd, const char *path, int oflag, mode_t mode);
int ss_actions_add_chdir(ss_actions *fa, const char *path);
int ss_actions_add_fchdir(ss_actions *fa, int fd);
int ss_actions_add_setpgid(ss_actions *fa, pid_t pgid);
int ss_actions_add_setsid(ss_actions *fa);
int ss_actions_add_umask(ss_actions *fa, mode_t mask);
/* sig 0: every signal.  Caught handlers are always reset; this also resets ignored ones. */
int ss_actions_add_sigdefault(ss_actions *fa, int sig);
/* Every signal in set, as one action (posix_spawnattr_setsigdefault's form). */
int ss_actions_add_sigdefault_set(ss_actions *fa, const sigset_t *set);
int ss_actions_add_sigmask(ss_actions *fa, const sigset_t *mask);
int ss_actions_add_closefrom(ss_actions *fa, int lowfd);
int ss_actions_add_setgid(ss_actions *fa, gid_t gid);
int ss_actions_add_setuid(ss_actions *fa, uid_t uid);
int ss_actions_add_setgroups(ss_actions *fa, size_t n, const gid_t *groups);
/*
 * A socket pair (AF_UNIX, SOCK_STREAM, as child_process's stdio pipes) made
 * by the spawn itself -- by the helper thread, for ss_spawn_async: the child
 * gets one end as `fd`, the caller the other (close-on-exec) in *our_end,
 * written before ss_spawn returns or the completion is queued; -1 if the
 * spawn failed.  Neither end is ever below a descriptor another action
 * targets.  A closefrom before this action closes the child's end.
 */
int ss_actions_add_socketpair(ss_actions *fa, int fd, int *our_end);

/* A spawned child: its pid and, where the kernel has them, a pidfd. */
typedef struct ss_child {
    pid_t pid;  /* -1 once reaped by ss_wait */
    int pidfd;  /* -1 where unavailable; close-on-exec */
} ss_child;

/*
 * Spawn `path` (ss_spawnp: searched in the caller's PATH, like execvp but
 * without the shell retry on ENOEXEC).  fa may be NULL; envp NULL means the
 * caller's environ.  Returns once the child has exec'ed or failed: 0 with
 * *child filled in, or the errno value with *err (may be NULL) saying which
 * step failed; a child that failed has already been reaped.
 */
int ss_spawn(ss_child *child, const char *path, const ss_actions *fa,
             char *const argv[], char *const envp[], ss_error *err);
int ss_spawnp(ss_child *child, const char *file, const ss_actions *fa,
              char *const argv[], char *const envp[], ss_error *err);

/*
 * ss_spawn with flags (also taken by ss_spawn_async).  SEARCH_PATH is
 * ss_spawnp.  The other two make the search what execvp(3) in a forked
 * child does -- and so what Node's child_process does: the PATH is the one
 * in envp (absent: "/bin:/usr/bin"), and a file the kernel refuses with
 * ENOEXEC is run by /bin/sh.
 */
#define SS_SPAWN_SEARCH_PATH 1  /* search PATH for a file with no '/' */
#define SS_SPAWN_ENVP_PATH 2    /* with SEARCH_PATH: the PATH in envp, not the caller's */
#define SS_SPAWN_SH_FALLBACK 4  /* ENOEXEC: exec /bin/sh FILE ARGS... instead */
int ss_spawn_ex(ss_child *child, const char *file, const ss_actions *fa,
                char *const argv[], char *const envp[], int flags, ss_error *err);

/* Signal the child through its pidfd (no pid-reuse race).  ESRCH once reaped. */
int ss_kill(ss_child *child, int sig);
/*
 * Wait for the child (options: 0 or WNOHANG).  0 when it was reaped, with a
 * waitpid-style *status (WIFEXITED & co. work) and the pidfd closed;
 * EAGAIN with WNOHANG while it runs; ECHILD once reaped.
 */
int ss_wait(ss_child *child, int *status, int options);
/* Close the pidfd without reaping (the caller takes the pid over). */
void ss_child_release(ss_child *child);

/*
 * Asynchronous spawn (afork): ss_spawn_async copies its arguments, queues
 * them and returns; helper threads (all signals blocked) do the spawn.  Each
 * request completes exactly once, in any order: through the callback (run on
 * a helper thread) if one was given to ss_async_create, else queued for
 * ss_async_next, with ss_async_fd readable while any is queued.
 */
typedef struct ss_completion {
    void *udata;    /* as given to ss_spawn_async */
    int error;      /* what ss_spawn would have returned */
    ss_error err;
    ss_child child; /* valid when error == 0 */
} ss_completion;

typedef void (*ss_async_cb)(const ss_completion *c, void *cb_arg);
typedef struct ss_async ss_async;

#define SS_ASYNC_SEARCH_PATH SS_SPAWN_SEARCH_PATH /* flags: any of ss_spawn_ex's */

int ss_async_create(ss_async **out, unsigned nthreads, ss_async_cb cb, void *cb_arg);
int ss_spawn_async(ss_async *q, const char *path, const ss_actions *fa,
                   char *const argv[], char *const envp[], int flags, void *udata);
int ss_async_fd(const ss_async *q);
int ss_async_next(ss_async *q, ss_completion *out); /* 0, or EAGAIN when none is queued */
/*
 * Finish queued requests, stop the threads, free everything.  Completions
 * not yet taken have their pidfds closed; their children stay unreaped.
 */
void ss_async_destroy(ss_async *q);

/* "dup2", "exec", ... */
const char *ss_kind_name(int kind);
/* "clone(CLONE_VM|CLONE_VFORK)", "vfork" or "posix_spawn": the compiled backend. */
const char *ss_backend(void);
/* Whether this backend reports the failing action's index (the posix_spawn one cannot). */
int ss_reports_step(void);

#ifdef __cplusplus
}
#endif
#endif
