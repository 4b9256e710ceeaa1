/*
 * vfork-unsafe-call, bug. An editor's "filter the selection through a shell
 * command" spawns the filter with vfork() and, in the child, echoes the command
 * with printf() before the exec and reports a failed exec with perror(). A vfork
 * child runs on the parent's memory while the parent is suspended: printf()
 * takes stdout's lock and appends to the parent's own stdout buffer (the text
 * stays there and comes out later, from the parent, into the parent's output),
 * and perror() uses stderr's lock and state the same way, so each of the two
 * calls is flagged on its line. dup2, execv and _exit
 * are what a vfork child is allowed to do and stay quiet; the parent's printf
 * after the wait is ordinary parent code.
 */
#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static int filter_through(const char *cmd, int in_fd, int out_fd)
{
    char *const argv[] = { "/bin/sh", "-c", (char *)cmd, NULL };
    pid_t pid;
    int status;

    pid = vfork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        printf("filtering through: %s\n", cmd); /* expect: vfork-unsafe-call */
        if (dup2(in_fd, 0) < 0 || dup2(out_fd, 1) < 0)
            _exit(126);
        execv(argv[0], argv);
        perror("execv"); /* expect: vfork-unsafe-call */
        _exit(127);
    }
    if (waitpid(pid, &status, 0) < 0)
        return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int main(int argc, char **argv)
{
    int rc;

    if (argc != 2) {
        fprintf(stderr, "usage: %s COMMAND < in > out\n", argv[0]);
        return 2;
    }
    rc = filter_through(argv[1], 0, 1);
    if (rc != 0)
        fprintf(stderr, "filter ended with status %d\n", rc);
    return rc == 0 ? 0 : 1;
}
