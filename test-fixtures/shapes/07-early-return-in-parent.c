/*
 * Shape: the parent returns early and the child code follows at function level.
 * In spawn_bg() "if (pid != 0) return pid;" sends the parent (and the error
 * case) back to the caller; everything after it is the child, whose exit(127)
 * is child-exit-not-_exit. spawn_bg() returns the pid of the fork it made, but
 * only the parent ever returns from it - every path of its child ends in
 * execvp or exit - so nothing in main() after the call is child code: the
 * return from main() is the parent's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t spawn_bg(char *const argv[])
{
    pid_t pid = fork();

    if (pid != 0)
        return pid;
    setpgid(0, 0);
    execvp(argv[0], argv);
    perror(argv[0]);
    exit(127); /* expect: child-exit-not-_exit */
}

int main(int argc, char **argv)
{
    pid_t pid;

    if (argc < 2)
        return 2;
    pid = spawn_bg(argv + 1);
    if (pid < 0) {
        perror("fork");
        return 1;
    }
    printf("[1] %d\n", (int)pid);
    waitpid(pid, NULL, 0);
    return 0;
}
