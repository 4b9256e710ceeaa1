/*
 * vfork-stack-write, bug. A file manager's "open with" runs the chosen program
 * with vfork(); if the program is not executable the child prints a warning,
 * once per session, guarded by a function-local static flag - and sets that
 * flag in the child. A static lives in the parent's data segment, which the
 * vfork child shares: the parent's warn-once state is changed by a process that
 * is about to disappear, so the parent believes it has warned and never will.
 * The static write is flagged; the access(), write() and exec calls are all
 * allowed in a vfork child.
 */
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static const char not_exec_msg[] = "open-with: program is not executable, trying anyway\n";

static int open_with(const char *prog, const char *file)
{
    static int warned_not_exec;
    int status;
    pid_t pid = vfork();

    if (pid < 0)
        return -1;
    if (pid == 0) {
        if (access(prog, X_OK) != 0 && !warned_not_exec) {
            warned_not_exec = 1; /* expect: vfork-stack-write */
            write(2, not_exec_msg, strlen(not_exec_msg));
        }
        execl(prog, prog, file, (char *)NULL);
        _exit(127);
    }
    if (waitpid(pid, &status, 0) < 0)
        return -1;
    return status;
}

int main(int argc, char **argv)
{
    if (argc != 3)
        return 2;
    return open_with(argv[1], argv[2]) == 0 ? 0 : 1;
}
