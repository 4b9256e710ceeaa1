/*
 * vfork-return, bug. A pager launcher: the vfork child connects the pipe to
 * stdin and execs the pager, but has no _exit() after execlp(). If the pager
 * cannot be run, the child leaves its branch and runs on into the parent's
 * "return pid;" with pid == 0, so the caller, still in the child and on the
 * parent's stack, believes it is the parent of a pager with pid 0. The finding
 * lands on the exec whose failure path runs on into parent code, not on the
 * parent's return statement, which the parent is entitled to run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t start_pager(const char *pager, int in_fd)
{
    pid_t pid = vfork();

    if (pid == 0) {
        if (dup2(in_fd, 0) < 0)
            _exit(126);
        execlp(pager, pager, (char *)NULL); /* expect: vfork-return */
    }
    return pid;
}

int main(void)
{
    const char *pager = getenv("PAGER");
    pid_t pid = start_pager(pager ? pager : "less", 0);

    if (pid < 0) {
        perror("vfork");
        return 1;
    }
    waitpid(pid, NULL, 0);
    return 0;
}
