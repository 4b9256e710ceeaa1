/*
 * vfork-stack-write and vfork-unsafe-call on one statement. A program launcher
 * shows the bare program name in ps by rewriting argv[0] to the basename - in
 * the vfork child, with "argv[0] = strdup(base)". The one statement is two
 * problems: the store goes through the caller's argv array into the parent's
 * memory (vfork-stack-write), and strdup() allocates from the parent's heap in
 * a vfork child (vfork-unsafe-call), so the line carries both rule ids.
 * strrchr() is async-signal-safe and "base" is a fresh local of the child.
 */
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t launch(const char *path, char **argv)
{
    pid_t pid = vfork();

    if (pid == 0) {
        const char *slash = strrchr(path, '/');
        const char *base = slash != NULL ? slash + 1 : path;
        argv[0] = strdup(base); /* expect: vfork-stack-write, vfork-unsafe-call */
        execv(path, argv);
        _exit(127);
    }
    return pid;
}

int main(int argc, char **argv)
{
    pid_t pid;

    if (argc < 2) {
        fprintf(stderr, "usage: %s PATH [ARG...]\n", argv[0]);
        return 2;
    }
    pid = launch(argv[1], argv + 1);
    if (pid < 0) {
        perror("vfork");
        return 1;
    }
    waitpid(pid, NULL, 0);
    return 0;
}
