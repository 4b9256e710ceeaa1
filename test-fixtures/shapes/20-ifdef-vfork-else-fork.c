/*
 * Shape: a preprocessor conditional splits the spawn statement -
 * "#ifdef HAVE_WORKING_VFORK pid = vfork(); #else pid = fork(); #endif" - as
 * configure-based projects write it. Each arm is a variant of the function; in
 * the vfork variant the child's printf() is a vfork-unsafe-call (in the fork
 * variant it is legal, since this program is single-threaded), so the line is
 * flagged. The branch, exec and _exit after the conditional are shared by
 * both variants and are fine.
 */
#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static int run(char *const argv[])
{
    int status;
    pid_t pid;

#ifdef HAVE_WORKING_VFORK
    pid = vfork();
#else
    pid = fork();
#endif
    if (pid < 0)
        return -1;
    if (pid == 0) {
        printf("+ %s\n", argv[0]); /* expect: vfork-unsafe-call */
        execvp(argv[0], argv);
        _exit(127);
    }
    waitpid(pid, &status, 0);
    return status;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    return run(argv + 1) == 0 ? 0 : 1;
}
