/*
 * fd-leak-no-cloexec: what a call between the open and the close runs is
 * what a build with fork() compiles (emacsclient's get_server_config, in a
 * program without threads).  egetenv() is the file's own macro, whose
 * `#ifdef WINDOWSNT` definition calls w32_getenv() and whose other one calls
 * getenv(); message() writes with MessageBox `#ifdef WINDOWSNT` and with
 * fprintf() otherwise.  Neither starts a program there, so the config file,
 * closed before any spawn, is not flagged.  The log file stays open over
 * run_editor()'s fork: flagged.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#ifdef WINDOWSNT
# define egetenv(VAR) w32_getenv (VAR)
#else
# define egetenv(VAR) getenv (VAR)
#endif

static void message(const char *what)
{
#ifdef WINDOWSNT
    MessageBox(NULL, what, "emacsclient", MB_OK);
#else
    fprintf(stderr, "%s\n", what);
#endif
}

static int read_config(const char *path, char *buf, int n)
{
    FILE *config = fopen(path, "r");
    if (!config)
        return -1;
    if (!egetenv("HOME"))
        message("no HOME");
    if (!fgets(buf, n, config))
        message("empty config");
    fclose(config);
    return 0;
}

static int run_editor(char **argv)
{
    pid_t pid = fork();
    if (pid == 0) {
        execvp(argv[0], argv);
        _exit(127);
    }
    int status = 0;
    if (pid > 0)
        waitpid(pid, &status, 0);
    return status;
}

int main(int argc, char **argv)
{
    char buf[64];
    if (argc < 2 || read_config("/etc/hostname", buf, sizeof buf) < 0)
        return 2;
    FILE *log = fopen("/tmp/forklint-fixture-26.log", "a"); /* expect: fd-leak-no-cloexec */
    int status = run_editor(argv + 1);
    if (log) {
        fprintf(log, "%d\n", status);
        fclose(log);
    }
    return 0;
}
