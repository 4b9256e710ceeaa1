/*
 * Shape: code between the fork and the branch on its result runs in both
 * processes. In this threaded program (a worker thread is created in main) a
 * debug fprintf() placed right after fork() is therefore also a call in the
 * child before its exec - fork-child-unsafe-call - while clock_gettime() there is
 * async-signal-safe. The "pid < 0" block after it is parent-only (its perror()
 * is not flagged), and the child branch itself is clean.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char exec_failed[] = "cannot execute\n";

static void *idle_worker(void *arg)
{
    (void)arg;
    sleep(1);
    return NULL;
}

static pid_t spawn_timed(char *const argv[], struct timespec *started)
{
    pid_t pid = fork();
    clock_gettime(CLOCK_MONOTONIC, started);
    fprintf(stderr, "fork returned %d\n", (int)pid); /* expect: fork-child-unsafe-call */
    if (pid < 0) {
        perror("fork");
        return -1;
    }
    if (pid == 0) {
        execvp(argv[0], argv);
        write(2, exec_failed, strlen(exec_failed));
        _exit(127);
    }
    return pid;
}

int main(int argc, char **argv)
{
    struct timespec t0;
    pthread_t t;
    pid_t pid;

    if (argc < 2)
        return 2;
    pthread_create(&t, NULL, idle_worker, NULL);
    pid = spawn_timed(argv + 1, &t0);
    if (pid > 0)
        waitpid(pid, NULL, 0);
    pthread_join(t, NULL);
    return 0;
}
