/*
 * Shape: "HAVE_MMU ? fork() : vfork()", the portable-to-uClinux idiom. On a
 * no-MMU build the child is a vfork child, so the call gets vfork's rules: the
 * child's store to the pre-spawn local "argv0" is a vfork-stack-write and its
 * printf() a vfork-unsafe-call, even though on this (MMU) build fork() is what
 * runs. The execvp and _exit are fine.
 */
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef HAVE_MMU
#define HAVE_MMU 1
#endif

static int run_applet(char **argv)
{
    const char *argv0 = argv[0];
    int status;
    pid_t pid = HAVE_MMU ? fork() : vfork();

    if (pid < 0)
        return -1;
    if (pid == 0) {
        if (strchr(argv0, '/') == NULL)
            argv0 = "/bin/busybox"; /* expect: vfork-stack-write */
        printf("applet %s via %s\n", argv[0], argv0); /* expect: vfork-unsafe-call */
        execvp(argv0, argv);
        _exit(127);
    }
    waitpid(pid, &status, 0);
    return status;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    return run_applet(argv + 1) == 0 ? 0 : 1;
}
