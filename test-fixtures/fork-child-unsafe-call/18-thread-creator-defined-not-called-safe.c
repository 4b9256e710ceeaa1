/*
 * fork-child-unsafe-call, safe twin: a program that defines its own
 * thrd_create() fallback (for C libraries without <threads.h>) but never
 * calls it is not multithreaded, so its fork child may build the argument
 * list with malloc before the exec. A definition, a declaration or an alias
 * of a thread-creating function (glibc's own
 * `weak_alias (__pthread_create, pthread_create)`) creates no thread.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

typedef unsigned long fallback_thrd_t;

int thrd_create(fallback_thrd_t *thr, int (*func)(void *), void *arg);

int thrd_create(fallback_thrd_t *thr, int (*func)(void *), void *arg)
{
    (void)thr;
    (void)func;
    (void)arg;
    return 2; /* thrd_error: no threads on this platform */
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    pid_t pid = fork();
    if (pid == 0) {
        char **args = malloc(2 * sizeof *args);
        if (!args)
            _exit(126);
        args[0] = strdup(argv[1]);
        args[1] = NULL;
        execvp(args[0], args);
        _exit(127);
    }
    int status;
    if (pid < 0 || waitpid(pid, &status, 0) < 0) {
        perror("fork");
        return 1;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
