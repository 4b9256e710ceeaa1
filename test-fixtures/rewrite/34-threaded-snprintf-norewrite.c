/*
 * No rewrite: in a threaded program the child formats an argument with
 * snprintf() before exec - fork-child-unsafe-call - and that computation is
 * not a file action. (The fix is to format it in the parent, before the
 * fork; then the rewrite applies.)
 *
 * blocks: the child calls snprintf() before it execs, which is not a safespawn file action
 */
#include <pthread.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static void *idle(void *arg)
{
    return arg;
}

int main(void)
{
    pthread_t t;
    pid_t pid;

    if (pthread_create(&t, NULL, idle, NULL) != 0)
        return 1;
    pid = fork();
    if (pid == 0) {
        char arg[32];

        snprintf(arg, sizeof arg, "--fd=%d", 1); /* expect: fork-child-unsafe-call */
        execlp("echo", "echo", arg, (char *)NULL);
        _exit(127);
    }
    if (pid > 0)
        waitpid(pid, NULL, 0);
    pthread_join(t, NULL);
    return 0;
}
