/*
 * signal-handler-unsafe-call, bug. A process supervisor reaps its children in
 * a SIGCHLD handler installed with sigaction() (sa.sa_handler = reap) - a
 * registration neither clang-tidy's bugprone-signal-handler nor GCC's
 * -Wanalyzer-unsafe-call-within-signal-handler follows, since both look only
 * at signal(). The waitpid() loop is right (waitpid is async-signal-safe), but
 * the handler reports each exit with printf(): SIGCHLD arrives at any moment,
 * including while the main loop is itself inside printf() for the "started"
 * line, and the handler then re-enters stdout's lock. Only the printf() line
 * is flagged. Each child execs and ends in _exit(127) on failure, and nobody
 * compares that status with 127, so the child code is clean for every other
 * rule; SIGCHLD is not a signal whose handler a child can steal before exec.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static void reap(int sig)
{
    int saved_errno = errno;
    int status;
    pid_t pid;

    (void)sig;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
        printf("supervise: %d exited with status %d\n", (int)pid, WEXITSTATUS(status)); /* expect: signal-handler-unsafe-call */
    errno = saved_errno;
}

static pid_t start_service(char *const argv[])
{
    pid_t pid = fork();

    if (pid == 0) {
        execvp(argv[0], argv);
        _exit(127);
    }
    return pid;
}

int main(int argc, char **argv)
{
    struct sigaction sa;

    if (argc < 2) {
        fprintf(stderr, "usage: %s SERVICE [ARG...]\n", argv[0]);
        return 2;
    }
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = reap;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
    if (sigaction(SIGCHLD, &sa, NULL) < 0) {
        perror("sigaction");
        return 1;
    }
    for (int restarts = 0; restarts < 5; restarts++) {
        pid_t pid = start_service(argv + 1);
        if (pid < 0) {
            perror("fork");
            return 1;
        }
        printf("supervise: started %s as %d\n", argv[1], (int)pid);
        sleep(30);
    }
    return 0;
}
