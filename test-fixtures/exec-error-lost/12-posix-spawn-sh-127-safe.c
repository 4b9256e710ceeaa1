/*
 * exec-error-lost, safe twin. A hook runner starts "/bin/sh -c HOOK" with
 * posix_spawn(), which returns the exec errno of the shell itself as its
 * result (reported with strerror()), and then decodes the shell's status:
 * 127 is POSIX sh's documented "command not found", and sh has already
 * printed the reason on stderr. There is no hand-written child and no
 * _exit() in this program for the 127 to have come from - the code decoded
 * is the shell's contract, and the exec error was not lost. No finding.
 */
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>

extern char **environ;

static int run_hook(const char *hook)
{
    char *const argv[] = { "sh", "-c", (char *)hook, NULL };
    int status, rc;
    pid_t pid;

    rc = posix_spawn(&pid, "/bin/sh", NULL, NULL, argv, environ);
    if (rc != 0) {
        fprintf(stderr, "hooks: cannot run /bin/sh: %s\n", strerror(rc));
        return -1;
    }
    if (waitpid(pid, &status, 0) < 0)
        return -1;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
        fprintf(stderr, "hooks: %s: command not found (see the shell's message above)\n", hook);
        return -1;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int main(int argc, char **argv)
{
    int failed = 0;

    for (int i = 1; i < argc; i++)
        if (run_hook(argv[i]) != 0)
            failed++;
    return failed ? 1 : 0;
}
