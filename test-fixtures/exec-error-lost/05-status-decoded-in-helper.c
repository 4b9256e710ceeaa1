/*
 * exec-error-lost, bug, decoded elsewhere. A batch runner keeps the spawn in
 * spawn_and_wait() and the interpretation in describe_status(), which
 * reports 127 as "command not found". That the status is decoded in another
 * function than the one that forked changes nothing: the program takes the
 * child's _exit(127) for the exec failure, and the errno was dropped before
 * it. The finding is on the child's _exit(127); describe_status() itself is
 * ordinary parent code.
 */
#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static int spawn_and_wait(char *const argv[])
{
    int status = -1;
    pid_t pid = fork();

    if (pid == 0) {
        execvp(argv[0], argv);
        _exit(127); /* expect: exec-error-lost */
    }
    if (pid < 0 || waitpid(pid, &status, 0) < 0)
        return -1;
    return status;
}

static void describe_status(const char *cmd, int status)
{
    if (status == -1)
        fprintf(stderr, "batch: %s: could not be started\n", cmd);
    else if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
        fprintf(stderr, "batch: %s: command not found\n", cmd);
    else if (WIFEXITED(status))
        printf("batch: %s: exit %d\n", cmd, WEXITSTATUS(status));
    else
        printf("batch: %s: killed by signal %d\n", cmd, WTERMSIG(status));
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        char *cmd[] = { argv[i], NULL };
        describe_status(argv[i], spawn_and_wait(cmd));
    }
    return 0;
}
