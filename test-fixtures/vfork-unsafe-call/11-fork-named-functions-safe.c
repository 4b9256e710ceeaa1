/*
 * vfork-unsafe-call, safe twin. This job runner has functions whose names merely
 * mention forking - vfork_stats_report(), fork_limit_from_env() and
 * spawn_worker_banner() - and that call printf(), malloc()-backed strdup() and
 * friends. None of them calls vfork()/fork()/clone() or returns such a pid, so
 * none is a spawn site and none runs in a child; a linter matching on names
 * would flag them. The one real vfork() child only dup2()s, execs and
 * _exit()s. The file must produce no finding.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static unsigned long spawned, failed;

static void vfork_stats_report(void)
{
    printf("%lu children spawned with vfork, %lu failed\n", spawned, failed);
}

static int fork_limit_from_env(void)
{
    const char *s = getenv("JOBS_FORK_LIMIT");
    char *copy;
    int limit = 4;

    if (s != NULL && (copy = strdup(s)) != NULL) {
        limit = atoi(copy);
        free(copy);
    }
    return limit > 0 ? limit : 4;
}

static void spawn_worker_banner(int limit)
{
    printf("running up to %d jobs\n", limit);
}

static int run_one(char *const argv[], int log_fd)
{
    int status;
    pid_t pid = vfork();

    if (pid == 0) {
        if (log_fd >= 0 && dup2(log_fd, 2) < 0)
            _exit(126);
        execvp(argv[0], argv);
        _exit(127);
    }
    if (pid < 0 || waitpid(pid, &status, 0) < 0) {
        failed++;
        return -1;
    }
    spawned++;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int main(int argc, char **argv)
{
    int limit = fork_limit_from_env();

    spawn_worker_banner(limit);
    for (int i = 1; i < argc && i <= limit; i++) {
        char *job[] = { "/bin/sh", "-c", argv[i], NULL };
        run_one(job, -1);
    }
    vfork_stats_report();
    return failed ? 1 : 0;
}
