/*
 * Rewrite: a CI runner collects a job's stdout and stderr together, "2>&1":
 * the child dup2()s the pipe onto stdout and then stdout onto stderr. The
 * child's failure path calls exit(1) (child-exit-not-_exit). The rewrite keeps
 * the order of the two dup2 steps, which is what makes 2>&1 work.
 *
 * run: sh -c "echo to-stdout; echo to-stderr >&2; echo again"
 * fail-run: missing-job-forklint => run_job: No such file or directory
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int run_job(char **argv)
{
    int p[2];
    char buf[512], *line, *save;
    size_t used = 0;
    ssize_t n;
    pid_t pid;

    if (pipe2(p, O_CLOEXEC) < 0)
        return -1;
    if ((pid = fork()) < 0) {
        perror("run_job");
        return -1;
    } else if (pid == 0) {
        dup2(p[1], 1);
        dup2(1, 2);
        close(p[1]);
        execvp(argv[0], argv);
        fprintf(stderr, "cannot run %s\n", argv[0]);
        exit(1); /* expect: child-exit-not-_exit */
    }
    close(p[1]);
    while (used + 1 < sizeof buf && (n = read(p[0], buf + used, sizeof buf - used - 1)) > 0)
        used += (size_t)n;
    buf[used] = '\0';
    close(p[0]);
    for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
        printf("| %s\n", line);
    waitpid(pid, NULL, 0);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    return run_job(argv + 1) < 0 ? 1 : 0;
}
