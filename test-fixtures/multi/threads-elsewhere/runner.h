/*
 * multi/threads-elsewhere: the job runner's interface (runner.c). See main.c
 * for what this program tests.
 */
#ifndef RUNNER_H
#define RUNNER_H

#include <sys/types.h>

pid_t run_job(const char *name, char *const argv[]);

#endif
