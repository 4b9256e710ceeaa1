/*
 * Rewrite: an editor runs a filter with vfork() for speed; after a failed
 * exec the child calls perror(), which writes through the parent's stderr
 * FILE in the parent's memory: vfork-unsafe-call. The rewrite spawns with
 * safespawn, which is as fast (clone on a small stack) and reports the error
 * to the parent instead.
 *
 * run: /bin/echo filtered
 * fail-run: /nonexistent/filter => editor: cannot filter: No such file or directory
 */
#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    int status;
    pid_t pid;

    if (argc < 2)
        return 2;
    pid = vfork();
    if (pid < 0) {
        perror("editor: cannot filter");
        return 1;
    }
    if (pid == 0) {
        execv(argv[1], argv + 1);
        perror(argv[1]); /* expect: vfork-unsafe-call */
        _exit(127);
    }
    waitpid(pid, &status, 0);
    return WEXITSTATUS(status);
}
