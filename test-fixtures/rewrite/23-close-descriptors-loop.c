/*
 * Rewrite: an old-style child closes every descriptor from 3 up with a loop
 * before it execs, "for (fd = 3; fd < sysconf(_SC_OPEN_MAX); fd++)
 * close(fd)". The child exit()s after a failed exec (child-exit-not-_exit).
 * The rewrite makes the loop one closefrom(3) action; the loop variable,
 * used by nothing else, goes. The program still sees only 0, 1 and 2 (and
 * the directory ls opens itself).
 *
 * run: ls /proc/self/fd
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    int status;
    long fd;
    pid_t pid;

    if (argc < 2)
        return 2;
    pid = fork();
    if (pid < 0) {
        perror("fork");
        return 1;
    }
    if (pid == 0) {
        for (fd = 3; fd < sysconf(_SC_OPEN_MAX); fd++)
            close((int)fd);
        execvp(argv[1], argv + 1);
        exit(127); /* expect: child-exit-not-_exit */
    }
    waitpid(pid, &status, 0);
    printf("exited %d\n", WEXITSTATUS(status));
    return 0;
}
