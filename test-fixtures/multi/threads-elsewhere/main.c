/*
 * multi/threads-elsewhere: threads created in one file make another file's
 * fork child restricted. The program is main.c + logger.c + runner.c: logger.c
 * starts a flusher thread with pthread_create(), runner.c forks jobs, and the
 * child there calls setenv() and log_line() before exec - flagged in runner.c
 * and logger.c, although neither runner.c nor this file creates a thread.
 * main() itself only calls the modules and waits.
 */
#include <stdio.h>
#include <sys/wait.h>

#include "logger.h"
#include "runner.h"

int main(int argc, char **argv)
{
    pid_t pid;

    if (argc < 3) {
        fprintf(stderr, "usage: %s NAME PROGRAM [ARG...]\n", argv[0]);
        return 2;
    }
    if (logger_start("jobs.log") < 0)
        return 1;
    log_line("runner started");
    pid = run_job(argv[1], argv + 2);
    if (pid > 0)
        waitpid(pid, NULL, 0);
    log_line("runner done");
    logger_stop();
    return 0;
}
