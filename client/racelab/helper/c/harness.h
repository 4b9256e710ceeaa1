/*
 * The snippet harness's hooks.  prelude.h renames the user's spawn, exec,
 * exit and wait calls to these (with the line they are on); harness.c
 * defines them.  Each records an event in memory shared with every child,
 * written with nothing but atomics and system calls, so the hooks are safe
 * in a fork or vfork child.
 */
#ifndef FORKLINT_HARNESS_H
#define FORKLINT_HARNESS_H
#include <signal.h>
#include <spawn.h>
#include <sys/types.h>
#include "safespawn.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What the harness passes to the function under test. */
struct forklint_inputs {
    const char *path; /* the program to run: the lab target, or a missing one */
    char **argv;      /* {path, NULL} */
    int argc;
    char **main_argv; /* for a main(): {"snippet", path, NULL} */
};

/* The generated glue calls the user's function; defined in the glue. */
long forklint_entry(const struct forklint_inputs *in);

pid_t forklint_fork(int line);
void forklint_vfork_before(int line);
pid_t forklint_vfork_after(int line, pid_t pid);
int forklint_clone(int line, int (*fn)(void *), void *stack, int flags, void *arg, ...);
int forklint_posix_spawn(int line, int search, pid_t *pid, const char *path, const posix_spawn_file_actions_t *fa,
                         const posix_spawnattr_t *attr, char *const argv[], char *const envp[]);
int forklint_ss_spawn(int line, int search, ss_child *child, const char *path, const ss_actions *fa, char *const argv[],
                      char *const envp[], ss_error *err);
#ifdef SS_SPAWN_SEARCH_PATH /* safespawn with ss_spawn_ex */
int forklint_ss_spawn_ex(int line, ss_child *child, const char *file, const ss_actions *fa, char *const argv[],
                         char *const envp[], int flags, ss_error *err);
#endif
int forklint_ss_wait(int line, ss_child *child, int *status, int options);
int forklint_execv(int line, const char *path, char *const argv[]);
int forklint_execve(int line, const char *path, char *const argv[], char *const envp[]);
int forklint_execvp(int line, const char *file, char *const argv[]);
int forklint_execvpe(int line, const char *file, char *const argv[], char *const envp[]);
int forklint_execl(int line, const char *path, const char *arg, ...);
int forklint_execlp(int line, const char *file, const char *arg, ...);
int forklint_execle(int line, const char *path, const char *arg, ...);
__attribute__((noreturn)) void forklint__exit(int line, int code);
__attribute__((noreturn)) void forklint_exit(int line, int code);
pid_t forklint_waitpid(int line, pid_t pid, int *status, int options);

#ifdef __cplusplus
}
#endif
#endif
