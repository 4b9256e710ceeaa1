/*
 * exec-without-exit, safe twin. Three spawn routines of a desktop launcher end
 * their exec failure paths the three ways that end a child without touching
 * the parent's state: _exit(127) after a short write(2) message, _Exit(126)
 * (C99's name for the same), and abort() for a "can't happen" exec of a
 * helper that ships with the program (the core dump is wanted). Every path out
 * of each exec ends the child. No finding.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static const char no_app[] = "launcher: application not found\n";

static pid_t launch_app(char *const argv[])
{
    pid_t pid = fork();

    if (pid == 0) {
        execvp(argv[0], argv);
        write(2, no_app, strlen(no_app));
        _exit(127);
    }
    return pid;
}

static pid_t launch_url_handler(const char *url)
{
    pid_t pid = fork();

    if (pid == 0) {
        execlp("xdg-open", "xdg-open", url, (char *)NULL);
        _Exit(126);
    }
    return pid;
}

static pid_t launch_bundled_helper(const char *libexec)
{
    pid_t pid = fork();

    if (pid == 0) {
        execl(libexec, libexec, "--daemon", (char *)NULL);
        abort();
    }
    return pid;
}

int main(int argc, char **argv)
{
    pid_t pids[3];

    if (argc != 3)
        return 2;
    pids[0] = launch_app(argv + 2);
    pids[1] = launch_url_handler(argv[1]);
    pids[2] = launch_bundled_helper("/usr/libexec/launcher-helper");
    for (int i = 0; i < 3; i++)
        if (pids[i] > 0)
            waitpid(pids[i], NULL, 0);
    printf("done\n");
    return 0;
}
