/*
 * signal-race, bug, the GNUnet case. A backup daemon catches SIGTERM (stop)
 * and SIGHUP (rerun the hook) with sigaction, and runs a hook script with
 * fork() + execv(). Nothing is blocked around the fork: between fork() and
 * execv() the child still has the daemon's handlers installed, so a SIGTERM
 * sent to the child in that window (a supervisor killing the process group,
 * or the daemon's own timeout kill) runs on_term() in the child - it sets the
 * child's copy of the flag and returns, the signal is consumed, the child
 * goes on to exec the hook as if nothing happened, and whoever sent SIGTERM
 * waits forever. The finding is on the fork() call. The handlers themselves
 * only store to volatile sig_atomic_t flags, and the child is otherwise
 * correct (exec, then _exit(127), status never compared with 127).
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
    int status;
    pid_t pid = fork(); /* expect: signal-race */

    if (pid < 0)
        return -1;
    if (pid == 0) {
        execv(hook, argv);
        _exit(127);
    }
    if (waitpid(pid, &status, 0) < 0)
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
