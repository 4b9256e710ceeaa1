/*
 * signal-race, safe twin of 01. The backup daemon spawns its hook the way
 * O'Donell describes and safespawn does: block every signal before fork(); in
 * the child, put each handler the daemon installed (SIGTERM, SIGHUP) back to
 * SIG_DFL while everything is still blocked, and only then restore the old
 * mask; the parent restores its mask after fork(). A SIGTERM sent to the
 * child at any point before execv() is either still pending when the handler
 * is already SIG_DFL (and kills the child, as intended), or arrives after
 * exec. A linter that sees "catches SIGTERM, calls fork()" and stops there
 * would flag this. No finding.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t stop_requested;
static volatile sig_atomic_t hook_requested;

static void on_term(int sig)
{
    (void)sig;
    stop_requested = 1;
}

static void on_hup(int sig)
{
    (void)sig;
    hook_requested = 1;
}

static int run_hook(const char *hook)
{
    char *const argv[] = { (char *)hook, "snapshot", NULL };
    sigset_t all, old;
    int status;
    pid_t pid;

    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, &old);
    pid = fork();
    if (pid == 0) {
        signal(SIGTERM, SIG_DFL);
        signal(SIGHUP, SIG_DFL);
        sigprocmask(SIG_SETMASK, &old, NULL);
        execv(hook, argv);
        _exit(127);
    }
    sigprocmask(SIG_SETMASK, &old, NULL);
    if (pid < 0 || waitpid(pid, &status, 0) < 0)
        return -1;
    return status;
}

int main(int argc, char **argv)
{
    struct sigaction sa;

    if (argc != 2) {
        fprintf(stderr, "usage: %s HOOK\n", argv[0]);
        return 2;
    }
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_term;
    sigaction(SIGTERM, &sa, NULL);
    sa.sa_handler = on_hup;
    sigaction(SIGHUP, &sa, NULL);
    hook_requested = 1;
    while (!stop_requested) {
        if (hook_requested) {
            hook_requested = 0;
            int st = run_hook(argv[1]);
            printf("backupd: hook finished, raw status %d\n", st);
        }
        pause();
    }
    return 0;
}
