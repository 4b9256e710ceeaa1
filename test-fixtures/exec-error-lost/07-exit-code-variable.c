/*
 * exec-error-lost, bug, through a variable. A version-control tool's
 * run_command() waits for its child the way older git's wait_or_whine() did:
 * it copies WEXITSTATUS(status) into code and then tests code == 127 to say
 * "cannot run ...: No such file or directory". Naming the status does not
 * change what is decoded: ENOENT is assumed where the child may have failed
 * with EACCES or ENOEXEC. The finding is on the child's _exit(127) after
 * execvp().
 */
#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static int run_command(char *const argv[])
{
    int status, code;
    pid_t pid = fork();

    if (pid < 0)
        return -1;
    if (pid == 0) {
        execvp(argv[0], argv);
        _exit(127); /* expect: exec-error-lost */
    }
    while (waitpid(pid, &status, 0) < 0)
        ;
    if (!WIFEXITED(status))
        return -1;
    code = WEXITSTATUS(status);
    if (code == 127) {
        fprintf(stderr, "vcs: cannot run %s: No such file or directory\n", argv[0]);
        return -1;
    }
    return code;
}

int main(int argc, char **argv)
{
    char *pager[] = { argc > 1 ? argv[1] : "less", "-R", NULL };
    int rc = run_command(pager);

    return rc < 0 ? 1 : rc;
}
