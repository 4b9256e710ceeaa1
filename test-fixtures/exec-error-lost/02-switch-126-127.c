/*
 * exec-error-lost, bug, two codes. A build tool's job runner tries to do
 * better than one code: the child maps ENOENT to 127 and everything else to
 * 126, the way shells do, and the parent's switch on WEXITSTATUS() prints
 * "not found" for 127 and "cannot execute" for 126. It is still a guess from
 * one bit: "cannot execute" hides whether it was EACCES, ENOEXEC, E2BIG or
 * ETXTBSY, and a tool that legitimately exits 126 or 127 is misreported.
 * Both _exit() calls after the exec carry a finding.
 */
#include <errno.h>
#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static int run_job(char *const argv[])
{
    int status;
    pid_t pid = fork();

    if (pid < 0)
        return -1;
    if (pid == 0) {
        execvp(argv[0], argv);
        if (errno == ENOENT)
            _exit(127); /* expect: exec-error-lost */
        _exit(126); /* expect: exec-error-lost */
    }
    if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
        return -1;
    switch (WEXITSTATUS(status)) {
    case 0:
        return 0;
    case 126:
        fprintf(stderr, "mk: %s: cannot execute\n", argv[0]);
        return -1;
    case 127:
        fprintf(stderr, "mk: %s: not found\n", argv[0]);
        return -1;
    default:
        fprintf(stderr, "mk: %s failed (exit %d)\n", argv[0], WEXITSTATUS(status));
        return -1;
    }
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s CMD [ARG...]\n", argv[0]);
        return 2;
    }
    return run_job(argv + 1) == 0 ? 0 : 1;
}
