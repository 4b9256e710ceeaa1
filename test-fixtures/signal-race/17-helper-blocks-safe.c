/*
 * signal-race, safe twin of 02: git's start_command shape. The signals are
 * blocked by a helper the spawning function calls first (atfork_prepare():
 * sigfillset, then pthread_sigmask(SIG_SETMASK, &all, &old)); the child
 * resets every handler to SIG_DFL and only then restores the mask, and the
 * parent restores it after the fork. A SIGTERM sent meanwhile waits for the
 * exec'ed program. The second spawner calls a helper that only sets the
 * saved mask back: nothing is blocked at its fork, so it is flagged.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t stopping;

static void on_term(int sig)
{
    (void)sig;
    stopping = 1;
}

struct atfork_state {
    sigset_t old;
};

static void atfork_prepare(struct atfork_state *as)
{
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &as->old);
}

static void atfork_parent(struct atfork_state *as)
{
    pthread_sigmask(SIG_SETMASK, &as->old, NULL);
}

static pid_t start_command(char *const argv[])
{
    struct atfork_state as;
    atfork_prepare(&as);
    pid_t pid = fork();
    if (pid == 0) {
        for (int sig = 1; sig < NSIG; sig++)
            signal(sig, SIG_DFL);
        pthread_sigmask(SIG_SETMASK, &as.old, NULL);
        execvp(argv[0], argv);
        _exit(127);
    }
    atfork_parent(&as);
    return pid;
}

static pid_t start_unblocked(char *const argv[])
{
    struct atfork_state as;
    sigemptyset(&as.old);
    atfork_parent(&as);
    pid_t pid = fork(); /* expect: signal-race */
    if (pid == 0) {
        execvp(argv[0], argv);
        _exit(127);
    }
    return pid;
}

int main(int argc, char **argv)
{
    signal(SIGTERM, on_term);
    if (argc < 2)
        return 0;
    pid_t a = start_command(argv + 1);
    pid_t b = start_unblocked(argv + 1);
    if (a > 0)
        waitpid(a, NULL, 0);
    if (b > 0)
        waitpid(b, NULL, 0);
    return stopping;
}
