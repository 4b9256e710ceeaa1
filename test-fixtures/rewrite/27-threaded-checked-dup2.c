/*
 * Rewrite: a threaded server (it starts a worker thread) spawns a helper
 * whose child checks dup2() and reports its failure with perror() - not
 * async-signal-safe before exec in a multithreaded process:
 * fork-child-unsafe-call. The rewrite drops the child's own error reports:
 * a failed dup2 now comes back from the spawn with its errno and step, and
 * nothing but safespawn's own code runs in the child.
 *
 * run: echo helper output
 * fail-run: helper-forklint-missing => server: cannot spawn helper: No such file or directory
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void *worker(void *arg)
{
    return arg;
}

int main(int argc, char **argv)
{
    pthread_t t;
    int p[2];
    char buf[128];
    ssize_t n;
    pid_t pid;

    if (argc < 2 || pipe2(p, O_CLOEXEC) < 0)
        return 2;
    if (pthread_create(&t, NULL, worker, NULL) != 0)
        return 1;
    pid = fork();
    if (pid < 0) {
        fprintf(stderr, "server: cannot spawn helper: %s\n", strerror(errno));
        return 1;
    }
    if (pid == 0) {
        if (dup2(p[1], 1) < 0) {
            perror("dup2"); /* expect: fork-child-unsafe-call */
            _exit(126);
        }
        execvp(argv[1], argv + 1);
        _exit(127);
    }
    close(p[1]);
    n = read(p[0], buf, sizeof buf - 1);
    buf[n > 0 ? n : 0] = '\0';
    waitpid(pid, NULL, 0);
    pthread_join(t, NULL);
    printf("helper: %s", buf);
    return 0;
}
