/*
 * tiny: the program the tests, the lab and the benchmark exec.  Linked
 * statically so an exec costs as little as it can.  Modes (argv[1]):
 *   (none)      exit 0
 *   exit N      exit N
 *   pause       wait for a signal (the default action ends it)
 *   report      one line: cwd, umask, ids, pgid/sid, ignored and blocked
 *               signals, scheduling policy (Linux), open descriptors
 *   env         the environment, one variable a line
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

extern char **environ;

static void report(void)
{
    char cwd[4096];
    if (!getcwd(cwd, sizeof cwd))
        strcpy(cwd, "?");
    mode_t um = umask(0);
    printf("cwd=%s umask=%03o uid=%d gid=%d ngroups=%d pid=%d pgid=%d sid=%d", cwd, (unsigned)um,
           (int)getuid(), (int)getgid(), getgroups(0, NULL), (int)getpid(), (int)getpgid(0),
           (int)getsid(0));
    printf(" ignored=");
    const char *sep = "";
    for (int s = 1; s < NSIG; s++) {
        struct sigaction sa;
        if (sigaction(s, NULL, &sa) == 0 && sa.sa_handler == SIG_IGN) {
            printf("%s%d", sep, s);
            sep = ",";
        }
    }
    sigset_t m;
    sigprocmask(SIG_SETMASK, NULL, &m);
    printf(" blocked=");
    sep = "";
    for (int s = 1; s < NSIG; s++)
        if (sigismember(&m, s) == 1) {
            printf("%s%d", sep, s);
            sep = ",";
        }
#ifdef __linux__
    printf(" policy=%d", sched_getscheduler(0));
#endif
    printf(" fds=");
    sep = "";
    DIR *d = opendir("/proc/self/fd");
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (e->d_name[0] == '.' || atoi(e->d_name) == dirfd(d))
            continue;
        printf("%s%s", sep, e->d_name);
        sep = ",";
    }
    if (d)
        closedir(d);
    printf("\n");
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 0;
    if (!strcmp(argv[1], "exit"))
        return argc > 2 ? atoi(argv[2]) : 0;
    if (!strcmp(argv[1], "pause")) {
        for (;;)
            pause();
    }
    if (!strcmp(argv[1], "report")) {
        report();
        return 0;
    }
    if (!strcmp(argv[1], "env")) {
        for (char **e = environ; *e; e++)
            printf("%s\n", *e);
        return 0;
    }
    fprintf(stderr, "tiny: unknown mode %s\n", argv[1]);
    return 2;
}
