/*
 * exec-error-lost, safe twin, vfork. An automake-style test driver runs each
 * test with vfork() + execv(); the child reports a failed exec by storing
 * errno through a pointer into the parent's memory (*exec_errno = errno, as
 * glibc's posix_spawn does) and then _exit(99). The parent first checks
 * *exec_errno and reports the real reason; only then does it read the
 * status as the test's verdict - 0 PASS, 77 SKIP, 99 ERROR (automake's
 * documented codes, which the test programs themselves use). The parent
 * compares with 99, the child's own failure code, but the errno reached it
 * first, so nothing is lost. No finding; the store of errno after the failed
 * exec is the error-report protocol, not a vfork-stack-write.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t start_test(const char *path, int *exec_errno)
{
    pid_t pid;

    *exec_errno = 0;
    pid = vfork();
    if (pid == 0) {
        execl(path, path, (char *)NULL);
        *exec_errno = errno;
        _exit(99);
    }
    return pid;
}

static const char *verdict(const char *path)
{
    int err, status;
    pid_t pid = start_test(path, &err);

    if (pid < 0)
        return "ERROR (fork)";
    waitpid(pid, &status, 0);
    if (err != 0) {
        fprintf(stderr, "%s: %s\n", path, strerror(err));
        return "ERROR";
    }
    if (!WIFEXITED(status))
        return "FAIL (signal)";
    switch (WEXITSTATUS(status)) {
    case 0:
        return "PASS";
    case 77:
        return "SKIP";
    case 99:
        return "ERROR";
    default:
        return "FAIL";
    }
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        printf("%s: %s\n", verdict(argv[i]), argv[i]);
    return 0;
}
