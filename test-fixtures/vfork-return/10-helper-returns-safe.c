/*
 * vfork-return, safe twin. A shell applies redirections in the vfork child
 * through apply_redirection(), a function of this file that returns -1 on
 * failure; the child tests the result and _exit()s. A return inside a function
 * the child calls only leaves that callee - the child stays in the function
 * that called vfork() - so it is not a vfork-return. The "return -1" in the
 * pid < 0 branch and the final "return status" are the parent's. No finding.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

struct redirection {
    int fd;
    const char *path;
    int flags;
};

static int apply_redirection(const struct redirection *r)
{
    int fd = open(r->path, r->flags, 0666);

    if (fd < 0)
        return -1;
    if (fd != r->fd) {
        if (dup2(fd, r->fd) < 0)
            return -1;
        close(fd);
    }
    return 0;
}

static int run_redirected(char **argv, const struct redirection *redirs, int nredirs)
{
    int status;
    pid_t pid = vfork();

    if (pid < 0)
        return -1;
    if (pid == 0) {
        for (int i = 0; i < nredirs; i++)
            if (apply_redirection(&redirs[i]) < 0)
                _exit(1);
        execvp(argv[0], argv);
        _exit(127);
    }
    if (waitpid(pid, &status, 0) < 0)
        return -1;
    return status;
}

int main(int argc, char **argv)
{
    struct redirection out = { 1, "out.txt", O_WRONLY | O_CREAT | O_TRUNC };

    if (argc < 2)
        return 2;
    return run_redirected(argv + 1, &out, 1) == 0 ? 0 : 1;
}
