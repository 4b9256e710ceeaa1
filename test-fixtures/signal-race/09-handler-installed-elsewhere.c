/*
 * signal-race, bug. A pre-spawning server starts its worker executables in a
 * loop; the signal handlers are installed in another function,
 * setup_signals(), through sigaction() with a designated initializer
 * ({ .sa_handler = on_quit }) for SIGINT and SIGQUIT. That the program catches
 * those signals is a whole-program fact: every spawn that execs inherits the
 * handlers until its exec, whichever function installed them. The fork() in
 * the loop is one spawn site and carries one finding.
 */
#include <signal.h>
#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define WORKERS 4

static volatile sig_atomic_t quitting;

static void on_quit(int sig)
{
    (void)sig;
    quitting = 1;
}

static void setup_signals(void)
{
    struct sigaction sa = { .sa_handler = on_quit };

    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGQUIT, &sa, NULL);
}

static int start_workers(const char *exe, pid_t pids[WORKERS])
{
    for (int i = 0; i < WORKERS; i++) {
        pids[i] = fork(); /* expect: signal-race */
        if (pids[i] == 0) {
            execl(exe, exe, "--worker", (char *)NULL);
            _exit(127);
        }
        if (pids[i] < 0)
            return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    pid_t pids[WORKERS];

    if (argc != 2) {
        fprintf(stderr, "usage: %s WORKER-EXE\n", argv[0]);
        return 2;
    }
    setup_signals();
    if (start_workers(argv[1], pids) < 0) {
        perror("fork");
        return 1;
    }
    while (!quitting)
        pause();
    for (int i = 0; i < WORKERS; i++)
        kill(pids[i], SIGTERM);
    while (wait(NULL) > 0)
        ;
    return 0;
}
