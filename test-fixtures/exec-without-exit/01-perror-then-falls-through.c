/*
 * exec-without-exit, bug. A batch runner forks a child per command; the child
 * execs and on failure prints perror() - and then nothing: it leaves the child
 * branch and runs on into the parent's code, waiting for "its" child, printing
 * the parent's summary and going on to fork the next commands itself. Flagged
 * on the execvp line, whose failure path does not end in _exit/_Exit/abort.
 * perror() is fine here (main(), no threads).
 */
#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    int failures = 0;

    for (int i = 1; i < argc; i++) {
        char *cmd[] = { "/bin/sh", "-c", argv[i], NULL };
        int status;
        pid_t pid = fork();

        if (pid < 0) {
            perror("fork");
            return 1;
        }
        if (pid == 0) {
            execvp(cmd[0], cmd); /* expect: exec-without-exit */
            perror(cmd[0]);
        }
        if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
            failures++;
    }
    printf("%d of %d commands failed\n", failures, argc - 1);
    return failures ? 1 : 0;
}
