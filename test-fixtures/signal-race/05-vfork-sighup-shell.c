/*
 * signal-race, bug, vfork. A terminal multiplexer catches SIGHUP (its
 * terminal went away: detach) and SIGTERM, and starts the user's shell in a
 * new window with vfork() + execl(). The vfork child shares the parent's
 * memory and still has its handlers: a SIGHUP delivered to the child before
 * execl() runs on_hup() in the child, on the parent's memory - it sets the
 * parent's own detach flag from the wrong process - and the signal meant for
 * the new shell is gone. Nothing is blocked and nothing is reset. The finding
 * is on the vfork() call; the child itself only execs and _exit()s.
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
    pid_t pid = vfork(); /* expect: signal-race */

    if (pid == 0) {
        execl(shell, shell, "-l", (char *)NULL);
        _exit(127);
    }
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
