/*
 * multi/threads-elsewhere: the job runner. Nothing in this file creates a
 * thread, but logger.c does, so this fork child is the child of a
 * multithreaded process: its setenv() before the exec is flagged, and the
 * log_line() call is followed into logger.c, where the findings land. The call
 * line itself and the async-signal-safe calls are not flagged.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "logger.h"
#include "runner.h"

static const char exec_failed[] = "runner: cannot execute job\n";

pid_t run_job(const char *name, char *const argv[])
{
    pid_t pid = fork();

    if (pid == 0) {
        log_line("job starting");
        setenv("JOB_NAME", name, 1); /* expect: fork-child-unsafe-call */
        execvp(argv[0], argv);
        write(2, exec_failed, strlen(exec_failed));
        _exit(127);
    }
    return pid;
}
