/*
 * No rewrite: when the first exec fails the child tries another program
 * (the command through /bin/sh). safespawn runs one program per spawn, so
 * the rewrite would need two spawns and a decision in the parent, which it
 * does not write. The child's final exit() is child-exit-not-_exit.
 *
 * blocks: the child tries execl() when its first exec fails
 */
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    pid_t pid;

    if (argc < 2)
        return 2;
    pid = fork();
    if (pid == 0) {
        execvp(argv[1], argv + 1);
        execl("/bin/sh", "sh", "-c", argv[1], (char *)NULL);
        exit(127); /* expect: child-exit-not-_exit */
    }
    if (pid > 0)
        waitpid(pid, NULL, 0);
    return 0;
}
