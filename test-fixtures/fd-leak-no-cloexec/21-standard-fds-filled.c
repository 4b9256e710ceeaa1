/*
 * fd-leak-no-cloexec: descriptors opened to be 0, 1 or 2 exist to be
 * inherited, so they are not flagged. A daemon makes sure 0-2 are open
 * before it starts children: postfix's loop (`(close(fd), open("/dev/null",
 * O_RDWR, 0)) != fd` over fd 0..2), rsync's `close(i); open("/dev/null",
 * O_RDWR);` for 1..2 (the lowest free descriptor is the one just closed) and
 * procmail's `STDOUT != dup(p)`. A log opened the same way but kept as a
 * descriptor of its own is still a leak to every child.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define STDOUT 1

static void fill_standard_fds(void)
{
    struct stat st;
    for (int fd = 0; fd < 3; fd++)
        if (fstat(fd, &st) == -1 && (close(fd), open("/dev/null", O_RDWR, 0)) != fd)
            abort();
}

static void quiet_output(void)
{
    for (int i = 1; i < 3; i++) {
        close(i);
        open("/dev/null", O_RDWR);
    }
}

static int run(char *const argv[], int out)
{
    pid_t pid = fork();
    if (pid == 0) {
        close(STDOUT);
        if (STDOUT != dup(out))
            _exit(126);
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
    fill_standard_fds();
    int log = open("/tmp/forklint-fixture-21.log", O_WRONLY | O_CREAT | O_APPEND, 0600); /* expect: fd-leak-no-cloexec */
    if (argc > 2)
        quiet_output();
    return argc > 1 ? run(argv + 1, log) : 0;
}
