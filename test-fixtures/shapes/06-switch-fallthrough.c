/*
 * Shape: switch on the fork result, with fall-through. In run_job() "case 0"
 * has no _exit after the exec and falls through into "default", the parent's
 * code: exec-without-exit on the exec. In run_fast() (vfork) "case -1" falls
 * through into "default" (both parent-only) and "case 0" comes last; its
 * fprintf() is a vfork-unsafe-call, and nothing in "case -1"/"default" is in the
 * child.
 */
#include <errno.h>
#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t run_job(char *const argv[])
{
    pid_t pid;

    switch (pid = fork()) {
    case -1:
        perror("fork");
        return -1;
    case 0:
        execvp(argv[0], argv); /* expect: exec-without-exit */
        perror(argv[0]);
        /* falls through */
    default:
        fprintf(stderr, "started %d\n", (int)pid);
        return pid;
    }
}

static pid_t run_fast(char *const argv[], int *err)
{
    pid_t pid;

    *err = 0;
    switch (pid = vfork()) {
    case -1:
        *err = errno;
        fprintf(stderr, "vfork: errno %d\n", *err);
        /* falls through */
    default:
        return pid;
    case 0:
        fprintf(stderr, "exec %s\n", argv[0]); /* expect: vfork-unsafe-call */
        execvp(argv[0], argv);
        _exit(127);
    }
}

int main(int argc, char **argv)
{
    int err;
    pid_t a, b;

    if (argc < 2)
        return 2;
    a = run_job(argv + 1);
    b = run_fast(argv + 1, &err);
    if (a > 0)
        waitpid(a, NULL, 0);
    if (b > 0)
        waitpid(b, NULL, 0);
    return err;
}
