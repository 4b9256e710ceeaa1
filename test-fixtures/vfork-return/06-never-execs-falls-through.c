/*
 * vfork-return, bug. A mail daemon checks whether a user may write a spool
 * directory by probing in a vfork child that takes on the user's ids with raw
 * system calls: on success the child _exit(0)s, but the failure case was
 * forgotten, so a child that cannot enter the directory falls out of its branch,
 * runs the parent's waitpid() and returns from dir_writable_as() into the
 * caller on the parent's stack. The child never execs, so the finding lands on
 * the vfork() call itself. The raw syscalls, chdir and access are allowed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static int dir_writable_as(const char *dir, uid_t uid, gid_t gid)
{
    int status;
    pid_t pid = vfork(); /* expect: vfork-return */

    if (pid < 0)
        return 0;
    if (pid == 0) {
        if (syscall(SYS_setresgid, gid, gid, gid) == 0 && syscall(SYS_setresuid, uid, uid, uid) == 0 && chdir(dir) == 0 && access(".", W_OK | X_OK) == 0)
            _exit(0);
    }
    if (waitpid(pid, &status, 0) < 0)
        return 0;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

int main(int argc, char **argv)
{
    if (argc != 4)
        return 2;
    if (!dir_writable_as(argv[1], (uid_t)strtoul(argv[2], NULL, 10), (gid_t)strtoul(argv[3], NULL, 10))) {
        printf("%s: not writable\n", argv[1]);
        return 1;
    }
    return 0;
}
