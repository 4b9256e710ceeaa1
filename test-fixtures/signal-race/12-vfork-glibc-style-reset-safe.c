/*
 * signal-race, safe twin of 05, vfork. The terminal multiplexer spawns the
 * shell the way glibc's own posix_spawn child does: every signal blocked
 * before vfork(); in the child, a loop over all signal numbers that reads
 * each disposition with sigaction() and resets every caught one (neither
 * SIG_IGN nor SIG_DFL) to SIG_DFL, then the old mask restored, then execl().
 * The struct sigaction and the loop counter are fresh locals of the child,
 * so the vfork child writes nothing the parent can see; the parent restores
 * its own mask once vfork() returns. No finding.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t detach_requested;
static volatile sig_atomic_t quit_requested;

static void on_hup(int sig)
{
    (void)sig;
    detach_requested = 1;
}

static void on_term(int sig)
{
    (void)sig;
    quit_requested = 1;
}

static pid_t new_window(const char *shell)
{
    sigset_t all, old;
    pid_t pid;

    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, &old);
    pid = vfork();
    if (pid == 0) {
        for (int sig = 1; sig < NSIG; sig++) {
            struct sigaction cur;
            if (sigaction(sig, NULL, &cur) == 0 && cur.sa_handler != SIG_IGN && cur.sa_handler != SIG_DFL) {
                cur.sa_handler = SIG_DFL;
                sigaction(sig, &cur, NULL);
            }
        }
        sigprocmask(SIG_SETMASK, &old, NULL);
        execl(shell, shell, "-l", (char *)NULL);
        _exit(127);
    }
    sigprocmask(SIG_SETMASK, &old, NULL);
    return pid;
}

int main(int argc, char **argv)
{
    const char *shell = argc > 1 ? argv[1] : "/bin/sh";
    struct sigaction sa;
    pid_t pid;

    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_hup;
    sigaction(SIGHUP, &sa, NULL);
    sa.sa_handler = on_term;
    sigaction(SIGTERM, &sa, NULL);
    pid = new_window(shell);
    if (pid < 0) {
        perror("vfork");
        return 1;
    }
    while (!quit_requested && !detach_requested && waitpid(pid, NULL, WNOHANG) == 0)
        pause();
    printf("tmux-lite: %s\n", detach_requested ? "detached" : "exiting");
    return 0;
}
