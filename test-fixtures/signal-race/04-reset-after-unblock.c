/*
 * signal-race, bug: the right steps in the wrong order. A test harness
 * catches SIGINT and SIGQUIT (to print a summary), blocks every signal around
 * fork(), and in the child resets both handlers - but only after restoring
 * the mask. A signal that arrived between fork() and the sigprocmask() call
 * is delivered as soon as the mask is restored, to the harness's handler,
 * before the signal() calls run. The reset must come before the unblock. The
 * finding is on the fork() call.
 */
#include <signal.h>
#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t want_summary;

static void on_int(int sig)
{
    (void)sig;
    want_summary = 1;
}

static pid_t run_test(const char *path)
{
    sigset_t all, old;
    pid_t pid;

    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, &old);
    pid = fork(); /* expect: signal-race */
    if (pid == 0) {
        sigprocmask(SIG_SETMASK, &old, NULL);
        signal(SIGINT, SIG_DFL);
        signal(SIGQUIT, SIG_DFL);
        execl(path, path, (char *)NULL);
        _exit(127);
    }
    sigprocmask(SIG_SETMASK, &old, NULL);
    return pid;
}

int main(int argc, char **argv)
{
    int failed = 0;

    signal(SIGINT, on_int);
    signal(SIGQUIT, on_int);
    for (int i = 1; i < argc && !want_summary; i++) {
        int status;
        pid_t pid = run_test(argv[i]);
        if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
            failed++;
    }
    printf("harness: %d of %d failed\n", failed, argc - 1);
    return failed != 0;
}
