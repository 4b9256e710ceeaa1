/*
 * exec-error-lost, bug, vfork. An editor's "make" command spawns the build
 * with vfork() + execv() and _exit(127) on failure, and the parent tests
 * WEXITSTATUS(status) != 127 to tell "make ran" from "make could not be run",
 * printing "cannot execute" otherwise. The != test is the same decoding as
 * ==: the exit status is taken for the exec failure, and why it failed is
 * not known. With vfork the fix is even cheaper than a pipe - the child may
 * store errno into the parent's memory (see the safe twins). The finding is
 * on the _exit(127) after the exec.
 */
#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static int run_make(const char *make, const char *dir)
{
    char *const argv[] = { (char *)make, "-C", (char *)dir, NULL };
    int status;
    pid_t pid = vfork();

    if (pid < 0)
        return -1;
    if (pid == 0) {
        execv(make, argv);
        _exit(127); /* expect: exec-error-lost */
    }
    if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
        return -1;
    if (WEXITSTATUS(status) != 127)
        return WEXITSTATUS(status);
    fprintf(stderr, "edit: cannot execute %s\n", make);
    return -1;
}

int main(int argc, char **argv)
{
    int rc = run_make(argc > 1 ? argv[1] : "/usr/bin/make", argc > 2 ? argv[2] : ".");

    printf("edit: build finished with %d\n", rc);
    return rc == 0 ? 0 : 1;
}
