/*
 * Example: supervise, a minimal process supervisor in the style of daemontools.
 * For each service directory given on the command line it runs ./run, restarts
 * it when it exits, and runs ./finish (if present) after each exit. It is
 * single-threaded and takes SIGCHLD and SIGTERM through a signalfd, with the
 * signals blocked - no handlers - so children only need the mask restored
 * before exec. Two real bugs: when a service directory has vanished, the run
 * child calls exit(111), flushing the supervisor's buffered status output a
 * second time and running its atexit handler (child-exit-not-_exit); and the
 * finish child has no _exit after its exec, so a finish script that is not
 * executable leaves a second supervisor running the same services
 * (exec-without-exit).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_SERVICES 32

struct service {
    const char *dir;
    pid_t pid;
    time_t started;
};

static struct service services[MAX_SERVICES];
static int nservices;
static sigset_t child_mask;

static void write_status(void)
{
    FILE *f = fopen("supervise.status", "we");

    if (f == NULL)
        return;
    for (int i = 0; i < nservices; i++)
        fprintf(f, "%s %d %ld\n", services[i].dir, (int)services[i].pid, (long)services[i].started);
    fclose(f);
}

static void start_service(struct service *s)
{
    pid_t pid = fork();

    if (pid < 0) {
        fprintf(stderr, "supervise: %s: fork: %s\n", s->dir, strerror(errno));
        return;
    }
    if (pid == 0) {
        sigprocmask(SIG_SETMASK, &child_mask, NULL);
        setsid();
        if (chdir(s->dir) < 0)
            exit(111); /* expect: child-exit-not-_exit */
        execl("./run", "./run", (char *)NULL);
        _exit(111);
    }
    s->pid = pid;
    s->started = time(NULL);
    printf("supervise: %s: started %d\n", s->dir, (int)pid);
}

static void run_finish(const struct service *s, int status)
{
    char code[16];
    pid_t pid;

    snprintf(code, sizeof code, "%d", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    pid = fork();
    if (pid == 0) {
        sigprocmask(SIG_SETMASK, &child_mask, NULL);
        if (chdir(s->dir) < 0)
            _exit(111);
        execl("./finish", "./finish", code, (char *)NULL); /* expect: exec-without-exit */
    }
    if (pid > 0)
        waitpid(pid, NULL, 0);
}

int main(int argc, char **argv)
{
    sigset_t handled;
    int sfd;

    if (argc < 2 || argc - 1 > MAX_SERVICES) {
        fprintf(stderr, "usage: %s SERVICEDIR...\n", argv[0]);
        return 100;
    }
    atexit(write_status);
    sigemptyset(&handled);
    sigaddset(&handled, SIGCHLD);
    sigaddset(&handled, SIGTERM);
    sigprocmask(SIG_BLOCK, &handled, &child_mask);
    sfd = signalfd(-1, &handled, SFD_CLOEXEC);
    if (sfd < 0) {
        perror("signalfd");
        return 111;
    }
    for (int i = 1; i < argc; i++) {
        services[nservices].dir = argv[i];
        start_service(&services[nservices]);
        nservices++;
    }
    for (;;) {
        struct signalfd_siginfo si;
        if (read(sfd, &si, sizeof si) != (ssize_t)sizeof si)
            continue;
        if (si.ssi_signo == SIGTERM)
            break;
        for (;;) {
            int status;
            pid_t pid = waitpid(-1, &status, WNOHANG);
            if (pid <= 0)
                break;
            for (int i = 0; i < nservices; i++) {
                if (services[i].pid != pid)
                    continue;
                run_finish(&services[i], status);
                if (time(NULL) - services[i].started < 1)
                    sleep(1);
                start_service(&services[i]);
            }
        }
    }
    for (int i = 0; i < nservices; i++)
        if (services[i].pid > 0)
            kill(services[i].pid, SIGTERM);
    return 0;
}
