/*
 * exec-without-exit, safe twin of 06. The child reports a failed exec through
 * child_die(), a helper of this file that writes the message and calls
 * _exit(127). Calls into functions defined in the program are followed, so the
 * exec's failure path is seen to end inside the helper, even though nothing
 * after the call says so. No finding.
 */
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static void child_die(const char *what)
{
    write(2, what, strlen(what));
    write(2, ": cannot execute\n", 17);
    _exit(127);
}

static int run_filter(char *const argv[])
{
    int status;
    pid_t pid = fork();

    if (pid < 0)
        return -1;
    if (pid == 0) {
        execvp(argv[0], argv);
        child_die(argv[0]);
    }
    if (waitpid(pid, &status, 0) < 0)
        return -1;
    return status;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    return run_filter(argv + 1) == 0 ? 0 : 1;
}
