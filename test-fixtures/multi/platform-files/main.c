/*
 * multi/platform-files: a port layer defined once per system, as vim's
 * os_unix.c / os_amiga.c / os_win32.c define mch_exit().  The fork child's
 * failure path calls mch_quit(); on a system with fork that is os_unix.c's,
 * which ends with _exit().  os_amiga.c's, which ends with exit(), is built
 * only for AmigaOS (no fork): it is not the one this child calls, so nothing
 * is flagged, here or there.
 */
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "os.h"

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    pid_t pid = fork();
    if (pid == 0) {
        execvp(argv[1], argv + 1);
        mch_quit(127);
    }
    int status = 0;
    if (pid > 0)
        waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
