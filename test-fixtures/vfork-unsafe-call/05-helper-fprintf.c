/*
 * vfork-unsafe-call, bug, found in a helper. A terminal emulator starts the
 * user's shell on a new pty with vfork(); the child calls make_controlling_tty(),
 * defined in this file, which on failure prints a diagnostic with fprintf()
 * before giving up. The call into the helper is followed, not flagged itself;
 * the fprintf() inside it runs in the vfork child (taking stderr's lock and using
 * the parent's FILE state) and is flagged on its own line, with the call chain
 * as related information. setsid, ioctl, dup2, close, execl and _exit are on the
 * vfork-child allowlist.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static int make_controlling_tty(int slave)
{
    if (setsid() < 0 || ioctl(slave, TIOCSCTTY, 0) < 0) {
        fprintf(stderr, "cannot make pty the controlling terminal\n"); /* expect: vfork-unsafe-call */
        return -1;
    }
    return 0;
}

static pid_t spawn_shell(int slave, const char *shell)
{
    pid_t pid = vfork();

    if (pid == 0) {
        if (make_controlling_tty(slave) < 0)
            _exit(126);
        if (dup2(slave, 0) < 0 || dup2(slave, 1) < 0 || dup2(slave, 2) < 0)
            _exit(126);
        if (slave > 2)
            close(slave);
        execl(shell, "-sh", (char *)NULL);
        _exit(127);
    }
    return pid;
}

int main(void)
{
    char name[128];
    int master, slave, status;
    pid_t pid;

    master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0 || ptsname_r(master, name, sizeof name) != 0) {
        perror("pty");
        return 1;
    }
    slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (slave < 0) {
        perror(name);
        return 1;
    }
    pid = spawn_shell(slave, "/bin/sh");
    if (pid < 0) {
        perror("vfork");
        return 1;
    }
    close(slave);
    waitpid(pid, &status, 0);
    close(master);
    return 0;
}
