/*
 * signal-race, bug. A small job-control shell catches SIGINT (to print a
 * fresh prompt) and SIGCHLD (to note finished jobs). Like many shells, it
 * blocks SIGCHLD around fork() so the SIGCHLD handler cannot run before the
 * new job is in the job table - but that mask is about the parent's
 * bookkeeping, and the child restores it without ever resetting the SIGINT
 * handler. A ^C that reaches the new command between fork() and execvp()
 * runs the shell's prompt handler in the child and the command starts as if
 * it had not been interrupted. The finding is on the fork() call.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_JOBS 16

static volatile sig_atomic_t got_int;
static volatile sig_atomic_t got_chld;
static pid_t jobs[MAX_JOBS];

static void on_int(int sig)
{
    (void)sig;
    got_int = 1;
}

static void on_chld(int sig)
{
    (void)sig;
    got_chld = 1;
}

static int launch(char **argv)
{
    sigset_t chld, old;
    pid_t pid;
    int slot;

    for (slot = 0; slot < MAX_JOBS && jobs[slot] != 0; slot++)
        ;
    if (slot == MAX_JOBS)
        return -1;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, &old);
    pid = fork(); /* expect: signal-race */
    if (pid == 0) {
        sigprocmask(SIG_SETMASK, &old, NULL);
        execvp(argv[0], argv);
        _exit(127);
    }
    if (pid > 0)
        jobs[slot] = pid;
    sigprocmask(SIG_SETMASK, &old, NULL);
    return pid < 0 ? -1 : slot;
}

static void reap_jobs(void)
{
    for (int i = 0; i < MAX_JOBS; i++) {
        int status;
        if (jobs[i] != 0 && waitpid(jobs[i], &status, WNOHANG) == jobs[i]) {
            printf("[%d] done\n", i + 1);
            jobs[i] = 0;
        }
    }
}

int main(void)
{
    char line[256];

    signal(SIGINT, on_int);
    signal(SIGCHLD, on_chld);
    for (;;) {
        char *argv[16];
        int argc = 0;
        if (got_chld) {
            got_chld = 0;
            reap_jobs();
        }
        got_int = 0;
        fputs("jsh$ ", stdout);
        fflush(stdout);
        if (fgets(line, sizeof line, stdin) == NULL) {
            if (got_int) {
                clearerr(stdin);
                putchar('\n');
                continue;
            }
            break;
        }
        for (char *tok = strtok(line, " \t\n"); tok != NULL && argc < 15; tok = strtok(NULL, " \t\n"))
            argv[argc++] = tok;
        argv[argc] = NULL;
        if (argc > 0 && launch(argv) < 0)
            fputs("jsh: too many jobs\n", stderr);
    }
    return 0;
}
