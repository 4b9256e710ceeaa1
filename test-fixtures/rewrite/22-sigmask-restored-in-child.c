/*
 * Rewrite: a program blocks SIGUSR1 and SIGUSR2 while it works, and the child
 * restores the mask saved before blocking (sigprocmask(SIG_SETMASK, &old,
 * NULL)) so the program it runs starts with nothing blocked. The child
 * exit()s after a failed exec (child-exit-not-_exit). The rewrite makes it a
 * sigmask action: the program's SigBlk line shows the same mask.
 *
 * run: grep SigBlk /proc/self/status
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    sigset_t block, old;
    int status;
    pid_t pid;

    if (argc < 2)
        return 2;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigaddset(&block, SIGUSR2);
    sigprocmask(SIG_BLOCK, &block, &old);
    pid = fork();
    if (pid < 0) {
        perror("fork");
        return 1;
    }
    if (pid == 0) {
        sigprocmask(SIG_SETMASK, &old, NULL);
        execvp(argv[1], argv + 1);
        exit(127); /* expect: child-exit-not-_exit */
    }
    waitpid(pid, &status, 0);
    printf("exited %d\n", WEXITSTATUS(status));
    return 0;
}
