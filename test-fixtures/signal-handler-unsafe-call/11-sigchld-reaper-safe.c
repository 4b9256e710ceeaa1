/*
 * signal-handler-unsafe-call, safe twin of 02. The supervisor's SIGCHLD
 * handler reaps with waitpid(WNOHANG) in a loop, saving and restoring errno,
 * and only records what it saw in volatile sig_atomic_t variables; the main
 * loop prints the report with printf(). waitpid() is on POSIX's
 * async-signal-safe list, WIFEXITED/WEXITSTATUS are macros over an int, and
 * errno save/restore is the documented idiom, so nothing in the handler is
 * flagged. The children exec and _exit(127) on failure; the status is
 * printed, never compared with 127.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t last_pid;
static volatile sig_atomic_t last_status;
static volatile sig_atomic_t exited;

static void reap(int sig)
{
    int saved_errno = errno;
    int status;
    pid_t pid;

    (void)sig;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
        last_pid = pid;
        last_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        exited = exited + 1;
    }
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
    sig_atomic_t seen = 0;

    if (argc < 2) {
        fprintf(stderr, "usage: %s SERVICE [ARG...]\n", argv[0]);
        return 2;
    }
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = reap;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
    sigaction(SIGCHLD, &sa, NULL);
    for (int restarts = 0; restarts < 5; restarts++) {
        pid_t pid = start_service(argv + 1);
        if (pid < 0) {
            perror("fork");
            return 1;
        }
        printf("supervise: started %s as %d\n", argv[1], (int)pid);
        while (exited == seen)
            pause();
        seen = exited;
        printf("supervise: %d exited with status %d\n", (int)last_pid, (int)last_status);
    }
    return 0;
}
