/*
 * signal-race, bug: resetting without blocking. A print spooler catches
 * SIGTERM and SIGINT, and its child does put both back to SIG_DFL before
 * exec'ing the filter - but no signal is blocked around fork(). A SIGTERM
 * that reaches the child between fork() and the first signal() call still
 * runs the spooler's handler in the child and is lost. Resetting narrows the
 * window; only blocking first, then resetting, then unblocking closes it.
 * The finding is on the fork() call.
 */
#include <signal.h>
#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t stopping;

static void on_stop(int sig)
{
    (void)sig;
    stopping = 1;
}

static int print_file(const char *filter, const char *file)
{
    char *const argv[] = { (char *)filter, (char *)file, NULL };
    int status;
    pid_t pid = fork(); /* expect: signal-race */

    if (pid < 0)
        return -1;
    if (pid == 0) {
        signal(SIGTERM, SIG_DFL);
        signal(SIGINT, SIG_DFL);
        execv(filter, argv);
        _exit(127);
    }
    waitpid(pid, &status, 0);
    return status;
}

int main(int argc, char **argv)
{
    signal(SIGTERM, on_stop);
    signal(SIGINT, on_stop);
    for (int i = 2; i < argc && !stopping; i++)
        printf("lpd: %s -> status %d\n", argv[i], print_file(argv[1], argv[i]));
    return 0;
}
