/*
 * exec-without-exit, bug. A terminal emulator's child ends a failed exec with
 * _exit(127) - but only when errno is ENOENT; for any other failure (EACCES,
 * ENOEXEC, E2BIG) it writes a message and falls through into the parent's
 * event-loop setup. One failure path of the exec does not end in _exit: flagged
 * on the exec line.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static const char exec_failed[] = "cannot execute shell\n";

static pid_t start_shell(const char *shell, int tty)
{
    pid_t pid = fork();

    if (pid == 0) {
        setsid();
        dup2(tty, 0);
        dup2(tty, 1);
        dup2(tty, 2);
        execl(shell, shell, (char *)NULL); /* expect: exec-without-exit */
        if (errno == ENOENT)
            _exit(127);
        write(2, exec_failed, strlen(exec_failed));
    }
    return pid;
}

int main(void)
{
    pid_t pid = start_shell("/bin/sh", 0);

    if (pid < 0) {
        perror("fork");
        return 1;
    }
    printf("shell %d started\n", (int)pid);
    waitpid(pid, NULL, 0);
    return 0;
}
