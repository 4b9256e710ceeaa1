/*
 * exec-without-exit, bug. The child reports a failed exec through
 * report_exec_failure(), a helper of this file that writes the message with
 * write(2) and returns - it does not end the process. The helper is followed:
 * after it returns, the failure path leaves the child branch into the
 * parent's code. Flagged on the execvp line (compare 08, whose helper ends in
 * _exit).
 */
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static void report_exec_failure(const char *prog)
{
    write(2, prog, strlen(prog));
    write(2, ": cannot execute\n", 17);
}

static int run_filter(char *const argv[])
{
    int status;
    pid_t pid = fork();

    if (pid < 0)
        return -1;
    if (pid == 0) {
        execvp(argv[0], argv); /* expect: exec-without-exit */
        report_exec_failure(argv[0]);
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
