/*
 * Rewrite: a git-like front end runs "tool-NAME" from PATH with execvp(). The
 * child prints the error when the exec fails but does not _exit(): it returns
 * into main() as a second copy of the parent (exec-without-exit on the exec).
 * After the rewrite the PATH search is safespawn's (ss_spawnp, the caller's
 * PATH, as execvp did) and the failure reaches the parent's error branch,
 * which returns -1 to its caller.
 *
 * run: printf "%s-%s\n" a b
 * run: true
 * fail-run: tool-forklint-missing => run_tool: tool-forklint-missing: No such file or directory
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t run_tool(char **argv)
{
    pid_t pid = fork();

    if (pid < 0) {
        fprintf(stderr, "run_tool: %s: %s\n", argv[0], strerror(errno));
        return -1;
    }
    if (pid == 0) {
        execvp(argv[0], argv); /* expect: exec-without-exit */
        fprintf(stderr, "%s: %s\n", argv[0], strerror(errno));
    }
    return pid;
}

int main(int argc, char **argv)
{
    int status;
    pid_t pid;

    if (argc < 2)
        return 2;
    pid = run_tool(argv + 1);
    if (pid < 0)
        return 1;
    if (waitpid(pid, &status, 0) == pid)
        printf("tool done, status %d\n", WEXITSTATUS(status));
    return 0;
}
