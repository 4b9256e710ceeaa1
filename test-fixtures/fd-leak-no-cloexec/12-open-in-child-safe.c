/*
 * fd-leak-no-cloexec, safe twin. A daemonizing launcher redirects the
 * service's stdio in the child itself: after fork(), the child open()s
 * /dev/null and the log file - without O_CLOEXEC, on purpose - dup2()s them
 * onto 0, 1 and 2, closes the originals, and execs. A descriptor opened in
 * the child, before its own exec, for redirection belongs to the program it
 * is about to become; there is no one else for it to leak to. open() is
 * async-signal-safe, so the child is clean for the fork-child rules too. No
 * finding.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t launch(const char *log_path, char *const argv[])
{
    pid_t pid = fork();

    if (pid == 0) {
        int null = open("/dev/null", O_RDONLY);
        int log = open(log_path, O_WRONLY | O_CREAT | O_APPEND, 0640);
        if (null < 0 || log < 0)
            _exit(126);
        dup2(null, 0);
        dup2(log, 1);
        dup2(log, 2);
        close(null);
        close(log);
        setsid();
        execvp(argv[0], argv);
        _exit(127);
    }
    return pid;
}

int main(int argc, char **argv)
{
    pid_t pid;

    if (argc < 3) {
        fprintf(stderr, "usage: %s LOG COMMAND [ARG...]\n", argv[0]);
        return 2;
    }
    pid = launch(argv[1], argv + 2);
    if (pid < 0) {
        perror("fork");
        return 1;
    }
    printf("launched %d\n", (int)pid);
    return 0;
}
