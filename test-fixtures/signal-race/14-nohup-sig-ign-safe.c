/*
 * signal-race, safe twin. A nohup-like launcher ignores SIGHUP and SIGINT
 * with SIG_IGN (through signal() and sigaction()) and then forks and execs
 * the command without blocking anything. Ignoring is not catching: no
 * handler of the launcher can run in the child, and SIG_IGN surviving exec is
 * exactly what nohup means to pass on. No finding.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    struct sigaction sa;
    int status;
    pid_t pid;

    if (argc < 2) {
        fprintf(stderr, "usage: %s COMMAND [ARG...]\n", argv[0]);
        return 2;
    }
    signal(SIGHUP, SIG_IGN);
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_IGN;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    pid = fork();
    if (pid == 0) {
        execvp(argv[1], argv + 1);
        _exit(127);
    }
    if (pid < 0) {
        perror("fork");
        return 1;
    }
    waitpid(pid, &status, 0);
    fprintf(stderr, "nohup-lite: raw status %d\n", status);
    return 0;
}
