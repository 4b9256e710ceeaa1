/*
 * signal-handler-unsafe-call, bug, pthread_atfork's child handler. A threaded
 * log shipper registers pthread_atfork(NULL, NULL, log_after_fork) so that a
 * forked worker starts with an empty buffer and its own tag. The child handler
 * runs in the child of fork() in a multithreaded process, where (POSIX,
 * pthread_atfork RATIONALE) only async-signal-safe calls are allowed - the
 * very restriction a signal handler has: the flusher thread may have held the
 * malloc arena lock or be inside snprintf() at the moment of fork. free() and
 * snprintf() in the child handler are flagged. The worker itself only
 * write()s and _exit()s, so the fork child is clean; the flusher thread's
 * fwrite() and free() run in the parent. Nothing execs.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static char *log_buf;
static size_t log_len;
static char log_tag[32] = "shipper";
static pthread_mutex_t log_mu = PTHREAD_MUTEX_INITIALIZER;

static void log_after_fork(void)
{
    free(log_buf); /* expect: signal-handler-unsafe-call */
    log_buf = NULL;
    log_len = 0;
    snprintf(log_tag, sizeof log_tag, "worker-%d", (int)getpid()); /* expect: signal-handler-unsafe-call */
}

static void *flusher(void *arg)
{
    (void)arg;
    for (int round = 0; round < 3; round++) {
        pthread_mutex_lock(&log_mu);
        if (log_buf != NULL) {
            fwrite(log_buf, 1, log_len, stderr);
            free(log_buf);
            log_buf = NULL;
            log_len = 0;
        }
        pthread_mutex_unlock(&log_mu);
        sleep(1);
    }
    return NULL;
}

static pid_t start_worker(int out_fd)
{
    static const char hello[] = "worker ready\n";
    pid_t pid = fork();

    if (pid == 0) {
        write(out_fd, hello, sizeof hello - 1);
        _exit(0);
    }
    return pid;
}

int main(void)
{
    pthread_t t;
    pid_t pid;

    log_buf = strdup("shipper: starting\n");
    log_len = log_buf ? strlen(log_buf) : 0;
    pthread_atfork(NULL, NULL, log_after_fork);
    if (pthread_create(&t, NULL, flusher, NULL) != 0)
        return 1;
    pid = start_worker(1);
    if (pid > 0)
        waitpid(pid, NULL, 0);
    pthread_join(t, NULL);
    fprintf(stderr, "%s: done\n", log_tag);
    return 0;
}
