/*
 * Rewrite: a setuid-aware helper drops privileges in the child before exec,
 * group first: setgid(getgid()), then setuid(getuid()), each checked. Its
 * exec failure path exit()s (child-exit-not-_exit). The rewrite makes them
 * safespawn's setgid/setuid actions (raw setresgid/setresuid: the saved id
 * goes too) with the ids computed in the parent - the same ids, since
 * getuid() and getgid() give the same answer in both. Run unprivileged or
 * as root, the program sees the same ids.
 *
 * run: id -u
 * run: id -g
 */
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
    pid = fork();
    if (pid < 0) {
        perror("fork");
        return 1;
    }
    if (pid == 0) {
        if (setgid(getgid()) != 0) {
            perror("setgid");
            _exit(126);
        }
        if (setuid(getuid()) != 0) {
            perror("setuid");
            _exit(126);
        }
        execvp(argv[1], argv + 1);
        exit(127); /* expect: child-exit-not-_exit */
    }
    waitpid(pid, &status, 0);
    printf("exited %d\n", WEXITSTATUS(status));
    return 0;
}
