/*
 * Rewrite: execle() with an explicit environment after the argument list's
 * null pointer: a locale-neutral helper runner. The child exit()s after a
 * failed exec (child-exit-not-_exit). The rewrite passes the list as argv and
 * the trailing envp as the spawn's environment.
 *
 * run: /bin/sh
 * fail-run: /nonexistent/sh => helper: spawn: No such file or directory
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    char *const env[] = { "LC_ALL=C", "HELPER_MODE=batch", (char *)0 };
    int status;
    pid_t pid;

    if (argc < 2)
        return 2;
    pid = fork();
    if (pid == -1) {
        perror("helper: spawn");
        return 1;
    }
    if (pid == 0) {
        execle(argv[1], "sh", "-c", "echo mode=$HELPER_MODE lc=$LC_ALL home=${HOME-unset}", (char *)0, env);
        exit(127); /* expect: child-exit-not-_exit */
    }
    waitpid(pid, &status, 0);
    return WEXITSTATUS(status);
}
