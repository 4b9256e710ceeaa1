/*
 * Shape: statement-like macro calls written without a semicolon, as xterm's
 * TRACE(("...")) - the macro supplies its own. "TRACE((...))" lines appear in
 * the parent and in the vfork child; the macro is defined in this file and its
 * body makes no call, so following it finds nothing to report. The spawn site
 * and child region must still be found: the child's syslog() is a
 * vfork-unsafe-call, and its exec failure path ends in _exit(127).
 */
#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <syslog.h>
#include <unistd.h>

/* Tracing is compiled out in this build; the macro ends its own statement. */
#define TRACE(args) do { } while (0);

static pid_t start_helper(char *const argv[])
{
    pid_t pid;

    TRACE(("start_helper %s", argv[0]))
    pid = vfork();
    if (pid == 0) {
        TRACE(("child: exec %s", argv[0]))
        syslog(LOG_DEBUG, "exec %s", argv[0]); /* expect: vfork-unsafe-call */
        execvp(argv[0], argv);
        _exit(127);
    }
    TRACE(("parent: child is %d", (int)pid))
    return pid;
}

int main(int argc, char **argv)
{
    pid_t pid;

    if (argc < 2)
        return 2;
    pid = start_helper(argv + 1);
    if (pid > 0)
        waitpid(pid, NULL, 0);
    return 0;
}
