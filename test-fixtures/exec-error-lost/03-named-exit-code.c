/*
 * exec-error-lost, bug, with a named code. A deploy tool reserves exit code
 * 120 for "the child could not exec" and names it EXIT_EXEC_FAILED in both
 * places: the child's _exit(EXIT_EXEC_FAILED) after execv() and the parent's
 * WEXITSTATUS(status) == EXIT_EXEC_FAILED. A macro that stands for a literal
 * is the same protocol as the literal: the parent takes the exit status for
 * the exec failure, and the reason (ENOENT? EACCES? ENOEXEC?) was dropped in
 * the child. The finding is on the child's _exit() after the exec.
 */
#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define EXIT_EXEC_FAILED 120

static int deploy_step(const char *script, const char *host)
{
    int status;
    pid_t pid = fork();

    if (pid < 0)
        return -1;
    if (pid == 0) {
        execl(script, script, host, (char *)NULL);
        _exit(EXIT_EXEC_FAILED); /* expect: exec-error-lost */
    }
    waitpid(pid, &status, 0);
    if (WIFEXITED(status) && WEXITSTATUS(status) == EXIT_EXEC_FAILED) {
        fprintf(stderr, "deploy: could not run %s\n", script);
        return -1;
    }
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
    int failed = 0;

    if (argc < 3) {
        fprintf(stderr, "usage: %s SCRIPT HOST...\n", argv[0]);
        return 2;
    }
    for (int i = 2; i < argc; i++)
        if (deploy_step(argv[1], argv[i]) < 0)
            failed++;
    return failed ? 1 : 0;
}
