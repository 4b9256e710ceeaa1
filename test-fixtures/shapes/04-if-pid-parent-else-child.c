/*
 * Shape: "if (pid) { parent } else { child }" and "if (pid != 0) ... else ...",
 * the child in the else-branch. In the first (fork) the child's exit(1) on a
 * failed chdir is child-exit-not-_exit, while the parent branch's exit() is
 * fine. In the second (vfork) the child's perror() after the failed exec is a
 * vfork-unsafe-call, while the parent branch's perror() is fine.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static void run_in(const char *dir, char *const argv[])
{
    int status;
    pid_t pid = fork();

    if (pid) {
        if (pid < 0 || waitpid(pid, &status, 0) < 0) {
            perror("run_in");
            exit(1);
        }
    } else {
        if (chdir(dir) < 0)
            exit(1); /* expect: child-exit-not-_exit */
        execvp(argv[0], argv);
        _exit(127);
    }
}

static void run_fast(char *const argv[])
{
    pid_t pid = vfork();

    if (pid != 0) {
        if (pid < 0)
            perror("vfork");
        else
            waitpid(pid, NULL, 0);
    } else {
        execvp(argv[0], argv);
        perror(argv[0]); /* expect: vfork-unsafe-call */
        _exit(127);
    }
}

int main(int argc, char **argv)
{
    if (argc < 3)
        return 2;
    run_in(argv[1], argv + 2);
    run_fast(argv + 2);
    return 0;
}
