/*
 * fd-leak-no-cloexec, bug. A monitoring daemon holds a lock on its pid file
 * through a descriptor it keeps open, appends to its log through a FILE
 * opened with fopen(path, "a"), and runs check scripts with fork() +
 * execv(). Neither descriptor is close-on-exec, so every check script (and
 * anything it leaves running in the background) inherits both: the log file
 * is writable by the script, and the pid-file descriptor keeps the lock
 * alive - a restarted daemon refuses to start while a stray check is still
 * running, exactly the bug many daemons have shipped. The open() without
 * O_CLOEXEC and the fopen() without "e" in the mode are flagged.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static FILE *log_fp;

static int take_pidfile(const char *path)
{
    char buf[16];
    int fd = open(path, O_RDWR | O_CREAT, 0644); /* expect: fd-leak-no-cloexec */
    int len;

    if (fd < 0)
        return -1;
    if (lockf(fd, F_TLOCK, 0) < 0) {
        close(fd);
        return -1;
    }
    len = snprintf(buf, sizeof buf, "%d\n", (int)getpid());
    if (ftruncate(fd, 0) < 0 || write(fd, buf, (size_t)len) != len)
        return -1;
    return fd;
}

static int run_check(const char *script)
{
    int status;
    pid_t pid = fork();

    if (pid == 0) {
        execl(script, script, (char *)NULL);
        _exit(127);
    }
    if (pid < 0 || waitpid(pid, &status, 0) < 0)
        return -1;
    return status;
}

int main(int argc, char **argv)
{
    if (take_pidfile("/run/monitord.pid") < 0) {
        fprintf(stderr, "monitord: already running\n");
        return 1;
    }
    log_fp = fopen("/var/log/monitord.log", "a"); /* expect: fd-leak-no-cloexec */
    if (log_fp == NULL)
        return 1;
    for (int round = 0; round < 3; round++) {
        for (int i = 1; i < argc; i++)
            fprintf(log_fp, "%s: raw status %d\n", argv[i], run_check(argv[i]));
        fflush(log_fp);
        sleep(60);
    }
    return 0;
}
