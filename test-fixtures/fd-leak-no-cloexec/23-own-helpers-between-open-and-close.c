/*
 * fd-leak-no-cloexec: the program's own functions between the open and the
 * close.  xterm's utmp record (`if ((fd = open(…)) >= 0) { …; IGNORE_RC(write(…));
 * close(fd); }`) and rsync's socketpair_tcp call helpers the program defines
 * (and macros) that never start a program: in a program without threads no
 * child can get the descriptor, so neither is flagged.  The audit log below
 * calls a helper that runs a command through system() before it closes the
 * file: that child inherits it, so that one is flagged.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define IGNORE_RC(call) (void)(call)
#define TRACE(args)

static void fill_record(char *rec, size_t n, const char *who)
{
    memset(rec, 0, n);
    strncpy(rec, who, n - 1);
}

static void set_nonblocking(int fd)
{
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0)
        fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

static void write_record(const char *path, const char *who)
{
    char rec[64];
    int fd;
    if ((fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0600)) >= 0) {
        fill_record(rec, sizeof rec, who);
        TRACE(("record for %s", who));
        IGNORE_RC(write(fd, rec, sizeof rec));
        close(fd);
    }
}

static void touch_marker(const char *path)
{
    FILE *fp;
    if ((fp = fopen(path, "w")) != NULL) {
        fprintf(fp, "marker\n");
        fclose(fp);
    }
}

static void probe(const char *path)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return;
    set_nonblocking(fd);
    close(fd);
}

static void notify(const char *what)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "logger %s", what);
    IGNORE_RC(system(cmd));
}

static void audit(const char *path)
{
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0600); /* expect: fd-leak-no-cloexec */
    if (fd < 0)
        return;
    notify("audit");
    IGNORE_RC(write(fd, "audit\n", 6));
    close(fd);
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    write_record("/tmp/forklint-fixture-23.rec", "me");
    touch_marker("/tmp/forklint-fixture-23.marker");
    probe("/etc/hostname");
    audit("/tmp/forklint-fixture-23.audit");
    pid_t pid = fork();
    if (pid == 0) {
        execvp(argv[1], argv + 1);
        _exit(127);
    }
    if (pid > 0)
        waitpid(pid, NULL, 0);
    return 0;
}
