/*
 * multi/spawn-wrapper: a spawn wrapper defined in one file (proc.c) and used in
 * another. compile_one() calls xspawn_fork(); its "if (pid == 0)" block is the
 * child region continuing at the call site, and the child ends a failed exec
 * with exit(1): child-exit-not-_exit. link_all() uses the wrapper correctly
 * and main()'s exit() calls are the parent's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "proc.h"

static int compile_one(const char *src)
{
    pid_t pid = xspawn_fork();

    if (pid == 0) {
        execlp("cc", "cc", "-c", src, (char *)NULL);
        perror("cc");
        exit(1); /* expect: child-exit-not-_exit */
    }
    return wait_for(pid);
}

static int link_all(const char *output)
{
    pid_t pid = xspawn_fork();

    if (pid == 0) {
        execlp("sh", "sh", "-c", "exec cc -o \"$0\" *.o", output, (char *)NULL);
        _exit(127);
    }
    return wait_for(pid);
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (compile_one(argv[i]) != 0)
            exit(1);
    if (argc > 1 && link_all("app") != 0)
        exit(1);
    return 0;
}
