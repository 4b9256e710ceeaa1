/*
 * No rewrite: in a threaded program the child changes its environment with
 * setenv() before exec (fork-child-unsafe-call: setenv takes the environment
 * lock and may allocate). A safespawn child cannot run it; the way to do it
 * is to build an envp in the parent and pass it to the spawn, which the
 * rewrite does not invent.
 *
 * blocks: the child calls setenv() before it execs, which is not a safespawn file action
 */
#include <pthread.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static void *idle(void *arg)
{
    return arg;
}

int main(int argc, char **argv)
{
    pthread_t t;
    pid_t pid;

    if (argc < 2 || pthread_create(&t, NULL, idle, NULL) != 0)
        return 2;
    pid = fork();
    if (pid == 0) {
        setenv("LC_ALL", "C", 1); /* expect: fork-child-unsafe-call */
        execvp(argv[1], argv + 1);
        _exit(127);
    }
    if (pid > 0)
        waitpid(pid, NULL, 0);
    pthread_join(t, NULL);
    return 0;
}
