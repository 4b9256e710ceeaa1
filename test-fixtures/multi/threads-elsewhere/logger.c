/*
 * multi/threads-elsewhere: a logger that flushes the log from a background
 * thread created with pthread_create() - the only thread creation in the
 * program, and the reason runner.c's fork child is restricted. log_line() is
 * called by the parent and, wrongly, by the child in runner.c before its exec:
 * its fprintf() and fflush() take the FILE lock the flusher thread may hold at
 * fork time, so both lines are flagged here, with the chain from runner.c.
 */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#include "logger.h"

static FILE *log_fp;
static pthread_t flusher;
static volatile int stop_flusher;

static void *flush_loop(void *arg)
{
    (void)arg;
    while (!stop_flusher) {
        fflush(log_fp);
        sleep(1);
    }
    return NULL;
}

int logger_start(const char *path)
{
    log_fp = fopen(path, "ae");
    if (log_fp == NULL)
        return -1;
    return pthread_create(&flusher, NULL, flush_loop, NULL) == 0 ? 0 : -1;
}

void logger_stop(void)
{
    stop_flusher = 1;
    pthread_join(flusher, NULL);
    fclose(log_fp);
}

void log_line(const char *msg)
{
    fprintf(log_fp, "%s\n", msg); /* expect: fork-child-unsafe-call */
    fflush(log_fp); /* expect: fork-child-unsafe-call */
}
