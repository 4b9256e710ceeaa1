/*
 * child-exit-not-_exit, bug, in a vfork child. A terminal multiplexer starts
 * panes with vfork() and ends a failed exec with exit(127). In a vfork child
 * exit() is even worse than after fork(): the atexit handlers and the stdio
 * flush run on the parent's own memory, so the parent's buffers are flushed
 * (and its FILEs shut down) by the child while the parent is suspended. This
 * is child-exit-not-_exit's finding alone - vfork-unsafe-call stays quiet on an
 * exit() call - on the exit line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t start_pane(const char *shell, int tty_fd)
{
    pid_t pid = vfork();

    if (pid == 0) {
        if (setsid() < 0 || dup2(tty_fd, 0) < 0 || dup2(tty_fd, 1) < 0 || dup2(tty_fd, 2) < 0)
            _exit(126);
        execl(shell, shell, "-i", (char *)NULL);
        exit(127); /* expect: child-exit-not-_exit */
    }
    return pid;
}

int main(void)
{
    pid_t pid;

    printf("starting pane\n");
    pid = start_pane("/bin/sh", 0);
    if (pid < 0) {
        perror("vfork");
        return 1;
    }
    waitpid(pid, NULL, 0);
    return 0;
}
