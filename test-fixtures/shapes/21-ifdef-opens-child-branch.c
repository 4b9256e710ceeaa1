/*
 * Shape: "if (pid == 0) {" opens inside a preprocessor conditional and its block
 * closes outside it - each arm spawns (vfork or fork, the fork arm also resetting
 * SIGPIPE) and opens the child block, and the shared child code and the closing
 * brace follow the #endif. Neither arm parses as a complete statement on its
 * own. The child's exit(127) after the failed exec is child-exit-not-_exit in
 * both variants; dup2/signal/execvp are fine in both.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static int call_process(char *const argv[], int out_fd)
{
    int status;
    pid_t pid;

#ifdef HAVE_WORKING_VFORK
    pid = vfork();
    if (pid == 0) {
#else
    pid = fork();
    if (pid == 0) {
        signal(SIGPIPE, SIG_DFL);
#endif
        if (dup2(out_fd, 1) < 0)
            _exit(126);
        execvp(argv[0], argv);
        exit(127); /* expect: child-exit-not-_exit */
    }
    if (pid < 0)
        return -1;
    waitpid(pid, &status, 0);
    return status;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    return call_process(argv + 1, 1) == 0 ? 0 : 1;
}
