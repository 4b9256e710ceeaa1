/*
 * Rewrite: a daemon starter points stdin, stdout and stderr at /dev/null:
 * one open(), three dup2()s, and "if (fd > 2) close(fd)". The child exit()s
 * after a failed exec (child-exit-not-_exit). The rewrite opens /dev/null
 * onto 0 and dup2()s 0 onto 1 and 2; the daemon's output vanishes as before
 * and the file it writes itself is there.
 *
 * run: sh -c "echo lost; echo lost-too >&2; echo kept > kept.txt"
 * fail-run: no-daemon-forklint => daemonize: No such file or directory
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    pid_t pid;
    int fd;

    if (argc < 2)
        return 2;
    pid = fork();
    if (pid == -1) {
        perror("daemonize");
        return 1;
    }
    if (pid == 0) {
        fd = open("/dev/null", O_RDWR);
        dup2(fd, 0);
        dup2(fd, 1);
        dup2(fd, 2);
        if (fd > 2)
            close(fd);
        execvp(argv[1], argv + 1);
        exit(127); /* expect: child-exit-not-_exit */
    }
    waitpid(pid, NULL, 0);
    puts("daemon ran");
    return 0;
}
