/*
 * vfork-unsafe-call, bug. A local mail delivery daemon runs the user's filter
 * program with vfork() and drops root in the child with setgroups(), setgid()
 * and setuid(). glibc's set*id wrappers are not plain system calls: they make
 * every thread of the process apply the change (the "setxid" broadcast over the
 * thread list), and in a vfork child that list is the parent's, so the child
 * signals and waits for the parent's threads or changes credentials the parent
 * did not ask to change. glibc's and musl's own posix_spawn use the raw system
 * calls for this reason. Each wrapper call is flagged on its line; chdir and
 * execve are allowed.
 */
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static int deliver_via_filter(const char *filter, uid_t uid, gid_t gid, const char *home)
{
    char *const argv[] = { (char *)filter, NULL };
    char *const envp[] = { "PATH=/usr/bin:/bin", NULL };
    int status;
    pid_t pid = vfork();

    if (pid < 0)
        return -1;
    if (pid == 0) {
        if (setgroups(1, &gid) < 0) /* expect: vfork-unsafe-call */
            _exit(75);
        if (setgid(gid) < 0) /* expect: vfork-unsafe-call */
            _exit(75);
        if (setuid(uid) < 0) /* expect: vfork-unsafe-call */
            _exit(75);
        if (chdir(home) < 0)
            _exit(75);
        execve(filter, argv, envp);
        _exit(75);
    }
    if (waitpid(pid, &status, 0) < 0)
        return -1;
    return status;
}

int main(int argc, char **argv)
{
    int status;

    if (argc != 5) {
        fprintf(stderr, "usage: %s FILTER UID GID HOME\n", argv[0]);
        return 64;
    }
    status = deliver_via_filter(argv[1], (uid_t)strtoul(argv[2], NULL, 10), (gid_t)strtoul(argv[3], NULL, 10), argv[4]);
    if (status < 0 || !WIFEXITED(status))
        return 75;
    return WEXITSTATUS(status);
}
