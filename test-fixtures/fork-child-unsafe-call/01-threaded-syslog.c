/*
 * fork-child-unsafe-call, bug. A backup daemon runs a statistics thread
 * (pthread_create in main) and forks hook scripts; the child logs "running hook"
 * with syslog() before the exec. In a multithreaded process the child has only
 * the forking thread, and any lock another thread held at fork time - syslog's
 * own lock, taken by the statistics thread every few seconds - stays locked
 * forever in the child, which then hangs. POSIX allows only async-signal-safe
 * calls there until exec: the syslog() line is flagged. The write/_exit after
 * the failed exec and the parent's syslog() calls are fine.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <syslog.h>
#include <unistd.h>

static const char hook_failed[] = "backupd: cannot execute hook\n";
static volatile int stopping;

static void *stats_thread(void *arg)
{
    (void)arg;
    while (!stopping) {
        syslog(LOG_DEBUG, "backupd: queue statistics");
        sleep(5);
    }
    return NULL;
}

static int run_hook(const char *path)
{
    char *const argv[] = { (char *)path, NULL };
    int status;
    pid_t pid = fork();

    if (pid < 0)
        return -1;
    if (pid == 0) {
        syslog(LOG_INFO, "running hook %s", path); /* expect: fork-child-unsafe-call */
        execv(path, argv);
        write(2, hook_failed, strlen(hook_failed));
        _exit(127);
    }
    if (waitpid(pid, &status, 0) < 0)
        return -1;
    syslog(LOG_INFO, "hook %s finished with status %d", path, status);
    return status;
}

int main(int argc, char **argv)
{
    pthread_t stats;

    openlog("backupd", LOG_PID, LOG_DAEMON);
    if (pthread_create(&stats, NULL, stats_thread, NULL) != 0) {
        fprintf(stderr, "cannot start statistics thread\n");
        return 1;
    }
    for (int i = 1; i < argc; i++)
        run_hook(argv[i]);
    stopping = 1;
    pthread_join(stats, NULL);
    return 0;
}
