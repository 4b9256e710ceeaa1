/*
 * fd-leak-no-cloexec, bug. A job runner already moved to safespawn (the
 * rewrite forklint offers) but still opens its log with plain open(): a
 * safespawn child inherits every descriptor without close-on-exec just as a
 * forked one does, so each job it starts holds the log open (and can write
 * to it). ss_spawnp runs a program, so the file is checked.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>
#include "safespawn.h"

int run_logged(char *const argv[], char *const envp[])
{
    ss_child child;
    ss_error err;
    int status;
    int log = open("/tmp/jobs.log", O_WRONLY | O_CREAT | O_APPEND, 0600); /* expect: fd-leak-no-cloexec */

    if (log < 0)
        return -1;
    dprintf(log, "starting %s\n", argv[0]);
    if (ss_spawnp(&child, argv[0], NULL, argv, envp, &err) != 0) {
        dprintf(log, "%s: failed at step %d\n", argv[0], err.step);
        close(log);
        return -1;
    }
    close(log);
    if (ss_wait(&child, &status, 0) != 0)
        return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}
