/*
 * Shape: "if (pid > 0) { parent } else if (pid == 0) { child } else { error }".
 * Only the middle branch is the child: its exec runs on into the code after
 * the if-chain (exec-without-exit). The parent branch's and the error
 * branch's exit() calls are the parent's and must not be flagged.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    int status = 0;
    pid_t pid;

    if (argc < 2)
        return 2;
    pid = fork();
    if (pid > 0) {
        if (waitpid(pid, &status, 0) < 0)
            exit(1);
    } else if (pid == 0) {
        execvp(argv[1], argv + 1); /* expect: exec-without-exit */
        perror(argv[1]);
    } else {
        perror("fork");
        exit(1);
    }
    printf("%s: status %d\n", argv[1], status);
    return 0;
}
