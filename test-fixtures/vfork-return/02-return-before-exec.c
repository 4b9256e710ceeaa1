/*
 * vfork-return, bug. A compiler driver redirects the assembler's output with
 * dup2() in the vfork child and, if the redirection fails, returns an error
 * code from the function that called vfork(). That return happens in the
 * child, on the parent's stack, before any exec: flagged on its line. The
 * exec's own failure path ends in _exit(127), which is correct, so nothing else
 * is reported.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static int assemble(const char *src, int out_fd)
{
    char *const argv[] = { "as", (char *)src, NULL };
    int status;
    pid_t pid = vfork();

    if (pid < 0)
        return -1;
    if (pid == 0) {
        if (dup2(out_fd, 1) < 0)
            return -1; /* expect: vfork-return */
        execvp(argv[0], argv);
        _exit(127);
    }
    if (waitpid(pid, &status, 0) < 0)
        return -1;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
    int fd;

    if (argc != 3)
        return 2;
    fd = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        perror(argv[2]);
        return 1;
    }
    return assemble(argv[1], fd) == 0 ? 0 : 1;
}
