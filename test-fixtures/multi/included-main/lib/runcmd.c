/*
 * multi/included-main: library code (no main() in lib/): fork, exec, and
 * _exit(127) when the exec fails. Nothing here is flagged: the only handler
 * in the tree belongs to tests/tst-signal.c, another program.
 */
#include <sys/wait.h>
#include <unistd.h>

int run_cmd(const char *path)
{
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        execl(path, path, (char *)0);
        _exit(127);
    }
    int status;
    if (waitpid(pid, &status, 0) < 0)
        return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}
