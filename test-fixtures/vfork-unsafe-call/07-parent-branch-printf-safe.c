/*
 * vfork-unsafe-call, safe twin. A make-like runner starts each job with vfork()
 * and prints progress and errors with printf()/fprintf() - but only in the
 * parent: in the "pid < 0" branch, in the parent's else branch, and after the
 * if, where the child never arrives because every path in the child ends in
 * execv() or _exit(). The child itself opens /dev/null, dup2()s and closes,
 * which is all on the vfork-child allowlist. A linter that flagged every call
 * after vfork() would flag the six parent lines here; none of them is run by
 * the child, so this file must produce no finding.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static int run_job(int id, char *const argv[], int quiet)
{
    int status;
    pid_t pid = vfork();

    if (pid < 0) {
        fprintf(stderr, "job %d: cannot vfork\n", id);
        return -1;
    }
    if (pid == 0) {
        if (quiet) {
            int null_fd = open("/dev/null", O_WRONLY);
            if (null_fd < 0 || dup2(null_fd, 1) < 0)
                _exit(126);
            close(null_fd);
        }
        execv(argv[0], argv);
        _exit(127);
    } else {
        printf("job %d: started %s as %d\n", id, argv[0], (int)pid);
    }
    if (waitpid(pid, &status, 0) < 0) {
        perror("waitpid");
        return -1;
    }
    printf("job %d: finished, status %d\n", id, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s PROGRAM [ARG...]\n", argv[0]);
        return 2;
    }
    return run_job(1, argv + 1, 0) == 0 ? 0 : 1;
}
