/*
 * fork-child-unsafe-call, bug, in helpers. A threaded scheduler's child
 * prepares the job's environment through prepare_env() -> add_var(), two
 * functions of this file, before execve(). add_var() allocates with malloc()
 * and formats with snprintf(); with the scheduler's other threads allocating at
 * fork time, either can deadlock the child. The calls into the helpers are
 * followed, not flagged; the two unsafe calls are flagged inside add_var(),
 * with the call chain. The memcpy in prepare_env() is async-signal-safe.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

struct job {
    const char *name;
    const char *path;
    char *const *argv;
    int id;
};

static char *add_var(const char *key, const char *value)
{
    size_t n = strlen(key) + strlen(value) + 2;
    char *s = malloc(n); /* expect: fork-child-unsafe-call */
    if (s != NULL)
        snprintf(s, n, "%s=%s", key, value); /* expect: fork-child-unsafe-call */
    return s;
}

static void prepare_env(char **envp, const struct job *j)
{
    static char *const base[] = { "PATH=/usr/bin:/bin", "LANG=C" };

    memcpy(envp, base, sizeof base);
    envp[2] = add_var("JOB_NAME", j->name);
    envp[3] = NULL;
}

static pid_t start_job(const struct job *j)
{
    pid_t pid = fork();

    if (pid == 0) {
        char *envp[4];
        prepare_env(envp, j);
        execve(j->path, j->argv, envp);
        _exit(127);
    }
    return pid;
}

static void *run_job(void *arg)
{
    pid_t pid = start_job(arg);

    if (pid > 0)
        waitpid(pid, NULL, 0);
    return NULL;
}

int main(void)
{
    static char *const job_argv[] = { "nightly", "--full", NULL };
    struct job j = { "nightly", "/usr/local/bin/nightly", job_argv, 1 };
    pthread_t t;

    if (pthread_create(&t, NULL, run_job, &j) != 0)
        return 1;
    pthread_join(t, NULL);
    return 0;
}
