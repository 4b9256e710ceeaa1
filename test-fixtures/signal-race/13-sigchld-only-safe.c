/*
 * signal-race, safe twin. A parallel test runner catches only SIGCHLD - its
 * handler counts finished children - and forks + execs each test with no
 * signal blocked. A handler for SIGCHLD is not what the race is about: nobody
 * sends SIGCHLD to a child to stop it, and a child's own children are not
 * born before it execs, so the copied handler never gets to consume a
 * signal meant for the program the child becomes. Only handlers for
 * SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1 and SIGUSR2 make a spawn racy.
 * No finding.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t finished;

static void on_chld(int sig)
{
    (void)sig;
    finished = finished + 1;
}

static pid_t start_test(const char *path)
{
    pid_t pid = fork();

    if (pid == 0) {
        execl(path, path, "--tap", (char *)NULL);
        _exit(127);
    }
    return pid;
}

int main(int argc, char **argv)
{
    struct sigaction sa;
    int started = 0;

    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_chld;
    sa.sa_flags = SA_NOCLDSTOP | SA_RESTART;
    sigaction(SIGCHLD, &sa, NULL);
    for (int i = 1; i < argc; i++)
        if (start_test(argv[i]) > 0)
            started++;
    while (finished < started)
        pause();
    while (wait(NULL) > 0)
        ;
    printf("runtests: %d tests finished\n", started);
    return 0;
}
