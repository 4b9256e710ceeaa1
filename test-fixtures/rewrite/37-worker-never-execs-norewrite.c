/*
 * No rewrite: a threaded server forks a worker that never execs - it goes on
 * as a copy of the program and calls printf() (one fork-child-unsafe-call
 * warning on the fork, since this file creates the threads). safespawn
 * starts programs; a worker child is not one.
 *
 * blocks: the child never execs
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static void *poll_loop(void *arg)
{
    return arg;
}

int main(void)
{
    pthread_t t;
    pid_t pid;

    if (pthread_create(&t, NULL, poll_loop, NULL) != 0)
        return 1;
    pid = fork(); /* expect: fork-child-unsafe-call */
    if (pid == 0) {
        printf("worker %d ready\n", (int)getpid());
        exit(0);
    }
    if (pid > 0)
        waitpid(pid, NULL, 0);
    pthread_join(t, NULL);
    return 0;
}
