/*
 * Shape: forks inside loops. start_all() forks one child per job in a for-loop;
 * the child has no _exit() after execvp(), so a failed exec runs on into the
 * loop body after the if - recording itself as a job and forking more children
 * of its own: exec-without-exit on the exec. start_all_fast() does the same with
 * vfork() correctly: the child ends in _exit(127), so "pids[i] = pid" and the
 * loop counter are written only by the parent - no vfork-stack-write.
 */
#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_JOBS 16

static int start_all(char **cmds, int n, pid_t *pids)
{
    int started = 0;

    for (int i = 0; i < n && i < MAX_JOBS; i++) {
        char *argv[] = { "/bin/sh", "-c", cmds[i], NULL };
        pid_t pid = fork();
        if (pid == 0) {
            execv(argv[0], argv); /* expect: exec-without-exit */
            perror("execv");
        }
        pids[i] = pid;
        if (pid > 0)
            started++;
    }
    return started;
}

static int start_all_fast(char **cmds, int n, pid_t *pids)
{
    int started = 0;
    int i;

    for (i = 0; i < n && i < MAX_JOBS; i++) {
        char *argv[] = { "/bin/sh", "-c", cmds[i], NULL };
        pid_t pid = vfork();
        if (pid == 0) {
            execv(argv[0], argv);
            _exit(127);
        }
        pids[i] = pid;
        if (pid > 0)
            started++;
    }
    return started;
}

int main(int argc, char **argv)
{
    pid_t pids[MAX_JOBS];
    int n = argc - 1 < MAX_JOBS ? argc - 1 : MAX_JOBS;

    start_all(argv + 1, n, pids);
    for (int i = 0; i < n; i++)
        if (pids[i] > 0)
            waitpid(pids[i], NULL, 0);
    start_all_fast(argv + 1, n, pids);
    for (int i = 0; i < n; i++)
        if (pids[i] > 0)
            waitpid(pids[i], NULL, 0);
    return 0;
}
