/*
 * signal-race, bug: blocking without resetting. A cron-like job runner knows
 * about the race and blocks every signal around fork(), but the child only
 * restores the old mask before execvp(). Any SIGTERM that arrived after the
 * fork was held pending in the child - and is delivered the moment the child
 * unblocks, while the runner's on_term() is still its handler: the signal is
 * consumed by the handler copy and the job is exec'd anyway. Blocking only
 * moves the window; the caught handlers must be reset to SIG_DFL before the
 * mask is restored. The finding is on the fork() call.
 */
#include <signal.h>
#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t stopping;

static void on_term(int sig)
{
    (void)sig;
    stopping = 1;
}

static pid_t start_job(char *const argv[])
{
    sigset_t all, old;
    pid_t pid;

    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, &old);
    pid = fork(); /* expect: signal-race */
    if (pid == 0) {
        sigprocmask(SIG_SETMASK, &old, NULL);
        execvp(argv[0], argv);
        _exit(127);
    }
    sigprocmask(SIG_SETMASK, &old, NULL);
    return pid;
}

int main(int argc, char **argv)
{
    int status;

    if (argc < 2) {
        fprintf(stderr, "usage: %s JOB [ARG...]\n", argv[0]);
        return 2;
    }
    signal(SIGTERM, on_term);
    while (!stopping) {
        pid_t pid = start_job(argv + 1);
        if (pid < 0) {
            perror("fork");
            return 1;
        }
        waitpid(pid, &status, 0);
        sleep(60);
    }
    return 0;
}
