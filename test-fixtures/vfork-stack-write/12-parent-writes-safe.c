/*
 * vfork-stack-write, safe twin. A parallel test runner keeps a table of running
 * children, a running count and a global "last started" time, and updates all
 * of them right after vfork() returns - in the parent's else branch. It also
 * retries a failed vfork() a few times, counting attempts in a local that is
 * written only when vfork() returned -1, which the child never sees. The child
 * branch writes nothing and only dup2()s, execs and _exit()s. A linter that
 * flagged every write after vfork() would flag four lines here; none is run by
 * the child. No finding.
 */
#include <errno.h>
#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_TESTS 64

static pid_t running_pids[MAX_TESTS];
static int nrunning;
static time_t last_started;

static int start_test(char *const argv[], int log_fd)
{
    int attempts = 0;
    pid_t pid;

    while ((pid = vfork()) < 0 && errno == EAGAIN && attempts < 3)
        attempts++;
    if (pid == 0) {
        if (dup2(log_fd, 1) < 0 || dup2(log_fd, 2) < 0)
            _exit(126);
        execv(argv[0], argv);
        _exit(127);
    } else if (pid > 0) {
        running_pids[nrunning] = pid;
        nrunning++;
        last_started = time(NULL);
        if (attempts > 0)
            fprintf(stderr, "vfork succeeded after %d retries\n", attempts);
    }
    return pid > 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
    int failures = 0;

    for (int i = 1; i < argc && nrunning < MAX_TESTS; i++) {
        char *test_argv[] = { argv[i], NULL };
        if (start_test(test_argv, 2) < 0)
            failures++;
    }
    for (int i = 0; i < nrunning; i++) {
        int status;
        if (waitpid(running_pids[i], &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
            failures++;
    }
    if (nrunning > 0)
        printf("%d tests, %d failed, last started at %ld\n", nrunning, failures, (long)last_started);
    return failures ? 1 : 0;
}
