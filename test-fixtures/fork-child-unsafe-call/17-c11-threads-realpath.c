/*
 * fork-child-unsafe-call, bug, C11 threads. A file watcher runs its watch loop
 * on a C11 thread (thrd_create) and launches the configured action for each
 * change by forking; the child canonicalises the path with realpath(path, NULL)
 * before exec. With a NULL buffer realpath() allocates with malloc(), which can
 * deadlock in the child of a multithreaded process. Flagged on that line. The
 * rest of the child is async-signal-safe.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <threads.h>
#include <unistd.h>

static const char exec_failed[] = "watchd: cannot execute action\n";

static pid_t run_action(const char *action, const char *changed)
{
    pid_t pid = fork();

    if (pid == 0) {
        char *abs = realpath(changed, NULL); /* expect: fork-child-unsafe-call */
        execl(action, action, abs != NULL ? abs : changed, (char *)NULL);
        write(2, exec_failed, strlen(exec_failed));
        _exit(127);
    }
    return pid;
}

static int watch_loop(void *arg)
{
    const char *dir = arg;

    for (int i = 0; i < 3; i++) {
        printf("watching %s\n", dir);
        sleep(1);
    }
    return 0;
}

int main(int argc, char **argv)
{
    thrd_t watcher;
    pid_t pid;

    if (argc != 3)
        return 2;
    if (thrd_create(&watcher, watch_loop, argv[2]) != thrd_success)
        return 1;
    pid = run_action(argv[1], argv[2]);
    if (pid > 0)
        waitpid(pid, NULL, 0);
    thrd_join(watcher, NULL);
    return 0;
}
