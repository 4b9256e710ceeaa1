/*
 * fd-leak-no-cloexec, safe twin of 02, 04, 06 and 07. A file-watching
 * formatter daemon opens everything close-on-exec: its pid file with
 * open(..., O_CLOEXEC), its log with fopen(path, "ae"), its config with
 * fopen(path, "re"), the temp file for the formatter with mkostemp(tmpl,
 * O_CLOEXEC), its inotify instance with inotify_init1(IN_CLOEXEC), and the
 * saved copy of stdout with fcntl(1, F_DUPFD_CLOEXEC, 10), as shells save
 * it. The formatter it runs with fork() + execvp() inherits none of them and
 * gets the temp file by name. No finding.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static int format_file(const char *tmpl_name)
{
    int status;
    pid_t pid = fork();

    if (pid == 0) {
        execlp("clang-format", "clang-format", "-i", tmpl_name, (char *)NULL);
        _exit(127);
    }
    if (pid < 0 || waitpid(pid, &status, 0) < 0)
        return -1;
    return status;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : ".";
    char tmpl[] = "/tmp/fmtd-XXXXXX";
    char line[128];
    int pid_fd = open("/run/fmtd.pid", O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    FILE *log = fopen("/var/log/fmtd.log", "ae");
    FILE *conf = fopen("/etc/fmtd.conf", "re");
    int tmp = mkostemp(tmpl, O_CLOEXEC);
    int in = inotify_init1(IN_CLOEXEC);
    int saved_stdout = fcntl(1, F_DUPFD_CLOEXEC, 10);

    if (pid_fd < 0 || log == NULL || tmp < 0 || in < 0 || saved_stdout < 0)
        return 1;
    if (conf != NULL) {
        while (fgets(line, sizeof line, conf) != NULL)
            fputs(line, log);
        fclose(conf);
    }
    if (inotify_add_watch(in, dir, IN_CLOSE_WRITE) < 0)
        return 1;
    write(tmp, "int x ;\n", 8);
    fprintf(log, "fmtd: formatter status %d\n", format_file(tmpl));
    dup2(saved_stdout, 1);
    close(saved_stdout);
    close(tmp);
    unlink(tmpl);
    fclose(log);
    return 0;
}
