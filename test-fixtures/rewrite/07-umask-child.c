/*
 * Rewrite: an archive tool extracts with a restrictive umask that only the
 * child gets: the child calls umask(077) before it execs, and exit()s when the
 * exec fails (child-exit-not-_exit). The rewrite makes the umask a safespawn
 * action; the files the child creates keep mode 600, and the parent's own
 * umask stays as it was (it creates a file after the child to show it).
 *
 * run: sh -c "umask; echo secret > private.txt"
 * fail-run: absent-tool-forklint => extract: No such file or directory
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    int status, fd;
    pid_t pid;

    if (argc < 2)
        return 2;
    umask(022);
    pid = fork();
    if (pid < 0) {
        perror("extract");
        return 1;
    }
    if (pid == 0) {
        umask(077);
        execvp(argv[1], argv + 1);
        exit(127); /* expect: child-exit-not-_exit */
    }
    waitpid(pid, &status, 0);
    fd = open("parent.txt", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd >= 0)
        close(fd);
    printf("extract exited %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    return 0;
}
