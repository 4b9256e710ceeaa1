/*
 * multi/redirect-helper: a vfork child calls a helper defined in another file.
 * The runner starts a command with vfork() and applies its redirections by
 * calling apply_redirections() from redir.c; the program is main.c + redir.c
 * linted together. The call is followed across files: the finding is the
 * fprintf() inside redir.c, and nothing in this file is flagged - the call
 * line, execvp and _exit are fine.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "redir.h"

static pid_t run_redirected(char *const argv[], const struct redirection *r, int n)
{
    pid_t pid = vfork();

    if (pid == 0) {
        if (apply_redirections(r, n) < 0)
            _exit(1);
        execvp(argv[0], argv);
        _exit(127);
    }
    return pid;
}

int main(int argc, char **argv)
{
    struct redirection r[] = {
        { 1, "stdout.log", O_WRONLY | O_CREAT | O_TRUNC },
        { 2, "stderr.log", O_WRONLY | O_CREAT | O_APPEND },
    };
    int status;
    pid_t pid;

    if (argc < 2)
        return 2;
    pid = run_redirected(argv + 1, r, 2);
    if (pid < 0) {
        perror("vfork");
        return 1;
    }
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
