/*
 * Rewrite: "if (fork() == 0) { child }" - a notifier that does not keep the
 * pid and reaps with wait(). The child exit()s after a failed exec
 * (child-exit-not-_exit). With no pid variable and no error branch the
 * rewrite only spawns: the failure is as unchecked as the failed fork was,
 * and wait() finds the child as before.
 *
 * run: echo notified
 * run: sh -c "exit 4"
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    int status;

    if (argc < 2)
        return 2;
    if (fork() == 0) {
        execvp(argv[1], argv + 1);
        exit(127); /* expect: child-exit-not-_exit */
    }
    if (wait(&status) > 0)
        printf("notifier exited %d\n", WEXITSTATUS(status));
    return 0;
}
