/*
 * Example: helperd, a small daemon that reads "NAME ARG..." requests, one per
 * line, and runs the matching helper from its helper directory with vfork() to
 * keep spawning cheap while it holds a large cache. Three real bugs, all in
 * run_helper()'s vfork child: it logs the spawn with syslog(), which runs on
 * the suspended parent's memory and locks (vfork-unsafe-call); it closes
 * inherited descriptors with a loop variable declared before vfork(), writing
 * into the frame the parent resumes in (vfork-stack-write); and when the
 * helper's working directory is missing it returns -1 from the function that
 * called vfork(), so the child carries on as the daemon (vfork-return).
 * probe_helper() shows the same job done right: the errno of a failed exec
 * comes back over a close-on-exec pipe, and the child only makes allowed calls.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <syslog.h>
#include <unistd.h>

#define MAX_ARGS 16

static const char *helper_dir = "/usr/lib/helperd";
static char *cache;

static int run_helper(const char *name, char **args, int nargs)
{
    char path[512];
    char *argv[MAX_ARGS + 2];
    int status, i, fd;
    long maxfd;
    pid_t pid;

    if (snprintf(path, sizeof path, "%s/%s", helper_dir, name) >= (int)sizeof path)
        return -1;
    argv[0] = path;
    for (i = 0; i < nargs && i < MAX_ARGS; i++)
        argv[i + 1] = args[i];
    argv[i + 1] = NULL;
    maxfd = sysconf(_SC_OPEN_MAX);
    if (maxfd < 0 || maxfd > 65536)
        maxfd = 65536;

    pid = vfork();
    if (pid < 0) {
        syslog(LOG_ERR, "vfork: %m");
        return -1;
    }
    if (pid == 0) {
        syslog(LOG_INFO, "running helper %s", name); /* expect: vfork-unsafe-call */
        for (fd = 3; fd < maxfd; fd++) /* expect: vfork-stack-write */
            close(fd);
        if (chdir(helper_dir) < 0)
            return -1; /* expect: vfork-return */
        execv(path, argv);
        _exit(127);
    }
    if (waitpid(pid, &status, 0) < 0)
        return -1;
    syslog(LOG_INFO, "helper %s exited with status %d", name, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    return status;
}

/* Checks that a helper can be executed at all: returns 0, or the exec's errno. */
static int probe_helper(const char *name)
{
    char path[512];
    char *argv[] = { path, "--probe", NULL };
    int p[2], err = 0;
    ssize_t n;
    pid_t pid;

    if (snprintf(path, sizeof path, "%s/%s", helper_dir, name) >= (int)sizeof path)
        return ENAMETOOLONG;
    if (pipe2(p, O_CLOEXEC) < 0)
        return errno;
    pid = vfork();
    if (pid == 0) {
        close(p[0]);
        execv(path, argv);
        write(p[1], &errno, sizeof errno);
        _exit(127);
    }
    close(p[1]);
    if (pid < 0) {
        err = errno;
        close(p[0]);
        return err;
    }
    do
        n = read(p[0], &err, sizeof err);
    while (n < 0 && errno == EINTR);
    close(p[0]);
    waitpid(pid, NULL, 0);
    return n == (ssize_t)sizeof err ? err : 0;
}

int main(int argc, char **argv)
{
    char line[1024];

    if (argc > 1)
        helper_dir = argv[1];
    openlog("helperd", LOG_PID, LOG_DAEMON);
    cache = malloc(64u << 20);
    if (cache == NULL)
        return 1;
    memset(cache, 0, 64u << 20);
    while (fgets(line, sizeof line, stdin) != NULL) {
        char *words[MAX_ARGS + 1];
        char *save = NULL;
        int n = 0, err;
        for (char *w = strtok_r(line, " \t\n", &save); w != NULL && n <= MAX_ARGS; w = strtok_r(NULL, " \t\n", &save))
            words[n++] = w;
        if (n == 0)
            continue;
        err = probe_helper(words[0]);
        if (err != 0) {
            syslog(LOG_WARNING, "helper %s unusable: %s", words[0], strerror(err));
            continue;
        }
        run_helper(words[0], words + 1, n - 1);
    }
    free(cache);
    closelog();
    return 0;
}
