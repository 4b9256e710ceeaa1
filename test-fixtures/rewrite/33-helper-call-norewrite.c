/*
 * No rewrite: the child calls setup_child(), a function of this program, to
 * do its redirections. forklint follows the call (the helper only does
 * dup2 and close), but a safespawn child runs only safespawn's actions, and
 * the rewrite does not inline program code. The child's exit() after a
 * failed exec is child-exit-not-_exit, and its message says why there is no
 * rewrite.
 *
 * blocks: the child calls setup_child(), code of this program
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static void setup_child(int fd)
{
    dup2(fd, 1);
    close(fd);
}

int main(int argc, char **argv)
{
    int fd = dup(1);
    pid_t pid;

    if (argc < 2 || fd < 0)
        return 2;
    pid = fork();
    if (pid < 0)
        return 1;
    if (pid == 0) {
        setup_child(fd);
        execvp(argv[1], argv + 1);
        exit(127); /* expect: child-exit-not-_exit */
    }
    waitpid(pid, NULL, 0);
    return 0;
}
