/*
 * Rewrite: a terminal emulator's "pipe selection to command": vfork, the
 * child dup2()s the pipe onto stdin and closes both ends, execs, and on
 * failure fprintf()s to stderr - a stdio call in the parent's memory:
 * vfork-unsafe-call. The rewrite keeps the descriptor steps in their order.
 *
 * run: tr a-z A-Z
 * fail-run: no-such-cmd-forklint => pipe_to: No such file or directory
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int pipe_to(char **argv, const char *sel)
{
    int p[2];
    int status;
    pid_t pid;

    if (pipe2(p, O_CLOEXEC) < 0)
        return -1;
    pid = vfork();
    if (pid == 0) {
        dup2(p[0], STDIN_FILENO);
        close(p[0]);
        close(p[1]);
        execvp(argv[0], argv);
        fprintf(stderr, "%s: cannot run\n", argv[0]); /* expect: vfork-unsafe-call */
        _exit(127);
    }
    close(p[0]);
    if (pid < 0) {
        perror("pipe_to");
        close(p[1]);
        return -1;
    }
    if (write(p[1], sel, strlen(sel)) < 0)
        perror("write");
    close(p[1]);
    waitpid(pid, &status, 0);
    return WEXITSTATUS(status);
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    return pipe_to(argv + 1, "selected text\n") == 0 ? 0 : 1;
}
