/*
 * Rewrite: a network server ignores SIGPIPE for itself, and resets it to
 * SIG_DFL in the child before exec so that the programs it runs die of a
 * broken pipe as usual. The child exit()s after a failed exec
 * (child-exit-not-_exit). The rewrite makes the reset a sigdefault action;
 * the command still dies of SIGPIPE (the parent prints the signal).
 *
 * run: sh -c "kill -PIPE $$; echo survived"
 * run: echo fine
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    int status;
    pid_t pid;

    if (argc < 2)
        return 2;
    signal(SIGPIPE, SIG_IGN);
    pid = fork();
    if (pid < 0) {
        perror("server");
        return 1;
    }
    if (pid == 0) {
        signal(SIGPIPE, SIG_DFL);
        execvp(argv[1], argv + 1);
        exit(127); /* expect: child-exit-not-_exit */
    }
    waitpid(pid, &status, 0);
    if (WIFSIGNALED(status))
        printf("killed by signal %d\n", WTERMSIG(status));
    else
        printf("exited %d\n", WEXITSTATUS(status));
    return 0;
}
