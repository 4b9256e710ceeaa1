/*
 * Shape: the child is tested with "if (!pid)", after a vfork(). The child
 * region is that branch: its printf() is a vfork-unsafe-call. The parent's
 * printf() in the "pid < 0" test (between the vfork and the branch) and after
 * the branch are not in the child region.
 */
#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static int spawn(char *const argv[])
{
    int status;
    pid_t pid = vfork();

    if (pid < 0) {
        printf("vfork failed\n");
        return -1;
    }
    if (!pid) {
        printf("child: exec %s\n", argv[0]); /* expect: vfork-unsafe-call */
        execvp(argv[0], argv);
        _exit(127);
    }
    waitpid(pid, &status, 0);
    printf("parent: child %d done\n", (int)pid);
    return status;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    return spawn(argv + 1) == 0 ? 0 : 1;
}
