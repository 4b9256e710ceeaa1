/*
 * fork-child-unsafe-call, bug. A CI agent with a pool of worker threads runs
 * each build step by forking and, in the child, formatting the step number
 * with snprintf(), exporting it with setenv() and removing a variable with
 * unsetenv() before execvp(). setenv/unsetenv take the environment lock and
 * call malloc/free, snprintf may allocate for some conversions and takes locale
 * state; any of those may be held by another worker thread at fork time. Each
 * of the three lines is flagged. Building an envp array in the parent and
 * calling execve() is the fix.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define WORKERS 4

static const char exec_failed[] = "agent: cannot execute step\n";

static int run_step(int step, char *const argv[])
{
    char num[16];
    int status;
    pid_t pid = fork();

    if (pid < 0)
        return -1;
    if (pid == 0) {
        snprintf(num, sizeof num, "%d", step); /* expect: fork-child-unsafe-call */
        setenv("CI_STEP", num, 1); /* expect: fork-child-unsafe-call */
        unsetenv("CI_AGENT_TOKEN"); /* expect: fork-child-unsafe-call */
        execvp(argv[0], argv);
        write(2, exec_failed, strlen(exec_failed));
        _exit(127);
    }
    if (waitpid(pid, &status, 0) < 0)
        return -1;
    return status;
}

static char **steps;
static int nsteps;
static int next_step;
static pthread_mutex_t next_lock = PTHREAD_MUTEX_INITIALIZER;

static void *worker(void *arg)
{
    (void)arg;
    for (;;) {
        int step;
        pthread_mutex_lock(&next_lock);
        step = next_step < nsteps ? next_step++ : -1;
        pthread_mutex_unlock(&next_lock);
        if (step < 0)
            return NULL;
        char *argv[] = { "/bin/sh", "-c", steps[step], NULL };
        if (run_step(step, argv) != 0)
            fprintf(stderr, "step %d failed\n", step);
    }
}

int main(int argc, char **argv)
{
    pthread_t t[WORKERS];

    steps = argv + 1;
    nsteps = argc - 1;
    for (int i = 0; i < WORKERS; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < WORKERS; i++)
        pthread_join(t[i], NULL);
    return 0;
}
