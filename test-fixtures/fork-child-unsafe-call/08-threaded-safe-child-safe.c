/*
 * fork-child-unsafe-call, safe twin. A threaded download manager (one thread per
 * transfer) runs a post-processing command for each finished file. Everything
 * that allocates or formats - the argument and environment arrays, the log
 * line - is done in the parent before fork(); the child only restores the
 * signal mask, moves to its own process group, redirects with open/dup2/close
 * and calls sysconf(), all async-signal-safe or on the vfork-child allowlist,
 * then execve()s and reports failure with write() and _exit(127). The
 * environment is read with getenv() in the parent, and the parent's printf()
 * calls around fork() are parent code. No finding.
 */
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static const char exec_failed[] = "dlmgr: cannot execute post-processor\n";

static pid_t post_process(const char *file, const sigset_t *child_mask)
{
    char *argv[] = { "/usr/bin/unpack", (char *)file, NULL };
    char *envp[] = { "PATH=/usr/bin:/bin", "LC_ALL=C", NULL };
    int quiet = getenv("DLMGR_DEBUG") == NULL;
    pid_t pid;

    printf("post-processing %s\n", file);
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        long max_fd = sysconf(_SC_OPEN_MAX);
        int null_fd;
        if (quiet) {
            null_fd = open("/dev/null", O_RDWR);
            if (null_fd < 0 || dup2(null_fd, 0) < 0 || dup2(null_fd, 1) < 0)
                _exit(126);
            close(null_fd);
        }
        for (long fd = 3; fd < max_fd && fd < 1024; fd++)
            close((int)fd);
        setpgid(0, 0);
        sigprocmask(SIG_SETMASK, child_mask, NULL);
        execve(argv[0], argv, envp);
        write(2, exec_failed, strlen(exec_failed));
        _exit(127);
    }
    if (pid > 0)
        printf("post-processor for %s is %d\n", file, (int)pid);
    return pid;
}

static void *transfer(void *arg)
{
    sigset_t mask;
    pid_t pid;

    sigemptyset(&mask);
    pid = post_process(arg, &mask);
    if (pid > 0)
        waitpid(pid, NULL, 0);
    return NULL;
}

int main(int argc, char **argv)
{
    pthread_t t[8];
    int n = 0;

    for (int i = 1; i < argc && n < 8; i++)
        if (pthread_create(&t[n], NULL, transfer, argv[i]) == 0)
            n++;
    for (int i = 0; i < n; i++)
        pthread_join(t[i], NULL);
    return 0;
}
