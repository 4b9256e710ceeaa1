/*
 * vfork-return, bug. A utility suite wraps vfork() the way it wraps fork() -
 * an xvfork() that dies on failure and returns the pid - and uses it like
 * fork(). A fork wrapper may return in the child; a vfork wrapper may not: the
 * child executes "return pid;" in xvfork(), leaving the function that called
 * vfork() and popping the frame the suspended parent resumes in. That return
 * is run by the child before any branch on the pid, so it is flagged on its
 * line. The perror()/exit() pair is in the parent's "pid < 0" branch, and the
 * child at the call site only execs and _exit()s, so nothing else is reported.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t xvfork(void)
{
    pid_t pid = vfork();

    if (pid < 0) {
        perror("vfork");
        exit(1);
    }
    return pid; /* expect: vfork-return */
}

static int run(char **argv)
{
    int status;
    pid_t pid = xvfork();

    if (pid == 0) {
        execvp(argv[0], argv);
        _exit(127);
    }
    if (waitpid(pid, &status, 0) < 0)
        return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    return run(argv + 1) == 0 ? 0 : 1;
}
