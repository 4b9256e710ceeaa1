/*
 * No rewrite: the spawn is retried in a loop while fork() fails with EAGAIN
 * ("while ((pid = fork()) < 0) ..."). A failed safespawn spawn may be an
 * exec failure, which retrying does not cure, so the loop's meaning would
 * change; the rewrite leaves it to the programmer. The child's exit() after a
 * failed exec is child-exit-not-_exit.
 *
 * blocks: the spawn is retried in a loop
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    pid_t pid;

    if (argc < 2)
        return 2;
    while ((pid = fork()) < 0) {
        if (errno != EAGAIN)
            return 1;
        sleep(1);
    }
    if (pid == 0) {
        execvp(argv[1], argv + 1);
        exit(127); /* expect: child-exit-not-_exit */
    }
    waitpid(pid, NULL, 0);
    return 0;
}
