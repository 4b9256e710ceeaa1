/*
 * fork-child-unsafe-call, bug, worker child. A report generator runs a progress
 * thread and forks a worker per report to isolate crashes; the worker never
 * execs - it allocates, formats with printf(), writes the report and
 * _exit()s. Forking a multithreaded process and then running ordinary library
 * code in the child is the case CPython 3.12 warns about at os.fork(): malloc
 * and stdio locks held by the progress thread may be held forever in the
 * worker. For a child that never execs there is no "until exec" to speak of, so
 * the finding is one warning on the fork() call naming the first unsafe calls,
 * not one per call.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile int done;

static void *progress(void *arg)
{
    (void)arg;
    while (!done) {
        fputc('.', stderr);
        sleep(1);
    }
    return NULL;
}

static pid_t spawn_report_worker(const char *name, int rows)
{
    pid_t pid = fork(); /* expect: fork-child-unsafe-call */

    if (pid == 0) {
        double *values = malloc(sizeof *values * (size_t)rows);
        if (values == NULL)
            _exit(1);
        for (int i = 0; i < rows; i++)
            values[i] = i * 1.5;
        printf("report %s: %d rows, last %.1f\n", name, rows, values[rows - 1]);
        fflush(stdout);
        free(values);
        _exit(0);
    }
    return pid;
}

int main(int argc, char **argv)
{
    pthread_t t;

    pthread_create(&t, NULL, progress, NULL);
    for (int i = 1; i < argc; i++) {
        pid_t pid = spawn_report_worker(argv[i], 1000);
        if (pid > 0)
            waitpid(pid, NULL, 0);
    }
    done = 1;
    pthread_join(t, NULL);
    return 0;
}
