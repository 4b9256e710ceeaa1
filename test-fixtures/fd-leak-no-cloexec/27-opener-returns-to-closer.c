/*
 * fd-leak-no-cloexec: a static helper that opens a file and returns it
 * (emacsclient's open_config, called from get_server_config, which reads
 * the file and fcloses it before anything runs a program).  Every caller
 * closes what it gets before any spawn: no child can inherit it, not
 * flagged -- also when the caller's open sits in a branch and its close
 * after the branch, or when the open is the last test of a branch that
 * closes it (xterm's `if (login_shell && (wfd = open(…)) >= 0) { …;
 * close(wfd); }`) -- but not a close behind a further test (vim's `if (fd
 * >= 0 && fchdir(fd) < 0) close(fd);` keeps it open when fchdir works).
 * A helper whose caller keeps the file open across a
 * spawn is flagged, and so is one with callers in other files (not static:
 * they cannot all be seen).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static FILE *open_config(const char *dir, const char *name)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "r");
    return f;
}

static FILE *open_log(const char *name)
{
    return fopen(name, "a"); /* expect: fd-leak-no-cloexec */
}

FILE *open_shared(const char *name)
{
    FILE *f = fopen(name, "r"); /* expect: fd-leak-no-cloexec */
    return f;
}

static int read_port(const char *file)
{
    FILE *config;
    char line[64];
    if (file[0] == '/')
        config = fopen(file, "r");
    else {
        const char *home = getenv("HOME");
        config = open_config(home ? home : ".", file);
    }
    if (!config)
        return -1;
    int ok = fgets(line, sizeof line, config) != NULL;
    fclose(config);
    return ok ? atoi(line) : -1;
}

static void log_start(int enabled)
{
    int fd;
    if (enabled && (fd = open("/tmp/client.log", O_WRONLY | O_APPEND)) >= 0) {
        if (write(fd, "start\n", 6) < 0)
            perror("write");
        close(fd);
    }
}

static int in_dir(const char *dir)
{
    int fd = open(".", O_RDONLY); /* expect: fd-leak-no-cloexec */
    if (fd >= 0 && fchdir(fd) < 0) {
        close(fd);
        fd = -1;
    }
    return chdir(dir) == 0 ? fd : -1;
}

static pid_t run(char **argv)
{
    pid_t pid = fork();
    if (pid == 0) {
        execvp(argv[0], argv);
        _exit(127);
    }
    return pid;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    int port = read_port("server");
    log_start(argc > 2);
    int back = in_dir("/tmp");
    FILE *log = open_log("/tmp/client.log");
    pid_t pid = run(argv + 1);
    if (log) {
        fprintf(log, "port %d pid %d\n", port, (int)pid);
        fclose(log);
    }
    if (pid > 0)
        waitpid(pid, NULL, 0);
    if (back >= 0 && fchdir(back) == 0)
        close(back);
    return 0;
}
