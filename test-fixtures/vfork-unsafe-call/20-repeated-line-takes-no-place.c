/*
 * vfork-unsafe-call: at most three findings are shown through one call the
 * child makes, and a line counts once among them.  The child's setup()
 * reaches note() twice (note(1) and note(2) are walked apart: their
 * constant arguments differ), then greet() and lookup(): three unsafe
 * calls, three findings -- the second report of note()'s line takes no
 * place of its own.
 */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static char *note(int stage)
{
    return malloc(stage * 16); /* expect: vfork-unsafe-call */
}

static void greet(void)
{
    printf("starting\n"); /* expect: vfork-unsafe-call */
}

static int lookup(void)
{
    return getpwnam("nobody") != NULL; /* expect: vfork-unsafe-call */
}

static int setup(void)
{
    char *a = note(1);
    char *b = note(2);
    greet();
    return a && b && lookup();
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    pid_t pid = vfork();
    if (pid == 0) {
        if (!setup())
            _exit(126);
        execvp(argv[1], argv + 1);
        _exit(127);
    }
    if (pid > 0)
        waitpid(pid, NULL, 0);
    return 0;
}
