/*
 * vfork-return, bug. A version-control tool runs repository hooks with vfork()
 * and, when the hook cannot be executed, returns -1 from the child as if it were
 * the parent reporting an error. The vfork child is still running on the
 * parent's stack: returning pops the frame the suspended parent will resume in
 * and runs the caller's code - two "parents" on one stack. The return is
 * flagged on its line (only vfork-return: the exec's failure path ends in a
 * return out of the vfork caller, which is this rule's case). The parent's own
 * returns are fine.
 */
#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static int run_hook(const char *path, const char *arg)
{
    char *const argv[] = { (char *)path, (char *)arg, NULL };
    int status;
    pid_t pid = vfork();

    if (pid < 0)
        return -1;
    if (pid == 0) {
        execv(path, argv);
        return -1; /* expect: vfork-return */
    }
    if (waitpid(pid, &status, 0) < 0)
        return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int main(int argc, char **argv)
{
    int rc;

    if (argc != 3) {
        fprintf(stderr, "usage: %s HOOK REF\n", argv[0]);
        return 2;
    }
    rc = run_hook(argv[1], argv[2]);
    if (rc != 0)
        fprintf(stderr, "hook %s refused the update (%d)\n", argv[1], rc);
    return rc == 0 ? 0 : 1;
}
