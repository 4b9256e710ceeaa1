/*
 * Rewrite: a sandbox launcher uses clone(child_main, stack, SIGCHLD, &job)
 * with a static stack; the child function takes its job from the argument,
 * redirects stdout into a pipe and execs. It exit()s after a failed exec
 * (child-exit-not-_exit). The rewrite reads the child's steps out of
 * child_main with "job" replaced by the argument passed to clone, then removes
 * child_main and the static stack, which nothing else uses.
 *
 * run: /bin/echo from the clone child
 * fail-run: /nonexistent/prog => sandbox: No such file or directory
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

struct job {
    char **argv;
    int out;
};

static char child_stack[64 * 1024];

static int child_main(void *arg)
{
    struct job *job = arg;

    dup2(job->out, 1);
    execv(job->argv[0], job->argv);
    exit(127); /* expect: child-exit-not-_exit */
}

int main(int argc, char **argv)
{
    struct job job;
    int p[2];
    char buf[256];
    ssize_t n;
    pid_t pid;

    if (argc < 2 || pipe2(p, O_CLOEXEC) < 0)
        return 2;
    job.argv = argv + 1;
    job.out = p[1];
    pid = clone(child_main, child_stack + sizeof child_stack, SIGCHLD, &job);
    if (pid < 0) {
        perror("sandbox");
        return 1;
    }
    close(p[1]);
    n = read(p[0], buf, sizeof buf - 1);
    buf[n > 0 ? n : 0] = '\0';
    waitpid(pid, NULL, 0);
    printf("child said: %s", buf);
    return 0;
}
