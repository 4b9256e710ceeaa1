/*
 * signal-race, bug, clone. A log collector rotates its files on SIGUSR1 and
 * spawns its compressor with clone(CLONE_VM | CLONE_VFORK | SIGCHLD) on a
 * small stack of its own, the way fast spawn code does. clone() without
 * CLONE_SIGHAND copies the handler table: the child starts with on_usr1()
 * installed and the parent's signal mask, here nothing blocked, so a SIGUSR1 sent to the compressor
 * before it has exec'ed runs the collector's rotation handler in the child
 * (on the collector's memory, since CLONE_VM) and is lost. The finding is on
 * the clone() call. The child function only calls execve() and _exit(), as a
 * CLONE_VM child must.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

struct job {
    const char *path;
    char *const *argv;
};

static volatile sig_atomic_t rotate_requested;
static char child_stack[64 * 1024] __attribute__((aligned(16)));

static void on_usr1(int sig)
{
    (void)sig;
    rotate_requested = 1;
}

static int compressor_main(void *arg)
{
    const struct job *j = arg;

    execve(j->path, j->argv, environ);
    _exit(127);
}

static pid_t spawn_compressor(const char *file)
{
    char *const argv[] = { "/usr/bin/gzip", "-9", (char *)file, NULL };
    struct job j = { argv[0], argv };

    return clone(compressor_main, child_stack + sizeof child_stack, CLONE_VM | CLONE_VFORK | SIGCHLD, &j); /* expect: signal-race */
}

int main(int argc, char **argv)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);
    for (int i = 1; i < argc; i++) {
        pid_t pid = spawn_compressor(argv[i]);
        if (pid < 0) {
            perror("clone");
            return 1;
        }
        waitpid(pid, NULL, 0);
        if (rotate_requested) {
            rotate_requested = 0;
            printf("logcollect: rotating\n");
        }
    }
    return 0;
}
